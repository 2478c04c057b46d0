"""Every definition of the attempts/epochs views pinned on the hand-worked campaign
(tests/hand_campaign.py: the expected numbers are worked out there, in its docstring)."""

from __future__ import annotations

import pytest
from helpers import by, ingest, one, scoped, write_csv
from hand_campaign import HAND_ROWS


@pytest.fixture
def hand(db, tmp_path):
    ingest(db, write_csv(tmp_path / "hand" / "job_summary.csv", HAND_ROWS), experiment="hand")
    return scoped(db)


def attempt(con, cluster, seq):
    return one(con, "FROM attempts WHERE cluster_id = ? AND attempt_seq = ?", [cluster, seq])


def test_resource_is_lower_cased_and_blank_is_unknown(hand):
    assert attempt(hand, 104, 1)["resource"] == "chtc"
    assert attempt(hand, 201, 1)["resource"] == "unknown"
    assert attempt(hand, 101, 1)["site"] == "CHTC-Spark-CE1"
    assert attempt(hand, 100, 1)["site"] is None


def test_name_parsing(hand):
    a = attempt(hand, 100, 1)
    assert (a["run"], a["job_type"], a["epoch"]) == ("run1", "train", 0)
    svc = one(hand, "FROM service_attempts WHERE cluster_id = 300")
    assert (svc["run"], svc["job_type"], svc["epoch"]) == (None, "annex_helper", None)


def test_outcomes(hand):
    assert attempt(hand, 100, 1)["outcome"] == "success"
    assert attempt(hand, 102, 1)["outcome"] == "checkpoint"
    assert attempt(hand, 102, 1)["productive"] is True
    assert attempt(hand, 200, 2)["outcome"] == "failed"
    assert attempt(hand, 201, 1)["outcome"] == "unknown"
    assert attempt(hand, 200, 1)["waste_kind"] == "held/released"
    assert attempt(hand, 100, 1)["waste_kind"] is None


def test_run_seconds_end_at_first_stop_event(hand):
    # aborted after evicted: End Time is 19 days later, but the attempt stopped at eviction
    assert attempt(hand, 101, 2)["run_seconds"] == 3600
    # held then released, no End Time: ran from Start to Held Time
    assert attempt(hand, 200, 1)["run_seconds"] == 1800
    # no stop event at all: unknown, not zero
    assert attempt(hand, 201, 1)["run_seconds"] is None
    assert attempt(hand, 200, 2)["run_seconds"] == 360


def test_gpu_hours_and_queue(hand):
    assert attempt(hand, 100, 1)["gpu_hours"] == pytest.approx(8.0)
    assert attempt(hand, 200, 2)["gpu_hours"] == pytest.approx(0.4)
    assert one(hand, "FROM service_attempts WHERE cluster_id = 300")["gpu_hours"] == 0
    assert attempt(hand, 100, 1)["queue_seconds"] == 3600
    assert attempt(hand, 101, 2)["queue_seconds"] is None      # not the cluster's first attempt
    assert attempt(hand, 100, 1)["gpu_device_memory_mb"] == 32768


def test_totals(hand):
    t = one(hand, "FROM campaign_totals")
    assert t["attempts"] == 9          # annex_helper (#10) is a service job, listed apart
    assert t["runs"] == 2
    assert t["gpu_hours"] == pytest.approx(25.4)
    assert t["productive_gpu_hours"] == pytest.approx(19.0)
    assert t["wasted_gpu_hours"] == pytest.approx(6.4)
    assert t["productive_pct"] == pytest.approx(100 * 19 / 25.4)
    assert (t["epochs"], t["epoch_completions"], t["redone_epochs"]) == (2, 3, 1)


def test_epochs_credited_to_first_success(hand):
    e = by(hand, "FROM epochs", key="epoch")
    assert e[0]["resource"] == "expanse" and e[0]["successful_attempts"] == 2 and e[0]["redone"] == 1
    assert e[1]["resource"] == "aws" and e[1]["attempts"] == 4
    assert len(e) == 2          # run2 epoch 0 never succeeded


