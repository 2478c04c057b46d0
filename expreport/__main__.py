from expreport.cli import main

if __name__ == "__main__":   # not when a worker process re-imports this module (ingest_eventlog)
    main()
