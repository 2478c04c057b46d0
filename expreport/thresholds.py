"""Recommendation thresholds: defaults in queries/views/300_report_thresholds.sql, user
overrides in the table ``threshold_overrides`` (``expreport thresholds set/reset``).

The view ``report_thresholds`` gives the value in force, so every rule, the report's glossary
and metrics.json read the override; ``threshold_settings`` lists defaults and overrides.
"""

from __future__ import annotations

import difflib
import math

import duckdb

from .errors import ExpreportError


def list_thresholds(con: duckdb.DuckDBPyConnection) -> tuple[list[str], list[tuple]]:
    cur = con.execute("SELECT rule, name, value, default_value, overridden, unit, description, note "
                      "FROM threshold_settings ORDER BY position")
    return [d[0] for d in cur.description], cur.fetchall()


def _check(con: duckdb.DuckDBPyConnection, rule: str, name: str) -> None:
    known = con.execute("SELECT rule, name FROM threshold_defaults ORDER BY position").fetchall()
    if (rule, name) in known:
        return
    names = [f"{r} {n}" for r, n in known]
    close = difflib.get_close_matches(f"{rule} {name}", names, n=1, cutoff=0.6)
    hint = f" Did you mean {close[0]}?" if close else ""
    raise ExpreportError(f"no threshold {name!r} of rule {rule!r}.{hint} "
                         "Known: see `expreport thresholds list`.")


def set_threshold(con: duckdb.DuckDBPyConnection, rule: str, name: str, value: float,
                  note: str | None = None) -> None:
    _check(con, rule, name)
    if not math.isfinite(value):
        raise ExpreportError(f"threshold {rule} {name}: {value!r} is not a finite number.")
    con.execute("INSERT OR REPLACE INTO threshold_overrides (rule, name, value, note) VALUES (?, ?, ?, ?)",
                [rule, name, value, note])


def reset_threshold(con: duckdb.DuckDBPyConnection, rule: str | None = None, name: str | None = None) -> int:
    """Back to the default: one threshold, every threshold of a rule, or all (no rule).
    Returns how many overrides were removed."""
    if rule is not None and name is not None:
        _check(con, rule, name)
    elif rule is not None and not (con.execute(
            "SELECT count(*) FROM threshold_defaults WHERE rule = ?", [rule]).fetchone() or (0,))[0]:
        raise ExpreportError(f"no rule {rule!r} has thresholds (see `expreport thresholds list`).")
    where, params = "", []
    if rule is not None:
        where, params = " WHERE rule = ?", [rule]
        if name is not None:
            where, params = where + " AND name = ?", params + [name]
    n = (con.execute("SELECT count(*) FROM threshold_overrides" + where, params).fetchone() or (0,))[0]
    con.execute("DELETE FROM threshold_overrides" + where, params)
    return n
