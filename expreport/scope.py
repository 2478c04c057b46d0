"""Scope: which experiments, days and resources every view sees.

The views filter ``attempts`` through the ``in_scope`` macro (queries/views/000_helpers.sql),
which reads four session variables. This module owns them: it sets them with bound
parameters, never SQL built from strings, so one mechanism scopes every number and figure.
It also owns the per-run cache of shared views (TEMP tables holding a view's scoped result,
:func:`cached` / :func:`scoped`; which views a command caches is declared by a ``-- cache:``
line next to their SQL): a scope change while such a cache is live would leave the cached
tables answering for the old scope, so it is refused.
"""

from __future__ import annotations

import difflib
import re
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Iterator

import duckdb

from .errors import ExpreportError, NoMatchError

_VARS = ("expreport_experiments", "expreport_since", "expreport_until", "expreport_resources")


@dataclass(frozen=True)
class Scope:
    experiments: tuple[str, ...] = ()
    since: date | datetime | None = None   # a datetime: from that instant (--since 36h, a timestamp)
    until: date | datetime | None = None   # a date: that whole day; a datetime: up to that instant
    resources: tuple[str, ...] = ()

    def describe(self) -> str:
        """The filters in words, for report headers."""
        parts = [
            "experiments: " + (", ".join(self.experiments) if self.experiments else "all"),
            "period: " + _period(self.since, self.until),
            "resources: " + (", ".join(self.resources) if self.resources else "all"),
        ]
        return "; ".join(parts)

    def as_dict(self) -> dict:
        return {"experiments": list(self.experiments) or None,
                "since": self.since.isoformat() if self.since else None,
                "until": self.until.isoformat() if self.until else None,
                "resources": list(self.resources) or None}


def _period(since, until) -> str:
    if not since and not until:
        return "all dates"
    text = f"{since.isoformat() if since else '…'} to {until.isoformat() if until else '…'}"
    days = not isinstance(since, datetime) and not isinstance(until, datetime)
    return text + (" (start days, inclusive)" if days else " (by start time, inclusive)")


_RELATIVE = re.compile(r"^\s*(\d+)\s*([dhm])\s*$", re.I)
_UNITS = {"d": "days", "h": "hours", "m": "minutes"}


def parse_when(value, name: str, now: datetime | None = None) -> date | datetime | None:
    """A --since/--until value: a day (YYYY-MM-DD, a date), a full timestamp
    (2026-05-04T14:00:00, a datetime) or a time back from now (7d, 36h, 90m, a datetime)."""
    if value is None or isinstance(value, (date, datetime)):
        return value
    text = str(value).strip()
    m = _RELATIVE.match(text)
    if m:
        back = timedelta(**{_UNITS[m.group(2).lower()]: int(m.group(1))})
        return ((now or datetime.now()) - back).replace(microsecond=0)
    try:
        when = date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
        if getattr(when, "tzinfo", None) is None:
            return when
    except ValueError:
        pass
    raise ExpreportError(
            f"--{name} {value!r}: expected a date YYYY-MM-DD, a timestamp YYYY-MM-DDTHH:MM[:SS] "
            "(no time zone: the times of the data are local) or a time back from now such as 7d, 36h or 90m.")


def _instant(v: date | datetime, end: bool) -> datetime:
    if isinstance(v, datetime):
        return v
    return datetime.combine(v, datetime.max.time() if end else datetime.min.time())


def make_scope(experiments=(), since: str | date | None = None, until: str | date | None = None,
               resources=(), now: datetime | None = None) -> Scope:
    """Build a Scope from CLI-style values; clear errors for bad dates."""
    s, u = parse_when(since, "since", now), parse_when(until, "until", now)
    if s and u and _instant(s, False) > _instant(u, True):
        raise ExpreportError(f"--since {s.isoformat()} is after --until {u.isoformat()}: the window is empty.")
    return Scope(tuple(dict.fromkeys(experiments or ())), s, u,
                 tuple(dict.fromkeys(r.strip().lower() for r in (resources or ()))))


def known_experiments(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in con.execute(
        "SELECT DISTINCT experiment FROM ingests ORDER BY experiment").fetchall()]


def check_experiments(con: duckdb.DuckDBPyConnection, names) -> None:
    """Unknown experiment names: an error listing the known ones, closest match first."""
    known = known_experiments(con)
    for name in names:
        if name not in known:
            close = difflib.get_close_matches(name, known, n=len(known), cutoff=0.0)
            listing = ", ".join(close) if close else "(none: ingest data first)"
            raise ExpreportError(f"unknown experiment {name!r}. Known experiments: {listing}.")


