"""The figure views (queries/views/2NN_*.sql), pinned on a hand-made campaign.

HAND: 7 attempts, 2 runs (Run UUID u1, u2), day D = 2026-03-02; A100 = NVIDIA A100-SXM4-40GB
(2 GPUs, 40960 MB each), V100 = Tesla V100-SXM2-32GB (4 GPUs, 32768 MB each).

 #  job              res     status    start      hours GPU-h  kind           bytes in  xfer
 1  r1-train_epoch0  delta   completed D   08:00  2     4      success        1 GiB     60 s
 2  r1-train_epoch1  delta   evicted   D   11:00  3     6      evicted        -         60 s
 3  r1-train_epoch1  expanse completed D+1 09:00  1     4      success        2 GiB     120 s
 4  r2-train_epoch0  expanse failed    D   20:00  1.5   6      failed         -         120 s
 5  r2-train_epoch0  expanse completed D+2 00:30  2     8      success        3 GiB     120 s
 6  r2-train_epoch0  delta   completed D+2 05:00  1     2      success(redo)  1 GiB     60 s
 7  r2-train_epoch1  delta   held      D+1 12:00  0.5   1      held/released  -         60 s

Epochs (first success): (u1,0) delta D; (u1,1) expanse D+1; (u2,0) expanse D+2 (#5 stops
02:30, before #6 at 06:00). Output bytes: 0.5 GiB on each completed attempt.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from expreport import style

from .figdata import attempt

D = datetime(2026, 3, 2)
GIB = 2 ** 30
A100 = dict(gpus=2, model="NVIDIA A100-SXM4-40GB", mem_mb=40960, xfer_s=60)
V100 = dict(gpus=4, model="Tesla V100-SXM2-32GB", mem_mb=32768, xfer_s=120)
OUT = dict(bytes_out=GIB // 2)


def hand_rows():
    h = lambda d, hh: D + timedelta(days=d, hours=hh)  # noqa: E731
    return [
        attempt("r1-train_epoch0", "delta", "completed", h(0, 8), 2, cluster=1, run_uuid="u1",
                bytes_in=GIB, **OUT, **A100),
        attempt("r1-train_epoch1", "delta", "evicted", h(0, 11), 3, cluster=2, run_uuid="u1", **A100),
        attempt("r1-train_epoch1", "expanse", "completed", h(1, 9), 1, cluster=3, run_uuid="u1",
                bytes_in=2 * GIB, **OUT, **V100),
        attempt("r2-train_epoch0", "expanse", "failed", h(0, 20), 1.5, cluster=4, run_uuid="u2", **V100),
        attempt("r2-train_epoch0", "expanse", "completed", h(2, 0.5), 2, cluster=5, run_uuid="u2",
                bytes_in=3 * GIB, **OUT, **V100),
        attempt("r2-train_epoch0", "delta", "completed", h(2, 5), 1, cluster=6, run_uuid="u2",
                bytes_in=GIB, **OUT, **A100),
        attempt("r2-train_epoch1", "delta", "held", h(1, 12), 0.5, cluster=7, run_uuid="u2", **A100),
    ]


@pytest.fixture(scope="module")
def hand(tmp_path_factory, template_db):
    from .figdata import make_db
    con = make_db(tmp_path_factory.mktemp("hand"), hand_rows(), template=template_db)
    yield con
    con.close()


def rows(con, sql):
    return [tuple(r) for r in con.execute(sql).fetchall()]


def approx_rows(got, want):
    assert len(got) == len(want), got
    for g, w in zip(got, want):
        assert g == pytest.approx(w), (g, w)


def d(n):
    return date(2026, 3, 2 + n)


def test_epochs_by_day(hand):
    assert rows(hand, "SELECT day, resource, epochs, cumulative_epochs FROM epochs_by_day") == [
        (d(0), "expanse", 0, 0), (d(0), "delta", 1, 1),
        (d(1), "expanse", 1, 1), (d(1), "delta", 0, 1),
        (d(2), "expanse", 1, 2), (d(2), "delta", 0, 1)]


def test_gpu_hours_by_day_same_day_attempts(hand):
    """No attempt of HAND crosses midnight: each day holds its started attempts' hours."""
    approx_rows(rows(hand, "SELECT day, resource, attempts, gpu_hours, productive_gpu_hours, "
                           "wasted_gpu_hours FROM gpu_hours_by_day"), [
        (d(0), "expanse", 1, 6, 0, 6), (d(0), "delta", 2, 10, 4, 6),
        (d(1), "expanse", 1, 4, 4, 0), (d(1), "delta", 1, 1, 0, 1),
        (d(2), "expanse", 1, 8, 8, 0), (d(2), "delta", 1, 2, 2, 0)])


