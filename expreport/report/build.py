"""Building the report: scope -> small view results -> figures -> files.

:func:`build_report` is the library call behind ``expreport report``. It sets the scope
(bound parameters, :mod:`expreport.scope`), caches the shared views for this run
(:func:`~expreport.scope.cached`), fetches the catalogued metrics and the recommendations, renders
every registered figure (SQL here, drawing in worker processes: :mod:`.figure_run`), and writes
``summary.txt``, ``report.md``, ``report.html``, ``metrics.json`` and ``tables/*.csv``.
Nothing but small aggregates leaves DuckDB.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from ..figures.base import Figure, Rendered, SaveAs
from ..figures.pool import Drawer
from ..outdir import moved, staged_dir
from ..safe import json_dumps
from ..scope import Scope, apply_scope, cached
from .figure_run import finish_figures, render_figures, start_figures  # noqa: F401  (render_figures: compare)
from .data import json_value, write_csv
from .document import build_document
from .html import render_html
from .markdown import render_markdown
from .metrics import GROUPS, ReportData, collect, metric_entries
from .recommend import Recommendation, fetch_recommendations, fetch_thresholds
from .text import render_text

log = logging.getLogger(__name__)


@dataclass
class ReportResult:
    out_dir: Path
    scope: Scope
    data: ReportData
    recommendations: list[Recommendation]
    figures: list[Rendered]
    files: list[Path] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def rendered(self) -> list[Rendered]:
        return [r for r in self.figures if r.png]

    @property
    def failed(self) -> list[Rendered]:
        return [r for r in self.figures if r.skipped and r.skipped.startswith("failed")]


def registered_figures() -> list[Figure]:
    """The figures registered so far (``expreport.figures.REGISTRY``; empty is fine)."""
    try:
        from ..figures import REGISTRY
    except ImportError:
        from ..figures.base import REGISTRY
    return list(REGISTRY)


def _write_tables(out_dir: Path, data: ReportData, recs: list[Recommendation]) -> list[Path]:
    tables = out_dir / "tables"
    tables.mkdir(parents=True, exist_ok=True)
    paths = []
    for g in GROUPS:
        gd = data.groups[g.key]
        p = tables / f"summary__{g.view}.csv"
        write_csv(p, gd.columns, gd.rows)
        paths.append(p)
    p = tables / "summary__data_quality.csv"
    write_csv(p, ["experiment", "area", "kind", "count", "unit", "example"], data.data_quality)
    paths.append(p)
    p = tables / "summary__report_recommendations.csv"
    rows = [{"rule": r.rule.id, "subject": r.subject, "severity": r.severity, "message": r.message,
             "evidence": json_dumps(r.evidence, indent=None), "advice": r.rule.advice} for r in recs]
    write_csv(p, ["rule", "subject", "severity", "message", "evidence", "advice"], rows)
    return paths + [p]


def _metrics_json(result: ReportResult, thresholds: list[dict], generated: str) -> dict:
    from .. import __version__
    return {
        "generated_at": generated,
        "expreport_version": __version__,
        "scope": result.scope.as_dict(),
        "scope_text": result.scope.describe(),
        "coverage": {k: json_value(v) for k, v in result.data.coverage.items()},
        "metrics": metric_entries(result.data),
        "recommendations": [r.as_json() for r in result.recommendations],
        "data_quality": [{k: json_value(v) for k, v in r.items()} for r in result.data.data_quality],
        "thresholds": thresholds,
        "figures": [{"name": r.name, "title": r.title, "png": r.png.name if r.png else None,
                     "table": f"tables/{r.table.name}" if r.table else None, "skipped": r.skipped}
                    for r in result.figures],
    }


def build_report(con: duckdb.DuckDBPyConnection, scope: Scope, out_dir: Path, *,
                 progress: bool = False, figures: list[Figure] | None = None,
                 cache: bool = True, save: SaveAs = SaveAs()) -> ReportResult:
    """Write the whole report for ``scope`` into ``out_dir`` (created with parents), all or
    nothing: written into a temporary sibling that then replaces ``out_dir``
    (:func:`expreport.outdir.staged_dir`).

    Raises :class:`~expreport.errors.NoMatchError` when the scope matches no attempt.
    """
    t0 = time.perf_counter()
    apply_scope(con, scope)
    con.execute("SET enable_progress_bar = false")  # our own bar, not DuckDB's
    figs = figures if figures is not None else registered_figures()
    with staged_dir(out_dir, "report") as tmp, Drawer(figs) as drawer:
        with cached(con, "report" if cache else None):    # the views marked -- cache: report
            # The figures' SQL first: the workers draw while the summary's SQL runs here.
            pending = start_figures(con, figs, tmp, drawer, save,
                                    previous=Path(os.path.abspath(out_dir)) if Path(out_dir).is_dir() else None)
            data = collect(con)
            recs = fetch_recommendations(con)
            thresholds = fetch_thresholds(con)
        rendered = finish_figures(figs, pending, tmp, progress=progress)
        result = ReportResult(out_dir, scope, data, recs, rendered)
        generated = datetime.now().isoformat(timespec="seconds")
        doc = build_document(data, scope, recs, rendered, thresholds, generated)
        files = {
            "summary.txt": render_text(doc),
            "report.md": render_markdown(doc),
            "report.html": render_html(doc),
            "metrics.json": json_dumps(_metrics_json(result, thresholds, generated)) + "\n",
        }
        for name, text in files.items():
            (tmp / name).write_text(text, encoding="utf-8")
            result.files.append(tmp / name)
        result.files += [p for r in rendered if r.png for p in (r.png, *r.extra)]
        result.files += _write_tables(tmp, data, recs)
    for r in rendered:
        r.png, r.table = moved(r.png, tmp, out_dir), moved(r.table, tmp, out_dir)
        r.extra = tuple(moved(p, tmp, out_dir) for p in r.extra)
    result.files = [moved(p, tmp, out_dir) for p in result.files]
    result.seconds = time.perf_counter() - t0
    return result


def print_terminal_summary(result: ReportResult, out=None, width: int | None = None) -> None:
    """The short summary: campaign totals, the per-resource table (``width`` columns, default
    the terminal's), the recommendations."""
    import sys
    from rich.console import Console
    from ..render import fmt_cell, print_rows
    from ..safe import rich_text
    from ..summary import running_note, summary_columns
    out = out or sys.stdout
    t = result.data.campaign
    console = Console(file=out, highlight=False, soft_wrap=True)
    console.print(rich_text(result.scope.describe(), style="bold"))   # data: never markup (safe.py)
    console.print(rich_text(
        f"period {fmt_cell(t['first_start'])} to {fmt_cell(t['last_stop'])}: {t['attempts']:,} attempts, "
        f"{t['runs']:,} runs, {t['epochs']:,} epochs ({t['redone_epochs']:,} re-done), "
        f"{fmt_cell(t['gpu_hours'])} GPU-hours of which {fmt_cell(t['productive_pct'])}% productive"
        f"{running_note(t)}"))
    gd = result.data.groups["resource"]    # cells: "not recorded" where the files lack the data
    cols = summary_columns()
    print_rows([h for _, h in cols],
               [[r.get(c) if c == "resource" else gd.cell(i, gd.group.metric(c)) for c, _ in cols]
                for i, r in enumerate(gd.rows)],
               "table", title="Per resource", out=out, width=width)
    if result.recommendations:
        console.print("Recommendations", style="bold")
        for i, rec in enumerate(result.recommendations, 1):
            console.print(rich_text(f"{i}. {rec.headline}"))
    else:
        console.print("No recommendation fired.")
