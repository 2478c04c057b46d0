"""Ingest guarantees: bad input explained (file, line, column, value), all-or-nothing,
the same content twice is a no-op, --replace, several files add up."""

from __future__ import annotations

import pytest
from helpers import ingest, one, row, write_csv

from expreport.errors import ExpreportError
from expreport.ingest import ingest_files

GOOD = [row("run1-train_epoch0", 1, 1, "completed", "aws", 2, "2026-02-01T10:00:00", "2026-02-01T11:00:00"),
        row("run1-train_epoch1", 2, 1, "failed", "aws", 2, "2026-02-01T12:00:00", "2026-02-01T12:05:00")]


def count(con):
    return one(con, "SELECT count(*) AS n FROM attempt_records")["n"]


def error_of(con, path, **kw) -> str:
    with pytest.raises(ExpreportError) as e:
        ingest(con, path, **kw)
    return str(e.value)


def test_missing_file(db, tmp_path):
    msg = error_of(db, tmp_path / "nope.csv")
    assert "nope.csv" in msg and "no such file" in msg


def test_empty_file(db, tmp_path):
    p = tmp_path / "empty.csv"
    p.write_text("")
    assert "empty" in error_of(db, p)


def test_binary_file(db, tmp_path):
    p = tmp_path / "x.bin"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    msg = error_of(db, p)
    assert "x.bin" in msg and "binary" in msg


def test_non_utf8_header(db, tmp_path):
    p = tmp_path / "latin1.csv"
    p.write_bytes("Job Name,Final Status,Start Time,Notiz\xe9\n".encode("latin-1"))
    msg = error_of(db, p)
    assert "line 1" in msg and "UTF-8" in msg


def test_non_utf8_body(db, tmp_path):
    p = write_csv(tmp_path / "body.csv", GOOD)
    p.write_bytes(p.read_bytes().replace(b"run1-train_epoch1", b"run1-tr\xe9in_epoch1"))
    msg = error_of(db, p)
    assert "line 3" in msg and "UTF-8" in msg
    assert count(db) == 0


def test_not_a_csv(db, tmp_path):
    p = tmp_path / "notes.txt"
    p.write_text("just some notes\nand more\n")
    msg = error_of(db, p)
    assert "line 1" in msg and "not a CSV" in msg


def test_header_lacking_required_columns(db, tmp_path):
    p = tmp_path / "other.csv"
    p.write_text("Job Name,Start Time,Foo\nx,2026-01-01T00:00:00,1\n")
    msg = error_of(db, p)
    assert "'Final Status'" in msg and "line 1" in msg


def test_bad_value_names_file_line_column_value(db, tmp_path):
    rows = GOOD + [row("run1-train_epoch2", 3, 1, "completed", "aws", 2, "2026-02-01T13:00:00",
                       "2026-02-31T14:00:00")]
    p = write_csv(tmp_path / "bad.csv", rows)
    msg = error_of(db, p)
    assert "bad.csv" in msg and "line 4" in msg
    assert "column 11 ('End Time')" in msg and "'2026-02-31T14:00:00'" in msg
    assert count(db) == 0


def test_bad_integer(db, tmp_path):
    rows = [GOOD[0] | {"Number of GPUs": "two"}]
    msg = error_of(db, write_csv(tmp_path / "g.csv", rows))
    assert "line 2" in msg and "'Number of GPUs'" in msg and "'two'" in msg and "integer" in msg


def test_wrong_field_count(db, tmp_path):
    p = write_csv(tmp_path / "short.csv", GOOD)
    p.write_text(p.read_text() + "run9-train_epoch0,d1,,9\n")
    msg = error_of(db, p)
    assert "line 4" in msg and "expected 40" in msg


def test_same_content_twice_is_a_noop(db, tmp_path):
    p = write_csv(tmp_path / "a" / "job_summary.csv", GOOD)
    first = ingest(db, p)
    copy = tmp_path / "b.csv"
    copy.write_bytes(p.read_bytes())
    second = ingest(db, copy)
    assert first[0].attempts == 2 and not first[0].skipped
    assert second[0].skipped and "already in experiment 't'" in second[0].warnings[0]
    assert count(db) == 2
    # into another experiment it is new data
    ingest(db, copy, experiment="other")
    assert count(db) == 4


