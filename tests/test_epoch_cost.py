"""GPU-hours per completed epoch over all attempts of the epoch's node (the "node cost"), and the
evidence a resource or GPU model needs before it is ranked, on a hand-worked campaign.

COST campaign (experiment "cost"), every attempt completed unless said, times 2026-03-01 HH:MM
(r1 epoch 0's eviction starts the day before). A100 = NVIDIA A100-SXM4-40GB.

 run  epoch       attempts                                                   node GPU-h  credited to
 r1   0           evicted ospool A40 x2, 02-28 22:00-03:00 (5 h x 2 = 10),
                  then completed delta A100 x2, 06:00-06:30 (0.5 h x 2 = 1)  (5 + 0.5) x 2 = 11   delta / A100
 r1   1..5        completed delta A100 x2, 1 h each (2 GPU-h)                 2 each               delta / A100
 r2   0..5        completed ospool A40 x2, 2 h each (4 GPU-h)                 4 each               ospool / A40
 r3   0           completed aws NVIDIA L4 x1, 1.2 h (1.2 GPU-h)               1.2                  aws / L4
 r4   0..4        completed chtc NVIDIA H100 x1, 0.2 h each (0.2 GPU-h)       0.2 each             chtc / H100
 r5   0..4        completed, no resource (unknown), A40 x1, 1 h each          1 each               unknown / A40

GPU-hours per resource: delta 1 + 5 x 2 = 11; ospool 10 + 6 x 4 = 34; aws 1.2; chtc 5 x 0.2 = 1.0;
unknown 5; all 11 + 34 + 1.2 + 1 + 5 = 52.2.
Shares: delta 21.07 %, ospool 65.13 %, aws 2.30 %, chtc 1.0 / 52.2 = 1.916 % (< 2 %), unknown 9.58 %.

GPU-hours per epoch (all attempts of the node), per resource = node GPU-h of its epochs / epochs:
  delta  (11 + 5 x 2) / 6 = 21 / 6 = 3.5     (its successful attempts alone: median 1 h)
  ospool 6 x 4 / 6 = 4.0                     (the 10 evicted GPU-hours are delta's epoch's cost)
  aws 1.2 / 1; chtc 1.0 / 5 = 0.2; unknown 5 / 5 = 1.0
Per GPU model: A100 21 / 6 = 3.5; A40 (ospool 24 + unknown 5) / (6 + 5) = 29 / 11 = 2.63636;
  L4 1.2 / 1; H100 0.2.

Ranking (>= 5 epochs, >= 2 % of GPU-hours, >= 1 GPU-hour, never unknown / none / unreported):
  resources: delta 3.5, ospool 4.0 ranked (ospool needs 4 / 3.5 = 1.142857x); left out aws
  (1 epoch), chtc (1.916 % < 2 %), unknown. The old rule (epochs per 100 GPU-hours, >= 1
  GPU-hour) put chtc first: 5 / 1.0 x 100 = 500, then unknown 100, aws 83.3.
  GPU models: A40 2.63636, A100 3.5 ranked (3.5 / 2.63636 = 1.327586x); left out L4 (1 epoch,
  2.30 % of GPU-hours: only its sample is too small) and H100 (5 epochs but 1.916 %).
Date filter --since 2026-03-01: r1 epoch 0's eviction started 02-28, so it is out of scope and the
node cost in scope is the success alone: 1 GPU-hour (the epoch stays credited to delta).
"""

from __future__ import annotations

import pytest
from helpers import by, ingest, one, row, scoped, write_csv

A100, A40, L4, H100 = "NVIDIA A100-SXM4-40GB", "NVIDIA A40", "NVIDIA L4", "NVIDIA H100 80GB HBM3"
D = "2026-03-01T"


def h(hours: float) -> str:
    """2026-03-01 + hours as a timestamp (hours < 24)."""
    m = round(hours * 60)
    return f"{D}{m // 60:02d}:{m % 60:02d}:00"


