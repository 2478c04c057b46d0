"""Drawing the report's figures in worker processes, after the SQL.

Matplotlib draws on one core, and drawing + saving is most of a small report's time. The
parent keeps the database: it runs each figure's SQL (:func:`~.base.prepare`) and hands the
small frames to a pool of forked workers that only draw and save (:func:`~.base.draw_png`).
The workers inherit the figures (their ``draw`` functions are never pickled) and the
imported plotting libraries; only the frames travel. Results come back in submission order,
and an exception in a worker comes back as :class:`DrawFailed` with the worker's type name,
message and traceback.

Workers: ``$EXPREPORT_FIGURE_WORKERS`` when set (``1`` draws in this process, as the tests
do), else ``min(2, cpu count)``. No pool for one figure, or where fork is unavailable.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import traceback
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from ..errors import ExpreportError
from .base import Figure, SaveAs, draw_png

log = logging.getLogger(__name__)

ENV = "EXPREPORT_FIGURE_WORKERS"
_FIGURES: dict[str, Figure] = {}      # in a worker: the figures it may draw, by name


class DrawFailed(Exception):
    """A figure's drawing raised in a worker: ``kind`` is the original exception's type name."""

    def __init__(self, kind: str, message: str, worker_traceback: str = ""):
        super().__init__(message)
        self.kind = kind
        self.worker_traceback = worker_traceback


def figure_workers(n_figures: int) -> int:
    """How many worker processes draw ``n_figures`` figures (0: draw in this process)."""
    raw = os.environ.get(ENV, "").strip()
    if raw:
        try:
            n = int(raw)
        except ValueError:
            raise ExpreportError(f"{ENV}={raw!r}: expected a whole number of worker processes") from None
    else:
        n = min(2, os.cpu_count() or 1)
    n = min(n, n_figures)
    if n <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return 0
    return n


def _init(figures: dict[str, Figure]) -> None:
    _FIGURES.clear()
    _FIGURES.update(figures)


def _draw(name: str, data: dict, png: str, save: SaveAs):
    try:
        draw_png(_FIGURES[name], data, Path(png), save)
    except Exception as e:     # returned, not raised: any exception type travels back intact
        return (type(e).__name__, str(e), traceback.format_exc())
    return None


class Drawer:
    """Draw figures in workers (``workers`` > 0) or in this process; ``submit`` then
    ``result`` in any order. Use as a context manager: the pool ends with the block."""

    def __init__(self, figures: list[Figure], workers: int | None = None):
        self.workers = figure_workers(len(figures)) if workers is None else workers
        self.pool: ProcessPoolExecutor | None = None
        if self.workers:
            from .. import style
            style.apply()       # import seaborn and set the style once, before the fork
            self.pool = ProcessPoolExecutor(
                self.workers, mp_context=multiprocessing.get_context("fork"),
                initializer=_init, initargs=({f.name: f for f in figures},))

    def __enter__(self) -> "Drawer":
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def submit(self, fig: Figure, data: dict, png: Path, save: SaveAs = SaveAs()) -> Future:
        if self.pool is None:
            done: Future = Future()
            try:
                draw_png(fig, data, png, save)
                done.set_result(None)
            except Exception as e:
                done.set_exception(e)
            return done
        return self.pool.submit(_draw, fig.name, data, str(png), save)

    @staticmethod
    def result(future: Future) -> None:
        """Wait for one figure; raise its exception (a worker's as :class:`DrawFailed`)."""
        failed = future.result()
        if failed is not None:
            kind, message, tb = failed
            log.debug("figure drawing failed in a worker:\n%s", tb)
            raise DrawFailed(kind, message, tb)
