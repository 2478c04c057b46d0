"""The figure registry and the one plotting helper every figure goes through.

A figure is a :class:`Figure`: a name (the PNG and CSV file name), a title, the view (or
views) it reads, and a ``draw(data, fig)`` function. :func:`render` fetches the view
results (small aggregates; the scope is already set on the connection), skips the figure
with a reason when there is nothing to show, draws it with the shared style and saves
the PNG and the data behind it (``tables/<name>.csv``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import duckdb

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure as MplFigure

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Figure:
    name: str                         # file stem: <name>.png, tables/<name>.csv
    title: str                        # figure title (suptitle)
    views: tuple[str, ...]            # views read, first = the table saved as tables/<name>.csv
    draw: Callable[[dict, "MplFigure"], None]
    caption: str = ""                 # one or two sentences for the report: what it shows
    size: tuple[float, float] = (11, 6)
    # Return a reason (str) to skip the figure, or None to draw it.
    skip_if: Callable[[dict], str | None] | None = None
    extra_tables: tuple[str, ...] = field(default=())


REGISTRY: list[Figure] = []


def register(fig: Figure) -> Figure:
    if any(f.name == fig.name for f in REGISTRY):
        raise ValueError(f"figure {fig.name} registered twice")
    REGISTRY.append(fig)
    return fig


@dataclass
class Rendered:
    name: str
    title: str
    caption: str
    png: Path | None          # None when skipped
    table: Path | None
    skipped: str | None = None


def _empty(df: "pd.DataFrame") -> bool:
    return df is None or len(df) == 0


# PNG zlib level: 3 compresses the 15 figures in 0.75 CPU-s instead of 1.06 (level 6, the default)
# for files 15% larger (bench/RESULTS.md, "Everyday run"); levels 1-2 are no faster and larger.
PNG_COMPRESS_LEVEL = 3


@dataclass
class Prepared:
    """A figure after its SQL: the data to draw, and what :func:`render` returns."""
    fig: Figure
    data: dict
    rendered: Rendered

    @property
    def to_draw(self) -> bool:
        return self.rendered.png is not None


def prepare(con: duckdb.DuckDBPyConnection, fig: Figure, out_dir: Path) -> Prepared:
    """The SQL half of :func:`render`: fetch the views, save the tables, decide on a skip."""
    from ..queries import fetch

    data = {v: fetch(con, v) for v in fig.views}
    main = data[fig.views[0]]
    tables = out_dir / "tables"
    tables.mkdir(parents=True, exist_ok=True)
    table_path = tables / f"{fig.name}.csv"
    main.to_csv(table_path, index=False)
    for v in fig.extra_tables:
        data[v].to_csv(tables / f"{fig.name}__{v}.csv", index=False)
    reason = (fig.skip_if(data) if fig.skip_if else None) or ("no data under the filters" if _empty(main) else None)
    png = out_dir / f"{fig.name}.png"
    if reason:
        png.unlink(missing_ok=True)
        return Prepared(fig, data, Rendered(fig.name, fig.title, fig.caption, None, table_path, skipped=reason))
    return Prepared(fig, data, Rendered(fig.name, fig.title, fig.caption, png, table_path))


def draw_png(fig: Figure, data: dict, png: Path) -> None:
    """The drawing half: no database. Constrained layout already fits every label inside the
    figure, so the style saves without ``bbox_inches="tight"`` (a second full draw)."""
    from .. import style
    import matplotlib.pyplot as plt

    style.apply()
    f = plt.figure(figsize=fig.size, layout="constrained")
    try:
        fig.draw(data, f)
        f.suptitle(fig.title)
        f.savefig(png, dpi=style.DPI, pil_kwargs={"compress_level": PNG_COMPRESS_LEVEL})
    finally:
        plt.close(f)


def render(con: duckdb.DuckDBPyConnection, fig: Figure, out_dir: Path) -> Rendered:
    """Fetch, draw and save one figure; skipped (with a reason) when its data is empty."""
    p = prepare(con, fig, out_dir)
    if p.to_draw:
        draw_png(fig, p.data, p.rendered.png)
    return p.rendered
