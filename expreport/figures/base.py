"""The figure registry and the one plotting helper every figure goes through.

A figure is a :class:`Figure`: a name (the PNG and CSV file name), a title, the view (or
views) it reads, and a ``draw(data, fig)`` function. :func:`render` fetches the view
results (small aggregates; the scope is already set on the connection), skips the figure
with a reason when there is nothing to show, draws it with the shared style and saves
the PNG and the data behind it (``tables/<name>.csv``).
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import duckdb

from . import reuse

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
    # One bar per resource: with a single resource under the filters it is skipped (one_resource).
    per_resource: bool = False


REGISTRY: list[Figure] = []

FIGURE_FORMATS = ("png", "pdf", "svg")


@dataclass(frozen=True)
class SaveAs:
    """How figures are saved: the PNG (always: report.html embeds it) plus ``extra`` formats
    (pdf, svg for papers) beside it, at ``dpi`` (None: the style's)."""
    extra: tuple[str, ...] = ()
    dpi: int | None = None

    @classmethod
    def parse(cls, formats: str = "png", dpi: int | None = None) -> "SaveAs":
        """From the CLI: ``formats`` comma-separated (``png,pdf,svg``)."""
        from ..errors import ExpreportError
        asked = [f.strip().lower().lstrip(".") for f in formats.split(",") if f.strip()]
        bad = [f for f in asked if f not in FIGURE_FORMATS]
        if bad or not asked:
            raise ExpreportError(f"--format {formats!r}: expected {', '.join(FIGURE_FORMATS)} "
                                 "(comma-separated, e.g. png,pdf); PNG is always written.")
        if dpi is not None and not 50 <= dpi <= 1200:
            from ..style import DPI
            raise ExpreportError(f"--dpi {dpi}: expected 50 to 1200 (default {DPI}).")
        return cls(tuple(dict.fromkeys(f for f in asked if f != "png")), dpi)


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
    extra: tuple[Path, ...] = ()   # the same figure as PDF/SVG (SaveAs.extra)


def _empty(df: "pd.DataFrame") -> bool:
    return df is None or len(df) == 0


def one_resource(fig: Figure, main: "pd.DataFrame") -> str | None:
    """Why a per-resource chart is not drawn when its data holds a single resource: it would be
    one bar (the numbers are in the summary table; the per-day figures show it over time)."""
    if not fig.per_resource or "resource" not in main or main["resource"].nunique() != 1:
        return None
    return (f"one resource under the filters ({main['resource'].iloc[0]}): a per-resource chart "
            "would be a single bar; its numbers are in the summary table and the per-day figures "
            "show it over time")


# PNG zlib level: 3 compresses the 15 figures in 0.75 CPU-s instead of 1.06 (level 6, the default)
# for files 15% larger (bench/RESULTS.md, "Everyday run"); levels 1-2 are no faster and larger.
PNG_COMPRESS_LEVEL = 3


@dataclass
class Prepared:
    """A figure after its SQL: the data to draw, and what :func:`render` returns."""
    fig: Figure
    data: dict
    rendered: Rendered
    reused: bool = False       # the previous report's PNG was copied (reuse.py): nothing to draw

    @property
    def to_draw(self) -> bool:
        return self.png_to_draw is not None

    @property
    def png_to_draw(self) -> Path | None:
        """The PNG to draw; None when there is nothing to draw (skipped, or reused)."""
        return None if self.reused else self.rendered.png


def prepare(con: duckdb.DuckDBPyConnection, fig: Figure, out_dir: Path,
            save: SaveAs = SaveAs(), frames: dict | None = None,
            previous: Path | None = None) -> Prepared:
    """The SQL half of :func:`render`: fetch the views, save the tables, decide on a skip.
    ``frames`` (view -> frame), shared by the figures of one report, runs a view read by
    several figures once; each figure gets its own copy. ``previous``: the folder of the last
    report, whose PNG is copied when nothing the figure depends on changed (reuse.py)."""
    from ..queries import fetch

    frames = {} if frames is None else frames
    for v in fig.views:
        if v not in frames:
            frames[v] = fetch(con, v)
    data = {v: frames[v].copy() for v in fig.views}
    main = data[fig.views[0]]
    tables = out_dir / "tables"
    tables.mkdir(parents=True, exist_ok=True)
    table_path = tables / f"{fig.name}.csv"
    main.to_csv(table_path, index=False)
    for v in fig.extra_tables:
        data[v].to_csv(tables / f"{fig.name}__{v}.csv", index=False)
    reason = ((fig.skip_if(data) if fig.skip_if else None) or ("no data under the filters" if _empty(main) else None)
              or one_resource(fig, main))
    png = out_dir / f"{fig.name}.png"
    extra = tuple(out_dir / f"{fig.name}.{ext}" for ext in save.extra)
    if reason:
        for p in (png, *extra):
            p.unlink(missing_ok=True)
        return Prepared(fig, data, Rendered(fig.name, fig.title, fig.caption, None, table_path, skipped=reason))
    done = Rendered(fig.name, fig.title, fig.caption, png, table_path, extra=extra)
    if previous is not None and not save.extra and reuse.enabled():
        old = previous / png.name
        if old != png and reuse.png_key(old) == reuse.figure_key(fig, data, save.dpi or _dpi()):
            shutil.copyfile(old, png)
            return Prepared(fig, data, done, reused=True)
    return Prepared(fig, data, done)


def _dpi() -> int:
    from .. import style
    return style.DPI


def write_png(path: Path, rgba, dpi: float, level: int = PNG_COMPRESS_LEVEL, key: str | None = None) -> None:
    """An RGBA pixel array (height x width x 4, uint8) as a PNG file: RGB when every pixel is
    opaque, rows unfiltered, zlib ``level``, the dpi in a pHYs chunk. Pillow's encoder (behind
    ``savefig``) tries five row filters per row: 0.75 CPU-s for the 15 figures of the everyday
    report against 0.3 s here, for files of about the same size (bench/RESULTS.md). ``key``
    (reuse.py) goes into a tEXt chunk before the pixels."""
    import struct
    import zlib

    import numpy as np

    h, w, _ = rgba.shape
    px = rgba[..., :3] if bool((rgba[..., 3] == 255).all()) else rgba
    rows = np.zeros((h, w * px.shape[2] + 1), dtype=np.uint8)    # filter byte 0 (none) per row
    rows[:, 1:] = px.reshape(h, -1)

    def chunk(tag: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body))

    ppm = round(dpi / 0.0254)
    path.write_bytes(b"\x89PNG\r\n\x1a\n"
                     + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6 if px.shape[2] == 4 else 2, 0, 0, 0))
                     + chunk(b"pHYs", struct.pack(">IIB", ppm, ppm, 1))
                     + (chunk(b"tEXt", reuse.KEYWORD + b"\0" + key.encode("latin-1")) if key else b"")
                     + chunk(b"IDAT", zlib.compress(rows.tobytes(), level))
                     + chunk(b"IEND", b""))


