"""Issue 11, the inputs users have: job_summary.csv.gz ingests like the CSV (errors still name
file, line and column), a folder argument ingests every CSV and event log in it and says which
files it took, an empty folder is an error."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest
from helpers import ingest, row, write_csv

from expreport.cli import main
from expreport.errors import ExpreportError


def _rows(n=3):
    return [row(f"run{i}_epoch1", 100 + i, 1, "completed", "delta", 1,
                "2025-08-01T00:00:00", "2025-08-01T02:00:00") for i in range(n)]


def _gzip(src: Path, dst: Path) -> Path:
    with src.open("rb") as f, gzip.open(dst, "wb") as g:
        shutil.copyfileobj(f, g)
    return dst


def _stored(con):
    return con.execute("SELECT job_name, source_line, gpu_hours FROM attempts ORDER BY job_name").fetchall()


def test_gz_ingests_like_the_csv(tmp_path, db, template_db):
    from expreport.store import connect
    plain = write_csv(tmp_path / "a" / "job_summary.csv", _rows(), newline="\n")
    # a blank line makes the physical line numbers differ from the record numbers
    plain.write_text(plain.read_text().replace("\n", "\n\n", 2))
    (tmp_path / "b").mkdir()
    gz = _gzip(plain, tmp_path / "b" / "job_summary.csv.gz")
    r = ingest(db, gz)[0]
    assert (r.attempts, r.header_version, r.kind) == (3, 6, "csv")
    other = tmp_path / "other.duckdb"
    shutil.copyfile(template_db, other)
    con2 = connect(other, write=True)
    try:
        ingest(con2, plain)
        assert _stored(db) == _stored(con2)
    finally:
        con2.close()
    assert [x[1] for x in _stored(db)] == [3, 5, 6]   # physical lines of the decompressed file (blank lines 2, 4)
    # the identity is the compressed file's content: the same .gz again is skipped
    assert ingest(db, gz)[0].skipped


def test_gz_error_names_file_line_column(tmp_path, db):
    rows = _rows()
    rows[1]["Number of GPUs"] = "two"
    plain = write_csv(tmp_path / "job_summary.csv", rows)
    gz = _gzip(plain, tmp_path / "job_summary.csv.gz")
    with pytest.raises(ExpreportError) as e:
        ingest(db, gz)
    msg = str(e.value)
    assert "job_summary.csv.gz" in msg and "line 3" in msg and "column" in msg and "two" in msg


def test_corrupt_gz_and_compressed_event_log_are_clear_errors(tmp_path, db):
    bad = tmp_path / "job_summary.csv.gz"
    bad.write_text("Job Name,Final Status\n")          # not gzip at all
    with pytest.raises(ExpreportError, match="not a readable gzip file"):
        ingest(db, bad)
    log = tmp_path / "metl.log.gz"
    with gzip.open(log, "wb") as g:
        g.write(b"000 (123.000.000) 2025-08-01 00:00:00 Job submitted from host: <1.2.3.4>\n...\n")
    with pytest.raises(ExpreportError, match="compressed HTCondor event log"):
        ingest(db, log)


def run(capsys, *args):
    with pytest.raises(SystemExit) as e:
        main(list(args))
    out = capsys.readouterr()
    return e.value.code or 0, out.out, out.err


def test_folder_ingests_its_csvs_and_says_which(capsys, tmp_path, fresh_db_path):
    runs = tmp_path / "runs"
    write_csv(runs / "week1.csv", _rows(2))
    _gzip(write_csv(tmp_path / "w2.csv", [row("late_epoch1", 900, 1, "completed", "aws", 1,
                                              "2025-08-02T00:00:00", "2025-08-02T01:00:00")]),
          runs / "week2.csv.gz")
    (runs / "notes.txt").write_text("not an input\n")
    code, out, err = run(capsys, "--db", str(fresh_db_path), "ingest", str(runs))
    assert code == 0, err
    assert "taking 2 files: week1.csv, week2.csv.gz" in err
    assert "notes.txt" not in err
    code, out, err = run(capsys, "--db", str(fresh_db_path), "sql",
                         "SELECT count(*) AS n, count(DISTINCT experiment) AS e FROM attempts", "--format", "csv")
    assert out.splitlines()[1] == "3,1"


def test_empty_folder_is_an_error(capsys, tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "readme.txt").write_text("x")
    db = tmp_path / "new.duckdb"
    code, out, err = run(capsys, "--db", str(db), "ingest", str(tmp_path / "empty"))
    assert code == 1
    assert "holds no file to ingest" in err and "Traceback" not in err
    assert not db.exists()


def test_zst_without_its_package_says_what_to_do(capsys, tmp_path, fresh_db_path, monkeypatch):
    import sys
    monkeypatch.setitem(sys.modules, "zstandard", None)     # as on a machine without it
    f = tmp_path / "job_summary.csv.zst"
    f.write_bytes(b"\x28\xb5\x2f\xfd" + b"\x00" * 16)
    code, out, err = run(capsys, "--db", str(fresh_db_path), "ingest", str(f))
    assert code == 1 and "zstandard" in err and "Traceback" not in err
