"""The comparison views on the hand-worked experiments of compare_data.py (arithmetic there)."""

from __future__ import annotations

import pytest
from compare_data import ingest_all
from helpers import by, scoped

approx = pytest.approx


@pytest.fixture
def con(cmp_con):
    return cmp_con


def test_ingest_into_a_fresh_database(db, tmp_path):
    """The same three experiments, ingested by this test: the views see all of them."""
    ingest_all(db, tmp_path)
    rows = by(db, "SELECT experiment, attempts, epochs FROM experiment_comparison", key="experiment")
    # no comparison list: experiment_order is 1000 for all, ties by name
    assert [(e, r["attempts"], r["epochs"]) for e, r in rows.items()] == [("main", 4, 3), ("old", 2, 1), ("pilot", 4, 2)]
    assert {r[0] for r in db.execute("SELECT DISTINCT baseline FROM experiment_changes").fetchall()} == {"main"}


def test_experiment_comparison_one_row_per_experiment(con):
    rows = by(scoped(con, experiments=["pilot", "main"]), "FROM experiment_comparison", key="experiment")
    assert list(rows) == ["pilot", "main"]            # the comparison's order, not the alphabet
    p, m = rows["pilot"], rows["main"]
    assert (p["experiment_pos"], m["experiment_pos"]) == (1, 2)
    assert (p["attempts"], p["runs"], p["epochs"], p["epoch_completions"], p["redone_epochs"]) == (4, 1, 2, 3, 1)
    assert (p["gpu_hours"], p["productive_gpu_hours"], p["wasted_gpu_hours"]) == approx((10, 7, 3))
    assert p["wasted_evicted_gpu_hours"] == approx(3) and p["wasted_failed_gpu_hours"] == 0
    assert p["productive_pct"] == approx(70) and p["attempt_success_pct"] == approx(75)
    assert p["epochs_per_100_gpu_hours"] == approx(20)
    assert p["median_hours_per_epoch"] == approx(2)
    assert p["gpu_hours_per_epoch"] == approx(5)          # the evicted 3 GPU-h count for (run1,1)
    assert m["gpu_hours_per_epoch"] == approx(6.5 / 3)
    assert (p["gib_in"], p["gib_out"]) == approx((3, 1))
    assert p["median_input_minutes"] == approx(3.5)
    assert p["median_gpu_used_fraction"] == approx(0.9)
    assert p["p95_peak_memory_mb"] == approx(2900)
    assert p["period_days"] == approx(25 / 24)
    assert p["period"] == "2026-01-01 00:00 to 2026-01-02 01:00"
    assert p["resource_mix"] == "ospool 60%, expanse 40%"
    assert p["gpu_mix"] == "A40 60%, A100-SXM4-40GB 40%"
    assert p["sources"] == "CSV v6"
    assert (m["epochs"], m["redone_epochs"], m["gpu_hours"]) == (3, 0, approx(6.5))
    assert m["productive_pct"] == approx(600 / 6.5)
    assert m["epochs_per_100_gpu_hours"] == approx(300 / 6.5)
    assert (m["median_hours_per_epoch"], m["median_input_minutes"], m["p95_peak_memory_mb"]) == approx((1, 1.5, 3800))
    assert m["period_days"] == approx(38 / 24)


def test_changes_against_the_first_experiment(con):
    ch = by(scoped(con, experiments=["pilot", "main"]), "FROM experiment_changes", key="metric")
    assert {r["experiment"] for r in ch.values()} == {"main"}
    assert {r["baseline"] for r in ch.values()} == {"pilot"}
    expect = {   # metric: (change, change_pct), main minus pilot (compare_data.py)
        "attempts": (0, 0), "epochs": (1, 50), "redone_epochs": (-1, -100), "gpu_hours": (-3.5, -35),
        "productive_pct": (600 / 6.5 - 70, (600 / 6.5 - 70) / 70 * 100), "wasted_gpu_hours": (-2.5, -250 / 3),
        "wasted_evicted_gpu_hours": (-3, -100), "epochs_per_100_gpu_hours": (300 / 6.5 - 20, (300 / 6.5 - 20) * 5),
        "median_hours_per_epoch": (-1, -50), "gpu_hours_per_epoch": (6.5 / 3 - 5, (6.5 / 3 - 5) * 20),
        "gib_in": (-1, -100 / 3), "gib_out": (1, 100),
        "median_input_minutes": (-2, -200 / 3.5),
    }
    for metric, (change, pct) in expect.items():
        assert (ch[metric]["change"], ch[metric]["change_pct"]) == approx((change, pct)), metric
        assert ch[metric]["comparable"] is True
    assert ch["wasted_failed_gpu_hours"]["change"] == approx(0.5)
    assert ch["wasted_failed_gpu_hours"]["change_pct"] is None      # pilot's is 0: no %
    assert ch["productive_pct"]["change_unit"] == "percentage points"
    assert ch["gpu_hours"]["change_unit"] == "GPU-hours"
    assert "period" not in ch                                         # text metrics are not compared


def test_the_order_of_the_list_picks_the_baseline(con):
    ch = by(scoped(con, experiments=["main", "pilot"]), "FROM experiment_changes", key="metric")
    assert {(r["experiment"], r["baseline"]) for r in ch.values()} == {("pilot", "main")}
    assert ch["epochs"]["change"] == -1 and ch["epochs"]["change_pct"] == approx(-100 / 3)
    assert ch["gpu_hours"]["change"] == approx(3.5)