def test_epochs_by_resource_and_equivalents(hand):
    r = by(hand, "FROM epochs_by_resource")
    assert {k: v["epochs"] for k, v in r.items()} == {
        "expanse": 1, "delta": 0, "aws": 1, "ospool": 0, "chtc": 0, "unknown": 0}
    assert r["chtc"]["redone_epochs"] == 1
    eq = {k: v["epoch_equivalents"] for k, v in r.items()}
    assert eq["expanse"] == pytest.approx(8 / 9)
    assert eq["chtc"] == pytest.approx(1 / 9)
    assert eq["delta"] == pytest.approx(0.4)
    assert eq["aws"] == pytest.approx(0.6)
    assert sum(eq.values()) == pytest.approx(2.0)


def test_compute_time_by_resource(hand):
    r = by(hand, "FROM compute_time_by_resource")
    assert list(r) == ["expanse", "delta", "aws", "ospool", "chtc", "unknown"]   # fixed order
    assert r["expanse"]["gpu_hours"] == pytest.approx(10.4)
    assert r["expanse"]["wasted_held_gpu_hours"] == pytest.approx(2.0)
    assert r["expanse"]["wasted_failed_gpu_hours"] == pytest.approx(0.4)
    assert r["ospool"]["wasted_evicted_gpu_hours"] == pytest.approx(2.0)
    assert r["ospool"]["wasted_aborted_gpu_hours"] == pytest.approx(2.0)
    assert r["ospool"]["run_hours"] == pytest.approx(2.0)     # annex_helper's 10 h left out
    assert r["ospool"]["productive_pct"] == pytest.approx(0.0)
    assert r["unknown"]["attempts_without_runtime"] == 1


def test_success_rates_are_not_100_by_construction(hand):
    r = by(hand, "FROM success_rates")
    assert r["ospool"]["attempt_success_pct"] == 0     # annex_helper's success is not compute
    assert r["expanse"]["attempt_success_pct"] == pytest.approx(100 / 3)
    assert r["delta"]["attempt_success_pct"] == 0
    assert r["delta"]["productive_attempt_pct"] == 100
    assert r["expanse"]["productive_hours_pct"] == pytest.approx(100 * 2 / 2.6)


def test_resource_summary_main_waste(hand):
    r = by(hand, "FROM resource_summary")
    assert r["expanse"]["main_waste_kind"] == "held/released"
    assert r["aws"]["main_waste_kind"] is None
    assert r["expanse"]["epochs_per_100_gpu_hours"] == pytest.approx(100 / 10.4)


def test_gpu_mix_and_transfer(hand):
    g = {(x["resource"], x["gpu_model"]): x for x in by(
        hand, "SELECT resource || '|' || gpu_model AS k, * FROM gpu_mix", key="k").values()}
    assert g[("ospool", "NVIDIA A40")]["gpu_hours"] == pytest.approx(4.0)
    assert ("ospool", "none") not in g                  # annex_helper: a service job
    assert g[("expanse", "Tesla V100-SXM2-32GB")]["share_of_resource_pct"] == pytest.approx(100.0)
    t = by(hand, "FROM transfer_volumes")
    assert t["expanse"]["gib_in"] == pytest.approx(27e9 / 2**30)
    assert t["expanse"]["attempts_with_bytes"] == 1
    assert t["ospool"]["gib_in_per_attempt"] is None
    x = by(hand, "FROM transfer_input_timing")
    assert x["expanse"]["median_input_minutes"] == pytest.approx(3.0)
    assert x["expanse"]["median_input_mb_per_s"] == pytest.approx(27e9 / 1e6 / 180)


def test_data_issues(hand):
    kinds = by(hand, "FROM data_issues", key="kind")
    assert kinds["aborted_end_after_stop"]["attempts"] == 1
    assert kinds["blank_status"]["attempts"] == 1
    assert kinds["no_stop_event"]["attempts"] == 1
    assert "negative_span" not in kinds


def test_negative_span_is_null_and_counted(db, tmp_path):
    from helpers import row
    p = write_csv(tmp_path / "neg.csv", [
        row("r-train_epoch0", 1, 1, "failed", "delta", 1, "2026-01-02T00:00:00", "2026-01-01T00:00:00")])
    ingest(db, p)
    scoped(db)
    assert one(db, "SELECT run_seconds, negative_span FROM attempts") == {
        "run_seconds": None, "negative_span": True}
    assert one(db, "FROM data_issues WHERE kind = 'negative_span'")["attempts"] == 1


