"""Issue 11: several event logs of one ingest are parsed in worker processes (ParseAhead in
expreport/ingest_eventlog.py) and inserted in file order: the same rows, issues and errors as
parsing them one after the other in the main process."""

from __future__ import annotations

import pytest
from eventlog import logtext as L
from helpers import REAL

import expreport.ingest_eventlog as IE
from expreport.errors import ExpreportError
from expreport.ingest import ingest_files

GP = REAL / "global_pretraining"
TABLES = {
    "attempt_records": "SELECT * EXCLUDE (ingest_id, experiment) FROM attempt_records WHERE experiment = ? ORDER BY ALL",
    "queue_only_jobs": "SELECT * EXCLUDE (ingest_id, experiment) FROM queue_only_jobs WHERE experiment = ? ORDER BY ALL",
    "eventlog_issues": "SELECT * EXCLUDE (ingest_id, experiment) FROM eventlog_issues WHERE experiment = ? ORDER BY ALL",
}


def small_logs(tmp_path) -> list:
    a = tmp_path / "a.dag.nodes.log"
    a.write_text("".join([
        L.submit(100, "2026-05-04 10:00:00", "run3-train_epoch12"),
        L.execute(100, "2026-05-04 10:10:00", gpus=L.TWO_GPUS),
        L.terminated(100, "2026-05-04 16:00:00"),
        L.submit(102, "2026-05-04 10:00:00", "run3-train_epoch14"),
        L.aborted(102, "2026-05-05 10:00:00")]))
    b = tmp_path / "b.dag.nodes.log"
    b.write_text("".join([
        L.submit(200, "2026-05-04 10:00:00", "run4-train_epoch1"),
        L.execute(200, "2026-05-04 10:05:00", host="exp-1-01.expanse.sdsc.edu"),
        L.held(200, "2026-05-06 02:05:00")]))
    return [a, b]


def contents(con, exp) -> dict:
    return {t: con.execute(q, [exp]).fetchall() for t, q in TABLES.items()}


def test_several_logs_are_parsed_ahead_in_workers(tmp_path):
    logs = small_logs(tmp_path)
    ahead = IE.ParseAhead(logs, [])
    try:
        assert set(ahead.futures) == set(logs)
        counts, issues = ahead.futures[logs[0]].result()
        assert counts == {"attempts": 1, "queue_only": 1} and issues == []
    finally:
        ahead.close()
    assert IE.ParseAhead(logs[:1], []).futures == {}        # one log: parsed inline


def test_one_big_log_is_parsed_in_a_worker(db, tmp_path, monkeypatch):
    """Issue 11: inline, the parser's state of a 1.07 GB log took the main process to 335 MB."""
    log = small_logs(tmp_path)[0]
    monkeypatch.setattr(IE, "BIG_LOG", log.stat().st_size)
    ahead = IE.ParseAhead([log], [])
    try:
        assert set(ahead.futures) == {log}
    finally:
        ahead.close()
    ingest_files(db, [log], experiment="big")
    monkeypatch.setattr(IE, "BIG_LOG", 10**15)
    ingest_files(db, [log], experiment="inline")
    assert contents(db, "big") == contents(db, "inline") and contents(db, "big")["attempt_records"]


def parallel_vs_sequential(db, monkeypatch, logs, dags=()):
    ingest_files(db, logs, experiment="par", dags=list(dags))
    monkeypatch.setattr(IE, "MIN_LOGS", 10**9)
    ingest_files(db, logs, experiment="seq", dags=list(dags))
    par, seq = contents(db, "par"), contents(db, "seq")
    assert par == seq and par["attempt_records"]
    return par


def test_same_rows_as_one_after_the_other(db, tmp_path, monkeypatch):
    par = parallel_vs_sequential(db, monkeypatch, small_logs(tmp_path))
    assert len(par["attempt_records"]) == 2 and len(par["queue_only_jobs"]) == 1


@pytest.mark.skipif(not GP.exists(), reason="../shared/real not present")
def test_same_rows_as_one_after_the_other_on_the_real_logs(db, monkeypatch):
    parallel_vs_sequential(db, monkeypatch, sorted(GP.glob("*.dag.nodes.log")), sorted(GP.glob("*.dag")))


