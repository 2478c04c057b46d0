"""Hand-worked event-log cases of the issue-9 definitions: waste causes of user removals and
shutdowns, service jobs from the DAG and the hosts, the copied-GPU flag on log attempts, and one
campaign read from both its CSV and its event log into one experiment. Every expected number is
worked out in the table above its test. CSV cases: tests/test_trust_definitions.py.
"""

from __future__ import annotations

import shutil

import pytest
from eventlog import logtext as L
from helpers import by, ingest, one, row, scoped, write_csv

D = "2026-05-04"
AP = "ap40.uw.osg-htc.org"          # the access point of L.SUBMIT_HOST
A40 = [L.gpu_ad("a401", name="NVIDIA A40", mem=46068), L.gpu_ad("a402", name="NVIDIA A40", mem=46068)]
A100 = [L.gpu_ad("c0a1", name="NVIDIA A100-SXM4-40GB", mem=40442)]


def ts(hm: str, day: str = D) -> str:
    return f"{day} {hm}:00" if len(hm) == 5 else f"{day} {hm}"


def ct(hm: str, day: str = D) -> str:
    return ts(hm, day).replace(" ", "T")


def write(path, parts):
    path.write_text("".join(parts))
    return path


def job(cluster, node, events):
    return [L.submit(cluster, ts("09:00"), node)] + events


# ---------------------------------------------------------------- 1: waste causes
# Every job executes at 10:00 on delta and stops at 11:00 (run 3600 s); then:
#  cl  end event (11:00)                               what follows                    waste_cause
#  200 evicted, no reason                              abort 30 s later (11:00:30)     user removal
#  201 evicted, no reason                              abort 10 min later (11:10)      machine shutdown/preemption
#  202 evicted 'DAG Removed: User removed scheduler job from queue'   -               user removal
#  203 aborted 'via condor_rm (by user x)' (ends the running attempt)   -             user removal
#  204 evicted, no reason                              condor_hold 5 s later (11:00:05) user removal
#  205 evicted 'Startd was shutdown'                   hold code 47 three days later   machine shutdown/preemption
#  206 evicted, no reason                              hold code 47 two days later     machine shutdown/preemption
# (a hold or abort explains a reasonless eviction only within 60 s; never one with a reason)
RM_HOLD = "via condor_hold (by user x)"
WASTE_LOG = (
    job(200, "r-train_epoch0", [L.execute(200, ts("10:00")), L.evicted(200, ts("11:00"), reason=None),
                                L.aborted(200, ts("11:00:30"))])
    + job(201, "r-train_epoch1", [L.execute(201, ts("10:00")), L.evicted(201, ts("11:00"), reason=None),
                                  L.aborted(201, ts("11:10"))])
    + job(202, "r-train_epoch2", [L.execute(202, ts("10:00")), L.evicted(
        202, ts("11:00"), reason="DAG Removed: User removed scheduler job from queue")])
    + job(203, "r-train_epoch3", [L.execute(203, ts("10:00")),
                                  L.aborted(203, ts("11:00"), reason="via condor_rm (by user x)")])
    + job(204, "r-train_epoch4", [L.execute(204, ts("10:00")), L.evicted(204, ts("11:00"), reason=None),
                                  L.held(204, ts("11:00:05"), reason=RM_HOLD, code=1)])
    + job(205, "r-train_epoch5", [L.execute(205, ts("10:00")), L.evicted(205, ts("11:00")),
                                  L.held(205, ts("11:00", "2026-05-07"))])
    + job(206, "r-train_epoch6", [L.execute(206, ts("10:00")), L.evicted(206, ts("11:00"), reason=None),
                                  L.held(206, ts("11:00", "2026-05-06"))])
)


def test_waste_causes_of_removals_and_shutdowns(db, tmp_path):
    ingest(db, write(tmp_path / "w.log", WASTE_LOG), experiment="w")
    got = {r[0]: r[1:] for r in scoped(db).execute(
        "SELECT cluster_id, waste_cause, run_seconds FROM attempts").fetchall()}
    user, shut = "user removal", "machine shutdown/preemption"
    assert got == {200: (user, 3600), 201: (shut, 3600), 202: (user, 3600), 203: (user, 3600),
                   204: (user, 3600), 205: (shut, 3600), 206: (shut, 3600)}


