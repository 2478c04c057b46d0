"""Issue 13, ingest side: nothing counted twice, nothing absurd counted, no input that breaks the
store (expreport/ingest_checks.py). Each case failed before its fix; numbers worked out by hand."""

from __future__ import annotations

import os

import pytest
from helpers import one, row, scoped, write_csv
from test_cli import run

from expreport.errors import ExpreportError
from expreport.ingest import ingest_files

D = "2026-01-01T"


def rows(n: int, **kw) -> list[dict]:
    """n attempts, one per cluster 100.., each 1 h on 2 GPUs (2 GPU-hours), all completed."""
    return [row(f"run1-train_epoch{i}", 100 + i, 1, "completed", "delta", 2, D + "00:00:00",
                D + "01:00:00", uuid="u1", **kw) for i in range(n)]


def totals(con):
    scoped(con)
    return one(con, "SELECT attempts, gpu_hours, epochs FROM campaign_totals")


# ---------------------------------------------------------------- 1: nothing counted twice

def test_reexport_replaces_instead_of_adding(db, tmp_path):
    """week1.csv holds the first 5 attempts; the full re-export 8 (the same 5 + 3 new). Before:
    13 attempts, 26 GPU-hours. Now: 8 attempts, 16 GPU-hours, '5 updated, 3 new'."""
    (r1,) = ingest_files(db, [write_csv(tmp_path / "a" / "week1.csv", rows(5))], experiment="c")
    (r2,) = ingest_files(db, [write_csv(tmp_path / "b" / "full.csv", rows(8))], experiment="c")
    assert (r1.replaced, r2.replaced, r2.new) == (0, 5, 3)
    assert totals(db) == {"attempts": 8, "gpu_hours": 16.0, "epochs": 8}
    n = dict(db.execute("SELECT regexp_extract(source_path, '[^/]+$'), n_rows FROM ingests").fetchall())
    assert n == {"week1.csv": 0, "full.csv": 8}          # rows still stored from each file


def test_crlf_copy_does_not_double(db, tmp_path):
    """The same rows with CRLF line ends: another sha256, the same attempts: 4 attempts, not 8."""
    ingest_files(db, [write_csv(tmp_path / "a" / "j.csv", rows(4))], experiment="c")
    ingest_files(db, [write_csv(tmp_path / "b" / "j.csv", rows(4), newline="\r\n")], experiment="c")
    assert totals(db)["attempts"] == 4


def test_cli_says_updated_and_new(capsys, tmp_path, fresh_db_path):
    db = str(fresh_db_path)
    run(capsys, "--db", db, "ingest", str(write_csv(tmp_path / "c" / "w1.csv", rows(2))))
    code, _, err = run(capsys, "--db", db, "ingest", str(write_csv(tmp_path / "c" / "all.csv", rows(3))))
    assert code == 0 and "ingested 3 attempts (1 runs, 3 epochs, 2 updated, 1 new)" in err


# ---------------------------------------------------------------- 2, 3: absurd values

ABSURD = [  # cluster: what is wrong (each row 1 h on 2 GPUs unless said)
    row("run1-train_epoch10", 210, 1, "completed", "delta", 2, "1970-01-01T00:00:00", "1970-01-01T01:00:00", uuid="u1"),
    row("run1-train_epoch11", 211, 1, "completed", "delta", 2, D + "00:00:00", "2100-01-01T00:00:00", uuid="u1"),
    row("run1-train_epoch12", 212, 1, "completed", "delta", -4, D + "00:00:00", D + "01:00:00", uuid="u1"),
    row("run1-train_epoch13", 213, 1, "completed", "delta", 1000000, D + "00:00:00", D + "01:00:00", uuid="u1"),
    row("run1-train_epoch14", 214, 1, "completed", "delta", 2, D + "00:00:00", D + "01:00:00", uuid="u1",
        received=-5),
    row("run1-train_epoch15", 215, 1, "completed", "delta", 2, D + "00:00:00", "2026-03-01T00:00:00", uuid="u1"),
]


