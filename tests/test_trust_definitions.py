"""Hand-worked CSV cases of the issue-9 definitions ("numbers a reviewer can trust"): service
jobs, rescued RESCUED rows, copied GPU details, "not recorded" GPUs and bytes, standalone epochs.
Event-log cases: tests/eventlog/test_trust_eventlog.py. Every expected number is worked out in
the table above its test. All times 2026-01-01 unless said otherwise.
"""

from __future__ import annotations

import json

import pytest
from helpers import by, ingest, one, row, scoped, write_csv

D = "2026-01-01T"


def t(hm: str) -> str:
    return D + hm + ":00"


def load(db, tmp_path, rows, version=6, experiment="t"):
    ingest(db, write_csv(tmp_path / experiment / "job_summary.csv", rows, version=version),
           experiment=experiment)
    return scoped(db)


def attempt(con, cluster, seq=1, view="attempts"):
    return one(con, f"FROM {view} WHERE cluster_id = ? AND attempt_seq = ?", [cluster, seq])


# ---------------------------------------------------------------- 2 (c): a CSV service job
#  cl  job                 status     resource GPUs start stop  run h  GPU-h
#  1   run1-train_epoch0   completed  delta    1    00:00 01:00 1      1      compute
#  300 annex_helper        completed  ospool   1    00:00 10:00 10     10     service (by name)
# Totals (compute only): run_hours 1, gpu_hours 1, attempts 1; no ospool row anywhere.

def test_csv_annex_helper_is_a_service_job_outside_every_total(db, tmp_path):
    con = load(db, tmp_path, [
        row("run1-train_epoch0", 1, 1, "completed", "delta", 1, t("00:00"), t("01:00"), uuid="u1"),
        row("annex_helper", 300, 1, "completed", "ospool", 1, t("00:00"), t("10:00"))])
    svc = con.execute("SELECT cluster_id, service, gpu_hours FROM service_attempts").fetchall()
    assert svc == [(300, True, 10.0)]
    assert con.execute("SELECT cluster_id FROM attempts").fetchall() == [(1,)]
    tot = one(con, "FROM campaign_totals")
    assert (tot["attempts"], tot["run_hours"], tot["gpu_hours"]) == (1, 1.0, 1.0)
    assert list(by(con, "FROM compute_time_by_resource")) == ["delta"]


# ---------------------------------------------------------------- 3: RESCUED rows (run uuid r1)
#  #  cl job              status   res      GPUs start stop  other          run h GPU-h  verdict
#  1  10 epoch0           RESCUED  delta    2    00:00 02:00 -              2     4      rescued: epoch 1
#                                                                 starts 03:00 >= 02:00 -> success, credited
#  2  11 epoch1           RESCUED  delta    2    03:00 04:00 Evicted 04:00  1     2      wasted RESCUED
#  3  12 epoch1           completed delta   2    05:00 06:00 -              1     2      success, credited
#  4  13 epoch2           RESCUED  aws      1    07:00 08:00 -              1     1      no later epoch:
#                                                                                       wasted RESCUED
#  5  14 epoch0           RESCUED  expanse  1    06:00 09:00 -              3     3      ends after every
#                  later start (03:00, 05:00, 07:00): not rescued, wasted RESCUED
# epochs 2 (both delta), completions 2 (#1, #3), redone 0; GPU-hours 4+2+2+1+3 = 12,
# productive 6, wasted RESCUED: delta 2, aws 1, expanse 3 = 6.

RESCUE_ROWS = [
    row("r1-train_epoch0", 10, 1, "RESCUED", "delta", 2, t("00:00"), t("02:00"), uuid="r1"),
    row("r1-train_epoch1", 11, 1, "RESCUED", "delta", 2, t("03:00"), t("04:00"), uuid="r1",
        evicted=t("04:00")),
    row("r1-train_epoch1", 12, 1, "completed", "delta", 2, t("05:00"), t("06:00"), uuid="r1"),
    row("r1-train_epoch2", 13, 1, "RESCUED", "aws", 1, t("07:00"), t("08:00"), uuid="r1"),
    row("r1-train_epoch0", 14, 1, "RESCUED", "expanse", 1, t("06:00"), t("09:00"), uuid="r1"),
]