def cost_rows() -> list[dict]:
    rows = [row("run1-train_epoch0", 100, 1, "evicted", "ospool", 2, "2026-02-28T22:00:00", D + "03:00:00",
                uuid="r1", evicted=D + "03:00:00", gpu=A40),
            row("run1-train_epoch0", 101, 1, "completed", "delta", 2, h(6), h(6.5), uuid="r1", gpu=A100)]
    rows += [row(f"run1-train_epoch{e}", 101 + e, 1, "completed", "delta", 2, h(e), h(e + 1), uuid="r1", gpu=A100)
             for e in range(1, 6)]
    rows += [row(f"run2-train_epoch{e}", 200 + e, 1, "completed", "ospool", 2, h(2 * e), h(2 * e + 2),
                 uuid="r2", gpu=A40) for e in range(6)]
    rows += [row("run3-train_epoch0", 300, 1, "completed", "aws", 1, h(1), h(2.2), uuid="r3", gpu=L4)]
    rows += [row(f"run4-train_epoch{e}", 400 + e, 1, "completed", "chtc", 1, h(e), h(e + 0.2), uuid="r4", gpu=H100)
             for e in range(5)]
    rows += [row(f"run5-train_epoch{e}", 500 + e, 1, "completed", "", 1, h(e), h(e + 1), uuid="r5", gpu=A40)
             for e in range(5)]
    return rows


@pytest.fixture
def cost(db, tmp_path):
    ingest(db, write_csv(tmp_path / "cost" / "job_summary.csv", cost_rows()), experiment="cost")
    return scoped(db)


def test_node_cost_of_an_epoch_counts_every_attempt_of_its_node(cost):
    e = one(cost, "FROM epochs WHERE run_key = 'r1' AND epoch = 0")
    assert (e["resource"], e["gpu_model"], e["gpus"]) == ("delta", A100, 2)   # the success's
    assert e["attempts"] == 2 and e["resources_used"] == 2
    assert e["gpu_hours"] == pytest.approx((5 + 0.5) * 2)                     # 11, not 1
    assert e["success_run_hours"] == pytest.approx(0.5)
    assert e["success_gpu_hours"] == pytest.approx(1)
    assert e["attempts_without_run_time"] == 0


def test_gpu_hours_per_epoch_per_resource(cost):
    r = by(cost, "FROM epochs_by_resource")
    assert r["delta"]["epochs"] == 6 and r["delta"]["node_gpu_hours"] == pytest.approx(21)
    assert r["delta"]["gpu_hours_per_epoch"] == pytest.approx(3.5)
    assert r["ospool"]["gpu_hours_per_epoch"] == pytest.approx(4.0)
    assert r["chtc"]["gpu_hours_per_epoch"] == pytest.approx(0.2)
    assert r["unknown"]["gpu_hours_per_epoch"] == pytest.approx(1.0)
    s = by(cost, "FROM resource_summary")
    assert s["delta"]["gpu_hours_per_epoch"] == pytest.approx(3.5)
    assert s["delta"]["median_hours_per_epoch"] == pytest.approx(1.0)         # the secondary column


def test_gpu_hours_per_epoch_per_model(cost):
    m = by(cost, "FROM report_gpu_models", key="gpu_model")
    assert m[A100]["epochs"] == 6 and m[A100]["gpu_hours_per_epoch"] == pytest.approx(3.5)
    assert m[A40]["epochs"] == 11 and m[A40]["gpu_hours_per_epoch"] == pytest.approx(29 / 11)
    assert m[L4]["gpu_hours_per_epoch"] == pytest.approx(1.2)
    cells = {(r["resource"], r["gpu_model"]): r for r in by(
        cost, "SELECT resource || '/' || gpu_model AS k, * FROM gpu_model_efficiency", key="k").values()}
    assert cells[("delta", A100)]["gpu_hours_per_epoch"] == pytest.approx(3.5)
    assert cells[("ospool", A40)]["gpu_hours_per_epoch"] == pytest.approx(4.0)
    assert cells[("ospool", A40)]["epochs"] == 6


def test_node_cost_sums_only_attempts_in_scope(db, tmp_path):
    ingest(db, write_csv(tmp_path / "cost" / "job_summary.csv", cost_rows()), experiment="cost")
    e = one(scoped(db, since="2026-03-01"), "FROM epochs WHERE run_key = 'r1' AND epoch = 0")
    assert e["resource"] == "delta" and e["gpu_hours"] == pytest.approx(1)
    assert e["success_gpu_hours"] == pytest.approx(1)
    e = one(scoped(db, resources=["delta"]), "FROM epochs WHERE run_key = 'r1' AND epoch = 0")
    assert e["attempts"] == 1 and e["gpu_hours"] == pytest.approx(1)


