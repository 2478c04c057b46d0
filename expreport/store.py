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
- Only writers change the file: ``ingest``, ``rules`` and ``expreport upgrade`` open it
  for writing, apply new migrations and views and record the writer in
  ``expreport_meta`` (``expreport_version``, ``schema``: the newest migration number).
  Readers (``sql``, ``summary``, ``report``, ``compare``...) open it read-only and never
  write, even when its views are stale: they then read through the code's views built
  in an in-memory database over the file attached read-only (so a read-only file or
  another reader's share lock never stops them; test_stale_database_reads_without_writing).
- Version skew: a database holding migrations this package does not know, or written by a
  newer expreport, is refused by readers and writers alike: an older expreport would
  otherwise rewrite the newer views (test_newer_database_is_refused).
- Opening waits for another process's lock (``wait`` seconds) and refuses a ``--db`` that
  is not a DuckDB file or lies in a missing folder: see :mod:`expreport.dbfile`.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from typing import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from . import __version__
from .dbfile import check_db_path, open_waiting
from .errors import ExpreportError
from .paths import queries_dir
from .sqlheaders import expand

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
        """The file's SQL, with any statement its header says is generated (the union of
        the recommendation rules, expreport/sqlheaders.py)."""
        return expand(self.path.read_text(encoding="utf-8"))

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
        h.update(f.text.encode())
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


def _version_key(v: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", v.split("+")[0])[:3])


def _schema_number(names) -> int:
    return max((int(n[:3]) for n in names if n[:3].isdigit()), default=0)


def _stored(con: duckdb.DuckDBPyConnection, sql: str) -> list:
    try:
        return con.execute(sql).fetchall()
    except duckdb.CatalogException:
        return []


def _check_not_newer(con: duckdb.DuckDBPyConnection, db: Path) -> None:
    """Refuse a database migrated or written by a newer expreport (see module doc)."""
    known = {f.name for f in sql_files("schema")}
    applied = [r[0] for r in _stored(con, "SELECT file_name FROM schema_migrations ORDER BY 1")]
    theirs = dict(_stored(con, "SELECT key, value FROM expreport_meta")).get("expreport_version")
    unknown = [a for a in applied if a not in known]
    if unknown or (theirs and _version_key(theirs) > _version_key(__version__)):
        raise ExpreportError(
            f"this database ({db}) was written by expreport {theirs or '(version not recorded)'} "
            f"(schema {_schema_number(applied)}), newer than this one ({__version__}, schema "
            f"{_schema_number(known)}): upgrade expreport"
            + (f" (unknown migrations: {', '.join(unknown)})" if unknown else "")
            + ". Nothing was changed.")


def _record_writer(con: duckdb.DuckDBPyConnection) -> None:
    want = {"expreport_version": __version__,
            "schema": str(_schema_number(f.name for f in sql_files("schema")))}
    have = dict(_stored(con, "SELECT key, value FROM expreport_meta"))
    if all(have.get(k) == v for k, v in want.items()):
        return
    con.execute("CREATE TABLE IF NOT EXISTS expreport_meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    con.executemany("INSERT OR REPLACE INTO expreport_meta VALUES (?, ?)", list(want.items()))


def forbid_external_access(con: duckdb.DuckDBPyConnection) -> None:
    """No file or network access for the rest of this connection's life: ``COPY ... TO``,
    ``ATTACH``, ``read_csv``, ``INSTALL`` fail with a permission error; DuckDB refuses to
    turn it back on while the database is open. Our views read only tables. Used by
    ``expreport sql`` (test_sql_cannot_write_files_or_attach)."""
    con.execute("SET enable_external_access = false")


Notify = Callable[[str], None]


def connect(path: Path | str | None = None, *, write: bool = False, must_exist: bool = False,
            wait: float = 0.0, notify: Notify | None = None) -> duckdb.DuckDBPyConnection:
    """Open the database.

    ``write=True`` opens it for writing, migrated, with current views, the writer
    recorded. ``write=False`` opens an existing file read-only and never writes it (stale
    views are read through in-memory views, see the module doc); a missing file is
    created as with ``write=True`` unless ``must_exist``. ``wait``: seconds to wait for
    another process's lock; ``notify`` gets the one-line "waiting ..." and "note: ..."
    messages.
    """
    db = Path(path) if path is not None else default_db_path()
    if str(db) == ":memory:":
        return _open_for_writing(db, True, wait, notify)
    if must_exist and not db.exists():
        raise ExpreportError(
            f"no database at {db}: ingest data first (expreport ingest job_summary.csv) "
            "or point --db / EXPREPORT_DB at an existing database.")
    exists = check_db_path(db)
    if exists and not write:
        return _open_for_reading(db, wait, notify)
    if not exists:      # a copy of a cached empty database: no views to bind (template.py)
        from .template import copy_template
        exists = copy_template(db)
    return _open_for_writing(db, not exists, wait, notify)


def _open_for_writing(db: Path, new: bool, wait: float, notify: Notify | None):
    config: dict[str, str | bool | int | float | list[str]] = (
        {"storage_compatibility_version": STORAGE_COMPATIBILITY} if new else {})
    try:
        con = open_waiting(lambda: duckdb.connect(str(db), config=config), db, wait, notify)
    except duckdb.Error as e:
        raise ExpreportError(f"cannot open database {db} for writing: {e}") from e
    try:
        _quiet(con)
        _check_not_newer(con, db)
        _apply_migrations(con)
        if not _views_current(con):
            _apply_views(con)
        _record_writer(con)
    except BaseException:
        con.close()
        raise
    return con


def _open_for_reading(db: Path, wait: float, notify: Notify | None):
    try:
        con = open_waiting(lambda: duckdb.connect(str(db), read_only=True), db, wait, notify)
    except duckdb.Error as e:
        raise ExpreportError(f"cannot open database {db}: {e}") from e
    try:
        _check_not_newer(con, db)
        if _views_current(con):
            _quiet(con)
            return con
        applied = {r[0] for r in _stored(con, "SELECT file_name FROM schema_migrations")}
    except BaseException:
        con.close()
        raise
    con.close()
    missing = [f.name for f in sql_files("schema") if f.name not in applied]
    if missing:
        raise ExpreportError(
            f"database {db} was written by an older expreport and lacks the schema migrations "
            f"{', '.join(missing)}: run `expreport upgrade` once with write access (reading "
            "commands never change the database).")
    return _overlay(db, wait, notify)


def _overlay(db: Path, wait: float, notify: Notify | None) -> duckdb.DuckDBPyConnection:
    """The code's views in an in-memory database over ``db`` attached read-only. Names
    resolve in memory first, then in the file, and ``current_database()`` is the
    in-memory one, so every query (and the report's view cache) sees the code's views."""
    con = duckdb.connect(":memory:")
    quoted = str(db).replace("'", "''")
    try:
        open_waiting(lambda: con.execute(f"ATTACH '{quoted}' AS expreport_db (READ_ONLY)"),
                     db, wait, notify)
        con.execute("SET search_path = 'memory.main,expreport_db.main'")
        _quiet(con)
        for f in sql_files("views"):
            con.execute(f.text)
    except duckdb.Error as e:
        con.close()
        raise ExpreportError(f"cannot read database {db} with this expreport's views ({e}): "
                             "run `expreport upgrade` once with write access.") from e
    except BaseException:
        con.close()
        raise
    if notify is not None:
        notify(f"note: the views stored in {db} are not this expreport's; reading through "
               "current views in memory (`expreport upgrade` stores them in the file).")
    return con
