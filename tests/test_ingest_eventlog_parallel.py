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
