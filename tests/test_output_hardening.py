"""Issue 13, items 8 and 9 (and the report folder of item 10): values from data never act as
markup or escape sequences in any output, every JSON output is strict JSON, and the report
folder is either fully replaced or untouched."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from helpers import ingest, row, write_csv

from expreport.cli import main

EVIL = ["site[/]", "[red]x", "evil\x1b]0;pwned\x07", "a|b*c", "<script>"]


def _evil_csv(tmp_path: Path) -> Path:
    rows = [row(f"job{n}", 100 + i, 1, "completed", n, 1, "2025-08-01T00:00:00", "2025-08-01T02:00:00")
            for i, n in enumerate(EVIL)]
    rows.append(row("job[bold]", 200, 1, "failed", "ospool", 1, "2025-08-01T00:00:00",
                    "2025-08-01T02:00:00", site="[red]s\x1b[31m[/]"))
    return write_csv(tmp_path / "job_summary.csv", rows)


def _strict(text: str):
    def refuse(c):
        raise ValueError(f"not JSON: {c}")
    return json.loads(text, parse_constant=refuse)


def run(capsys, *args):
    with pytest.raises(SystemExit) as e:
        main(list(args))
    out = capsys.readouterr()
    return e.value.code or 0, out.out, out.err


def test_markup_in_data_summary_terminal(capsys, tmp_path, fresh_db_path):
    """Before: MarkupError ('closing tag [/]'), exit 2; ESC sequences reached the terminal."""
    run(capsys, "--db", str(fresh_db_path), "ingest", str(_evil_csv(tmp_path)))
    code, out, err = run(capsys, "--db", str(fresh_db_path), "summary")
    assert code == 0, err
    assert "site[/]" in out and "[red]x" in out and "<script>" in out and "a|b*c" in out
    assert "\x1b" not in out and "\x07" not in out and "pwned" not in out


def test_markup_in_data_report_files(tmp_path, db):
    """Before: report crashed with MarkupError after writing figures; report.md carried raw
    <script> and unescaped * and [ from data."""
    from expreport.report.build import build_report, print_terminal_summary
    from expreport.scope import make_scope
    ingest(db, _evil_csv(tmp_path))
    out = tmp_path / "rep"
    result = build_report(db, make_scope(), out, figures=[])
    md = (out / "report.md").read_text()
    html = (out / "report.html").read_text()
    txt = (out / "summary.txt").read_text()
    assert "<script>" not in md and "&lt;script&gt;" in md
    assert "a\\|b\\*c" in md and "site\\[/\\]" in md
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "site[/]" in txt and "a|b*c" in txt          # plain text: as it is
    for text in (md, html, txt):
        assert "\x1b" not in text and "\x07" not in text and "pwned" not in text
    import io
    buf = io.StringIO()
    print_terminal_summary(result, out=buf)
    assert "site[/]" in buf.getvalue() and "\x1b" not in buf.getvalue()


def test_clean_text_strips_controls_keeps_text():
    from expreport.safe import clean_text, md_escape, md_para
    assert clean_text("a\x1b[31mb\x1b]0;t\x07c\x9b\x00d\te\nf\x7f") == "abcd\te\nf"
    assert md_escape("`x` _y_ <b>&") == "\\`x\\` \\_y\\_ &lt;b&gt;&amp;"
    assert md_para("see `expreport views` for a|b") == "see `expreport views` for a\\|b"


def test_json_metrics_strict(tmp_path, db, monkeypatch):
    """Before: metrics.json carried Infinity / NaN (JSON.parse throws)."""
    from expreport.report import build as report_build
    from expreport.scope import make_scope
    ingest(db, write_csv(tmp_path / "j.csv", [row("r-e0", 1, 1, "completed", "aws", 1,
                                                  "2025-08-01T00:00:00", "2025-08-01T02:00:00")]))
    real = report_build.collect

    def with_inf(con):
        data = real(con)
        data.groups["resource"].rows[0]["gpu_hours_per_epoch"] = math.inf
        data.groups["resource"].rows[0]["gib_in"] = math.nan
        data.coverage["x"] = -math.inf
        return data
    monkeypatch.setattr(report_build, "collect", with_inf)
    report_build.build_report(db, make_scope(), tmp_path / "rep", figures=[])
    doc = _strict((tmp_path / "rep" / "metrics.json").read_text())
    e = next(m for m in doc["metrics"] if m["group"] == "resource" and m["name"] == "gpu_hours_per_epoch")
    assert e["value"] is None and "infinity" in e["note"]
    e = next(m for m in doc["metrics"] if m["group"] == "resource" and m["name"] == "gib_in")
    assert e["value"] is None and "NaN" in e["note"]
    assert doc["coverage"]["x"] is None


def test_json_sql_strict(capsys, tmp_path, fresh_db_path):
    """Before: sql -f json printed Infinity for 1.0/0.0."""
    from expreport.safe import json_dumps
    db = str(fresh_db_path)
    run(capsys, "--db", db, "ingest", str(write_csv(tmp_path / "a" / "job_summary.csv", [
        row("r-e0", 1, 1, "completed", "aws", 1, "2025-08-01T00:00:00", "2025-08-01T02:00:00")])))
    code, out, err = run(capsys, "--db", db, "sql", "SELECT 1.0/0.0 AS x, 'nan'::DOUBLE AS y", "-f", "json")
    assert code == 0, err
    assert _strict(out) == [{"x": None, "y": None}]
    assert _strict(json_dumps({"v": [math.inf, {"w": -math.inf}]})) == {"v": [None, {"w": None}]}


def test_json_compare_strict(tmp_path, db, monkeypatch):
    """Before: compare.json carried Infinity for an infinite change."""
    from expreport.compare import build as cb
    from expreport.scope import make_scope
    for e in ("a", "b"):
        ingest(db, write_csv(tmp_path / f"{e}.csv", [row("r-e0", 1, 1, "completed", "aws", 1,
                                                        "2025-08-01T00:00:00", "2025-08-01T02:00:00")]),
               experiment=e)
    real = cb.collect

    def with_inf(con, scope):
        data = real(con, scope)
        data.per_resource[0]["gpu_hours"] = math.inf
        return data
    monkeypatch.setattr(cb, "collect", with_inf)
    cb.build_comparison(db, make_scope(["a", "b"]), tmp_path / "cmp", figures=[])
    doc = _strict((tmp_path / "cmp" / "compare.json").read_text())
    assert doc["per_resource"][0]["gpu_hours"] is None
