"""The metric catalogue (queries/views/007_metric_catalogue.sql) is the one definition of every
metric: each output shows its label, unit and description, the README's metric glossary is
generated from it, and "not recorded" is decided once (view recorded_requirements)."""

from __future__ import annotations

import json

import pytest
from conftest import metric, run_cli

from helpers import ROOT

from expreport.report.metrics import GROUP, NOT_RECORDED, catalogue_rows


def row(group: str, name: str) -> dict:
    (r,) = [r for r in catalogue_rows()[0] if r["metric_group"] == group and r["metric"] == name]
    return r


def test_catalogue_rows_hand_checked():
    """Hand-read from the SQL file: 14 groups, 144 rows, one row per (group, metric); the
    compare's 'runs' is the campaign's metric (its label and words, written once)."""
    rows, reqs = catalogue_rows()
    assert len(rows) == 144 and len({r["metric_group"] for r in rows}) == 14
    assert len({(r["metric_group"], r["metric"]) for r in rows}) == 144
    r = row("resource", "median_input_minutes")
    assert (r["label"], r["unit"], r["requires"], r["source"]) == (
        "median input min", "minutes", "input_timing", "resource_summary.median_input_minutes")
    e, c = row("experiment", "runs"), row("campaign", "runs")
    assert (e["label"], e["unit"], e["description"], e["source"]) == (
        "runs", "runs", c["description"], "experiment_comparison.runs")
    assert row("experiment", "productive_pct")["requires"] == "gpus"
    assert {q["requires"] for q in reqs} == {"gpus", "bytes", "input_timing", "usage", "requests"}
    assert NOT_RECORDED["input_timing"] == ("not recorded: the source files have no input-transfer "
                                            "times (CSV v4+ or an event log has them)")
    assert GROUP["resource"].metric("gib_in").requires == "bytes"


def test_every_output_shows_the_catalogue(tmp_path, capsys, no_figures, monkeypatch):
    """The hand campaign as a v3 CSV (no input-transfer times, no usage columns): metrics.json,
    report.md's glossary, the summary table and summary -f json carry the catalogue's label,
    unit, description and the recorded_requirements note."""
    from conftest import hand_rows, make_db
    db = make_db(tmp_path, {"old": hand_rows()}, version=3)
    code, _, err = run_cli(["--db", str(db), "-q", "report", "--out", str(tmp_path / "r")], capsys)
    assert code == 0, err
    m = json.loads((tmp_path / "r" / "metrics.json").read_text())
    r = row("campaign", "epoch_completions")
    e = metric(m, "epoch_completions")
    assert (e["label"], e["unit"], e["description"], e["source"]) == (
        "epoch completions", "completions",
        "Epochs Completed summed over the successful attempts of named epochs (1 each without "
        "that column: CSV v1-v3)", "campaign_totals.epoch_completions") == (
        r["label"], r["unit"], r["description"], r["source"])
    e = metric(m, "median_input_minutes", "resource", resource="ospool")
    assert e["value"] is None and e["note"] == NOT_RECORDED["input_timing"]
    md = (tmp_path / "r" / "report.md").read_text()
    p = row("campaign", "productive_pct")
    assert f"| {p['label']} | {p['unit']} | {p['description']} | {p['source']} |" in md
    assert "metric catalogue (queries/views/007_metric_catalogue.sql)" in md
    monkeypatch.setenv("COLUMNS", "400")    # one line per header
    code, out, _ = run_cli(["--db", str(db), "summary"], capsys)
    assert code == 0 and "GPU-h/epoch (all attempts)" in out and "success h/epoch (median)" in out
    code, out, _ = run_cli(["--db", str(db), "summary", "-f", "json"], capsys)
    rows = json.loads(out)
    assert rows and all(x["median_input_minutes"] is None for x in rows)
    assert all(x["notes"] == {"median_input_minutes": NOT_RECORDED["input_timing"]} for x in rows)


def test_recorded_requirements_of_a_v3_csv(tmp_path):
    """A v3 CSV records GPUs and bytes, not input-transfer times, usage or requests."""
    from conftest import hand_rows, make_db

    from expreport.store import connect
    db = make_db(tmp_path, {"old": hand_rows()}, version=3)
    con = connect(db)
    try:
        got = dict(con.execute("SELECT requires, recorded FROM recorded_requirements").fetchall())
        notes = dict(con.execute("SELECT requires, note FROM recorded_requirements").fetchall())
    finally:
        con.close()
    assert got == {"gpus": True, "bytes": True, "input_timing": False, "usage": False, "requests": False}
    assert notes == NOT_RECORDED


def test_readme_metric_glossary_is_the_catalogue():
    """README.md's metric glossary is what python -m expreport.docs_images --glossary writes."""
    from expreport.docs_images import glossary_markdown, with_glossary
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert with_glossary(readme) == readme, "run: python -m expreport.docs_images --glossary"
    g = row("gpu_model", "device_memory_mb")
    assert f"| `device_memory_mb` | {g['label']} | MB | any file | {g['description']} |" in glossary_markdown()


def test_glossary_block_is_rewritten():
    from expreport.docs_images import GLOSSARY_END, GLOSSARY_START, glossary_markdown, with_glossary
    readme = f"intro\n{GLOSSARY_START}\nold table\n{GLOSSARY_END}\nrest\n"
    assert with_glossary(readme) == f"intro\n{GLOSSARY_START}\n\n{glossary_markdown()}\n{GLOSSARY_END}\nrest\n"
    with pytest.raises(ValueError):
        with_glossary("no markers")