def live_cache(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The views whose scoped result is cached in a TEMP table of this connection now."""
    from .queries import view_names
    names = view_names()
    return [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE temporary "
                                      "ORDER BY table_name").fetchall() if r[0] in names]


def _refuse_if_cached(con: duckdb.DuckDBPyConnection) -> None:
    live = live_cache(con)
    if live:
        raise ExpreportError(f"the scope cannot change while views are cached for it ({', '.join(live)}): "
                             "leave the `with cached(...)` / `with scoped(...)` block first.")


@contextmanager
def cached(con: duckdb.DuckDBPyConnection, command: str | None) -> Iterator[tuple[str, ...]]:
    """Inside the block, the views ``command`` declares ``-- cache: <command>`` hold their result
    under the current scope in TEMP tables (expreport/report/data.py); dropped on the way out.
    ``None``: no cache."""
    from .report.data import cache_views, drop_cache
    from .sqlheaders import cached_views
    names = cached_views(command) if command else ()
    cache_views(con, names)
    try:
        yield names
    finally:
        drop_cache(con, names)


@contextmanager
def scoped(con: duckdb.DuckDBPyConnection, scope: "Scope", *, cache: str | None = None,
           require_match: bool = True) -> Iterator[int]:
    """Apply ``scope`` (see :func:`apply_scope`, whose attempt count the block receives) and,
    with ``cache``, cache that command's views for the block."""
    n = apply_scope(con, scope, require_match=require_match)
    with cached(con, cache):
        yield n


def reset_scope(con: duckdb.DuckDBPyConnection) -> None:
    """No filter: every view sees every attempt."""
    _refuse_if_cached(con)
    for name in _VARS:
        con.execute(f"RESET VARIABLE {name}")  # name is one of the constants above


def _set(con: duckdb.DuckDBPyConnection, scope: Scope, *, dates: bool = True, resources: bool = True) -> None:
    values = (list(scope.experiments) or None, scope.since if dates else None,
              scope.until if dates else None, (list(scope.resources) or None) if resources else None)
    for name, value in zip(_VARS, values):
        if value is None:
            con.execute(f"RESET VARIABLE {name}")  # name is one of the constants above
        else:
            con.execute(f"SET VARIABLE {name} = ?", [value])


def apply_scope(con: duckdb.DuckDBPyConnection, scope: Scope, *, require_match: bool = True) -> int:
    """Set the scope variables on ``con``; returns the number of attempts in scope.

    With ``require_match`` a scope that matches no attempt raises NoMatchError.
    """
    check_experiments(con, scope.experiments)
    _refuse_if_cached(con)
    _set(con, scope)
    n = (con.execute("SELECT count(*) FROM attempts").fetchone() or (0,))[0]
    if require_match and n == 0:
        _explain_no_match(con, scope)
    elif scope.resources:
        _check_resources(con, scope)
    return n


def _explain_no_match(con: duckdb.DuckDBPyConnection, scope: Scope) -> None:
    """Why the scope matches nothing, in the user's terms: an empty database, an unknown
    resource (with the known ones and the closest), or a window outside the data (with the
    data's first and last day). Leaves the scope variables set."""
    if (con.execute("SELECT count(*) FROM ingests").fetchone() or (0,))[0] == 0:
        path = con.execute("SELECT path FROM duckdb_databases() WHERE path IS NOT NULL "
                           "AND NOT internal ORDER BY database_name = 'expreport_db' DESC").fetchone()
        raise NoMatchError(f"the database {path[0] if path else ''} holds no attempts yet: ingest a "
                           "job_summary.csv first (expreport ingest job_summary.csv, or expreport "
                           "report job_summary.csv).")
    _check_resources(con, scope)
    if scope.since or scope.until:
        _set(con, scope, dates=False)
        try:
            first, last = (con.execute("SELECT min(start_time)::DATE, max(start_time)::DATE FROM attempts").fetchone()
                           or (None, None))   # an aggregate: always one row
        finally:
            _set(con, scope)
        if first is not None:
            raise NoMatchError(f"no attempts from {_period(scope.since, scope.until)}: the data in scope "
                               f"starts on {first} and ends on {last} (start days).")
    raise NoMatchError(f"no attempts match the filters ({scope.describe()}).")


def _check_resources(con: duckdb.DuckDBPyConnection, scope: Scope) -> None:
    """A --resource the experiments in scope do not have: an error listing the known ones
    with their attempts, and the closest name."""
    _set(con, scope, dates=False, resources=False)
    try:
        known = con.execute("SELECT resource, count(*) FROM attempts GROUP BY resource "
                            "ORDER BY resource_rank(resource), resource").fetchall()
    finally:
        _set(con, scope)
    names = [r for r, _ in known]
    for name in scope.resources:
        if name not in names:
            listing = ", ".join(f"{r} ({k:,} attempt{'s' if k != 1 else ''})" for r, k in known) or "none"
            close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
            hint = f", did you mean {close[0]}?" if close else "."
            where = f" in experiment(s) {', '.join(scope.experiments)}" if scope.experiments else ""
            raise NoMatchError(f"no resource {name!r}{where}; known: {listing}{hint}")