def test_run_key_without_uuid_uses_dag_and_run(db, tmp_path):
    from helpers import row
    rows = [row("run1-train_epoch0", 1, 1, "completed", "delta", 1, "2026-01-01T00:00:00",
                "2026-01-01T01:00:00", dag=d) for d in ("dagA", "dagB")]
    ingest(db, write_csv(tmp_path / "v5.csv", rows, version=5))
    scoped(db)
    # the same node name in two DAGs is two training runs, so two epochs
    assert one(db, "SELECT count(*) AS n FROM epochs")["n"] == 2
    assert one(db, "SELECT runs FROM campaign_totals")["runs"] == 2


def test_productive_share_is_zero_not_missing_when_nothing_succeeded(db, tmp_path):
    from helpers import row
    p = write_csv(tmp_path / "w.csv", [
        row("r1-train_epoch0", 1, 1, "evicted", "bridges2", 4, "2026-01-01T00:00:00", "2026-01-01T00:30:00",
            evicted="2026-01-01T00:30:00")])
    ingest(db, p)
    scoped(db)
    assert one(db, "SELECT productive_pct FROM compute_time_by_resource")["productive_pct"] == 0
    assert one(db, "SELECT productive_hours_pct FROM success_rates")["productive_hours_pct"] == 0


def test_standalone_job_names(db, tmp_path):
    from helpers import row
    p = write_csv(tmp_path / "s.csv", [
        row("standalone_train_uuid_861e7e66_cluster_12634379", 12634379, 1, "completed", "expanse", 1,
            "2026-01-01T00:00:00", "2026-01-01T05:00:00", epochs=3)])
    ingest(db, p)
    scoped(db)
    a = one(db, "SELECT run, job_type, epoch, run_key FROM attempts")
    assert a == {"run": None, "job_type": "standalone_train", "epoch": None, "run_key": None}


def test_input_throughput_from_transfer_times_alone(db, tmp_path):
    from helpers import row
    p = write_csv(tmp_path / "x.csv", [
        row("r1-train_epoch0", 1, 1, "completed", "aws", 2, "2026-01-01T00:02:00", "2026-01-01T01:00:00",
            received=12_000_000_000, xfer_start="2026-01-01T00:00:00", xfer_end="2026-01-01T00:02:00")])
    ingest(db, p)
    scoped(db)
    # no Duration column value: 120 s from the start/end times; 12e9 B / 1e6 / 120 s = 100 MB/s
    assert one(db, "SELECT xfer_in_seconds, input_mb_per_s FROM attempts") == {
        "xfer_in_seconds": 120, "input_mb_per_s": 100.0}


def test_waste_kind_of_every_status_spelling(db, tmp_path):
    # waste_kind is read from the lower-cased status once (lstatus_ in 010_attempts.sql), not
    # from lower(outcome) per branch: the same kind for any spelling, blank -> unknown, an
    # unlisted status -> other, a RESCUED row that no later epoch rescued -> RESCUED.
    from helpers import row
    statuses = [(" Failed ", "failed"), ("EVICTED", "evicted"), ("Aborted", "aborted"),
                ("Held", "held/released"), ("released", "held/released"), ("RESCUED", "RESCUED"),
                ("rescued", "RESCUED"), ("Unknown", "unknown"), ("", "unknown"), ("weird", "other"),
                ("Completed", None), ("CHECKPOINTED", None)]
    rows = [row(f"run{i}-train_epoch0", 100 + i, 1, s, "delta", 1, "2026-01-01T00:00:00",
                "2026-01-01T01:00:00") for i, (s, _) in enumerate(statuses)]
    ingest(db, write_csv(tmp_path / "k.csv", rows))
    scoped(db)
    got = dict(db.execute("SELECT cluster_id, waste_kind FROM attempts").fetchall())
    assert got == {100 + i: kind for i, (_, kind) in enumerate(statuses)}