def test_thresholds_are_overridable_data(cost):
    th = {(r, n): v for r, n, v in cost.execute("SELECT rule, name, value FROM report_thresholds").fetchall()}
    for rule in ("rank_resources", "rank_gpu_models"):
        assert th[(rule, "min_epochs")] == 5 and th[(rule, "min_gpu_hours_pct")] == 2


def test_ranking_evidence(cost):
    ev = {(r["kind"], r["subject"]): r for r in by(
        cost, "SELECT kind || ':' || subject AS k, * FROM ranking_evidence", key="k").values()}
    res = {s: r for (k, s), r in ev.items() if k == "resource"}
    assert {s for s, r in res.items() if r["ranked"]} == {"delta", "ospool"}
    assert res["aws"]["left_out_reason"] == "n < 5 epochs"
    assert res["chtc"]["left_out_reason"] == "< 2% of GPU-hours"
    assert res["chtc"]["share_pct"] == pytest.approx(100 * 1.0 / 52.2)
    assert res["unknown"]["left_out_reason"] == "resource unknown"
    mod = {s: r for (k, s), r in ev.items() if k == "gpu_model"}
    assert {s for s, r in mod.items() if r["ranked"]} == {A40, A100}
    assert mod[L4]["left_out_reason"] == "n < 5 epochs" and mod[L4]["share_pct"] > 2
    assert mod[H100]["left_out_reason"] == "< 2% of GPU-hours" and mod[H100]["epochs"] == 5


def test_rankings_leave_small_samples_out(cost):
    r = one(cost, "FROM rec_rank_resources")
    ranked = [e["name"] for e in r["evidence"] if e["unit"] == "GPU-hours per epoch"]
    assert ranked == ["delta", "ospool"]                       # lowest GPU-hours per epoch first
    ev = {e["name"]: e for e in r["evidence"]}
    assert ev["worst_over_best"]["value"] == pytest.approx(4 / 3.5)
    assert ev["left_out"]["text"] == "aws (n < 5 epochs), chtc (< 2% of GPU-hours), unknown (resource unknown)"
    assert "chtc" not in r["message"].split("Left out")[0]
    m = one(cost, "FROM rec_rank_gpu_models")
    assert [e["name"] for e in m["evidence"] if e["unit"] == "GPU-hours per epoch"] == [A40, A100]
    ev = {e["name"]: e for e in m["evidence"]}
    assert ev["worst_over_best"]["value"] == pytest.approx(3.5 / (29 / 11))
    assert "NVIDIA L4 (n < 5 epochs)" in ev["left_out"]["text"]
    assert "NVIDIA L4 gets" not in m["message"] and L4 not in m["message"].split("Left out")[0]


def test_no_ranking_without_two_qualified_entries(db, tmp_path):
    """Only the small samples: one L4 epoch and five H100 epochs -> no ranking at all."""
    rows = [r for r in cost_rows() if r["Run UUID"] in ("r3", "r4")]
    ingest(db, write_csv(tmp_path / "small" / "job_summary.csv", rows), experiment="small")
    s = scoped(db)
    assert s.execute("SELECT count(*) FROM report_recommendations WHERE rule LIKE 'rank%'").fetchone()[0] == 0


def test_figure_marks_cells_without_evidence(cost):
    from expreport.figures.gpus import _epoch_cost_groups
    from expreport.queries import fetch
    data = {v: fetch(cost, v) for v in ("gpu_model_efficiency", "ranking_evidence")}
    groups, weak, no_epoch = _epoch_cost_groups(data)
    bars = {(r, label.replace("\n", "")): (v, why) for label, ms in groups for r, v, why in ms}
    assert weak and no_epoch == []
    assert bars[("delta", "A100-SXM4-40GB")] == (pytest.approx(3.5), None)       # ranked: plain bar
    assert bars[("ospool", "A40")] == (pytest.approx(4.0), None)
    assert bars[("unknown", "A40")] == (pytest.approx(1.0), "resource unknown")
    assert [b for k, b in bars.items() if k[0] == "aws"] == [(pytest.approx(1.2), "n < 5 epochs")]
    assert [b[1] for k, b in bars.items() if k[0] == "chtc"] == ["< 2% of GPU-hours"]