def test_implausible_values_are_flagged_and_left_out(db, tmp_path):
    """2 good rows (4 GPU-hours, 2 epochs) + 6 absurd ones. Before: the 1970 row alone was fine,
    but 2100 added 648k GPU-hours, 1,000,000 GPUs 1M GPU-hours. Now the 6 are stored, flagged,
    left out of every total and listed in data_issues with file and line."""
    (r,) = ingest_files(db, [write_csv(tmp_path / "c" / "job_summary.csv", rows(2) + ABSURD)], experiment="c")
    assert r.attempts == 8 and r.implausible == 6
    assert totals(db) == {"attempts": 2, "gpu_hours": 4.0, "epochs": 2}
    why = dict(db.execute("SELECT cluster_id, implausible FROM implausible_attempts").fetchall())
    assert why == {210: "a time before 2000-01-01",
                   211: f"a time after {why[211][13:23]} (ingest day + future_days); a run longer than 30 days",
                   212: "Number of GPUs -4 outside 0..64", 213: "Number of GPUs 1000000 outside 0..64",
                   214: "negative bytes", 215: "a run longer than 30 days"}
    issues = {k: v for k, v in db.execute(
        "SELECT kind, example FROM data_issues WHERE kind LIKE 'implausible%'").fetchall()}
    assert issues["implausible: a time before 2000-01-01"].startswith("job_summary.csv line 4: run1-train_epoch10")
    assert set(issues) == {"implausible: " + k for k in (
        "a time before 2000-01-01", "a time after (ingest day + future_days)", "a run longer than 30 days",
        "Number of GPUs outside 0..64", "negative bytes")}
    # the report's data-quality section and metrics.json read data_quality: 6 flags, 2 + 2 + 1 + 1 + 1
    dq = db.execute("SELECT sum(count) FROM data_quality WHERE kind LIKE 'implausible%'").fetchone()
    assert dq == (7,)           # row 211 breaks two bounds


def test_strict_refuses_implausible(db, tmp_path):
    with pytest.raises(ExpreportError, match=r"job_summary.csv, line 3: implausible attempt \(Number of GPUs -4"):
        ingest_files(db, [write_csv(tmp_path / "c" / "job_summary.csv", rows(1) + [ABSURD[2]])],
                     experiment="c", strict=True)
    assert db.execute("SELECT count(*) FROM attempt_records").fetchone() == (0,)


def test_implausible_event_log_attempt(db, tmp_path):
    """An event log's 005 dated 2100 (before: +648,721 GPU-hours): flagged, left out."""
    from eventlog import logtext as L
    log = tmp_path / "job.log"
    log.write_text("".join([L.submit(300, "2026-05-04 10:00:00"), L.execute(300, "2026-05-04 10:01:00"),
                            L.terminated(300, "2100-05-04 10:00:00")]))
    (r,) = ingest_files(db, [log], experiment="l")
    assert r.implausible == 1
    assert db.execute("SELECT count(*) FROM attempts").fetchone() == (0,)


def test_infinite_timestamp_is_refused(capsys, tmp_path, fresh_db_path):
    """Before: accepted, then every summary failed with 'Cannot subtract infinite timestamps'."""
    bad = rows(1) + [row("run1-train_epoch9", 9, 1, "completed", "delta", 1, "infinity", D + "01:00:00")]
    code, _, err = run(capsys, "--db", str(fresh_db_path), "ingest",
                       str(write_csv(tmp_path / "c" / "job_summary.csv", bad)))
    assert code == 1
    assert "job_summary.csv, line 3, column 10 ('Start Time'): 'infinity' is not a usable time" in err
    assert "Traceback" not in err


# ---------------------------------------------------------------- 4: a path is a path

def test_glob_characters_in_a_file_name(db, tmp_path):
    """job[1].csv next to job1.csv: before, read_csv took the name as a glob and read job1.csv
    (3 attempts) under the name job[1].csv. Now exactly job[1].csv: 2 attempts."""
    write_csv(tmp_path / "c" / "job1.csv", rows(3))
    (r,) = ingest_files(db, [write_csv(tmp_path / "c" / "job[1].csv", rows(2))], experiment="c")
    assert r.attempts == 2 and totals(db)["attempts"] == 2


# ---------------------------------------------------------------- 12: smaller

def test_source_line_after_blank_lines_and_quoted_newlines(db, tmp_path):
    """Lines: 1 header, 2 row A, 3 blank, 4-5 row B (a quoted newline in Job Name), 6 row C.
    Before: B on line 3, C on line 4 (numbered by row)."""
    p = write_csv(tmp_path / "c" / "j.csv", rows(3))
    text = p.read_text().split("\n")
    text[2] = text[2].replace("run1-train_epoch1", '"run1-train\nepoch1"')
    p.write_text("\n".join(text[:2] + [""] + text[2:]))
    ingest_files(db, [p], experiment="c")
    got = db.execute("SELECT cluster_id, source_line FROM attempt_records ORDER BY 1").fetchall()
    assert got == [(100, 2), (101, 4), (102, 6)]


