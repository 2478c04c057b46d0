"""expreport: final statistics and figures of HTCondor ML training campaigns.

The library does the work (ingest, store, scope, views, report); ``expreport.cli`` is a
thin typer layer over it. Every metric is a SQL view under ``queries/views``.
"""

__version__ = "0.1.0"
