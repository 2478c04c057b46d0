"""Issue 13, items 5, 6, 7 and 11: what --db may be, `sql` never writes, version skew,
two writers. Through ``expreport.cli.main`` like a user, on small files written here."""

from __future__ import annotations

import subprocess
import sys
import time

import duckdb
import pytest
from helpers import row, write_csv

from expreport import store
from expreport.cli import main
from expreport.report.data import cache_views

ROWS = [row("run1-train_epoch0", 1, 1, "completed", "aws", 2, "2026-02-01T10:00:00", "2026-02-01T11:00:00")]


def run(capsys, *args):
    with pytest.raises(SystemExit) as e:
        main(list(args))
    out = capsys.readouterr()
    return e.value.code or 0, out.out, out.err


@pytest.fixture
def loaded(tmp_path, fresh_db_path, capsys):
    """A database with one attempt (experiment camp)."""
    code, _, err = run(capsys, "--db", str(fresh_db_path), "ingest",
                       str(write_csv(tmp_path / "camp" / "job_summary.csv", ROWS)))
    assert code == 0, err
    return fresh_db_path


def _attempts(db) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM attempt_records").fetchone()[0]
    finally:
        con.close()


# item 5 -------------------------------------------------------------------------------

def test_db_that_is_a_csv_is_refused(capsys, tmp_path):
    """Before: DuckDB opened the CSV as a view, the ingest went into memory, exit 0."""
    not_db = tmp_path / "job_summary.csv"
    write_csv(not_db, ROWS)
    before = not_db.read_bytes()
    code, _, err = run(capsys, "--db", str(not_db), "ingest", str(write_csv(tmp_path / "x" / "a.csv", ROWS)))
    assert code == 1 and "Traceback" not in err
    assert f"{not_db} is not a DuckDB database (it starts with 'Job Name," in err
    assert "give a database file or a new path" in err
    assert not_db.read_bytes() == before
    empty = tmp_path / "empty.duckdb"
    empty.write_bytes(b"")
    code, _, err = run(capsys, "--db", str(empty), "summary")
    assert code == 1 and "is not a DuckDB database (it is empty)" in err


def test_db_in_missing_folder_is_refused(capsys, tmp_path):
    """Before: connect created the folder (and the database) for a mistyped path."""
    db = tmp_path / "typo" / "e.duckdb"
    code, _, err = run(capsys, "--db", str(db), "ingest", str(write_csv(tmp_path / "x" / "a.csv", ROWS)))
    assert code == 1 and f"folder {tmp_path / 'typo'} does not exist" in err
    assert not (tmp_path / "typo").exists()


# item 6 -------------------------------------------------------------------------------

def _stale(db):
    """Make the stored views differ from the code's (as after upgrading expreport)."""
    con = duckdb.connect(str(db))
    con.execute("UPDATE expreport_meta SET value = 'old' WHERE key = 'views_sha256'")
    con.execute("CREATE OR REPLACE VIEW campaign_totals AS SELECT 'stale' AS marker")
    con.close()


def test_sql_never_changes_the_database(capsys, loaded):
    """Before: stale views made `sql` open read-write, and UPDATE/DROP persisted."""
    _stale(loaded)
    mtime = loaded.stat().st_mtime_ns
    for q in ("UPDATE attempt_records SET experiment = 'x'", "DROP TABLE attempt_records"):
        code, _, err = run(capsys, "--db", str(loaded), "sql", q)
        assert code == 1 and "SQL error:" in err and "read-only" in err, (q, err)
    code, out, _ = run(capsys, "--db", str(loaded), "sql", "SELECT attempts FROM campaign_totals", "-f", "csv")
    assert code == 0 and out.split() == ["attempts", "1"]        # the code's view, not the stale one
    assert loaded.stat().st_mtime_ns == mtime and _attempts(loaded) == 1


def test_sql_cannot_write_files_or_attach(capsys, tmp_path, loaded):
    """Before: COPY ... TO wrote any file, ATTACH (READ_WRITE) changed another database."""
    other = tmp_path / "other.duckdb"
    for q in (f"COPY (SELECT 1) TO '{tmp_path / 'x.csv'}'",
              f"ATTACH '{other}' AS o (READ_WRITE)",
              f"SELECT * FROM read_csv('{tmp_path / 'camp' / 'job_summary.csv'}')"):
        code, _, err = run(capsys, "--db", str(loaded), "sql", q)
        assert code == 1 and "Traceback" not in err
        assert err.startswith("error: SQL error: Permission Error:") and len(err.strip().splitlines()) == 1, err
    assert not (tmp_path / "x.csv").exists() and not other.exists()


