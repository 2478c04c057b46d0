"""Running the views: names, header comments, and small result frames."""

from __future__ import annotations

import functools
import logging
import time
from typing import TYPE_CHECKING

import duckdb

from .querylog import unlogged
from .store import sql_files

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger(__name__)


def _views_key() -> tuple:
    """What the view files look like now: (name, mtime, size) of each; a stat, no read."""
    out = []
    for f in sql_files("views"):
        st = f.path.stat()
        out.append((f.name, st.st_mtime_ns, st.st_size))
    return tuple(out)


@functools.lru_cache(maxsize=4)
def _catalogue(key: tuple) -> tuple[tuple[str, str, str], ...]:
    out = []
    for f in sql_files("views"):
        comment: list[str] = []
        for line in f.text.splitlines():
            s = line.strip()
            upper = s.upper()
            if upper.startswith("CREATE OR REPLACE VIEW"):
                out.append((s.split()[4], f.name, "\n".join(comment).strip()))
                comment = []
            elif s.startswith("--"):
                comment.append(s[3:] if s.startswith("-- ") else s[2:])
            elif s:          # code (a macro, a statement's body and its inline comments) ends it
                comment = []
    return tuple(out)


@functools.lru_cache(maxsize=4)
def _names(key: tuple) -> frozenset[str]:
    return frozenset(name for name, _, _ in _catalogue(key))


def view_catalogue() -> list[tuple[str, str, str]]:
    """(view name, file name, header comment) for every view of queries/views, in file order.

    A view's comment is the block of ``--`` lines right before its CREATE statement
    (the file's header for its first view). Read once per state of the files (a report
    asks ~50 times): the cache key is each file's name, mtime and size.
    """
    return list(_catalogue(_views_key()))


def view_names() -> set[str]:
    return set(_names(_views_key()))


def fetch(con: duckdb.DuckDBPyConnection, view: str) -> "pd.DataFrame":
    """``SELECT * FROM view`` as a DataFrame. Views are small aggregates by design."""
    if view not in view_names():
        raise KeyError(f"unknown view {view!r}")
    t0 = time.perf_counter()
    # One log line per query: ours (with the row count), not also the -v connection's.
    df = unlogged(con).execute(f'SELECT * FROM "{view}"').df()  # view is one of ours (checked above)
    log.info("query %s: %d rows in %.3f s", view, len(df), time.perf_counter() - t0)
    return df
