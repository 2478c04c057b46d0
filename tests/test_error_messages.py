"""Issue 13, item 10: errors name their cause first, in one paragraph, with the right exit code,
and leave nothing half written (the database or the output folder)."""

from __future__ import annotations

import errno
from pathlib import Path

import duckdb
import pytest
from eventlog.logtext import execute, submit
from helpers import ingest, row, write_csv

from expreport.cli import main
from expreport.errors import ExpreportError

ROWS = [row("r-e0", 1, 1, "completed", "aws", 1, "2025-08-01T00:00:00", "2025-08-01T02:00:00")]


def run(capsys, *args):
    with pytest.raises(SystemExit) as e:
        main(list(args))
    out = capsys.readouterr()
    return e.value.code or 0, out.out, out.err


def _count(db: Path) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM attempt_records").fetchone()[0]
    finally:
        con.close()


class _DiskFullAtCommit:
    """A connection whose COMMIT fails as DuckDB's does on a full disk: the transaction is
    gone (rolled back) and an IOException is raised."""

    def __init__(self, con):
        self._con = con

    def __getattr__(self, name):
        return getattr(self._con, name)

    def execute(self, sql, *args, **kw):
        if isinstance(sql, str) and sql.strip().upper() == "COMMIT":
            self._con.execute("ROLLBACK")
            raise duckdb.IOException('IO Error: Could not write file "x.duckdb.wal": '
                                     "No space left on device")
        return self._con.execute(sql, *args, **kw)


def test_error_disk_full_at_commit(capsys, tmp_path, fresh_db_path, monkeypatch):
    """Before: 'unexpected TransactionException: cannot rollback - no transaction is active',
    exit 2."""
    import expreport.store as store
    real = store.connect
    monkeypatch.setattr(store, "connect", lambda *a, **k: _DiskFullAtCommit(real(*a, **k)))
    csvp = write_csv(tmp_path / "job_summary.csv", ROWS)
    code, _, err = run(capsys, "--db", str(fresh_db_path), "ingest", str(csvp))
    assert code == 1, err
    assert err.startswith(f"error: no space left on device at {fresh_db_path}")
    assert "database is unchanged" in err and "rollback" not in err and "Traceback" not in err
    monkeypatch.setattr(store, "connect", real)
    assert _count(fresh_db_path) == 0


def test_error_ctrl_c(capsys, tmp_path, fresh_db_path, monkeypatch):
    """Before: typer turned Ctrl-C into a silent exit 130 (no word said)."""
    import expreport.ingest as ing
    monkeypatch.setattr(ing, "derive_epochs", lambda *a, **k: (_ for _ in ()).throw(KeyboardInterrupt))
    csvp = write_csv(tmp_path / "job_summary.csv", ROWS)
    code, _, err = run(capsys, "--db", str(fresh_db_path), "ingest", str(csvp))
    assert code == 130 and err.strip() == "interrupted, nothing written"
    assert _count(fresh_db_path) == 0


def _report(db, out: Path):
    from expreport.report.build import build_report
    from expreport.scope import make_scope
    return build_report(db, make_scope(), out, figures=[])


def test_error_report_out_existing_file(tmp_path, db):
    """Before: FileExistsError traceback (exit 2)."""
    ingest(db, write_csv(tmp_path / "j.csv", ROWS))
    f = tmp_path / "afile"
    f.write_text("keep")
    with pytest.raises(ExpreportError, match="exists and is not a folder"):
        _report(db, f)
    assert f.read_text() == "keep"


def test_error_report_out_full_disk_keeps_old(tmp_path, db, monkeypatch):
    """Before: the folder was left half new (summary.txt new, the rest old) and the error was a
    bare OSError."""
    from expreport.report import build as rb
    ingest(db, write_csv(tmp_path / "j.csv", ROWS))
    out = tmp_path / "rep"
    _report(db, out)
    (out / "stale.png").write_bytes(b"old figure")
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}

    def full(doc):
        raise OSError(errno.ENOSPC, "No space left on device", str(out / "report.md"))
    monkeypatch.setattr(rb, "render_markdown", full)
    with pytest.raises(ExpreportError, match=r"^no space left on device at .*was left as it was"):
        _report(db, out)
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".rep.")]   # no temporary left
    monkeypatch.undo()
    result = _report(db, out)                     # a complete report replaces the folder whole
    assert not (out / "stale.png").exists() and (out / "metrics.json").is_file()
    assert all(p.exists() and out in p.parents for p in result.files)


def test_error_report_out_read_only_or_foreign(tmp_path, db, monkeypatch):
    """A read-only place says so; a folder with other files is refused, not emptied."""
    import expreport.outdir as od
    ingest(db, write_csv(tmp_path / "j.csv", ROWS))
    own = tmp_path / "mine"
    own.mkdir()
    (own / "thesis.tex").write_text("x")
    with pytest.raises(ExpreportError, match="not report outputs .thesis.tex"):
        _report(db, own)
    assert (own / "thesis.tex").read_text() == "x"

    def denied(*a, **k):
        raise PermissionError(errno.EROFS, "Read-only file system", str(tmp_path))
    monkeypatch.setattr(od.tempfile, "mkdtemp", denied)
    with pytest.raises(ExpreportError, match="^read-only file system at"):
        _report(db, tmp_path / "new")
    assert not (tmp_path / "new").exists()


def test_error_eventlog_cluster_overflow(capsys, tmp_path, fresh_db_path):
    """Before: 'unexpected OverflowError: Python int too large to convert to C long', exit 2."""
    big = 99999999999999999999
    log = tmp_path / "big.log"
    log.write_text(submit(5, "2026-03-01 10:00:00") + execute(5, "2026-03-01 10:05:00")
                   + submit(big, "2026-03-01 10:00:00") + execute(big, "2026-03-01 10:05:00"))
    code, _, err = run(capsys, "--db", str(fresh_db_path), "ingest", str(log))
    assert code == 1, err
    assert f"{log}, line " in err and f"cluster id {big} is too large" in err
    assert _count(fresh_db_path) == 0


def test_error_garbage_first_line_of_log(capsys, tmp_path, fresh_db_path):
    """Before: 'line 1: not a CSV file: the first line has 1 comma-separated field(s)'."""
    log = tmp_path / "run.log"
    log.write_text("#garbage\n" + submit(5, "2026-03-01 10:00:00") + execute(5, "2026-03-01 10:05:00"))
    code, _, err = run(capsys, "--db", str(fresh_db_path), "ingest", str(log))
    assert code == 1
    assert "not a CSV file" not in err
    assert "line 1 is not an HTCondor event header and not a CSV header" in err and "line 2 starts" in err


def test_error_unterminated_quote(capsys, tmp_path, fresh_db_path):
    """Before: 'line 3: cannot read the CSV: Invalid Input Error: CSV Error on Line: 3.'"""
    csvp = write_csv(tmp_path / "job_summary.csv", ROWS + [row("r-e1", 2, 1, "completed", "aws", 1,
                                                               "2025-08-01T00:00:00")])
    text = csvp.read_text().splitlines()
    text[2] = text[2].replace("r-e1,d1", 'r-e1,"d1', 1)
    csvp.write_text("\n".join(text) + "\n")
    code, _, err = run(capsys, "--db", str(fresh_db_path), "ingest", str(csvp))
    assert code == 1
    assert "unterminated quoted field starting at line 3, column 6, field 2 ('DAG Source')" in err
