"""``expreport compare`` end to end: compare.json, the tables, the Markdown/HTML, the terminal
table, filters and errors (numbers worked out in compare_data.py)."""

from __future__ import annotations

import base64
import csv
import json
import re

import pytest

approx = pytest.approx


def compare(run, db, out, *args):
    code, stdout, err = run("--db", db, "compare", *args, "--out", out)
    assert code == 0, err
    return json.loads((out / "compare.json").read_text()), stdout


def metric(doc: dict, name: str) -> dict:
    return next(m for m in doc["metrics"] if m["name"] == name)


def test_compare_json_values_units_and_changes(cmp_db, tmp_path, run, no_figures):
    doc, stdout = compare(run, cmp_db, tmp_path / "out", "pilot", "main")
    assert doc["experiments"] == ["pilot", "main"] and doc["baseline"] == "pilot"
    g = metric(doc, "gpu_hours")
    assert g["unit"] == "GPU-hours" and g["values"] == {"pilot": approx(10), "main": approx(6.5)}
    assert g["changes"]["main"] == {"baseline": "pilot", "change": approx(-3.5), "change_pct": approx(-35),
                                    "unit": "GPU-hours", "comparable": True, "note": None}
    p = metric(doc, "productive_pct")                      # 70 % -> 92.3077 %: points, and % of 70
    assert p["unit"] == "%" and p["changes"]["main"]["unit"] == "percentage points"
    assert p["changes"]["main"]["change"] == approx(600 / 6.5 - 70)
    e = metric(doc, "epochs_per_100_gpu_hours")            # 20 -> 46.15: +130.77 %
    assert e["unit"] == "epochs per 100 GPU-hours" and e["changes"]["main"]["change_pct"] == approx(1700 / 13)
    assert metric(doc, "epochs")["values"] == {"pilot": 2, "main": 3}
    assert metric(doc, "median_input_minutes")["changes"]["main"]["change"] == approx(-2)
    assert metric(doc, "wasted_failed_gpu_hours")["changes"]["main"]["change_pct"] is None   # pilot: 0
    assert metric(doc, "resource_mix")["values"]["main"] == "expanse 62%, ospool 38%"   # 4 and 2.5 of 6.5
    assert "pilot" not in metric(doc, "epochs")["changes"]
    # cumulative epochs by day of each campaign: pilot 2, 2; main 2, 3
    assert [(r["experiment"], r["day"], r["cumulative_epochs"]) for r in doc["epochs_by_relative_day"]] == \
        [("pilot", 0, 2), ("pilot", 1, 2), ("main", 0, 2), ("main", 1, 3)]
    ospool = [r for r in doc["per_resource"] if r["resource"] == "ospool"]
    assert [(r["experiment"], r["epochs"]) for r in ospool] == [("pilot", 1), ("main", 1)]
    # the terminal: side-by-side table with the change column, then the folder
    assert "main vs pilot" in stdout and "−3.5 (−35%)" in stdout
    assert stdout.strip().splitlines()[-1] == str((tmp_path / "out").resolve())


