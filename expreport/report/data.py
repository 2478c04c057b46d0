"""Fetching small view results for the report, and caching the shared views for one run.

Every number of the report comes from a view (queries/views/). The views are plain views
over ``attempts``, so a view that several others read (``epochs``, ``resource_summary``, ...)
is recomputed by each of them. For one report the scope is fixed, so :func:`cache_views`
stores those views' results once in TEMP tables of the same name: DuckDB looks names up in
the temp schema first, so every later query (the summary, the recommendations and the
figures' views) reads the cached result. The tables live only in this connection and are
never written to the database file. Pinned by test_cache_gives_the_same_numbers
(tests/report/test_report_metrics.py): the same numbers with and without the cache.
"""

from __future__ import annotations

import logging
import math
import time
from decimal import Decimal
from typing import Any

import duckdb

from ..queries import view_names
from ..sqlheaders import cached_views
from ..querylog import unlogged

log = logging.getLogger("expreport.queries")

# The views the report caches: those whose SQL header says ``-- cache: report`` (shared views:
# each is read by a later one, by the summary or by the recommendations), in file order.
# Not ``epochs``: the report does not read it, and caching it whole costs more than the one
# figure view that does.
CACHED_VIEWS = cached_views("report")


def cache_views(con: duckdb.DuckDBPyConnection, names=CACHED_VIEWS) -> None:
    """Store each view's current (scoped) result in a TEMP table of the same name."""
    known = view_names()
    db = (con.execute("SELECT current_database()").fetchone() or ("",))[0].replace('"', '""')
    for name in names:
        if name not in known:
            continue
        t0 = time.perf_counter()
        # name is one of our view names (checked above), db is quoted.
        unlogged(con).execute(f'CREATE OR REPLACE TEMP TABLE "{name}" AS SELECT * FROM "{db}".main."{name}"')
        log.info("query %s: cached in %.3f s", name, time.perf_counter() - t0)


def drop_cache(con: duckdb.DuckDBPyConnection, names=CACHED_VIEWS) -> None:
    for name in names:
        con.execute(f'DROP TABLE IF EXISTS temp.main."{name}"')


def clean(v: Any) -> Any:
    """A DuckDB value as plain Python: Decimal -> float, NaN -> None."""
    if isinstance(v, Decimal):
        return float(v)
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, list):
        return [clean(x) for x in v]
    if isinstance(v, dict):
        return {k: clean(x) for k, x in v.items()}
    return v


def fetch_rows(con: duckdb.DuckDBPyConnection, view: str) -> tuple[list[str], list[dict]]:
    """``SELECT * FROM view``: (column names, rows as dicts). Views are small aggregates."""
    if view not in view_names():
        raise KeyError(f"unknown view {view!r}")
    t0 = time.perf_counter()
    cur = unlogged(con).execute(f'SELECT * FROM "{view}"')  # view is one of ours (checked above)
    cols = [d[0] for d in cur.description]
    rows = [dict(zip(cols, (clean(v) for v in r))) for r in cur.fetchall()]
    log.info("query %s: %d rows in %.3f s", view, len(rows), time.perf_counter() - t0)
    return cols, rows


def json_value(v: Any) -> Any:
    """A value for JSON and CSV files: :func:`expreport.safe.json_value` (the one JSON helper)."""
    from ..safe import json_value as safe_json_value
    return safe_json_value(v)


def write_csv(path, columns: list[str], rows: list[dict]) -> None:
    import csv
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(columns)
        for r in rows:
            w.writerow(["" if r[c] is None else json_value(r[c]) for c in columns])
