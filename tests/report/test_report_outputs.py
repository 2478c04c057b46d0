"""The report's files: self-contained HTML, Markdown with every figure, JSON with units, CSVs,
the terminal summary, -v/-q, the default folder and ingest-first."""

from __future__ import annotations

import base64
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import hand_rows, metric, run_cli, write_csv

from expreport.figures.base import Figure
from expreport.report.build import build_report
from expreport.scope import make_scope
from expreport.store import connect


class Images(HTMLParser):
    """Collects <img src> and every tag (html.parser raises nothing; we check balance)."""

    def __init__(self):
        super().__init__()
        self.srcs, self.open = [], []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.srcs.append(dict(attrs)["src"])
        elif tag not in ("meta", "br", "link"):
            self.open.append(tag)

    def handle_endtag(self, tag):
        assert self.open and self.open[-1] == tag, (tag, self.open[-5:])
        self.open.pop()


def parse_html(path: Path) -> Images:
    p = Images()
    p.feed(path.read_text(encoding="utf-8"))
    p.close()
    assert p.open == [], p.open
    return p


def check_embeds(out: Path) -> int:
    """Every rendered PNG is embedded once as a data URI and referenced by report.md."""
    pngs = sorted(out.glob("*.png"))
    html = parse_html(out / "report.html")
    uris = [s for s in html.srcs if s.startswith("data:image/png;base64,")]
    assert len(uris) == len(html.srcs) == len(pngs)
    embedded = {base64.b64decode(s.split(",", 1)[1]) for s in uris}
    assert embedded == {p.read_bytes() for p in pngs}
    md = (out / "report.md").read_text()
    for p in pngs:
        assert f"]({p.name})" in md, p.name
    text = (out / "report.html").read_text()
    assert "<style>" in text and "@media print" in text and "page-break-inside: avoid" in text
    assert not re.search(r'(src|href)="(https?:|//|[^"#d][^"]*\.(png|css|js))', text)  # nothing external
    return len(pngs)


def _bars(data, fig):
    df = data["resource_summary"]
    ax = fig.subplots()
    ax.bar(df["resource"], df["gpu_hours"])
    ax.set_ylabel("GPU-hours")


def _boom(data, fig):
    raise RuntimeError("broken figure")


TINY = [
    Figure("tiny_bars", "GPU-hours per resource", ("resource_summary",), _bars, caption="A test figure."),
    Figure("tiny_empty", "Slow input", ("rec_quick_failures",), _bars),      # empty on HAND: skipped
    Figure("tiny_broken", "Broken", ("resource_summary",), _boom),         # raises: reported, not fatal
]


def test_tiny_figures_embedded_skipped_and_failed(hand_db, tmp_path):
    con = connect(hand_db)
    try:
        (tmp_path / "tiny_empty.png").write_bytes(b"stale")       # replaced: a skipped figure's old PNG goes
        res = build_report(con, make_scope(["exp1"]), tmp_path, figures=TINY)
    finally:
        con.close()
    assert [r.name for r in res.rendered] == ["tiny_bars"]
    assert check_embeds(tmp_path) == 1
    assert (tmp_path / "tables" / "tiny_bars.csv").read_text().startswith("resource,")
    md = (tmp_path / "report.md").read_text()
    assert "`tiny_empty` (Slow input): no data under the filters" in md
    assert "`tiny_broken` (Broken): failed: RuntimeError: broken figure" in md
    m = json.loads((tmp_path / "metrics.json").read_text())
    assert {f["name"]: f["skipped"] for f in m["figures"]}["tiny_empty"] == "no data under the filters"
    assert [r.name for r in res.failed] == ["tiny_broken"]


@pytest.fixture(scope="module")
def full(hand_db, tmp_path_factory):
    """``expreport report`` with every registered figure (whatever REGISTRY holds today)."""
    from expreport.cli import main
    out = tmp_path_factory.mktemp("full") / "deep" / "reports"   # created with parents
    try:
        main(["--db", str(hand_db), "report", "-e", "exp1", "-o", str(out), "-q"])
    except SystemExit as e:
        assert e.code in (0, None)
    return out