def test_transfer_by_day_counts_on_the_stop_day(hand):
    approx_rows(rows(hand, "SELECT day, resource, attempts_with_bytes, gib_in, gib_out "
                           "FROM transfer_by_day"), [
        (d(0), "expanse", 0, 0, 0), (d(0), "delta", 1, 1, 0.5),
        (d(1), "expanse", 1, 2, 0.5), (d(1), "delta", 0, 0, 0),
        (d(2), "expanse", 1, 3, 0.5), (d(2), "delta", 1, 1, 0.5)])


def test_wasted_hours_by_cause(hand):
    """CSV rows carry no hold / evict reason: the cause says so (a failed CSV row is a
    non-zero exit by its status alone)."""
    approx_rows(rows(hand, "SELECT resource, waste_kind, cause, attempts, gpu_hours, run_hours, "
                           "share_of_resource_waste_pct, example_reason FROM wasted_hours_by_cause"), [
        ("expanse", "failed", "non-zero exit", 1, 6, 1.5, 100, None),
        ("delta", "evicted", "evicted (cause not recorded)", 1, 6, 3, 600 / 7, None),
        ("delta", "held/released", "held (cause not recorded)", 1, 1, 0.5, 100 / 7, None)])


def test_gpu_models_and_efficiency(hand):
    approx_rows(rows(hand, "SELECT gpu_model, attempts, resources, gpu_hours, share_of_total_pct, "
                           "device_memory_mb, device_memory_gib FROM gpu_models"), [
        ("Tesla V100-SXM2-32GB", 3, 1, 18, 1800 / 31, 32768, 32),
        ("NVIDIA A100-SXM4-40GB", 4, 1, 13, 1300 / 31, 40960, 40)])
    approx_rows(rows(hand, "SELECT resource, gpu_model, epochs, gpu_hours, productive_gpu_hours, "
                           "epochs_per_100_gpu_hours, epochs_per_100_productive_gpu_hours "
                           "FROM gpu_model_efficiency"), [
        ("expanse", "Tesla V100-SXM2-32GB", 2, 18, 12, 200 / 18, 200 / 12),
        ("delta", "NVIDIA A100-SXM4-40GB", 1, 13, 6, 100 / 13, 100 / 6)])


def test_hours_per_epoch_by_gpu(hand):
    approx_rows(rows(hand, "SELECT gpu_model, gpus, n, min, p25, median, p75, max, "
                           "gpu_hours_median FROM hours_per_epoch_by_gpu"), [
        ("NVIDIA A100-SXM4-40GB", 2, 2, 1, 1.25, 1.5, 1.75, 2, 3),
        ("Tesla V100-SXM2-32GB", 4, 2, 1, 1.25, 1.5, 1.75, 2, 6)])
    assert hand.execute("SELECT count(*) FROM hours_per_epoch_sample").fetchone()[0] == 4


def test_gpu_memory_by_model(hand):
    approx_rows(rows(hand, "SELECT gpu_model, device_memory_gib, attempts, usage_recorded, n, "
                           "median FROM gpu_memory_by_model"), [
        ("Tesla V100-SXM2-32GB", 32, 3, True, 3, 19660 / 1024),
        ("NVIDIA A100-SXM4-40GB", 40, 4, True, 2, 24)])


def test_device_memory_ignores_inflated_values(db):
    """The generator's GPU Memory MB is often a cluster total (summed over executions): the
    device memory is the smallest value of single-GPU first attempts."""
    got = db.execute("""
        SELECT device_memory_mb(m, g, s) FROM (VALUES (81153, 1, 1), (243459, 1, 1),
            (405768, 2, 2), (81153, 2, 1)) t(m, g, s)""").fetchone()[0]
    assert got == 81153
    got = db.execute("""
        SELECT device_memory_mb(m, g, s) FROM (VALUES (172634, 1, 2), (91478, 2, 1),
            (740702, 2, 1)) t(m, g, s)""").fetchone()[0]
    assert got == 45739


def test_input_transfer_minutes_and_usage(hand):
    approx_rows(rows(hand, "SELECT resource, timing_recorded, n, min, median, max "
                           "FROM input_transfer_minutes"), [
        ("expanse", True, 3, 2, 2, 2), ("delta", True, 4, 1, 1, 1)])
    approx_rows(rows(hand, "SELECT resource, metric, unit, n, median FROM usage_by_resource "
                           "WHERE requested IS NULL"), [
        ("expanse", "cpu_cores", "cores", 3, 3.5), ("expanse", "peak_memory", "GiB", 3, 40000 / 1024),
        ("expanse", "disk", "GiB", 3, 50), ("expanse", "gpu_utilisation", "%", 3, 80),
        ("delta", "cpu_cores", "cores", 2, 3.5), ("delta", "peak_memory", "GiB", 2, 40000 / 1024),
        ("delta", "disk", "GiB", 2, 50), ("delta", "gpu_utilisation", "%", 2, 80)])


