"""The DuckDB store: opening the database, schema migrations, and the views.

- ``queries/schema/NNN_*.sql`` are migrations, applied once each, in order, and
  recorded in ``schema_migrations`` (file name, sha256, time). Editing a migration
  that a database has already applied is an error (add a new one instead).
- ``queries/views/NNN_*.sql`` hold ``CREATE OR REPLACE VIEW`` statements: re-applied
  on an open for writing whenever the file's views differ from the code's (a sha256
  of all view files is stored in ``expreport_meta``, and every view must exist), so
  the views stored in the file always match the code, and
  ``duckdb expreport.duckdb -c "FROM epochs_by_resource"`` works in the shell.
  (Binding ~40 views costs ~0.5 s; doing it only when something changed keeps every
  command quick.)
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from .errors import ExpreportError
from .paths import queries_dir

log = logging.getLogger(__name__)

DEFAULT_DB = "expreport.duckdb"
# New database files are written in a storage format the DuckDB 1.5 shell can read
# (`pip install duckdb-cli==1.5.6`, the newest shell on PyPI); DuckDB 2.0's default
# format (storage version 69) is unreadable there. Pinned by tests/test_store.py.
STORAGE_COMPATIBILITY = "v1.5.0"
_FILE_RE = re.compile(r"^\d{3}_[a-z0-9_]+\.sql$")


def default_db_path() -> Path:
    """``$EXPREPORT_DB`` when set, else ``./expreport.duckdb``."""
    return Path(os.environ.get("EXPREPORT_DB") or DEFAULT_DB)


@dataclass(frozen=True)
class SqlFile:
    path: Path

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()


def sql_files(kind: str) -> list[SqlFile]:
    """The ``NNN_name.sql`` files of ``queries/<kind>/`` in order."""
    folder = queries_dir() / kind
    files = sorted(p for p in folder.iterdir() if _FILE_RE.match(p.name))
    return [SqlFile(p) for p in files]


def views_fingerprint() -> str:
    h = hashlib.sha256()
    for f in sql_files("views"):
        h.update(f.name.encode())
        h.update(f.path.read_bytes())
    return h.hexdigest()


def _apply_migrations(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " file_name VARCHAR PRIMARY KEY, sha256 VARCHAR NOT NULL,"
        " applied_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp())"
    )
    applied = dict(con.execute("SELECT file_name, sha256 FROM schema_migrations").fetchall())
    for f in sql_files("schema"):
        if f.name in applied:
            if applied[f.name] != f.sha256:
                raise ExpreportError(
                    f"migration {f.name} was edited after this database applied it "
                    f"(recorded sha256 {applied[f.name][:12]}…, file now {f.sha256[:12]}…). "
                    "Migrations are append-only: restore the file and add a new migration."
                )
            continue
        log.info("applying migration %s", f.name)
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(f.text)
            con.execute("INSERT INTO schema_migrations (file_name, sha256) VALUES (?, ?)",
                        [f.name, f.sha256])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise


def _apply_views(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("BEGIN TRANSACTION")
    try:
        for f in sql_files("views"):
            con.execute(f.text)
        con.execute(
            "CREATE TABLE IF NOT EXISTS expreport_meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        con.execute("INSERT OR REPLACE INTO expreport_meta VALUES ('views_sha256', ?)",
                    [views_fingerprint()])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def _views_current(con: duckdb.DuckDBPyConnection) -> bool:
    try:
        row = con.execute(
            "SELECT value FROM expreport_meta WHERE key = 'views_sha256'").fetchone()
    except duckdb.CatalogException:
        return False
    if row is None or row[0] != views_fingerprint():
        return False
    from .queries import view_names
    present = {r[0] for r in con.execute(
        "SELECT view_name FROM duckdb_views() WHERE NOT internal AND database_name = current_database()").fetchall()}
    if not view_names() <= present:
        return False
    applied = {r[0] for r in con.execute("SELECT file_name FROM schema_migrations").fetchall()}
    return all(f.name in applied for f in sql_files("schema"))


def _quiet(con: duckdb.DuckDBPyConnection) -> None:
    """DuckDB's own progress bar would print over our output; expreport draws its own."""
    con.execute("SET enable_progress_bar = true")          # keeps query_progress() working
    con.execute("SET enable_progress_bar_print = false")


def connect(path: Path | str | None = None, *, write: bool = False,
            must_exist: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the database, migrated and with current views.

    ``write=False`` opens read-only when the file is already current (so a duckdb
    shell or another reader can hold it too); it upgrades the file first when the
    package's migrations or views are newer. ``must_exist`` raises a clear error
    when there is no database yet.
    """
    db = Path(path) if path is not None else default_db_path()
    if str(db) != ":memory:":
        if must_exist and not db.exists():
            raise ExpreportError(
                f"no database at {db}: ingest data first (expreport ingest job_summary.csv) "
                "or point --db / EXPREPORT_DB at an existing database.")
        if db.exists() and not write:
            try:
                con = duckdb.connect(str(db), read_only=True)
            except duckdb.Error as e:
                raise ExpreportError(f"cannot open database {db}: {e}") from e
            if _views_current(con):
                _quiet(con)
                return con
            con.close()
        if db.parent and not db.parent.exists():
            db.parent.mkdir(parents=True, exist_ok=True)
    config = {}
    if str(db) != ":memory:" and not db.exists():
        config["storage_compatibility_version"] = STORAGE_COMPATIBILITY
    try:
        con = duckdb.connect(str(db), config=config)
    except duckdb.Error as e:
        raise ExpreportError(f"cannot open database {db} for writing: {e}") from e
    _quiet(con)
    _apply_migrations(con)
    if not _views_current(con):
        _apply_views(con)
    return con