def test_same_content_twice_in_one_call_counts_once(db, tmp_path):
    # the file is hashed while it is inserted: the copy's rows are inserted, then found to be a
    # duplicate of the first file of the same call and deleted again before the commit
    p = write_csv(tmp_path / "a" / "job_summary.csv", GOOD)
    copy = tmp_path / "b.csv"
    copy.write_bytes(p.read_bytes())
    first, second = ingest_files(db, [p, copy], experiment="t")
    assert first.attempts == 2 and not first.skipped
    assert second.skipped and f"same content as {p.resolve()}" in second.warnings[0]
    assert count(db) == 2
    assert db.execute("SELECT count(*), count(DISTINCT ingest_id) FROM attempt_records").fetchone() == (2, 1)
    assert db.execute("SELECT count(*) FROM ingests").fetchone()[0] == 1

def test_same_path_again_is_skipped_before_any_insert(db, tmp_path, monkeypatch):
    # the everyday re-run (`expreport report job_summary.csv`): a path the experiment already
    # holds is hashed first, so an unchanged file is skipped without inserting its rows (at 10M
    # that is 3.5 s of hashing instead of a 40 s insert that is then deleted)
    import expreport.ingest as ingest_module
    p = write_csv(tmp_path / "job_summary.csv", GOOD)
    ingest_files(db, [p], experiment="t")
    monkeypatch.setattr(ingest_module, "_insert_sql", lambda: pytest.fail("inserted again"))
    (again,) = ingest_files(db, [p], experiment="t")
    assert again.skipped and f"same content as {p.resolve()}" in again.warnings[0]
    assert count(db) == 2


def test_several_files_add_up_and_replace(db, tmp_path):
    a = write_csv(tmp_path / "a.csv", GOOD[:1])
    b = write_csv(tmp_path / "b.csv", GOOD[1:])
    ingest_files(db, [a, b], experiment="e")
    assert count(db) == 2
    ingest_files(db, [b], experiment="e", replace=True)
    assert count(db) == 1
    assert one(db, "SELECT count(*) AS n FROM ingests WHERE experiment = 'e'")["n"] == 1


def test_error_in_second_file_rolls_back_the_first(db, tmp_path):
    a = write_csv(tmp_path / "a.csv", GOOD)
    bad = write_csv(tmp_path / "bad.csv", [GOOD[0] | {"Attempt Sequence": "1.5x"}])
    with pytest.raises(ExpreportError):
        ingest_files(db, [a, bad], experiment="e")
    assert count(db) == 0
    assert one(db, "SELECT count(*) AS n FROM ingests")["n"] == 0
    # the database is still valid and usable
    ingest_files(db, [a], experiment="e")
    assert count(db) == 2


def test_default_experiment_is_folder_name(db, tmp_path):
    p = write_csv(tmp_path / "pilot_run" / "job_summary.csv", GOOD)
    res = ingest_files(db, [p])
    assert res[0].experiment == "pilot_run"


def test_source_file_and_line_kept(db, tmp_path):
    p = write_csv(tmp_path / "s.csv", GOOD)
    ingest(db, p)
    rows = db.execute("SELECT i.source_path, r.source_line, r.job_name FROM attempt_records r "
                      "JOIN ingests i USING (ingest_id) ORDER BY source_line").fetchall()
    assert rows == [(str(p.resolve()), 2, "run1-train_epoch0"), (str(p.resolve()), 3, "run1-train_epoch1")]


def test_result_counts(db, tmp_path):
    res = ingest(db, write_csv(tmp_path / "c.csv", GOOD))
    assert (res[0].attempts, res[0].runs, res[0].epochs) == (2, 1, 1)


def test_source_lines_of_a_larger_file_and_a_second_file(db, tmp_path):
    # 30k rows read in parallel chunks: every line number is still the row's line
    rows = [row(f"run{i // 30}-train_epoch{i % 30}", 1000 + i, 1, "completed", "aws", 1,
                "2026-02-01T10:00:00", "2026-02-01T11:00:00") for i in range(30_000)]
    first = write_csv(tmp_path / "big.csv", rows[:10])
    big = write_csv(tmp_path / "big2.csv", rows)
    ingest_files(db, [first, big], experiment="e")
    bad = db.execute("SELECT count(*) FROM attempt_records r JOIN ingests i USING (ingest_id) "
                     "WHERE i.source_path LIKE '%big2.csv' AND source_line <> cluster_id - 1000 + 2").fetchone()[0]
    assert bad == 0
    assert db.execute("SELECT min(source_line), max(source_line) FROM attempt_records r JOIN ingests i "
                      "USING (ingest_id) WHERE i.source_path LIKE '%big2.csv'").fetchone() == (2, 30_001)