# ---------------------------------------------------------------- 2: service jobs (a, b, d)
# DAG camp.dag: annex_helper as in the real DAG (SERVICE + universe local); 'sidecar' only a
# SERVICE node (a); 'run1-prep' only a local-universe description (d), run on a delta host so
# that neither the name nor the host rule can be what catches it; cluster 304 has no DAG node
# and ran on the access point itself (b).
#  cl  node               host               GPUs start stop   run h GPU-h  kind
#  300 run1-train_epoch0  delta              1    10:00 12:00  2     2      compute
#  301 annex_helper       ap40               0    09:00 18:00  9     0      service (name, SERVICE, local, host)
#  302 sidecar            delta              1    10:00 13:00  3     3      service (SERVICE)
#  303 run1-prep          delta              1    10:00 14:00  4     4      service (universe = local)
#  304 (no node)          ap40               1    10:00 15:00  5     5      service (execute host = submit host)
# Compute totals: 1 attempt, run_hours 2, gpu_hours 2, 1 epoch; compute_time_by_resource:
# delta only (2 GPU-h); service_attempts: 301-304.
SERVICE_DAG = """SUBMIT-DESCRIPTION annex_helper.sub {
    universe = local
    executable = /home/u/.venv/bin/python
    arguments = annex_helper.py watch --interval 60
    queue
}
SERVICE annex_helper annex_helper.sub
SERVICE sidecar sidecar.sub
SUBMIT-DESCRIPTION prep.sub {
    universe = local
    queue
}
JOB run1-prep prep.sub
SUBMIT-DESCRIPTION train.sub {
    universe = container
    request_gpus = 1
    queue
}
JOB run1-train_epoch0 train.sub
VARS run1-train_epoch0 run_uuid="u-1" epoch="0"
"""
SERVICE_LOG = (
    job(300, "run1-train_epoch0", [L.execute(300, ts("10:00"), gpus=A100), L.terminated(300, ts("12:00"))])
    + job(301, "annex_helper", [L.execute(301, ts("09:00"), host=AP), L.evicted(301, ts("18:00"), reason=None),
                                L.aborted(301, ts("18:00:01"))])
    + job(302, "sidecar", [L.execute(302, ts("10:00"), gpus=A100), L.terminated(302, ts("13:00"))])
    + job(303, "run1-prep", [L.execute(303, ts("10:00"), gpus=A100), L.terminated(303, ts("14:00"))])
    + [L.submit(304, ts("09:00")), L.execute(304, ts("10:00"), host=AP, gpus=A100),
       L.terminated(304, ts("15:00"))]
)


def test_service_jobs_from_dag_and_hosts_are_in_no_total(db, tmp_path):
    from expreport.ingest import ingest_files
    dag = tmp_path / "camp.dag"
    dag.write_text(SERVICE_DAG)
    ingest_files(db, [write(tmp_path / "camp.dag.nodes.log", SERVICE_LOG)], experiment="s", dags=[dag])
    con = scoped(db)
    assert con.execute("SELECT cluster_id FROM attempts").fetchall() == [(300,)]
    svc = con.execute("SELECT cluster_id, service, gpu_hours FROM service_attempts "
                      "ORDER BY cluster_id").fetchall()
    assert svc == [(301, True, 0.0), (302, True, 3.0), (303, True, 4.0), (304, True, 5.0)]
    tot = one(con, "FROM campaign_totals")
    assert (tot["attempts"], tot["run_hours"], tot["gpu_hours"], tot["epochs"]) == (1, 2.0, 2.0, 1)
    ct = by(con, "FROM compute_time_by_resource")
    assert list(ct) == ["delta"] and ct["delta"]["gpu_hours"] == 2.0


# ---------------------------------------------------------------- 4: the flag is CSV-only
# Cluster 400 (A40, one device 46068 MB): execution 1 on 2 GPUs (92136 MB), evicted (its table:
# GPU memory usage 771 MB); execution 2 on 1 GPU (46068 MB), terminated with GpusMemory usage
# 50000 MB > 46068 x 1.05 = 48371.4.
# As CSV rows both would be flagged (counts differ; usage over the device); from a log: neither.
USAGE_50000 = dict(L.DEFAULT_ROWS, **{"GpusMemory (MB)": (50000, None, None), "GPUs": (None, 1, 1)})
FLAG_LOG = job(400, "run1-train_epoch0", [
    L.execute(400, ts("10:00"), gpus=A40), L.evicted(400, ts("11:00")),
    L.execute(400, ts("12:00"), gpus=A40[:1]), L.terminated(400, ts("13:00"), rows=USAGE_50000)])


