"""Every figure renders on a small campaign, and each edge case renders or skips the
expected figures with the expected reason. PNGs are read back and measured."""

from __future__ import annotations

import matplotlib.image as mpimg
import numpy as np
import pytest

from expreport import style
from expreport.figures import REGISTRY, render

from .figdata import campaign_rows

NAMES = [
    "epochs_by_resource", "gpu_hours_by_resource", "success_by_resource", "epochs_over_time",
    "gpu_hours_over_time", "gpu_mix", "gpu_efficiency", "gpu_memory", "transfer_by_resource",
    "transfer_input_timing", "transfer_over_time", "attempt_timeline", "wasted_hours_by_cause",
    "requests_vs_usage", "request_efficiency", "ospool_sites",
]
# Per-resource bar charts: not drawn for a single resource (a one-bar chart).
PER_RESOURCE = {"epochs_by_resource", "gpu_hours_by_resource", "success_by_resource",
                "transfer_by_resource"}
NO_REQUESTS = "requests are not recorded"     # request_efficiency on CSV data: event logs only
GPU_FIGURES = {"gpu_hours_by_resource", "gpu_hours_over_time", "gpu_mix", "gpu_efficiency",
               "gpu_memory", "wasted_hours_by_cause"}


@pytest.fixture
def low_dpi(monkeypatch):
    """Edge cases check what renders, not the pixels: draw them at a low dpi (fast)."""
    monkeypatch.setattr(style, "DPI", 50)


def render_all(con, out):
    return {f.name: render(con, f, out) for f in REGISTRY}


def assert_png(path):
    """A real image at the style's dpi: every figure is at least 9 x 3.5 inches."""
    img = mpimg.imread(path)
    h, w = img.shape[:2]
    assert w >= 8 * style.DPI, (path.name, w)
    assert h >= 3 * style.DPI, (path.name, h)
    assert img.shape[2] in (3, 4)
    assert np.std(img[..., :3]) > 0.01, f"{path.name} is blank"


def rendered(results):
    return {n for n, r in results.items() if r.skipped is None}


def test_registry_order():
    assert [f.name for f in REGISTRY] == NAMES
    for f in REGISTRY:
        assert f.title and f.caption, f.name


def test_every_figure_renders_on_the_campaign(campaign_db, tmp_path):
    results = render_all(campaign_db, tmp_path)
    skipped = {n: r.skipped for n, r in results.items() if r.skipped}
    assert list(skipped) == ["request_efficiency"] and skipped["request_efficiency"].startswith(NO_REQUESTS)
    for name, r in results.items():
        if name in skipped:
            continue
        assert r.png == tmp_path / f"{name}.png"
        assert_png(r.png)
        assert r.table.exists() and r.table.stat().st_size > 0


def test_one_resource_only(figdb, tmp_path, low_dpi):
    rows = campaign_rows(runs=3)
    for r in rows:
        r["Targeted Resource"] = "delta"
        r["GLIDEIN Resource Name"] = ""      # else a glidein attempt is on ospool
    con = figdb(rows)
    results = render_all(con, tmp_path / "out")
    assert rendered(results) == set(NAMES) - PER_RESOURCE - {"request_efficiency", "ospool_sites"}
    for name in PER_RESOURCE:      # one bar says nothing: skipped, with the reason
        assert results[name].skipped.startswith("one resource under the filters (delta)"), name
        assert not (tmp_path / "out" / f"{name}.png").exists()
    for name in ("gpu_mix", "attempt_timeline", "requests_vs_usage", "epochs_over_time"):
        assert_png(results[name].png)


def test_no_gpus_at_all(figdb, tmp_path, low_dpi):
    rows = campaign_rows(runs=3)
    for r in rows:
        for c in ("Number of GPUs", "GPU Device Name", "GPU Memory MB", "GPU Usage",
                  "GPU Memory Usage MB"):
            r[c] = ""
    con = figdb(rows)
    results = render_all(con, tmp_path / "out")
    assert rendered(results) == set(NAMES) - GPU_FIGURES - {"request_efficiency"}
    assert "GPU" in results["gpu_hours_by_resource"].skipped
    assert results["gpu_mix"].skipped == "no attempt ran on a GPU"
    assert "wasted GPU-hours" in results["wasted_hours_by_cause"].skipped
    assert results["gpu_memory"].png is None
    assert_png(results["requests_vs_usage"].png)     # the GPU panel says why it is empty