def test_tables_and_markdown(cmp_db, tmp_path, run, no_figures):
    out = tmp_path / "out"
    compare(run, cmp_db, out, "pilot", "main")
    with open(out / "tables" / "experiment_changes.csv", newline="") as f:
        changes = {r["metric"]: r for r in csv.DictReader(f)}
    assert float(changes["redone_epochs"]["change"]) == -1 and float(changes["redone_epochs"]["change_pct"]) == -100
    with open(out / "tables" / "experiment_comparison.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [(r["experiment"], r["attempts"], r["epochs"]) for r in rows] == [("pilot", "4", "2"), ("main", "4", "3")]
    md = (out / "compare.md").read_text().split("## Per resource")[0]     # the side-by-side table
    assert "| metric | unit | pilot (baseline) | main | main vs pilot |" in md
    assert "| epochs | epochs | 2 | 3 | +1 (+50%) |" in md
    assert "| productive share | % | 70.0 | 92.3 | +22.3 pp (+31.9%) |" in md
    assert ("| pilot (baseline) | 2026-01-01 00:00 to 2026-01-02 01:00 | CSV v6 | ospool 60%, expanse 40% "
            "| A40 60%, A100-SXM4-40GB 40% |") in md         # the experiments table (text metrics)
    assert "wasted: held/released" not in md            # 0 in both: left out of the table
    assert "| wasted: evicted | GPU-hours | 3.0 | 0 | −3 (−100%) |" in md


def test_v1_against_v6_says_not_recorded(cmp_db, tmp_path, run, no_figures):
    out = tmp_path / "out"
    doc, stdout = compare(run, cmp_db, out, "old", "main")
    for name in ("median_input_minutes", "median_input_mb_per_s", "median_gpu_used_fraction", "p95_peak_memory_mb"):
        m = metric(doc, name)
        assert m["values"]["old"] is None and m["available"] == {"old": False, "main": True}, name
        assert m["notes"]["old"].startswith("not recorded"), name
        assert m["changes"]["main"]["comparable"] is False and m["changes"]["main"]["change"] is None
    assert metric(doc, "gpu_hours")["changes"]["main"]["change"] == approx(-3.5)   # 10 -> 6.5
    assert doc["coverage"]["old"] == {"sources": "CSV v1", "resource_recorded": False,
                                      "input_timing_recorded": False, "usage_recorded": False}
    md = (out / "compare.md").read_text()
    assert "| median input transfer | minutes | not recorded | 1.5 | not recorded |" in md
    assert "The files of old (CSV v1) do not record input-transfer times" in md
    assert "not recorded" in stdout
    assert "not available" not in md and "not available" not in stdout   # one wording everywhere


@pytest.mark.parametrize("args, expected", [
    # (pilot, main) epochs and GPU-hours under the filter
    ((), ((2, 10), (3, 6.5))),
    # main's attempts of 03-02 (#4) are out: main #1-#3: epochs 2, GPU-h 2 + 2 + 0.5
    (("--until", "2026-03-01"), ((2, 10), (2, 4.5))),
    # pilot #1, main #1 #2 on expanse
    (("--resource", "expanse"), ((1, 4), (2, 4))),
    # pilot 01-02 only: #4, a re-done epoch (no new epoch: credit stays with #1); main 03-01 (#1-#3)
    (("--since", "2026-01-02", "--until", "2026-03-01"), ((0, 1), (2, 4.5))),
])
def test_filters(cmp_db, tmp_path, run, no_figures, args, expected):
    doc, _ = compare(run, cmp_db, tmp_path / "out", "pilot", "main", *args)
    got = tuple((metric(doc, "epochs")["values"][e], metric(doc, "gpu_hours")["values"][e]) for e in ("pilot", "main"))
    assert got == tuple((n, approx(h)) for n, h in expected)
    assert doc["scope"]["experiments"] == ["pilot", "main"]


def test_more_experiments_with_e(cmp_db, tmp_path, run, no_figures):
    doc, stdout = compare(run, cmp_db, tmp_path / "out", "main", "-e", "pilot", "-e", "old")
    assert doc["experiments"] == ["main", "pilot", "old"] and doc["baseline"] == "main"
    e = metric(doc, "epochs")
    assert e["values"] == {"main": 3, "pilot": 2, "old": 1}
    assert {k: v["change"] for k, v in e["changes"].items()} == {"pilot": -1, "old": -2}
    assert "pilot vs main" in stdout and "old vs main" in stdout


@pytest.mark.parametrize("args, words", [
    (("pilot", "mian"), "unknown experiment 'mian'. Known experiments: main, "),
    (("pilot",), "at least two different experiments (given: pilot). Known experiments: main, old, pilot"),
    (("pilot", "pilot"), "at least two different experiments"),
    ((), "at least two different experiments (given: none)"),
    (("pilot", "main", "--since", "2026-02-01"), "no attempts of experiment(s) pilot match the filters"),
    (("pilot", "main", "--resource", "delta"), "no resource 'delta' in experiment(s) pilot, main; known: "),
])
def test_errors_exit_1_with_a_clear_message(cmp_db, tmp_path, run, no_figures, args, words):
    code, stdout, err = run("--db", cmp_db, "compare", *args, "--out", tmp_path / "out")
    assert code == 1 and words in err and "Traceback" not in err
    assert not (tmp_path / "out" / "compare.json").exists()


def test_report_pools_experiments(cmp_db, tmp_path, run, monkeypatch):
    import expreport.report.build as build
    monkeypatch.setattr(build, "registered_figures", lambda: [])
    code, _, err = run("--db", cmp_db, "report", "-e", "pilot", "-e", "main", "--out", tmp_path / "r")
    assert code == 0, err
    m = {e["name"]: e["value"] for e in json.loads((tmp_path / "r" / "metrics.json").read_text())["metrics"]
         if e["group"] == "campaign"}
    # pilot + main: 4 + 4 attempts, 2 + 3 epochs, 10 + 6.5 GPU-hours, 1 + 1 runs
    assert (m["attempts"], m["epochs"], m["runs"], m["experiments"]) == (8, 5, 2, 2)
    assert m["gpu_hours"] == approx(16.5)


def test_figures_are_drawn_and_embedded_in_the_html(cmp_db, tmp_path, run):
    from expreport.compare.figures import FIGURES
    out = tmp_path / "out"
    doc, _ = compare(run, cmp_db, out, "pilot", "main", "old")
    assert [f["name"] for f in doc["figures"]] == [f.name for f in FIGURES]
    assert all(f["skipped"] is None for f in doc["figures"]), doc["figures"]
    html = (out / "compare.html").read_text()
    md = (out / "compare.md").read_text()
    embedded = re.findall(r'<img src="data:image/png;base64,([^"]+)" alt="([^"]+)"', html)
    assert sorted(alt for _, alt in embedded) == sorted(f.title for f in FIGURES)
    for (b64, alt), f in zip(embedded, FIGURES):
        png = (out / f"{f.name}.png").read_bytes()
        assert base64.b64decode(b64) == png, alt                 # the very file, inline
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert f"![{f.title}]({f.name}.png)" in md
        with open(out / "tables" / f"{f.name}.csv", newline="") as t:
            assert {"experiment", "experiment_pos"} <= set(next(csv.reader(t)))
    assert 'src="http' not in html and "<link" not in html     # nothing outside the file