def test_copied_gpu_flag_is_false_for_event_log_attempts(db, tmp_path):
    ingest(db, write(tmp_path / "f.log", FLAG_LOG), experiment="f")
    got = scoped(db).execute("SELECT attempt_seq, gpus, gpu_memory_usage_mb, gpu_details_copied "
                             "FROM attempts ORDER BY attempt_seq").fetchall()
    assert got == [(1, 2, 771, False), (2, 1, 50000, False)]


# ---------------------------------------------------------------- 5: one campaign, both sources
# Event log (the truth), run uuid u-1 from camp.dag, all on delta hosts:
#  cl  seq node               GPUs        start stop   outcome  GPU-h
#  100 1   run1-train_epoch0  1 A100      10:00 12:00  success  2
#  101 1   run1-train_epoch1  2 A40       10:00 11:00  evicted  2
#  101 2   run1-train_epoch1  2 A100-40GB 12:00 14:00  success  4   (second A100 device below)
# The CSV of the same campaign has those 3 rows with the generator's copy quirk on cluster 101
# (model A40 and 4 GPUs on both rows: alone it would say 4 + 8 = 12 A40 GPU-hours) and one row
# the nodes log lacks: 102/1 run1-train_epoch2, 1 A100, 14:30-15:30, completed (1 GPU-h).
# Merged, in either order: attempts 100/1, 101/1, 101/2 from the log (their CSV rows
# 'superseded') + 102/1 'csv only' = 4 attempts; GPU-hours 2 + 2 + 4 + 1 = 9, productive 7,
# wasted 2, run_hours 2 + 1 + 2 + 1 = 6; epochs 3 (0, 1, 2 of u-1, all delta).
# Per model: A40 2 (the log's 101/1), A100-40GB 2 + 4 + 1 = 7 (log 6 + csv-only 1).
A100X2 = A100 + [L.gpu_ad("c0a2", name="NVIDIA A100-SXM4-40GB", mem=40442, bus="0000:46:00.0")]
BOTH_DAG = """JOB run1-train_epoch0 train.sub
JOB run1-train_epoch1 train.sub
JOB run1-train_epoch2 train.sub
VARS ALL_NODES run_uuid="u-1"
"""
BOTH_LOG = (
    job(100, "run1-train_epoch0", [L.execute(100, ts("10:00"), gpus=A100), L.terminated(100, ts("12:00"))])
    + job(101, "run1-train_epoch1", [L.execute(101, ts("10:00"), gpus=A40), L.evicted(101, ts("11:00")),
                                     L.execute(101, ts("12:00"), gpus=A100X2),
                                     L.terminated(101, ts("14:00"))])
)
COPIED = {"gpu": "NVIDIA A40", "gpu_mb": 2 * 46068 + 2 * 40442}
BOTH_CSV = [
    row("run1-train_epoch0", 100, 1, "completed", "delta", 1, ct("10:00"), ct("12:00"), dag="camp",
        uuid="u-1", submit=ct("09:00"), gpu="NVIDIA A100-SXM4-40GB", gpu_mb=40442),
    row("run1-train_epoch1", 101, 1, "evicted", "delta", 4, ct("10:00"), ct("11:00"), dag="camp",
        uuid="u-1", submit=ct("09:00"), evicted=ct("11:00"), **COPIED),
    row("run1-train_epoch1", 101, 2, "completed", "delta", 4, ct("12:00"), ct("14:00"), dag="camp",
        uuid="u-1", submit=ct("09:00"), **COPIED),
    row("run1-train_epoch2", 102, 1, "completed", "delta", 1, ct("14:30"), ct("15:30"), dag="camp",
        uuid="u-1", submit=ct("14:00"), gpu="NVIDIA A100-SXM4-40GB", gpu_mb=40442),
]
ATTEMPT_COLS = "cluster_id, attempt_seq, resource, gpus, gpu_hours, outcome, merge_state, source_kind"


