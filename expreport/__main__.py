from expreport.cli import main

main()