def test_rescued_rows(db, tmp_path):
    con = load(db, tmp_path, RESCUE_ROWS)
    got = {r[0]: r[1:] for r in con.execute(
        "SELECT cluster_id, outcome, rescued, waste_kind, first_success, epochs_credited, gpu_hours "
        "FROM attempts").fetchall()}
    assert got == {10: ("success", True, None, True, 1, 4.0),
                   11: ("RESCUED", False, "RESCUED", False, 0, 2.0),
                   12: ("success", False, None, True, 1, 2.0),
                   13: ("RESCUED", False, "RESCUED", False, 0, 1.0),
                   14: ("RESCUED", False, "RESCUED", False, 0, 3.0)}
    tot = one(con, "FROM campaign_totals")
    assert (tot["epochs"], tot["epoch_completions"], tot["redone_epochs"]) == (2, 2, 0)
    assert (tot["gpu_hours"], tot["productive_gpu_hours"], tot["wasted_gpu_hours"]) == (12, 6, 6)
    ebr = by(con, "FROM epochs_by_resource")
    assert {r: v["epochs"] for r, v in ebr.items()} == {"expanse": 0, "delta": 2, "aws": 0}
    ct = by(con, "FROM compute_time_by_resource")
    assert {r: v["wasted_rescued_gpu_hours"] for r, v in ct.items()} == \
        {"expanse": 3, "delta": 2, "aws": 1}


# ---------------------------------------------------------------- 4: copied GPU details
# All delta, model NVIDIA A40, completed 1 h each (times do not matter here).
# Device memory of the A40 = smallest GPU Memory MB of its 1-GPU Attempt Sequence 1 rows
# = min(46068 [30], 138204 [33/1], 46068 [34], 46068 [35], 46068 [36/1]) = 46068;
# limit for a count n: n x 46068 x 1.05 (1 GPU: 48371.4; 2 GPUs: 96742.8).
#  cl  seq GPUs mem     usage  why                                               copied
#  30  1   1    46068   -      single row                                        no
#  31  1   2    92136   -      same model/memory, counts 2 then 1 (a)            yes
#  31  2   1    92136   -                                                        yes
#  32  1   2    92136   -      same count, 92136 <= 96742.8                      no
#  32  2   2    92136   -                                                        no
#  33  1   1    138204  -      same count, 138204 > 1 x 48371.4 (c)              yes
#  33  2   1    138204  -                                                        yes
#  34  1   1    46068   50000  single row, usage 50000 > 48371.4                 yes
#  35  1   1    46068   48000  single row, usage 48000 <= 48371.4                no
#  36  1   1    46068   -      same model/memory/count, ospool sites differ (b)  yes
#  36  2   1    46068   -                                                        yes

def _a40(cl, seq, gpus, mem, res="delta", usage=None, site=None):
    r = row(f"run1-train_epoch{cl}", cl, seq, "completed", res, gpus, t("00:00"), t("01:00"),
            uuid="u", gpu="NVIDIA A40", gpu_mb=mem, **({"site": site} if site else {}))
    if usage is not None:
        r["GPU Memory Usage MB"] = usage
    return r


COPY_ROWS = [
    _a40(30, 1, 1, 46068),
    _a40(31, 1, 2, 92136), _a40(31, 2, 1, 92136),
    _a40(32, 1, 2, 92136), _a40(32, 2, 2, 92136),
    _a40(33, 1, 1, 138204), _a40(33, 2, 1, 138204),
    _a40(34, 1, 1, 46068, usage=50000),
    _a40(35, 1, 1, 46068, usage=48000),
    _a40(36, 1, 1, 46068, "ospool", site="CHTC-Spark-CE1"),
    _a40(36, 2, 1, 46068, "ospool", site="SDSC-PRP-CE1"),
]


def test_copied_gpu_details_flag(db, tmp_path):
    con = load(db, tmp_path, COPY_ROWS)
    got = dict(((c, s), f) for c, s, f in con.execute(
        "SELECT cluster_id, attempt_seq, gpu_details_copied FROM attempts").fetchall())
    assert got == {(30, 1): False, (31, 1): True, (31, 2): True, (32, 1): False, (32, 2): False,
                   (33, 1): True, (33, 2): True, (34, 1): True, (35, 1): False,
                   (36, 1): True, (36, 2): True}