def test_full_report_embeds_every_rendered_figure(full):
    from expreport.report.build import registered_figures
    m = json.loads((full / "metrics.json").read_text())
    figs = m["figures"]
    assert [f["name"] for f in figs] == [f.name for f in registered_figures()]
    rendered = [f for f in figs if f["png"]]
    assert check_embeds(full) == len(rendered)
    md = (full / "report.md").read_text()
    for f in figs:
        assert not (f["skipped"] or "").startswith("failed"), f
        if f["skipped"]:
            assert f"`{f['name']}`" in md and f["skipped"] in md
        assert (full / "tables" / f"{f['name']}.csv").exists()


def test_metrics_json_units_and_recommendations(full):
    m = json.loads((full / "metrics.json").read_text())
    assert metric(m, "gpu_hours")["unit"] == "GPU-hours"
    assert metric(m, "productive_pct")["unit"] == "%"
    assert metric(m, "gib_in", "resource", resource="delta")["unit"] == "GiB"
    assert all(e["unit"] for e in m["metrics"])
    assert m["recommendations"] and all(r["evidence"] and r["advice"] for r in m["recommendations"])
    assert {t["rule"] for t in m["thresholds"]} >= {"high_waste", "slow_input"}


def test_text_and_markdown_share_the_numbers(full):
    txt, md = (full / "summary.txt").read_text(), (full / "report.md").read_text()
    for doc in (txt, md):
        assert "32.1" in doc and "81.0" in doc          # GPU-hours, productive %
        assert "High waste" in doc and "Slow input transfer" in doc
        assert "Glossary" in doc and "resource_summary.gpu_hours" in doc
    assert "| resource | attempts | success % |" in md


def test_terminal_verbose_and_quiet(hand_db, tmp_path, capsys, no_figures):
    code, out, err = run_cli(["--db", str(hand_db), "report", "-e", "exp1", "-v", "--out", str(tmp_path)], capsys)
    assert code == 0
    assert re.search(r"query resource_summary: (cached in|\d+ rows in) [0-9.]+ s", err)
    assert "Per resource" in out and "High waste (ospool)" in out
    assert out.strip().splitlines()[-1] == str(tmp_path.resolve())
    code, out, err = run_cli(["-q", "--db", str(hand_db), "report", "-e", "exp1", "--out", str(tmp_path)], capsys)
    assert code == 0 and out.strip() == str(tmp_path.resolve()) and err == ""


def test_default_out_and_ingest_first(tmp_path, monkeypatch, capsys, no_figures):
    """In a folder with only job_summary.csv, ``expreport report`` ingests it, then reports
    into ./reports; a second run reuses the database and replaces the files."""
    folder = tmp_path / "campaign42"
    write_csv(folder / "job_summary.csv", hand_rows())
    monkeypatch.chdir(folder)
    monkeypatch.delenv("EXPREPORT_DB", raising=False)
    code, out, err = run_cli(["report"], capsys)
    assert code == 0, err
    assert "ingesting ./job_summary.csv first" in err and "ingested 12 attempts" in err
    assert (folder / "expreport.duckdb").exists()
    m = json.loads((folder / "reports" / "metrics.json").read_text())
    # 12 rows stored, 11 attempts: annex_helper is a service job
    assert metric(m, "attempts")["value"] == 11 and m["coverage"]["experiment_names"] == ["campaign42"]
    before = (folder / "reports" / "metrics.json").stat().st_mtime_ns
    code, out, err = run_cli(["report", "-r", "delta"], capsys)
    assert code == 0 and "ingesting" not in err
    m = json.loads((folder / "reports" / "metrics.json").read_text())
    assert metric(m, "attempts")["value"] == 3
    assert (folder / "reports" / "metrics.json").stat().st_mtime_ns >= before


def test_no_database_and_no_csv(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("EXPREPORT_DB", raising=False)
    code, out, err = run_cli(["report"], capsys)
    assert code == 1 and "no database" in err and not (tmp_path / "reports").exists()


def test_ingest_first_failure_leaves_no_database(tmp_path, monkeypatch, capsys):
    (tmp_path / "job_summary.csv").write_text("not,a,job summary\n1,2,3\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("EXPREPORT_DB", raising=False)
    code, out, err = run_cli(["report"], capsys)
    assert code == 1 and "job_summary.csv" in err
    assert not (tmp_path / "expreport.duckdb").exists()   # the next run tries again