def test_long_header(db, tmp_path):
    """A header of 70 KiB (an unknown 70,000-character first column): before, only the first
    64 KiB were read, 'Job Name' was not among them and the header was refused; now it ingests
    with one warning."""
    p = write_csv(tmp_path / "c" / "j.csv", rows(1))
    lines = p.read_text().splitlines()
    p.write_text("\n".join(["x" * 70_000 + "," + lines[0]] + ["," + x for x in lines[1:]]) + "\n")
    (r,) = ingest_files(db, [p], experiment="c")
    assert r.attempts == 1 and "ignoring 1 unknown column(s)" in r.warnings[0]


def test_header_only_file(db, tmp_path):
    """Before: registered as a 0-row ingest. Now: a warning, nothing registered."""
    (r,) = ingest_files(db, [write_csv(tmp_path / "c" / "j.csv", [])], experiment="c")
    assert r.skipped and "only a header" in r.warnings[0]
    assert db.execute("SELECT count(*) FROM ingests").fetchone() == (0,)


def test_replace_needs_an_existing_experiment(db, tmp_path):
    """Before: --replace -e typo silently created experiment 'typo'."""
    ingest_files(db, [write_csv(tmp_path / "c" / "j.csv", rows(1))], experiment="pilot")
    with pytest.raises(ExpreportError, match="--replace: no experiment 'pilto' to replace .*'pilot'"):
        ingest_files(db, [write_csv(tmp_path / "d" / "j.csv", rows(2))], experiment="pilto", replace=True)
    (r,) = ingest_files(db, [write_csv(tmp_path / "d" / "j.csv", rows(2))], experiment="pilto",
                        replace=True, create=True)
    assert r.attempts == 2


def test_failed_ingests_do_not_keep_growing_the_file(tmp_path, fresh_db_path):
    """A failed ingest (an infinite time on its last row, found after the insert) rolls back; the
    blocks it wrote are reused, so failing again does not grow the file again (DuckDB does not
    shrink a file; the CHECKPOINT after the rollback hands the blocks back)."""
    from expreport.store import connect
    bad = rows(20_000) + [row("x-train_epoch0", 1, 1, "completed", "delta", 1, "infinity")]
    p = write_csv(tmp_path / "c" / "j.csv", bad)
    sizes = []
    for _ in range(3):
        con = connect(fresh_db_path, write=True)
        with pytest.raises(ExpreportError):
            ingest_files(con, [p], experiment="c")
        con.close()
        sizes.append(os.path.getsize(fresh_db_path))
    assert sizes[1] == sizes[0] and sizes[2] == sizes[0]


def test_event_log_ingested_again_in_pieces(db, tmp_path):
    """The first part of a log (2 attempts of cluster 400, the second still running), then the
    whole log (3 attempts): 3 attempts, not 5 (key: cluster, proc, Start Time)."""
    from eventlog import logtext as L
    head = [L.submit(400, "2026-05-04 09:00:00"), L.execute(400, "2026-05-04 10:00:00"),
            L.evicted(400, "2026-05-04 11:00:00"), L.execute(400, "2026-05-04 12:00:00")]
    tail = [L.evicted(400, "2026-05-04 13:00:00"), L.execute(400, "2026-05-04 14:00:00"),
            L.terminated(400, "2026-05-04 15:00:00")]
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "job.log").write_text("".join(head))
    (tmp_path / "b" / "job.log").write_text("".join(head + tail))
    (r1,) = ingest_files(db, [tmp_path / "a" / "job.log"], experiment="l")
    (r2,) = ingest_files(db, [tmp_path / "b" / "job.log"], experiment="l")
    assert (r1.attempts, r2.attempts, r2.replaced) == (2, 3, 2)
    got = db.execute("SELECT attempt_seq, outcome FROM attempts ORDER BY 1").fetchall()
    assert got == [(1, "evicted"), (2, "evicted"), (3, "success")]


@pytest.mark.parametrize("v1_first", [False, True])
def test_older_csv_version_does_not_replace_newer_rows(db, tmp_path, v1_first):
    """The same 3 attempts as v6 (2 GPUs each: 6 GPU-hours) and as a v1 re-export (the 2025-08
    generator: 0 GPUs, no resource). Found by ingesting the real ospool_misconfigured folder,
    which holds both: before, whichever came last won, so the v1 file erased the v6 GPUs
    (GPU-hours silently lower). Now the v6 rows stay whatever the order."""
    v1 = [r | {"Number of GPUs": 0, "Targeted Resource": ""} for r in rows(3)]
    files = [write_csv(tmp_path / "a" / "v6.csv", rows(3)),
             write_csv(tmp_path / "b" / "v1.csv", v1, version=1)]
    results = [ingest_files(db, [f], experiment="c")[0] for f in (reversed(files) if v1_first else files)]
    assert totals(db) == {"attempts": 3, "gpu_hours": 6.0, "epochs": 3}
    if not v1_first:
        assert "3 row(s) not taken" in results[1].warnings[0]