@pytest.fixture
def both(tmp_path, template_db):
    """Two databases of the campaign: 'csv_first' (CSV, then log) and 'log_first'."""
    from expreport.ingest import ingest_files
    from expreport.store import connect
    dag = tmp_path / "camp.dag"
    dag.write_text(BOTH_DAG)
    log = write(tmp_path / "camp.dag.nodes.log", BOTH_LOG)
    csv = write_csv(tmp_path / "job_summary.csv", BOTH_CSV)
    cons = {}
    for name, order in (("csv_first", (csv, log)), ("log_first", (log, csv))):
        path = tmp_path / f"{name}.duckdb"
        shutil.copyfile(template_db, path)
        cons[name] = con = connect(path, write=True)
        for f in order:
            ingest_files(con, [f], experiment="camp", dags=[dag] if f == log else None)
        scoped(con)
    yield cons
    for con in cons.values():
        con.close()


def test_both_sources_in_either_order_give_the_log_numbers(both):
    expected = [(100, 1, "delta", 1, 2.0, "success", None, "eventlog"),
                (101, 1, "delta", 2, 2.0, "evicted", None, "eventlog"),
                (101, 2, "delta", 2, 4.0, "success", None, "eventlog"),
                (102, 1, "delta", 1, 1.0, "success", "csv only", "csv")]
    totals = []
    for con in both.values():
        got = con.execute(f"SELECT {ATTEMPT_COLS} FROM attempts ORDER BY cluster_id, attempt_seq")
        assert got.fetchall() == expected
        t = one(con, "FROM campaign_totals")
        assert (t["attempts"], t["gpu_hours"], t["productive_gpu_hours"], t["wasted_gpu_hours"],
                t["run_hours"], t["epochs"]) == (4, 9.0, 7.0, 2.0, 6.0, 3)
        totals.append(t)
        sup = con.execute("SELECT cluster_id, attempt_seq FROM attempt_records "
                          "WHERE merge_state = 'superseded' ORDER BY 1, 2").fetchall()
        assert sup == [(100, 1), (101, 1), (101, 2)]
        mix = {r[0]: r[1] for r in con.execute("SELECT gpu_model, gpu_hours FROM gpu_mix").fetchall()}
        assert mix == {"NVIDIA A40": 2.0, "NVIDIA A100-SXM4-40GB": 7.0}
        log_only = {r[0]: r[1] for r in con.execute(
            "SELECT gpu_model, sum(gpu_hours) FROM attempts WHERE merge_state IS NULL GROUP BY 1").fetchall()}
        assert log_only == {"NVIDIA A40": 2.0, "NVIDIA A100-SXM4-40GB": 6.0}
        assert by(con, "FROM epochs_by_resource")["delta"]["epochs"] == 3
    assert totals[0] == totals[1]


# The merge pairs a CSV row with a log attempt of its cluster by Start Time. When the nodes log
# lost a cluster's first execution (compare-sources: 'missing_execute_in_log', 'sequence_shift'),
# the log's attempt 1 is the CSV's attempt 2:
#  CSV 110/1 evicted   10:20-11:00 (1 GPU) -> 'csv only' (no log execution started at 10:20)
#  CSV 110/2 completed 11:20-12:20 (1 GPU) -> superseded by the log's 110/1 (started 11:20)
# Counted by hand: 2 attempts, 40 min + 1 h = 1.6667 GPU-h, 1 epoch completion. Pairing by
# Attempt Sequence (the first version) counted the completed hour twice (2 GPU-h, 2 completions:
# 1 'redone') and lost the eviction.
# (Run UUID u-1 on both sides: the DAG gives it to the log.)
SHIFT_LOG = job(110, "run1-train_epoch0", [L.execute(110, ts("11:20"), gpus=A100),
                                           L.terminated(110, ts("12:20"))])
SHIFT_CSV = [
    row("run1-train_epoch0", 110, 1, "evicted", "delta", 1, ct("10:20"), ct("11:00"), dag="camp",
        uuid="u-1", submit=ct("09:00"), evicted=ct("11:00"), gpu="NVIDIA A100-SXM4-40GB", gpu_mb=40442),
    row("run1-train_epoch0", 110, 2, "completed", "delta", 1, ct("11:20"), ct("12:20"), dag="camp",
        uuid="u-1", submit=ct("09:00"), gpu="NVIDIA A100-SXM4-40GB", gpu_mb=40442),
]