def test_resource_comparison(con):
    cur = scoped(con, experiments=["pilot", "main"]).execute("FROM experiment_resource_comparison")
    cols = [c[0] for c in cur.description]
    rows = {(r[0], r[2]): dict(zip(cols, r)) for r in cur.fetchall()}
    assert list(rows) == [("pilot", "expanse"), ("pilot", "ospool"), ("main", "expanse"), ("main", "ospool")]
    po, me, mo = rows[("pilot", "ospool")], rows[("main", "expanse")], rows[("main", "ospool")]
    assert (po["attempts"], po["epochs"], po["redone_epochs"]) == (3, 1, 1)
    assert (po["gpu_hours"], po["productive_gpu_hours"], po["wasted_evicted_gpu_hours"]) == approx((6, 3, 3))
    assert po["attempt_success_pct"] == approx(200 / 3)
    assert po["epochs_per_100_gpu_hours"] == approx(100 / 6)
    assert po["share_of_gpu_hours_pct"] == approx(60)
    assert rows[("pilot", "expanse")]["epochs_per_100_gpu_hours"] == approx(25)
    assert (me["epochs"], me["epochs_per_100_gpu_hours"]) == (2, approx(50))
    assert (mo["attempt_success_pct"], mo["gpu_hours"], mo["epochs_per_100_gpu_hours"]) == approx((50, 2.5, 40))
    # GPU-hours per epoch (all attempts of the node): pilot ospool (run1,1) 3 evicted + 2 = 5;
    # main expanse (2 + 2) / 2 = 2, main ospool 0.5 failed + 2 = 2.5
    assert (po["gpu_hours_per_epoch"], me["gpu_hours_per_epoch"], mo["gpu_hours_per_epoch"]) == approx((5, 2, 2.5))
    # 1-2 epochs each: too small a sample to compare (min_epochs = 5), said per bar in the figure
    assert {r["left_out_reason"] for r in rows.values()} == {"n < 5 epochs"}


def test_gpu_mix_and_relative_days(con):
    scoped(con, experiments=["pilot", "main"])
    mix = con.execute("SELECT experiment, gpu_label, share_pct FROM experiment_gpu_mix").fetchall()
    assert mix == [("pilot", "A40", approx(60)), ("pilot", "A100-SXM4-40GB", approx(40)),
                   ("main", "A100-SXM4-40GB", approx(4 / 6.5 * 100)), ("main", "A40", approx(2.5 / 6.5 * 100))]
    days = con.execute("SELECT experiment, day, days_elapsed, epochs, cumulative_epochs "
                       "FROM experiment_epochs_by_relative_day").fetchall()
    assert days == [("pilot", 0, 1, 2, 2), ("pilot", 1, 2, 0, 2), ("main", 0, 1, 2, 2), ("main", 1, 2, 1, 3)]


def test_v1_metrics_are_not_recorded_never_zero(con):
    scoped(con, experiments=["old", "pilot"])
    m = by(con, "SELECT metric, value, available, note FROM experiment_metrics WHERE experiment = 'old'",
           key="metric")
    for name in ("median_input_minutes", "median_input_mb_per_s", "median_gpu_used_fraction", "p95_peak_memory_mb"):
        assert m[name]["value"] is None and m[name]["available"] is False, name
        assert m[name]["note"].startswith("not recorded: the files of old (CSV v1)"), name
    assert (m["gpu_hours"]["value"], m["epochs"]["value"], m["productive_pct"]["value"]) == approx((10, 1, 80))
    # the v1 generator wrote 0 bytes on every row: not recorded, not 0 GiB (issue 9 item 6; the
    # fixture's v1 rows do carry GPUs, so GPU-hours stay)
    assert m["gib_in"]["available"] is False and m["gib_in"]["value"] is None
    assert m["gib_in"]["note"].startswith("not recorded: the files of old (CSV v1) hold no transfer bytes")
    ch = by(con, "FROM experiment_changes", key="metric")                     # pilot vs old
    assert ch["median_input_minutes"]["comparable"] is False
    assert ch["median_input_minutes"]["change"] is None and ch["median_input_minutes"]["value"] == approx(3.5)
    assert ch["gpu_hours"]["change"] == 0 and ch["epochs"]["change"] == 1
    text = by(con, "SELECT metric, text FROM experiment_metrics WHERE experiment = 'old' AND kind = 'text'",
              key="metric")
    assert text["resource_mix"]["text"] == "unknown 100%" and text["sources"]["text"] == "CSV v1"


def test_every_compared_column_is_catalogued(con):
    scoped(con, experiments=["pilot", "main", "old"])
    cols = [c[0] for c in con.execute("FROM experiment_comparison LIMIT 0").description]
    keys = {"experiment", "experiment_pos", "first_start", "last_stop",
            "resource_recorded", "input_timing_recorded", "usage_recorded", "gpus_recorded",
            "bytes_recorded"}
    catalogue = [r[0] for r in con.execute("SELECT metric FROM experiment_metric_catalogue ORDER BY metric_pos").fetchall()]
    assert sorted(catalogue) == sorted(set(cols) - keys)
    n = con.execute("SELECT experiment, count(*) FROM experiment_metrics GROUP BY ALL ORDER BY ALL").fetchall()
    assert n == [("main", len(catalogue)), ("old", len(catalogue)), ("pilot", len(catalogue))]