def draw_png(fig: Figure, data: dict, png: Path, save: SaveAs = SaveAs()) -> None:
    """The drawing half: no database. Constrained layout already fits every label inside the
    figure, so there is no ``bbox_inches="tight"`` (a second full draw). The figure is drawn
    once at the output dpi (layout, then pixels) and its buffer written by :func:`write_png`."""
    from .. import style
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    style.apply()
    dpi = save.dpi or style.DPI
    key = reuse.figure_key(fig, data, dpi) if reuse.enabled() else None    # before drawing
    f = plt.figure(figsize=fig.size, layout="constrained", dpi=dpi)
    try:
        fig.draw(data, f)
        f.suptitle(fig.title)
        canvas = f.canvas
        assert isinstance(canvas, FigureCanvasAgg), "style.apply() selects the Agg backend"
        canvas.draw()
        write_png(png, np.asarray(canvas.buffer_rgba()), dpi, key=key)
        for ext in save.extra:  # vector formats: the dpi only sets raster parts' resolution
            f.savefig(png.with_suffix(f".{ext}"), dpi=dpi)
    finally:
        plt.close(f)


def render(con: duckdb.DuckDBPyConnection, fig: Figure, out_dir: Path,
           save: SaveAs = SaveAs()) -> Rendered:
    """Fetch, draw and save one figure; skipped (with a reason) when its data is empty."""
    p = prepare(con, fig, out_dir, save)
    if (png := p.png_to_draw) is not None:
        draw_png(fig, p.data, png, save)
    return p.rendered
