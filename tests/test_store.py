"""The store: migrations applied once and recorded, edited migrations refused, views
stored in the file and readable from the duckdb shell."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from helpers import ingest, row, write_csv

from expreport import store
from expreport.errors import ExpreportError
from expreport.queries import view_catalogue
from expreport.store import connect, sql_files


def test_migrations_recorded_with_sha(tmp_path):
    con = connect(tmp_path / "m.duckdb", write=True)
    rows = con.execute("SELECT file_name, sha256, applied_at FROM schema_migrations ORDER BY 1").fetchall()
    assert [r[0] for r in rows] == [f.name for f in sql_files("schema")]
    assert all(r[1] == f.sha256 for r, f in zip(rows, sql_files("schema")))
    con.close()
    # opening again applies nothing new (same rows, same times)
    con = connect(tmp_path / "m.duckdb", write=True)
    assert con.execute("SELECT file_name, sha256, applied_at FROM schema_migrations ORDER BY 1").fetchall() == rows


def test_edited_migration_is_an_error(tmp_path, monkeypatch):
    connect(tmp_path / "m.duckdb", write=True).close()
    fake = tmp_path / "queries"
    shutil.copytree(store.queries_dir(), fake)
    first = sorted((fake / "schema").glob("*.sql"))[0]
    first.write_text(first.read_text() + "\n-- edited\n")
    monkeypatch.setattr(store, "queries_dir", lambda: fake)
    with pytest.raises(ExpreportError, match="was edited after this database applied it"):
        connect(tmp_path / "m.duckdb", write=True)


def test_every_view_file_creates_a_documented_view():
    cat = view_catalogue()
    files = [f for f in sql_files("views") if "CREATE OR REPLACE VIEW" in f.text]
    assert {f for _, f, _ in cat} == {f.name for f in files} and len(files) >= 10
    assert len(cat) == sum(f.text.count("CREATE OR REPLACE VIEW") for f in files)
    for name, file, comment in cat:
        first = comment.split("\n\n")[0]
        assert first.startswith(f"{name}:") and "one row" in first, file     # says what one row is
        text = (store.queries_dir() / "views" / file).read_text()
        assert text.lstrip().startswith("--"), f"{file} must start with its header comment"


def test_views_are_stored_in_the_file(tmp_path):
    con = connect(tmp_path / "v.duckdb", write=True)
    con.close()
    raw = duckdb.connect(str(tmp_path / "v.duckdb"), read_only=True)   # plain duckdb, no expreport
    names = {r[0] for r in raw.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    assert {n for n, _, _ in view_catalogue()} <= names
    assert raw.execute("SELECT count(*) FROM epochs_by_resource").fetchone() == (0,)


def test_read_only_open_when_current(tmp_path):
    connect(tmp_path / "r.duckdb", write=True).close()
    con = connect(tmp_path / "r.duckdb")
    with pytest.raises(duckdb.Error):
        con.execute("CREATE TABLE x (a INT)")


def test_must_exist(tmp_path):
    with pytest.raises(ExpreportError, match="no database at"):
        connect(tmp_path / "none.duckdb", must_exist=True)


MUST_HAVE_ROWS = {"attempts", "epochs", "epochs_by_resource", "compute_time_by_resource", "success_rates",
                  "gpu_mix", "transfer_volumes", "transfer_input_timing", "resource_summary", "campaign_totals"}


def _shell():
    beside = Path(sys.executable).parent / "duckdb"
    return str(beside) if beside.exists() else shutil.which("duckdb")


@pytest.mark.skipif(_shell() is None, reason="duckdb shell (pip install duckdb-cli) not installed")
def test_every_view_opens_in_the_duckdb_shell(tmp_path):
    con = connect(tmp_path / "s.duckdb", write=True)
    ingest(con, write_csv(tmp_path / "a.csv", [
        row("run1-train_epoch0", 1, 1, "completed", "aws", 2, "2026-02-01T10:00:00", "2026-02-01T11:00:00")]))
    con.close()
    names = [name for name, _, _ in view_catalogue()]
    # One shell run counts every view (a shell per view took ~60 starts, the suite's slowest
    # test); the shell stops at the first error, so then each view is opened on its own to
    # name the failing one.
    out = _shell_run(tmp_path / "s.duckdb", " ".join(f"SELECT '{n}', count(*) FROM {n};" for n in names))
    if out.returncode != 0 or "Error" in out.stderr:
        for name in names:
            one = _shell_run(tmp_path / "s.duckdb", f"SELECT '{name}', count(*) FROM {name};")
            assert one.returncode == 0 and "Error" not in one.stderr, (name, one.stderr)
        raise AssertionError(out.stderr)
    counts = dict(line.rsplit(",", 1) for line in out.stdout.splitlines())
    assert sorted(counts) == sorted(names)
    for name in names:
        assert int(counts[name]) >= (1 if name in MUST_HAVE_ROWS else 0), name


def _shell_run(path, sql):
    return subprocess.run([_shell(), "-readonly", str(path), "-csv", "-noheader", "-c", sql],
                          capture_output=True, text=True, timeout=60)


def test_changed_view_is_reapplied_on_write_open(tmp_path, monkeypatch):
    connect(tmp_path / "w.duckdb", write=True).close()
    fake = tmp_path / "queries"
    shutil.copytree(store.queries_dir(), fake)
    v = fake / "views" / "050_success_rates.sql"
    v.write_text(v.read_text().replace("SELECT resource, attempts,", "SELECT resource, attempts, 42 AS answer,", 1))
    monkeypatch.setattr(store, "queries_dir", lambda: fake)
    con = connect(tmp_path / "w.duckdb", write=True)
    cols = [d[0] for d in con.execute("FROM success_rates").description]
    assert "answer" in cols