def test_copied_gpu_details_flag_without_dag_source(db, tmp_path):
    # the same rows with an empty DAG Source (read as NULL): a cluster is still (NULL, cluster),
    # so the flags are the same (derive_flags.sql matches DAG Source with IS NOT DISTINCT FROM)
    con = load(db, tmp_path, [{**r, "DAG Source": ""} for r in COPY_ROWS])
    got = dict(((c, s), f) for c, s, f in con.execute(
        "SELECT cluster_id, attempt_seq, gpu_details_copied FROM attempts").fetchall())
    assert con.execute("SELECT count(*) FROM attempts WHERE dag_source IS NULL").fetchone()[0] == 11
    assert got == {(30, 1): False, (31, 1): True, (31, 2): True, (32, 1): False, (32, 2): False,
                   (33, 1): True, (33, 2): True, (34, 1): True, (35, 1): False,
                   (36, 1): True, (36, 2): True}

# ---------------------------------------------------------------- 6: not recorded (v1 CSV)
# v1 has no Targeted Resource: every attempt is on 'unknown'.
#  file  job               GPUs  GPU MB bytes  start stop   run h  GPU-h
#  zero  run1-train_epoch0 0     0      0/0    10:00 12:00  2      NULL (no row records GPUs)
#  gpus  run1-train_epoch0 2     0      0/0    10:00 12:00  2      4 (a non-zero GPU count)
# Both files: bytes all 0 -> gib_in / gib_out NULL. gpu_mix of 'zero': model 'not recorded'.

def v1_rows(gpus):
    return [row("run1-train_epoch0", 1, 1, "completed", "", gpus, t("10:00"), t("12:00"),
                gpu_mb=0, sent=0, received=0)]


def test_v1_without_gpus_or_bytes_is_not_recorded(db, tmp_path):
    con = load(db, tmp_path, v1_rows(0), version=1, experiment="zero")
    tot = one(con, "FROM campaign_totals")
    assert (tot["run_hours"], tot["gpu_hours"], tot["gib_in"], tot["gib_out"]) == (2.0, None, None, None)
    mix = con.execute("SELECT resource, gpu_model, gpu_hours FROM gpu_mix").fetchall()
    assert mix == [("unknown", "not recorded", None)]
    assert attempt(con, 1)["gpus"] is None


def test_v1_with_a_gpu_count_keeps_its_gpu_hours(db, tmp_path):
    con = load(db, tmp_path, v1_rows(2), version=1, experiment="gpus")
    tot = one(con, "FROM campaign_totals")
    assert (tot["gpu_hours"], tot["gib_in"]) == (4.0, None)


def test_summary_json_says_not_recorded(capsys, tmp_path, fresh_db_path):
    from expreport.cli import main
    path = write_csv(tmp_path / "zero" / "job_summary.csv", v1_rows(0), version=1)
    for args in (["ingest", str(path)], ["summary", "-f", "json"]):
        with pytest.raises(SystemExit) as e:
            main(["--db", str(fresh_db_path), *args])
        assert (e.value.code or 0) == 0
    out = json.loads(capsys.readouterr().out)
    # null with the note metrics.json gives (issue 10: never a bare null, never a string value)
    assert [r["gpu_hours"] for r in out] == [None]
    assert [r["notes"]["gpu_hours"] for r in out] == [
        "not recorded: the source files hold no GPU counts (the CSV v1 generator wrote 0 GPUs on "
        "every row; CSV v2+ or an event log has them)"]


# ---------------------------------------------------------------- 7: standalone epochs
#  cl job                                   status    res   GPUs start stop  Epochs Completed
#  9  standalone_train_uuid_abc_cluster_9   evicted   delta 1    00:00 01:00 1 (ignored: wasted)
#  9  (seq 2)                               completed delta 1    02:00 04:00 3 -> credited 3
#  50 run1-eval                             completed delta 1    05:00 06:00 1 -> run, no epoch: 0
# v6: delta epochs 3, epoch_completions 3, redone 0.
# v3 (no Epochs Completed column): the count is not recorded -> 0 epochs, 0 completions.

STANDALONE = [
    row("standalone_train_uuid_abc_cluster_9", 9, 1, "evicted", "delta", 1, t("00:00"), t("01:00"),
        dag="standalone_abc", evicted=t("01:00")),
    row("standalone_train_uuid_abc_cluster_9", 9, 2, "completed", "delta", 1, t("02:00"), t("04:00"),
        dag="standalone_abc", epochs=3),
    row("run1-eval", 50, 1, "completed", "delta", 1, t("05:00"), t("06:00"), uuid="u1"),
]