def test_all_attempts_failed(figdb, tmp_path, low_dpi):
    rows = campaign_rows(runs=2, epochs=3)
    for r in rows:
        if r["Final Status"] in ("completed", "checkpointed", "RESCUED"):   # a RESCUED row can count as completed
            r["Final Status"] = "failed"
            r["Total Bytes Sent"] = r["Total Bytes Received"] = "0"
    con = figdb(rows)
    results = render_all(con, tmp_path / "out")
    skipped = {n: r.skipped for n, r in results.items() if r.skipped}
    assert skipped == {
        "epochs_by_resource": "no completed epochs under the filters",
        "epochs_over_time": "no data under the filters",
        "gpu_efficiency": "no data under the filters",
        "transfer_by_resource": "no bytes transferred under the filters",
        "transfer_over_time": "no bytes transferred under the filters",
        "ospool_sites": "no attempt ran at an OSPool site under the filters (no "
                        "GLIDEIN_ResourceName / GLIDEIN Resource Name)",   # none drawn here
        "request_efficiency": results["request_efficiency"].skipped,     # CSV: no requests
    }
    assert skipped["request_efficiency"].startswith(NO_REQUESTS)
    for name in ("success_by_resource", "wasted_hours_by_cause", "transfer_input_timing"):
        assert_png(results[name].png)


def test_v1_csv_without_resource_timing_usage(figdb, tmp_path, low_dpi):
    con = figdb(campaign_rows(runs=3), version=1)
    results = render_all(con, tmp_path / "out")
    assert "not recorded" in results["transfer_input_timing"].skipped
    assert "CSV v1-v3" in results["transfer_input_timing"].skipped
    assert "not recorded" in results["requests_vs_usage"].skipped
    assert "OSPool site" in results["ospool_sites"].skipped        # v1 has no GLIDEIN column
    assert rendered(results) == set(NAMES) - {"transfer_input_timing", "requests_vs_usage",
                                              "request_efficiency", "ospool_sites"} - PER_RESOURCE
    # v1: every attempt is on 'unknown', a single resource: no one-bar charts
    # every attempt is on resource 'unknown'; GPU memory shows the device panel and a note
    assert set(con.execute("SELECT resource FROM success_rates").df()["resource"]) == {"unknown"}
    assert_png(results["gpu_memory"].png)


def test_skipped_figure_leaves_no_stale_png(figdb, tmp_path):
    out = tmp_path / "out"
    con = figdb(campaign_rows(runs=2, epochs=2))
    fig = next(f for f in REGISTRY if f.name == "requests_vs_usage")
    assert render(con, fig, out).png.exists()
    con.execute("UPDATE attempt_records SET cpu_usage = NULL, peak_memory_mb = NULL, "
                "disk_usage_kb = NULL, gpu_usage = NULL")
    r = render(con, fig, out)
    assert r.skipped and not (out / "requests_vs_usage.png").exists()


def test_real_v6_files(tmp_path, low_dpi):
    """Both real experiments in one database: everything renders; scoped to the experiment
    whose v6 file has the columns but no transfer times, that figure is skipped."""
    from pathlib import Path
    from expreport.ingest import ingest_files
    from expreport.scope import apply_scope, make_scope
    from expreport.store import connect
    real = Path(__file__).resolve().parents[3] / "shared" / "real"
    files = [real / "global_pretraining" / "job_summary.csv",
             real / "ospool_misconfigured" / "job_summary.csv"]
    if not all(f.exists() for f in files):
        pytest.skip("../shared/real not present")
    con = connect(tmp_path / "r.duckdb", write=True)
    ingest_files(con, files)      # experiments = folder names
    apply_scope(con, make_scope())
    results = render_all(con, tmp_path / "out")
    assert rendered(results) == set(NAMES) - {"request_efficiency"}      # CSV: no requests
    apply_scope(con, make_scope(experiments=["global_pretraining"]))
    fig = next(f for f in REGISTRY if f.name == "transfer_input_timing")
    assert render(con, fig, tmp_path / "g").skipped == "no attempt has an input-transfer time"
