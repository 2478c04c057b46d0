"""``-v`` for every command: a connection that logs each statement it runs with its time.

The CLI wraps the connection it opens in :class:`LoggedConnection` when ``-v`` is given, so
``ingest``, ``summary``, ``sql``, ``rules``, ``experiments``, ``compare-sources`` ... log
their queries like ``report`` does (logger ``expreport.queries``, on stderr).

Helpers that log their own, richer line for a query (:func:`expreport.queries.fetch`: the view
and its row count) run it on :func:`unlogged` so that each executed query is logged once."""

from __future__ import annotations

import logging
import time

log = logging.getLogger("expreport.queries")


def _label(query) -> str:
    lines = [x for x in str(query).splitlines() if not x.strip().startswith("--")]   # not the header
    text = " ".join(" ".join(lines).split())
    return text if len(text) <= 120 else text[:117] + "..."


class LoggedConnection:
    """A DuckDB connection whose ``execute``/``sql`` log the statement and its time; anything
    else goes to the connection itself."""

    def __init__(self, con) -> None:
        self._con = con

    def __getattr__(self, name):
        return getattr(self._con, name)

    def _timed(self, method, query, *args, **kwargs):
        t0 = time.perf_counter()
        try:
            return method(query, *args, **kwargs)
        finally:
            log.info("sql %.3f s: %s", time.perf_counter() - t0, _label(query))

    def execute(self, query, *args, **kwargs):
        return self._timed(self._con.execute, query, *args, **kwargs)

    def sql(self, query, *args, **kwargs):
        return self._timed(self._con.sql, query, *args, **kwargs)

    def executemany(self, query, *args, **kwargs):
        return self._timed(self._con.executemany, query, *args, **kwargs)


def unlogged(con):
    """The connection under a :class:`LoggedConnection` (``con`` itself otherwise): for callers
    that log the query themselves."""
    return con._con if isinstance(con, LoggedConnection) else con
