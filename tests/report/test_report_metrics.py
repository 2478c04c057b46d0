"""metrics.json against the hand-worked campaign of conftest.py (HAND, experiment exp1)."""

from __future__ import annotations

import json

import pytest
from conftest import metric, run_cli

from expreport.report.metrics import GROUPS

approx = pytest.approx


def _main(args: list[str]) -> int:
    from expreport.cli import main
    try:
        main(args)
    except SystemExit as e:
        return e.code or 0
    return 0


@pytest.fixture(scope="module")
def exp1(hand_db, tmp_path_factory):
    """metrics.json of ``expreport report -e exp1`` (no figures: only the numbers matter here)."""
    import expreport.report.build as build
    out = tmp_path_factory.mktemp("exp1") / "out"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(build, "registered_figures", lambda: [])
        assert _main(["--db", str(hand_db), "-q", "report", "-e", "exp1", "--out", str(out)]) == 0
    return json.loads((out / "metrics.json").read_text()), out


def test_campaign_numbers(exp1):
    m, _ = exp1
    expected = {
        # #12 annex_helper (1 h, no GPU, completed) is a service job: not an attempt
        "attempts": 11, "runs": 2, "epochs": 5, "epoch_completions": 6, "redone_epochs": 1,
        "run_hours": 23.1, "gpu_hours": 32.1, "productive_gpu_hours": 26, "wasted_gpu_hours": 6.1,
        "productive_pct": 100 * 26 / 32.1, "attempt_success_pct": 100 * 6 / 11,
        "epochs_per_100_gpu_hours": 100 * 5 / 32.1, "gib_in": 10, "gib_out": 2.5, "experiments": 1,
    }
    for name, value in expected.items():
        assert metric(m, name)["value"] == approx(value), name
    assert metric(m, "first_start")["value"] == "2026-02-01T00:00:00"
    assert metric(m, "last_stop")["value"] == "2026-02-02T06:00:00"


def test_wasted_by_kind(exp1):
    m, _ = exp1
    for kind, hours, n in [("evicted", 3, 1), ("aborted", 1, 1), ("held/released", 2, 1), ("failed", 0.1, 1)]:
        assert metric(m, "gpu_hours", "waste_kind", kind=kind)["value"] == approx(hours), kind
        assert metric(m, "attempts", "waste_kind", kind=kind)["value"] == n
    assert metric(m, "share_of_wasted_pct", "waste_kind", kind="evicted")["value"] == approx(300 / 6.1)
    assert metric(m, "main_resource", "waste_kind", kind="held/released")["value"] == "expanse"


@pytest.mark.parametrize("res, exp", [
    ("expanse", dict(attempts=3, attempt_success_pct=200 / 3, run_hours=6, gpu_hours=12,
                     productive_gpu_hours=10, productive_pct=100 * 10 / 12, wasted_gpu_hours=2,
                     main_waste_kind="held/released", epochs=2, redone_epochs=0,
                     epoch_equivalents=4 / 6 + 1, median_hours_per_epoch=2.5, gib_in=4, gib_out=1,
                     median_input_minutes=1, epochs_per_100_gpu_hours=100 * 2 / 12,
                     gpu_hours_per_epoch=7)),
    ("delta", dict(attempts=3, attempt_success_pct=100, run_hours=9, gpu_hours=12, productive_gpu_hours=12,
                   productive_pct=100, wasted_gpu_hours=0, main_waste_kind=None, epochs=2, redone_epochs=1,
                   epoch_equivalents=2 / 6 + 2, median_hours_per_epoch=3, gib_in=3, gib_out=0.5,
                   median_input_minutes=2, gpu_hours_per_epoch=7)),
    ("ospool", dict(attempts=5, attempt_success_pct=100 * 1 / 5, run_hours=8.1, gpu_hours=8.1,
                    productive_gpu_hours=4, productive_pct=100 * 4 / 8.1, wasted_gpu_hours=4.1,
                    main_waste_kind="evicted", epochs=1, redone_epochs=0, epoch_equivalents=1,
                    median_hours_per_epoch=2, gib_in=3, gib_out=1, median_input_minutes=15,
                    gpu_hours_per_epoch=4.1)),
])
def test_per_resource(exp1, res, exp):
    m, _ = exp1
    for name, value in exp.items():
        got = metric(m, name, "resource", resource=res)["value"]
        assert got == (approx(value) if isinstance(value, (int, float)) else value), (res, name)


