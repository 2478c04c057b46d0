"""``-v`` logs each query the report runs once: the fetch helpers log their own line (view and
row count), so they run the query on the connection under the -v wrapper, and a view that two
figures read runs once per report."""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import replace

from expreport.figures import REGISTRY
from expreport.querylog import LoggedConnection
from expreport.report.data import cache_views, drop_cache, fetch_rows
from expreport.report.figure_run import render_figures


def _queries(caplog) -> Counter:
    """View name -> how many log lines name a query of it."""
    seen: Counter = Counter()
    for r in caplog.records:
        if r.name != "expreport.queries":
            continue
        m = re.search(r'FROM "(\w+)"', r.getMessage()) or re.match(r"query (\w+):", r.getMessage())
        if m:
            seen[m.group(1)] += 1
    return seen


def _blank(data, fig) -> None:
    """A draw function that draws nothing: drawing never queries (the data is fetched before)."""


def test_each_figure_query_is_logged_once(campaign_db, tmp_path, caplog, monkeypatch):
    monkeypatch.setenv("EXPREPORT_FIGURE_WORKERS", "1")
    con = LoggedConnection(campaign_db)
    # the registered figures with their views and fetches, without the (slow) drawing, which
    # tests/figures/test_render.py covers on the same campaign
    figures = [replace(f, draw=_blank) for f in REGISTRY]
    with caplog.at_level(logging.INFO, logger="expreport.queries"):
        render_figures(con, figures, tmp_path)
    seen = _queries(caplog)
    views = {v for f in REGISTRY for v in f.views}
    assert set(seen) == views
    assert {v: n for v, n in seen.items() if n != 1} == {}


def test_cached_and_fetched_views_are_logged_once(campaign_db, caplog):
    con = LoggedConnection(campaign_db)
    with caplog.at_level(logging.INFO, logger="expreport.queries"):
        cache_views(con, ("success_rates",))
        try:
            fetch_rows(con, "success_rates")
        finally:
            drop_cache(con, ("success_rates",))
    lines = [r.getMessage() for r in caplog.records
             if "success_rates" in r.getMessage() and "DROP TABLE" not in r.getMessage()]
    assert len(lines) == 2, lines      # "cached in", then "N rows in"; the DROP is its own query
