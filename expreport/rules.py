"""Resource rules: which resource an attempt ran on, as data in ``resource_rules``.

Built-in rules (queries/schema/002_eventlog_and_rules.sql) map execute-host domains
to resources. Users add their own, which win (lower priority number first):
- ``expreport rules add execute_host '%.ncsa.illinois.edu' delta``, or
- a file ``expreport_rules.csv`` next to the database, with columns
  ``field,pattern,resource[,priority,note]``, synced on every ``ingest`` and ``rules`` call.
After any change every attempt's resource is re-assigned (assign_resources.sql).
"""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb

from .errors import ExpreportError
from .ingest import assign_resources

FIELDS = ("execute_host", "glidein_site", "targeted_resource", "dag_resource_name", "job_name", "dag_source")
RULES_FILE = "expreport_rules.csv"
USER_PRIORITY = 10


def list_rules(con: duckdb.DuckDBPyConnection) -> tuple[list[str], list[tuple]]:
    cur = con.execute("SELECT rule_id, priority, field, pattern, resource, origin, note "
                      "FROM resource_rules ORDER BY priority, rule_id")
    return [d[0] for d in cur.description], cur.fetchall()


def _check(field: str, pattern: str, resource: str, where: str = "") -> None:
    if field not in FIELDS:
        raise ExpreportError(f"{where}unknown rule field {field!r}: expected one of {', '.join(FIELDS)}.")
    if not pattern:
        raise ExpreportError(f"{where}empty pattern: give a SQL LIKE pattern such as '%.delta.ncsa.illinois.edu'.")
    if not resource or resource != resource.strip().lower():
        raise ExpreportError(f"{where}resource {resource!r} must be a non-empty lower-case name.")


def add_rule(con: duckdb.DuckDBPyConnection, field: str, pattern: str, resource: str,
             priority: int = USER_PRIORITY, note: str | None = None) -> int:
    _check(field, pattern, resource)
    con.execute("BEGIN TRANSACTION")
    try:
        row = con.execute("INSERT INTO resource_rules (priority, field, pattern, resource, origin, note)"
                          " VALUES (?, ?, ?, ?, 'user', ?) RETURNING rule_id",
                          [priority, field, pattern, resource, note]).fetchone()
        if row is None:     # an INSERT ... RETURNING of one row returns it
            raise ExpreportError("adding the rule returned no rule_id.")
        rid: int = row[0]
        assign_resources(con, None)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return rid


def remove_rule(con: duckdb.DuckDBPyConnection, rule_id: int) -> None:
    row = con.execute("SELECT origin FROM resource_rules WHERE rule_id = ?", [rule_id]).fetchone()
    if row is None:
        raise ExpreportError(f"no rule with id {rule_id} (see expreport rules list).")
    if row[0] != "user":
        raise ExpreportError(f"rule {rule_id} is a {row[0]} rule; only user rules can be removed "
                             f"({'edit ' + RULES_FILE if row[0] == 'file' else 'add a user rule that wins instead'}).")
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM resource_rules WHERE rule_id = ?", [rule_id])
        assign_resources(con, None)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def read_rules_file(path: Path) -> list[tuple]:
    """Rules of an ``expreport_rules.csv``: (priority, field, pattern, resource, note)."""
    out = []
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        missing = {"field", "pattern", "resource"} - set(reader.fieldnames or [])
        if missing:
            raise ExpreportError(f"{path}, line 1: missing column(s) {', '.join(sorted(missing))} "
                                 "(expected field,pattern,resource[,priority,note]).")
        for i, r in enumerate(reader, start=2):
            where = f"{path}, line {i}: "
            _check(r["field"].strip(), r["pattern"].strip(), r["resource"].strip(), where)
            try:
                prio = int(r.get("priority") or USER_PRIORITY)
            except ValueError:
                raise ExpreportError(f"{where}column 'priority': {r['priority']!r} is not an integer.") from None
            out.append((prio, r["field"].strip(), r["pattern"].strip(), r["resource"].strip(), r.get("note") or None))
    return out


def sync_rules_file(con: duckdb.DuckDBPyConnection, db_path: Path) -> bool:
    """Make the 'file' rules equal to ``expreport_rules.csv`` beside the database; True if changed."""
    path = Path(db_path).resolve().parent / RULES_FILE
    wanted = sorted(read_rules_file(path)) if path.exists() else []
    have = sorted(con.execute("SELECT priority, field, pattern, resource, note FROM resource_rules "
                              "WHERE origin = 'file'").fetchall())
    if wanted == have:
        return False
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM resource_rules WHERE origin = 'file'")
        for prio, field, pattern, resource, note in wanted:
            con.execute("INSERT INTO resource_rules (priority, field, pattern, resource, origin, note)"
                        " VALUES (?, ?, ?, ?, 'file', ?)", [prio, field, pattern, resource, note])
        assign_resources(con, None)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return True