def test_a_damaged_log_fails_the_whole_ingest_as_before(db, tmp_path):
    logs = small_logs(tmp_path)
    bad = tmp_path / "c.dag.nodes.log"
    bad.write_text(L.submit(300, "2026-05-04 10:00:00", "x") + "\x00\x00 garbage\n...\n")
    with pytest.raises(ExpreportError):
        ingest_files(db, [*logs, bad], experiment="par")
    assert db.execute("SELECT count(*) FROM attempt_records").fetchone()[0] == 0


def test_event_log_chunks_are_committed_outside_the_ingest_transaction_under_a_memory_cap(
        db, tmp_path, monkeypatch):
    """Issue 11: rows inserted into an open transaction stayed in memory (~0.9 KB each: a 1 GB
    log grew the process by ~400 MB) and DuckDB keeps the blocks it touched up to 80% of the RAM.
    Each chunk is now committed to a staging table under a 128 MB budget, the transaction moves
    them in one statement, and the budget goes back to DuckDB's default afterwards."""
    seen = []
    real = IE._stage

    def spy(con, *a, **k):
        con.execute("BEGIN TRANSACTION")      # fails when a transaction is already open
        con.execute("ROLLBACK")
        seen.append(con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0])
        return real(con, *a, **k)
    monkeypatch.setattr(IE, "_stage", spy)
    before = db.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
    ingest_files(db, small_logs(tmp_path), experiment="e")
    assert seen and set(seen) == {"122.0 MiB"}, seen        # 128 MB as DuckDB prints it
    assert db.execute("SELECT current_setting('memory_limit')").fetchall()[0][0] == before
    assert db.execute("SELECT count(*) FROM attempt_records").fetchall() == [(2,)]
    assert staged_rows(db) == (0, 0)


def staged_rows(con) -> tuple:
    return tuple(con.execute(f"SELECT count(*) FROM staged_{t}").fetchall()[0][0]
                 for t in ("attempt_records", "queue_only_jobs"))


def test_a_failed_ingest_leaves_no_staged_rows_and_a_dead_ingests_rows_are_cleared(db, tmp_path):
    a, b = small_logs(tmp_path)
    bad = tmp_path / "bad.dag.nodes.log"          # damaged after its first event
    bad.write_text(L.submit(300, "2026-05-04 10:00:00", "x") + L.submit(10**20, "2026-05-04 10:00:00", "y"))
    db.execute("INSERT INTO staged_attempt_records (stage_token, experiment, job_name) "
               "VALUES ('dead', 'e', 'left by a crash')")
    with pytest.raises(ExpreportError, match="too large"):
        ingest_files(db, [a, bad], experiment="e")
    assert staged_rows(db) == (0, 0)
    assert db.execute("SELECT count(*) FROM attempt_records").fetchall() == [(0,)]
    ingest_files(db, [a], experiment="e")
    assert staged_rows(db) == (0, 0)
    assert db.execute("SELECT count(*) FROM attempt_records").fetchall() == [(1,)]


def test_a_log_not_staged_before_the_transaction_is_parsed_inside_it(db, tmp_path, monkeypatch):
    """The pre-check said "already there" but the transaction did not: the log is parsed then."""
    logs = small_logs(tmp_path)
    ingest_files(db, logs, experiment="staged")
    real = IE.stage_logs
    monkeypatch.setattr(IE, "stage_logs", lambda *a, **k: real(*a, **{**k, "seen": lambda *_: True}))
    ingest_files(db, logs, experiment="late")
    assert contents(db, "late") == contents(db, "staged") and contents(db, "late")["attempt_records"]
    assert staged_rows(db) == (0, 0)


def test_the_derive_steps_run_without_the_memory_cap(db, tmp_path, monkeypatch):
    """They read the whole experiment: adding a 20 MB log to an experiment of 1M CSV rows ran
    out of memory under the 128 MB cap (measured; too slow for a test, so the setting is)."""
    import expreport.ingest as ING
    seen = []
    real = ING.derive_epochs

    def spy(con, exp):
        seen.append(con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0])
        return real(con, exp)
    monkeypatch.setattr(ING, "derive_epochs", spy)
    before = db.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
    ingest_files(db, small_logs(tmp_path), experiment="e")
    assert seen == [before]
