"""Benchmark harness of expreport (issue 6): ``python -m bench --help``. See bench/run.py."""