def test_attempt_timeline(hand):
    got = rows(hand, "SELECT run_rank, run_label, run_attempts, shown_attempts, resource, outcome, "
                     "open_ended FROM attempt_timeline")
    assert [r[:4] for r in got] == [(1, "r2", 4, 4)] * 4 + [(2, "r1", 3, 3)] * 3
    assert [r[5] for r in got] == ["failed", "held", "success", "success",
                                   "success", "evicted", "success"]
    assert not any(r[6] for r in got)


def test_views_respect_the_scope(hand):
    from expreport.scope import apply_scope, make_scope
    try:
        apply_scope(hand, make_scope(resources=["delta"], until="2026-03-02"))
        assert rows(hand, "SELECT resource, epochs, cumulative_epochs FROM epochs_by_day") == [
            ("delta", 1, 1)]
        assert rows(hand, "SELECT DISTINCT resource FROM wasted_hours_by_cause") == [("delta",)]
        assert rows(hand, "SELECT count(*) FROM attempt_timeline") == [(2,)]
    finally:
        apply_scope(hand, make_scope())


def test_credit_by_model_adds_up_to_epochs_by_resource(campaign_db):
    got = dict(rows(campaign_db, "SELECT resource, sum(epochs) FROM gpu_model_efficiency "
                                 "GROUP BY 1 HAVING sum(epochs) > 0"))
    want = dict(rows(campaign_db, "SELECT resource, epochs FROM epochs_by_resource WHERE epochs > 0"))
    assert got == want


def test_resource_order_agrees_with_sql(db):
    names = ["zeta", "unknown", "chtc", "alpha", "ospool", "expanse", "aws", "delta", "bridges2",
             "anvil"]
    sql = [r[0] for r in db.execute(
        "SELECT r FROM unnest(?) t(r) ORDER BY resource_rank(r), r", [names]).fetchall()]
    assert sql == style.order_resources(names)


def test_row_counts_stay_small_on_many_attempts(db):
    """200k attempts in 60 runs: the per-attempt views return a bounded sample."""
    iid = db.execute("INSERT INTO ingests (experiment, source_path, source_sha256, source_kind, "
                     "header_version, n_rows) VALUES ('big', 'x', 'y', 'csv', 6, 0) "
                     "RETURNING ingest_id").fetchone()[0]
    db.execute("""
        INSERT INTO attempt_records (ingest_id, experiment, source_line, job_name, dag_source,
            cluster_id, attempt_seq, final_status, targeted_resource, resource, run, job_type,
            epoch, start_time, end_time, n_gpus, gpu_name, gpu_memory_mb)
        SELECT ?, 'big', i, 'run' || (i % 60) || '-train_epoch' || (i % 97), 'd', i, 1,
               CASE WHEN i % 3 = 0 THEN 'failed' ELSE 'completed' END, 'delta', 'delta',
               'run' || (i % 60), 'train', i % 97,
               TIMESTAMP '2026-01-01' + to_minutes(i), TIMESTAMP '2026-01-01' + to_minutes(i + 90),
               1 + i % 2, 'GPU' || (i % 25), 40960
        FROM range(1, 200001) t(i)""", [iid])
    # rows written directly, not by an ingest: store their per-row facts as an ingest does
    from expreport.paths import queries_dir
    db.execute((queries_dir() / "ingest" / "store_row_facts.sql").read_text(), {"experiment": "big"})
    tl = db.execute("SELECT run_rank, shown_attempts, run_attempts FROM attempt_timeline").df()
    assert len(tl) == 40 * 150 and tl["run_rank"].max() == 40
    assert (tl["shown_attempts"] == 150).all() and (tl["run_attempts"] > 3000).all()
    s = db.execute("SELECT gpu_model, gpus, count(*) AS k FROM hours_per_epoch_sample "
                   "GROUP BY ALL").df()
    assert s["k"].sum() == 2000 and s["k"].max() <= 100 and len(s) == 50
    for v in ("hours_per_epoch_by_gpu", "gpu_memory_by_model", "usage_by_resource",
              "epochs_by_day", "gpu_hours_by_day", "transfer_by_day"):
        assert db.execute(f"SELECT count(*) FROM {v}").fetchone()[0] <= 1000, v
