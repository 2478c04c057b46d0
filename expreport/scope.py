"""Scope: which experiments, days and resources every view sees.

The views filter ``attempts`` through the ``in_scope`` macro (queries/views/000_helpers.sql),
which reads four session variables. This module sets them with bound parameters, never
SQL built from strings, so one mechanism scopes every number and figure.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date

import duckdb

from .errors import ExpreportError, NoMatchError

_VARS = ("expreport_experiments", "expreport_since", "expreport_until", "expreport_resources")


@dataclass(frozen=True)
class Scope:
    experiments: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
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


def _period(since: date | None, until: date | None) -> str:
    if not since and not until:
        return "all dates"
    return f"{since.isoformat() if since else '…'} to {until.isoformat() if until else '…'} (start days, inclusive)"


def make_scope(experiments=(), since: str | date | None = None, until: str | date | None = None,
               resources=()) -> Scope:
    """Build a Scope from CLI-style values; clear errors for bad dates."""
    def day(v, name):
        if v is None or isinstance(v, date):
            return v
        try:
            return date.fromisoformat(str(v))
        except ValueError:
            raise ExpreportError(f"--{name} {v!r}: expected a date YYYY-MM-DD.") from None
    s, u = day(since, "since"), day(until, "until")
    if s and u and s > u:
        raise ExpreportError(f"--since {s} is after --until {u}: the window is empty.")
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


def reset_scope(con: duckdb.DuckDBPyConnection) -> None:
    """No filter: every view sees every attempt."""
    for name in _VARS:
        con.execute(f"RESET VARIABLE {name}")  # name is one of the constants above


def apply_scope(con: duckdb.DuckDBPyConnection, scope: Scope, *, require_match: bool = True) -> int:
    """Set the scope variables on ``con``; returns the number of attempts in scope.

    With ``require_match`` a scope that matches no attempt raises NoMatchError.
    """
    check_experiments(con, scope.experiments)
    values = (list(scope.experiments) or None, scope.since, scope.until, list(scope.resources) or None)
    for name, value in zip(_VARS, values):
        if value is None:
            con.execute(f"RESET VARIABLE {name}")  # name is one of the constants above
        else:
            con.execute(f"SET VARIABLE {name} = ?", [value])
    n = con.execute("SELECT count(*) FROM attempts").fetchone()[0]
    if require_match and n == 0:
        raise NoMatchError(f"no attempts match the filters ({scope.describe()}).")
    return n