def test_merge_when_the_log_lost_a_first_execution(db, tmp_path):
    from expreport.ingest import ingest_files
    dag = tmp_path / "camp.dag"
    dag.write_text(BOTH_DAG)
    ingest(db, write_csv(tmp_path / "job_summary.csv", SHIFT_CSV), experiment="camp")
    ingest_files(db, [write(tmp_path / "camp.dag.nodes.log", SHIFT_LOG)], experiment="camp", dags=[dag])
    t = one(scoped(db), "FROM campaign_totals")
    assert (t["attempts"], t["epoch_completions"], t["redone_epochs"]) == (2, 1, 0)
    assert t["gpu_hours"] == pytest.approx(40 / 60 + 1)


# A standalone job read from its metl log (no DAG: job name 'cluster120') and from the CSV
# (v6, Epochs Completed 3) into one experiment: the log attempt replaces the CSV row but keeps the
# CSV's Epochs Completed, the one fact only the CSV has (merge_csv_facts.sql):
#  120: 10:00-14:00 on delta, return value 0   -> success, 3 epochs credited to delta
#  121: 10:00-10:05 on delta, return value 127 -> failed (the CSV calls it completed): 0 epochs
# Before, the merged experiment showed 0 standalone epochs (the log has no such count).
STANDALONE_LOG = (
    [L.submit(120, ts("09:00")), L.execute(120, ts("10:00")), L.terminated(120, ts("14:00"))]
    + [L.submit(121, ts("09:00")), L.execute(121, ts("10:00")), L.terminated(121, ts("10:05"), rv=127)])
STANDALONE_CSV = [
    row(f"standalone_train_uuid_ab12_cluster_{cl}", cl, 1, "completed", "delta", 2, ct("10:00"), ct(end),
        dag="standalone_ab12", epochs=3) for cl, end in ((120, "14:00"), (121, "10:05"))]


@pytest.mark.parametrize("log_first", [False, True])
def test_merged_standalone_job_keeps_the_csv_epoch_count(db, tmp_path, log_first):
    from expreport.ingest import ingest_files
    steps = [lambda: ingest(db, write_csv(tmp_path / "job_summary.csv", STANDALONE_CSV), experiment="s"),
             lambda: ingest_files(db, [write(tmp_path / "metl.log", STANDALONE_LOG)], experiment="s")]
    for step in (reversed(steps) if log_first else steps):
        step()
    con = scoped(db)
    got = con.execute("SELECT cluster_id, outcome, source_kind, epochs_credited FROM attempts "
                      "ORDER BY 1").fetchall()
    assert got == [(120, "success", "eventlog", 3), (121, "failed", "eventlog", 0)]
    assert by(con, "FROM epochs_by_resource")["delta"]["epochs"] == 3


def test_both_sources_store_the_row_facts_of_log_and_superseded_csv_rows(both):
    # The stored outcome / waste_kind / run_key (store_row_facts.sql) in either order of ingest:
    # the log's attempts (run key u-1 from the DAG), the superseded CSV rows (out of the views,
    # facts of their own row) and the 'csv only' row 102/1.
    from helpers import stale_row_facts
    for con in both.values():
        got = con.execute("SELECT cluster_id, attempt_seq, source_kind, merge_state, row_outcome, "
                          "row_waste_kind, row_run_key FROM attempt_records "
                          "JOIN ingest_sources USING (ingest_id) ORDER BY 1, 2, 3").fetchall()
        assert got == [(100, 1, "csv", "superseded", "success", None, "u-1"),
                       (100, 1, "eventlog", None, "success", None, "u-1"),
                       (101, 1, "csv", "superseded", "evicted", "evicted", "u-1"),
                       (101, 1, "eventlog", None, "evicted", "evicted", "u-1"),
                       (101, 2, "csv", "superseded", "success", None, "u-1"),
                       (101, 2, "eventlog", None, "success", None, "u-1"),
                       (102, 1, "csv", "csv only", "success", None, "u-1")]
        assert stale_row_facts(con) == 0