def test_gpu_models_and_mix(exp1):
    m, _ = exp1
    a100, a40 = "NVIDIA A100-SXM4-40GB", "NVIDIA A40"
    assert metric(m, "gpu_hours", "gpu_model", gpu_model=a100)["value"] == approx(24)
    assert metric(m, "epochs", "gpu_model", gpu_model=a100)["value"] == 4
    assert metric(m, "epochs", "gpu_model", gpu_model=a40)["value"] == 1
    assert metric(m, "epochs_per_100_gpu_hours", "gpu_model", gpu_model=a40)["value"] == approx(100 / 8.1)
    assert metric(m, "share_pct", "gpu_model", gpu_model=a40)["value"] == approx(100 * 8.1 / 32.1)
    assert metric(m, "median_hours_per_epoch", "gpu_model", gpu_model=a100)["value"] == approx(3)  # 2,4,2,3,3
    # node costs (conftest.py): A100 epochs 6 + 8 + 8 + 6 = 28 / 4 = 7; A40 (run2,1) 0.1 + 2 + 2 = 4.1
    assert metric(m, "gpu_hours_per_epoch", "gpu_model", gpu_model=a100)["value"] == approx(7)
    assert metric(m, "gpu_hours_per_epoch", "gpu_model", gpu_model=a40)["value"] == approx(4.1)
    assert metric(m, "gpu_hours", "gpu_mix", resource="delta", gpu_model=a100)["value"] == approx(12)
    # the models' epochs add up to the campaign's
    assert sum(e["value"] for e in m["metrics"] if e["group"] == "gpu_model" and e["name"] == "epochs") == 5


def test_every_metric_has_unit_description_and_source(exp1):
    m, _ = exp1
    assert m["metrics"]
    for e in m["metrics"]:
        assert e["unit"] and e["description"] and "." in e["source"], e
    groups = {e["group"] for e in m["metrics"]}
    assert groups == {g.key for g in GROUPS} - {"site"}     # HAND names no OSPool site
    assert m["scope"]["experiments"] == ["exp1"]
    assert m["coverage"]["input_timing_recorded"] is True


def test_catalogue_sources_exist(hand_db):
    """Every catalogued metric names a column its view really has."""
    from expreport.store import connect
    con = connect(hand_db)
    try:
        for g in GROUPS:
            cols = {d[0] for d in con.execute(f'SELECT * FROM "{g.view}" LIMIT 0').description}
            assert set(g.dims) <= cols, g.view
            for mm in g.metrics:
                assert mm.column in cols, mm.source
    finally:
        con.close()


def test_summary_tables_written(exp1):
    _, out = exp1
    text = (out / "tables" / "summary__resource_summary.csv").read_text().splitlines()
    assert text[0].startswith("resource,attempts,")
    assert [line.split(",")[0] for line in text[1:]] == ["expanse", "delta", "ospool"]


def test_cache_gives_the_same_numbers(hand_db, tmp_path):
    """The per-run cache of shared views (report/data.py) changes no number."""
    from expreport.report.build import build_report
    from expreport.scope import make_scope
    from expreport.store import connect
    got = []
    for cache in (True, False):
        con = connect(hand_db)
        try:
            build_report(con, make_scope(), tmp_path / str(cache), figures=[], cache=cache)
        finally:
            con.close()
        got.append(json.loads((tmp_path / str(cache) / "metrics.json").read_text()))
    assert got[0]["metrics"] == got[1]["metrics"]
    assert got[0]["recommendations"] == got[1]["recommendations"]


def test_not_recorded_instead_of_zero(tmp_path, capsys, no_figures):
    """A v3 CSV has no input-transfer times and no usage columns: 'not recorded', never 0."""
    from conftest import hand_rows, make_db
    db = make_db(tmp_path, {"old": hand_rows()}, version=3)
    code, _, err = run_cli(["--db", str(db), "-q", "report", "--out", str(tmp_path / "r")], capsys)
    assert code == 0, err
    m = json.loads((tmp_path / "r" / "metrics.json").read_text())
    e = metric(m, "median_input_minutes", "resource", resource="ospool")
    assert e["value"] is None and e["note"].startswith("not recorded")
    assert metric(m, "p95_peak_memory_mb", "usage", resource="delta")["value"] is None
    assert metric(m, "gpu_hours", "resource", resource="delta")["value"] == approx(12)  # still counted
    assert m["coverage"]["usage_recorded"] is False
    for name in ("summary.txt", "report.md", "report.html"):
        assert "not recorded" in (tmp_path / "r" / name).read_text(), name
    assert not [r for r in m["recommendations"] if r["rule"] in ("slow_input", "gpu_underused")]


def test_v1_without_resource_column(tmp_path, capsys, no_figures):
    from conftest import hand_rows, make_db
    db = make_db(tmp_path, {"v1": hand_rows()}, version=1)
    code, _, err = run_cli(["--db", str(db), "-q", "report", "--out", str(tmp_path / "r")], capsys)
    assert code == 0, err
    m = json.loads((tmp_path / "r" / "metrics.json").read_text())
    assert metric(m, "attempts", "resource", resource="unknown")["value"] == 11   # + 1 service job
    assert metric(m, "gpu_hours")["value"] == approx(32.1)
    assert "not recorded" in (tmp_path / "r" / "report.md").read_text()