def test_stale_database_reads_without_writing(capsys, tmp_path, loaded):
    """Readers never write: a stale database is read through the code's views (item 7:
    before, a stale read-only database failed with "cannot open ... for writing");
    `upgrade` stores the views."""
    _stale(loaded)
    loaded.chmod(0o444)
    mtime = loaded.stat().st_mtime_ns
    code, out, err = run(capsys, "--db", str(loaded), "summary", "-f", "csv")
    assert code == 0 and "aws" in out and "reading through current views in memory" in err
    con = store.connect(loaded)               # the report's view cache works over it too
    cache_views(con)
    assert con.execute("SELECT attempts FROM campaign_totals").fetchone() == (1,)
    con.close()
    assert loaded.stat().st_mtime_ns == mtime
    loaded.chmod(0o644)
    code, _, err = run(capsys, "--db", str(loaded), "upgrade")
    assert code == 0 and "up to date" in err
    raw = duckdb.connect(str(loaded), read_only=True)
    assert raw.execute("SELECT attempts FROM campaign_totals").fetchone() == (1,)
    raw.close()


# item 7 -------------------------------------------------------------------------------

@pytest.mark.parametrize("fake", ["migration", "version"])
def test_newer_database_is_refused(capsys, tmp_path, loaded, fake):
    """Before: an older expreport silently rewrote a newer database's views."""
    con = duckdb.connect(str(loaded))
    if fake == "migration":
        con.execute("INSERT INTO schema_migrations (file_name, sha256) VALUES ('999_future.sql', 'x')")
    else:
        con.execute("UPDATE expreport_meta SET value = '99.1' WHERE key = 'expreport_version'")
    con.execute("CREATE OR REPLACE VIEW campaign_totals AS SELECT 'newer' AS marker")
    con.close()
    for args in (["ingest", str(write_csv(tmp_path / "y" / "b.csv", ROWS))], ["summary"], ["sql", "SELECT 1"]):
        code, _, err = run(capsys, "--db", str(loaded), *args)
        assert code == 1 and "newer than this one" in err and "upgrade expreport" in err, (args, err)
        assert ("(schema 999)" in err and "unknown migrations: 999_future.sql" in err if fake == "migration"
                else "written by expreport 99.1 (schema" in err), err
        assert "Nothing was changed." in err
    raw = duckdb.connect(str(loaded), read_only=True)
    assert raw.execute("FROM campaign_totals").fetchone() == ("newer",)
    raw.close()


def test_writer_version_is_recorded(loaded):
    con = duckdb.connect(str(loaded), read_only=True)
    meta = dict(con.execute("FROM expreport_meta").fetchall())
    con.close()
    assert meta["expreport_version"] == store.__version__
    assert meta["schema"] == str(max(int(f.name[:3]) for f in store.sql_files("schema")))


# item 11 ------------------------------------------------------------------------------

def _hold_lock(db, seconds):
    """A child process holding a write connection on ``db`` for ``seconds``."""
    child = subprocess.Popen(
        [sys.executable, "-c",
         "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('held', flush=True); "
         "time.sleep(float(sys.argv[2]))", str(db), str(seconds)],
        stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "held"
    return child


def test_second_writer_waits_then_gives_up_or_gets_the_lock(capsys, tmp_path, loaded):
    """Before: the second writer failed at once with DuckDB's raw lock error."""
    csvp = write_csv(tmp_path / "w" / "job_summary.csv", ROWS)
    child = _hold_lock(loaded, 2.5)
    try:
        t0 = time.monotonic()
        code, _, err = run(capsys, "--db", str(loaded), "--wait", "1", "ingest", str(csvp))
        assert code == 1 and 0.9 < time.monotonic() - t0 < 2.4
        assert f"waiting for the database lock held by PID {child.pid} (" in err
        assert f"database {loaded} is locked by PID {child.pid} (" in err and "gave up after 1 s" in err
        code, _, err = run(capsys, "--db", str(loaded), "ingest", str(csvp), "--wait", "10")
        assert code == 0 and err.count("waiting for the database lock") == 1 and "ingested 1 attempts" in err
    finally:
        child.kill()
        child.wait()
    assert _attempts(loaded) == 2