@pytest.mark.parametrize("version, epochs", [(6, 3), (3, 0)])
def test_standalone_job_epochs(db, tmp_path, version, epochs):
    con = load(db, tmp_path, STANDALONE, version=version)
    d = by(con, "FROM epochs_by_resource")["delta"]
    assert (d["epochs"], d["epoch_completions"], d["redone_epochs"]) == (epochs, epochs, 0)
    got = con.execute("SELECT cluster_id, attempt_seq, first_success, epochs_credited, "
                      "epoch_completions FROM attempts ORDER BY cluster_id, attempt_seq").fetchall()
    assert got == [(9, 1, False, 0, 0), (9, 2, True, epochs, epochs), (50, 1, False, 0, 0)]
    assert one(con, "FROM campaign_totals")["epochs"] == epochs


# A rescue needs the run's NEXT epoch to start first at or after the End Time. Row 15 (epoch 0,
# RESCUED, ends 04:30) ended after epoch 1 had first started (03:00: epoch 0 was already done, by
# #1); epoch 1's retry at 05:00 and epoch 2 at 07:00 do not make it a completion (the first
# version used the latest start of any later epoch and called it rescued, a re-done epoch):
# 15 -> RESCUED, 0 completions, redone 0.
def test_rescued_row_ending_after_the_next_epoch_started(db, tmp_path):
    late = row("r1-train_epoch0", 15, 1, "RESCUED", "expanse", 1, t("00:30"), t("04:30"), uuid="r1")
    con = load(db, tmp_path, RESCUE_ROWS + [late])
    assert (attempt(con, 15)["outcome"], attempt(con, 15)["rescued"]) == ("RESCUED", False)
    assert one(con, "FROM campaign_totals")["redone_epochs"] == 0


# ------------------------------------- the main resource of a waste kind when hours tie
#  cl  status     resource GPUs  GPU-h   failed: delta 0 h (1 attempt), ospool 0 h (2 attempts)
#  1   completed  delta    1     1       evicted: aws 0 h (1), expanse 0 h (1): resource order
#  2   failed     delta    0     0                -> expanse (expanse comes before aws)
#  3,4 failed     ospool   0     0       failed -> ospool (more attempts at equal hours)
#  5   evicted    aws      0     0       (before: arg_max on 0 = 0 picked any, run to run)
#  6   evicted    expanse  0     0

def test_waste_kind_main_resource_ties_are_decided(db, tmp_path):
    con = load(db, tmp_path, [
        row("r-train_epoch0", 1, 1, "completed", "delta", 1, t("00:00"), t("01:00"), uuid="r"),
        row("r-train_epoch1", 2, 1, "failed", "delta", 0, t("01:00"), t("02:00"), uuid="r"),
        row("r-train_epoch1", 3, 1, "failed", "ospool", 0, t("02:00"), t("03:00"), uuid="r"),
        row("r-train_epoch1", 4, 1, "failed", "ospool", 0, t("03:00"), t("04:00"), uuid="r"),
        row("r-train_epoch1", 5, 1, "evicted", "aws", 0, t("04:00"), evicted=t("05:00"), uuid="r"),
        row("r-train_epoch1", 6, 1, "evicted", "expanse", 0, t("05:00"), evicted=t("06:00"), uuid="r")])
    got = {k: (a, h, m) for k, a, h, m in con.execute(
        "SELECT kind, attempts, gpu_hours, main_resource FROM report_waste_by_kind").fetchall()}
    assert got == {"failed": (3, 0, "ospool"), "evicted": (2, 0, "expanse")}


# ------------------------------ success_rates.main_failure when two kinds are as frequent
#  delta: 1 held (cluster 1, first row), 1 failed (cluster 2) -> 'failed' (text order; mode()
#  returned either one depending on row order, which made a summary test fail now and then)

def test_main_failure_ties_are_decided(db, tmp_path):
    con = load(db, tmp_path, [
        row("r-train_epoch0", 1, 1, "held", "delta", 1, t("00:00"), held=t("01:00"), uuid="r"),
        row("r-train_epoch0", 2, 1, "failed", "delta", 1, t("02:00"), t("03:00"), uuid="r")])
    assert one(con, "SELECT main_failure FROM success_rates WHERE resource = 'delta'") == {
        "main_failure": "failed"}
