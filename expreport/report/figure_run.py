"""Rendering the report's figures: the SQL here, the drawing in worker processes.

:func:`start_figures` runs each figure's SQL in this process (the scope and the report's
cached views are on this connection) and hands the frames to a
:class:`~expreport.figures.pool.Drawer`; the caller may run more SQL while the workers draw,
then :func:`finish_figures` waits for them. Results keep the figures' order. A figure that
raises, in its SQL or its drawing (in a worker or not), is reported as failed and never
stops the report.
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ..figures.base import Figure, Rendered, SaveAs, prepare
from ..figures.pool import Drawer

log = logging.getLogger("expreport.report.build")


@dataclass
class Pending:
    rendered: Rendered
    future: Future | None = None      # None: skipped or failed before drawing
    t0: float = 0.0


def _failed(fig: Figure, out_dir: Path, e: Exception) -> Rendered:
    kind = getattr(e, "kind", type(e).__name__)
    log.warning("figure %s failed: %s: %s", fig.name, kind, e)
    for path in out_dir.glob(f"{fig.name}.*"):      # png and pdf/svg beside it
        path.unlink(missing_ok=True)
    return Rendered(fig.name, fig.title, fig.caption, None, None, skipped=f"failed: {kind}: {e}")


def start_figures(con: duckdb.DuckDBPyConnection, figures: list[Figure], out_dir: Path,
                  drawer: Drawer, save: SaveAs = SaveAs(), previous: Path | None = None) -> list[Pending]:
    """Each figure's SQL, then its drawing submitted to ``drawer`` (unless the PNG of the
    report in ``previous`` is still right: figures/reuse.py)."""
    out = []
    frames: dict = {}     # a view read by two figures runs once
    for fig in figures:
        t0 = time.perf_counter()
        try:
            p = prepare(con, fig, out_dir, save, frames, previous)
        except Exception as e:  # a broken figure must not cost the whole report
            out.append(Pending(_failed(fig, out_dir, e)))
            continue
        png = p.png_to_draw
        future = drawer.submit(fig, p.data, png, save) if png is not None else None
        out.append(Pending(p.rendered, future, t0))
    return out


def finish_figures(figures: list[Figure], pending: list[Pending], out_dir: Path,
                   progress: bool = False) -> list[Rendered]:
    """Wait for every drawing, in order; a progress bar on stderr with ``progress``."""
    bar = task = None
    if progress and figures:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
        bar = Progress(TextColumn("figures"), BarColumn(), MofNCompleteColumn(),
                       TextColumn("{task.description}"), TimeElapsedColumn(),
                       console=Console(stderr=True), transient=True)
        bar.start()
        task = bar.add_task("", total=len(figures))
    out: list[Rendered] = []
    try:
        for fig, p in zip(figures, pending):
            if bar is not None and task is not None:
                bar.update(task, description=fig.name)
            r = p.rendered
            if p.future is not None:
                try:
                    Drawer.result(p.future)
                except Exception as e:
                    r = _failed(fig, out_dir, e)
            how = "skipped" if r.skipped else "reused" if p.future is None else "rendered"
            log.info("figure %s: %s in %.2f s", fig.name, how,
                     time.perf_counter() - p.t0 if p.t0 else 0.0)
            out.append(r)
            if bar is not None and task is not None:
                bar.advance(task)
    finally:
        if bar is not None:
            bar.stop()
    return out


def render_figures(con: duckdb.DuckDBPyConnection, figures: list[Figure], out_dir: Path,
                   progress: bool = False, save: SaveAs = SaveAs()) -> list[Rendered]:
    """Render each figure (SQL here, drawing in workers); failures are reported, not raised."""
    with Drawer(figures) as drawer:
        pending = start_figures(con, figures, out_dir, drawer, save)
        return finish_figures(figures, pending, out_dir, progress)
