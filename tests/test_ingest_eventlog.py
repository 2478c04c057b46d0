"""Event logs through the whole store: resources from host rules, exact bytes, queue-only jobs,
data-quality issues, waste causes, re-ingest and replace, and the real logs."""

from __future__ import annotations

import pytest
from eventlog import logtext as L
from helpers import REAL, by, ingest, one, scoped

BIG_RECV = 42_949_672_999          # not representable in float32: the bindings round it


def write(tmp_path, parts, name="campaign.dag.nodes.log"):
    p = tmp_path / name
    p.write_text("".join(parts))
    return p


@pytest.fixture
def campaign(tmp_path):
    return write(tmp_path, [
        # run3 epoch 12: evicted on an OSPool glidein, then completes on Delta with 2 GPUs
        L.submit(100, "2026-05-04 10:00:00", "run3-train_epoch12"),
        L.execute(100, "2026-05-04 10:10:00", host="gpu02.example.edu", glidein="UIUC-TGI-RAILS-CE1",
                  gpus=[L.gpu_ad("aa11", name="NVIDIA A40", mem=46068)]),
        L.evicted(100, "2026-05-04 12:10:00"),
        L.execute(100, "2026-05-04 13:00:00", gpus=L.TWO_GPUS),
        L.terminated(100, "2026-05-04 16:00:00", run_recv=BIG_RECV, run_sent=2_000_000_000),
        # run3 epoch 13: held at the runtime limit on Expanse after 40 h
        L.submit(101, "2026-05-04 10:00:00", "run3-train_epoch13"),
        L.execute(101, "2026-05-04 10:05:00", host="exp-1-01.expanse.sdsc.edu",
                  gpus=[L.gpu_ad("bb22", name="Tesla V100-SXM2-32GB", mem=32768)]),
        L.held(101, "2026-05-06 02:05:00"),
        # run3 epoch 14: never ran
        L.submit(102, "2026-05-04 10:00:00", "run3-train_epoch14"),
        L.aborted(102, "2026-05-05 10:00:00"),
    ])


def test_event_log_attempts_in_the_store(db, campaign):
    res = ingest(db, campaign, experiment="logs")
    assert res[0].kind == "eventlog" and res[0].attempts == 3
    scoped(db)
    rows = db.execute("SELECT cluster_id, attempt_seq, resource, site, outcome, run_seconds, gpus, "
                      "bytes_in, bytes_scope, waste_cause FROM attempts ORDER BY start_time").fetchall()
    assert rows == [
        (101, 1, "expanse", None, "held", 40 * 3600, 1, None, "attempt", "runtime limit"),
        (100, 1, "ospool", "UIUC-TGI-RAILS-CE1", "evicted", 2 * 3600, 1, 28866754885, "attempt",
         "machine shutdown/preemption"),
        (100, 2, "delta", None, "success", 3 * 3600, 2, BIG_RECV, "attempt", None),
    ]
    t = one(db, "FROM campaign_totals")
    # GPU-hours: 40 x 1 + 2 x 1 + 3 x 2 = 48; productive 6; one epoch (run3 epoch 12) on delta
    assert (t["gpu_hours"], t["productive_gpu_hours"], t["epochs"]) == (48, 6, 1)
    assert by(db, "FROM epochs_by_resource")["delta"]["epochs"] == 1
    q = one(db, "SELECT job_name, end_event, end_time FROM queue_only_jobs")
    assert (q["job_name"], q["end_event"], str(q["end_time"])) == ("run3-train_epoch14", "aborted",
                                                                   "2026-05-05 10:00:00")


def test_exact_bytes_survive_the_store(db, campaign):
    ingest(db, campaign)
    got = one(db, "SELECT bytes_received FROM attempt_records WHERE attempt_seq = 2")["bytes_received"]
    assert got == BIG_RECV
    assert f"{BIG_RECV}  -  Run Bytes Received By Job" in campaign.read_text()


def test_same_log_twice_and_replace(db, campaign, tmp_path):
    ingest(db, campaign)
    again = ingest(db, campaign)
    assert again[0].skipped
    assert one(db, "SELECT count(*) AS n FROM attempt_records")["n"] == 3
    other = write(tmp_path, [L.submit(200, "2026-05-07 10:00:00", "run9-train_epoch0"),
                             L.execute(200, "2026-05-07 10:01:00"),
                             L.terminated(200, "2026-05-07 11:01:00")], name="other.log")
    ingest(db, other, replace=True)
    assert one(db, "SELECT count(*) AS n FROM attempt_records")["n"] == 1
    assert one(db, "SELECT count(*) AS n FROM queue_only_jobs")["n"] == 0


def test_problems_are_recorded_not_fatal(db, tmp_path):
    log = write(tmp_path, [
        L.submit(300, "2026-05-04 10:00:00", "run1-train_epoch0"),
        L.terminated(300, "2026-05-04 11:00:00"),            # an end event without an execute
        L.execute(300, "2026-05-04 12:00:00"),
        L.execute(300, "2026-05-04 12:00:00"),               # duplicate event
        "005 (300.000.000) 2026-05-04 13:00:00 Job terminated.\n\t(1) Normal termi",   # truncated
    ])
    ingest(db, log)
    kinds = {r[0] for r in db.execute("SELECT DISTINCT kind FROM eventlog_issues").fetchall()}
    assert "end_without_execute" in kinds and len(kinds) >= 2


def test_cli_ingests_logs_with_dags(capsys, tmp_path, fresh_db_path, campaign):
    from expreport.cli import main
    dag = tmp_path / "campaign.dag"
    dag.write_text('JOB run3-train_epoch12 delta.sub\nVARS run3-train_epoch12 run_uuid="u-3" epoch="12" '
                   'ResourceName="delta"\nenvironment = "API_KEY=supersecret"\n')
    with pytest.raises(SystemExit) as e:
        main(["--db", str(fresh_db_path), "ingest", str(campaign), "--dag", str(dag), "-e", "x"])
    assert e.value.code == 0
    err = capsys.readouterr().err
    assert "ingested 3 attempts" in err and "never ran" in err
    import duckdb
    con = duckdb.connect(str(fresh_db_path), read_only=True)
    assert con.execute("SELECT DISTINCT run_uuid FROM attempt_records WHERE cluster_id = 100").fetchall() == [("u-3",)]
    dump = "\n".join(str(r) for r in con.execute("FROM attempt_records").fetchall())
    assert "supersecret" not in dump


GP = REAL / "global_pretraining"


@pytest.mark.skipif(not GP.exists(), reason="../shared/real not present")
def test_real_logs_agree_with_the_csv_on_attempts_and_starts(db):
    logs = sorted(GP.glob("*.dag.nodes.log"))
    from expreport.ingest import ingest_files
    ingest_files(db, logs, experiment="log", dags=sorted(GP.glob("*.dag")))
    ingest_files(db, [GP / "job_summary.csv"], experiment="csv")
    q = "SELECT cluster_id, start_time FROM attempt_records WHERE experiment = ? ORDER BY ALL"
    assert db.execute(q, ["log"]).fetchall() == db.execute(q, ["csv"]).fetchall()
    # the 700-hour aborted durations of the CSV are gone in both
    scoped(db)
    assert one(db, "SELECT max(run_hours) AS h FROM attempts")["h"] < 48
