"""Building a comparison: check the names, scope, fetch the 4NN views, figures, files.

:func:`build_comparison` is the library call behind ``expreport compare``. The experiments'
order is the caller's: the first is the baseline. It is passed to the views through the
scope's ``expreport_experiments`` variable (bound parameters, :mod:`expreport.scope`), which
both selects the experiments and orders them (the ``experiment_order`` macro), so the change
from the baseline is computed in SQL (``experiment_changes``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from ..errors import ExpreportError, NoMatchError
from ..figures.base import Figure, Rendered
from ..render import print_rows
from ..report.build import render_figures
from ..report.data import fetch_rows, write_csv
from ..report.html import render_html
from ..report.markdown import render_markdown
from ..outdir import moved, staged_dir
from ..safe import json_dumps
from ..scope import Scope, apply_scope, cached, check_experiments, known_experiments
from ..sqlheaders import cached_views
from .tables import CompareData, build_document, compare_json, overview, side_by_side

# Views cached (TEMP tables of the same name, see expreport.report.data) for one comparison:
# those whose SQL header says ``-- cache: compare``, in file (dependency) order.
CACHED_VIEWS = cached_views("compare")
# Views written to tables/<view>.csv.
TABLE_VIEWS = ("experiment_comparison", "experiment_metrics", "experiment_changes",
               "experiment_resource_comparison", "experiment_gpu_mix",
               "experiment_epochs_by_relative_day")


@dataclass
class CompareResult:
    out_dir: Path
    scope: Scope
    data: CompareData
    figures: list[Rendered]
    files: list[Path] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def rendered(self) -> list[Rendered]:
        return [r for r in self.figures if r.png]

    @property
    def failed(self) -> list[Rendered]:
        return [r for r in self.figures if r.skipped and r.skipped.startswith("failed")]


def check_comparison(con: duckdb.DuckDBPyConnection, scope: Scope) -> None:
    """Unknown names first (closest match first), then at least two distinct experiments."""
    check_experiments(con, scope.experiments)
    if len(scope.experiments) < 2:
        given = ", ".join(scope.experiments) or "none"
        known = ", ".join(known_experiments(con)) or "(none: ingest data first)"
        raise ExpreportError(
            f"compare needs at least two different experiments (given: {given}). "
            f"Known experiments: {known}. Example: expreport compare pilot main")


def _missing(con: duckdb.DuckDBPyConnection, scope: Scope) -> list[str]:
    present = {r[0] for r in con.execute("SELECT DISTINCT experiment FROM attempts").fetchall()}
    return [e for e in scope.experiments if e not in present]


def collect(con: duckdb.DuckDBPyConnection, scope: Scope) -> CompareData:
    """Fetch every view of the comparison (the scope is set on ``con``)."""
    rows = {v: fetch_rows(con, v)[1] for v in (
        "experiment_comparison", "experiment_metric_catalogue", "experiment_metrics",
        "experiment_changes", "experiment_gpu_mix", "experiment_epochs_by_relative_day")}
    cur = con.execute("FROM experiment_resource_comparison "
                      "ORDER BY resource_rank(resource), resource, experiment_pos, experiment")
    cols = [d[0] for d in cur.description]
    per_resource = [dict(zip(cols, r)) for r in cur.fetchall()]
    catalogue = sorted(rows["experiment_metric_catalogue"], key=lambda r: r["metric_pos"])
    return CompareData(list(scope.experiments), rows["experiment_comparison"], catalogue,
                       rows["experiment_metrics"], rows["experiment_changes"], per_resource,
                       rows["experiment_gpu_mix"], rows["experiment_epochs_by_relative_day"])


def _write_tables(con: duckdb.DuckDBPyConnection, out_dir: Path) -> list[Path]:
    tables = out_dir / "tables"
    tables.mkdir(parents=True, exist_ok=True)
    paths = []
    for v in TABLE_VIEWS:
        cols, rows = fetch_rows(con, v)
        p = tables / f"{v}.csv"
        write_csv(p, cols, rows)
        paths.append(p)
    return paths


def build_comparison(con: duckdb.DuckDBPyConnection, scope: Scope, out_dir: Path, *,
                     progress: bool = False, figures: list[Figure] | None = None,
                     cache: bool = True) -> CompareResult:
    """Compare ``scope.experiments`` (in that order; the first is the baseline) under the
    scope's dates and resources; write every output into ``out_dir`` (created with parents).

    Raises ExpreportError for an unknown name or fewer than two experiments, and
    NoMatchError when an experiment has no attempt under the filters.
    """
    t0 = time.perf_counter()
    check_comparison(con, scope)
    apply_scope(con, scope)
    missing = _missing(con, scope)
    if missing:
        raise NoMatchError(f"no attempts of experiment(s) {', '.join(missing)} match the filters "
                           f"({scope.describe()}): nothing to compare them on.")
    con.execute("SET enable_progress_bar = false")
    with staged_dir(out_dir, "comparison") as tmp:     # all or nothing (expreport.outdir)
        with cached(con, "compare" if cache else None):    # the views marked -- cache: compare
            data = collect(con, scope)
            if figures is None:
                from .figures import FIGURES
                figures = FIGURES
            rendered = render_figures(con, figures, tmp, progress=progress)
            table_files = _write_tables(con, tmp)
        generated = datetime.now().isoformat(timespec="seconds")
        doc = build_document(data, scope, rendered, generated)
        result = CompareResult(out_dir, scope, data, rendered)
        files = {
            "compare.md": render_markdown(doc),
            "compare.html": render_html(doc),
            "compare.json": json_dumps(compare_json(data, scope, rendered, generated)) + "\n",
        }
        for name, text in files.items():
            (tmp / name).write_text(text, encoding="utf-8")
            result.files.append(tmp / name)
        result.files += [r.png for r in rendered if r.png] + table_files
    for r in rendered:
        r.png, r.table = moved(r.png, tmp, out_dir), moved(r.table, tmp, out_dir)
    result.files = [moved(p, tmp, out_dir) for p in result.files]
    result.seconds = time.perf_counter() - t0
    return result


def print_comparison(result: CompareResult, out=None) -> None:
    """The side-by-side table in the terminal, with the filters and coverage notes."""
    import sys
    import textwrap
    from rich.console import Console
    from ..safe import rich_text
    from .tables import coverage_notes
    out = out or sys.stdout
    console = Console(file=out, highlight=False, soft_wrap=True)
    console.print(rich_text(result.scope.describe(), style="bold"))   # data: never markup (safe.py)
    cols, rows = overview(result.data)
    print_rows(cols, rows, "table", title="The experiments", out=out)
    cols, rows = side_by_side(result.data)
    print_rows(cols, rows, "table", title="Side by side", out=out)
    for n in coverage_notes(result.data):
        console.print(rich_text(textwrap.fill("Note: " + n, 100, subsequent_indent="  ")))
