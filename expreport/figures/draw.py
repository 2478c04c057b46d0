"""The drawing helpers every figure uses: bars by resource, stacked and grouped bars,
quantile boxes (from SQL stats) with strips, heatmaps, daily lines, the attempt timeline.

Helpers only draw what they are given (values come from the views); they own the look:
resource colours and order (expreport.style), value labels, GPU labels, legends, notes.
"""

from __future__ import annotations

import textwrap
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from .. import style

LABEL_SIZE = style.FONT_SIZE - 2


# ---------------------------------------------------------------- labels and text
def fmt_num(v, unit: str = "") -> str:
    """A value as written on a chart: 1,234 / 12.3 / 0.45 / 7 (NaN -> '')."""
    if v is None or pd.isna(v):
        return ""
    f = float(v)
    a = abs(f)
    if unit == "%":   # shares: 37%, 4.2%, <0.1%
        return "<0.1%" if 0 < a < 0.1 else f"{f:.0f}%" if a >= 10 or f.is_integer() else f"{f:.1f}%"
    if a == 0:
        s = "0"
    elif a >= 100 or f.is_integer():
        s = f"{f:,.0f}"
    elif a >= 1:   # 12.3, 4.5; 45.0 -> 45
        s = f"{f:,.1f}".removesuffix(".0")
    else:
        s = f"{f:.2g}"
    return f"{s}{unit}"


def fmt_count(v) -> str:
    """A count, short: 950 / 1.2k / 34k / 1.2M."""
    if v is None or pd.isna(v):
        return ""
    v = float(v)
    for div, suf in ((1e6, "M"), (1e3, "k")):
        if v >= div:
            return f"{v / div:.1f}{suf}" if v < 10 * div else f"{v / div:.0f}{suf}"
    return f"{v:.0f}"


def wrap(label: str, width: int = 14) -> str:
    """Wrap a long label on spaces and dashes so tick labels do not collide."""
    if len(label) <= width:
        return label
    return "\n".join(textwrap.wrap(label.replace("-", "- "), width)).replace("- ", "-")


def gpu_tick(model: str, gpus: int | None = None, width: int = 16) -> str:
    lab = wrap(style.gpu_label(str(model)), width)
    return lab if gpus is None else f"{lab} ×{int(gpus)}"


def resource_ticks(ax, resources: Sequence[str], counts: Sequence | None = None,
                   axis: str = "x", positions=None) -> None:
    """Resource names as tick labels, each in its resource colour, optionally with 'n=...';
    x labels are rotated only when they would not fit side by side."""
    pos = np.arange(len(resources)) if positions is None else positions
    labels = [r if counts is None else f"{r}\nn={fmt_count(c)}" for r, c in
              zip(resources, counts if counts is not None else [None] * len(resources))]
    (ax.set_xticks if axis == "x" else ax.set_yticks)(pos, labels)
    ticks = ax.get_xticklabels() if axis == "x" else ax.get_yticklabels()
    for t, r in zip(ticks, resources):
        t.set_color(style.resource_color(r))
        t.set_fontweight("bold")
    if axis == "x" and len(resources):
        width_in = ax.get_position().width * ax.figure.get_size_inches()[0]
        need_in = max(len(r) for r in resources) * style.FONT_SIZE * 0.68 / 72
        if need_in > 0.92 * width_in / len(resources):
            ax.tick_params(axis="x", labelrotation=30)
            for t in ax.get_xticklabels():
                t.set_ha("right")
                t.set_rotation_mode("anchor")


def min_slots(ax, n: int, slots: int = 4, axis: str = "x") -> None:
    """Keep bars bar-shaped when there are few categories: room for at least ``slots``."""
    extra = max(slots - n, 0) / 2
    (ax.set_xlim if axis == "x" else ax.set_ylim)(-0.5 - extra, n - 0.5 + extra)


def label_bars(ax, bars, labels: Iterable[str], *, inside: bool = False, color="black") -> None:
    ax.bar_label(bars, labels=list(labels), label_type="center" if inside else "edge",
                 padding=0 if inside else 3, fontsize=LABEL_SIZE, color=color)


def headroom(ax, frac: float = 0.15, axis: str = "y") -> None:
    """Room above the tallest bar for its label."""
    lo, hi = ax.get_ylim() if axis == "y" else ax.get_xlim()
    (ax.set_ylim if axis == "y" else ax.set_xlim)(lo, hi + (hi - lo) * frac)
    if hi >= 10000:   # 12,500 rather than 12500
        from matplotlib.ticker import StrMethodFormatter
        (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(StrMethodFormatter("{x:,.0f}"))


def integer_axis(ax, axis: str = "y") -> None:
    """Whole-number ticks (counts such as epochs)."""
    from matplotlib.ticker import MaxNLocator
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_locator(MaxNLocator(integer=True))


def note(ax, text: str) -> None:
    """A message in an otherwise empty panel (the reason it is empty)."""
    ax.set_axis_off()
    ax.text(0.5, 0.5, "\n".join(textwrap.wrap(text, 40)), ha="center", va="center",
            transform=ax.transAxes, fontsize=style.FONT_SIZE, color="#555555", style="italic")


def legend_patches(items: Sequence[tuple[str, dict]]):
    """Legend handles: (label, Patch kwargs such as facecolor/hatch)."""
    from matplotlib.patches import Patch
    return [Patch(label=lab, **{"edgecolor": "#333333", **kw}) for lab, kw in items]


def resource_legend(target, resources: Sequence[str], **kw):
    handles = legend_patches([(r, {"facecolor": style.resource_color(r)}) for r in resources])
    return target.legend(handles=handles, title="resource", **kw)


# ---------------------------------------------------------------- bars
def grouped_bars(ax, categories: Sequence[str], series: Sequence[dict], *, ylabel: str,
                 labels: bool = True, unit: str = "", horizontal: bool = False):
    """Bars per category, one bar per series side by side.

    A series is dict(values=[...], color=one colour or a list per category, hatch=None,
    label=legend text, alpha=1). Returns the bar containers.
    """
    n = max(len(series), 1)
    width = 0.8 / n
    x = np.arange(len(categories))
    out = []
    for i, s in enumerate(series):
        pos = x - 0.4 + width * (i + 0.5)
        vals = np.nan_to_num(np.asarray(s["values"], dtype=float))
        kw = dict(color=s.get("color"), hatch=s.get("hatch"), alpha=s.get("alpha", 1.0),
                  edgecolor="white" if not s.get("hatch") else "#333333", linewidth=0.6,
                  label=s.get("label"))
        bars = ax.barh(pos, vals, height=width, **kw) if horizontal else ax.bar(pos, vals, width=width, **kw)
        if labels:
            label_bars(ax, bars, [fmt_num(v, unit) if not np.isnan(float(r)) else "n/a"
                                  for v, r in zip(vals, np.asarray(s["values"], dtype=float))])
        out.append(bars)
    min_slots(ax, len(categories), axis="y" if horizontal else "x")
    (ax.set_xlabel if horizontal else ax.set_ylabel)(ylabel)
    headroom(ax, 0.18 if horizontal else 0.12, "x" if horizontal else "y")
    return out


def stacked_bars(ax, categories: Sequence[str], layers: Sequence[dict], *, ylabel: str,
                 totals: Sequence[str] | None = None):
    """Stacked bars: layers = dict(values, color, label, hatch=None), bottom first.
    ``totals`` are written above each stack."""
    x = np.arange(len(categories))
    bottom = np.zeros(len(categories))
    last = None
    for layer in layers:
        vals = np.nan_to_num(np.asarray(layer["values"], dtype=float))
        last = ax.bar(x, vals, bottom=bottom, width=0.65, color=layer["color"],
                      hatch=layer.get("hatch"), label=layer.get("label"),
                      edgecolor="white" if not layer.get("hatch") else "#333333", linewidth=0.6)
        bottom = bottom + vals
    min_slots(ax, len(categories))
    if totals is not None:
        for xi, top, t in zip(x, bottom, totals):
            ax.annotate(t, (xi, top), xytext=(0, 3), textcoords="offset points", ha="center",
                        va="bottom", fontsize=LABEL_SIZE)
    ax.set_ylabel(ylabel)
    headroom(ax, 0.18)
    return last


def ragged_bars(ax, groups: Sequence[tuple[str, Sequence[tuple]]], *, xlabel: str):
    """Horizontal bars in groups: [(label, [(resource, value, why)])], resource colour, value
    label; a bar with a ``why`` (too small a sample to rank) is grey, hatched and says why."""
    y, ticks, tick_labels = 0.0, [], []
    for label, members in groups:
        ys = [y + 0.8 * i for i in range(len(members))]
        bars = ax.barh(ys, [0 if pd.isna(v) else v for _, v, _ in members], height=0.7,
                       color=[style.WEAK_COLOR if w else style.resource_color(r) for r, _, w in members])
        for b, (r, _, w) in zip(bars, members):
            b.set(**({"hatch": style.WEAK_HATCH, "edgecolor": style.resource_color(r)} if w else {}))
        label_bars(ax, bars, [fmt_num(v) + (f" ({w})" if w else "") for _, v, w in members])
        ticks.append(float(np.mean(ys)))
        tick_labels.append(label)
        y = ys[-1] + 1.4
    ax.set_yticks(ticks, tick_labels)
    ax.set_ylim(y - 0.9, -0.8)
    ax.set_xlabel(xlabel)
    ax.grid(axis="y", visible=False)
    headroom(ax, 0.35 if any(w for _, ms in groups for *_, w in ms) else 0.18, "x")


# ---------------------------------------------------------------- distributions
def quantile_boxes(ax, stats: pd.DataFrame, labels: Sequence[str], colors: Sequence[str], *,
                   value_label: str, horizontal: bool = False, show_n: bool = True,
                   positions: Sequence[float] | None = None, n_at: Sequence[float] | None = None,
                   zero: bool = True, widths: float = 0.6, hatch: str | None = None) -> None:
    """Boxes drawn from SQL quantiles (columns min, p10, p25, median, p75, p90, max, n):
    box p25-p75, median line, whiskers p10-p90, dots at min and max. 'n=' is written past
    the max (or at ``n_at``); ``zero`` starts the value axis at 0. ``widths`` and ``hatch``
    let two series share a category (e.g. used next to requested)."""
    bxp = []
    for (_, r), lab in zip(stats.iterrows(), labels):
        fl = [v for v in (r["min"], r["max"]) if v < r["p10"] or v > r["p90"]]
        bxp.append(dict(label=lab, med=r["median"], q1=r["p25"], q3=r["p75"],
                        whislo=r["p10"], whishi=r["p90"], fliers=fl))
    pos = np.arange(len(bxp)) if positions is None else np.asarray(positions, dtype=float)
    art = ax.bxp(bxp, positions=pos, orientation="horizontal" if horizontal else "vertical",
                 widths=widths, patch_artist=True, showfliers=True,
                 medianprops=dict(color="black", linewidth=2),
                 flierprops=dict(marker="o", markersize=4, markerfacecolor="#555555"))
    for box, c in zip(art["boxes"], colors):
        box.set_facecolor(c)
        box.set_alpha(0.75)
        if hatch:
            box.set_hatch(hatch)
            box.set_edgecolor("#333333")
    lo, hi = ax.get_xlim() if horizontal else ax.get_ylim()
    flat = (stats["p75"] - stats["p25"]).to_numpy() <= 0.015 * (hi - lo)   # box too thin to see
    if flat.any():
        med = stats["median"].to_numpy()[flat]
        xy = (med, pos[flat]) if horizontal else (pos[flat], med)
        ax.scatter(*xy, marker="D", s=70, c=[c for c, f in zip(colors, flat) if f],
                   edgecolors="black", zorder=4)
    if positions is None:
        min_slots(ax, len(bxp), 3, axis="y" if horizontal else "x")
    (ax.set_xlabel if horizontal else ax.set_ylabel)(value_label)
    lim = ax.get_xlim() if horizontal else ax.get_ylim()
    if zero:
        (ax.set_xlim if horizontal else ax.set_ylim)(0, lim[1])
    if show_n:
        at = stats["max"].to_numpy() if n_at is None else np.asarray(n_at, dtype=float)
        for p, x, n in zip(pos, at, stats["n"]):
            txt = f"n={fmt_count(n)}"
            if horizontal:
                ax.annotate(txt, (x, p), xytext=(9, 0), textcoords="offset points",
                            va="center", fontsize=LABEL_SIZE)
            else:
                ax.annotate(txt, (p, x), xytext=(0, 8), textcoords="offset points",
                            ha="center", fontsize=LABEL_SIZE)
        headroom(ax, 0.2 if horizontal else 0.1, "x" if horizontal else "y")


def strip(ax, positions: Sequence[float], values: Sequence[float], colors: Sequence[str], *,
          horizontal: bool = False, jitter: float = 0.22) -> None:
    """Points over boxes, with a fixed-seed jitter (the same picture every run)."""
    rng = np.random.default_rng(0)
    off = np.asarray(positions, dtype=float) + rng.uniform(-jitter, jitter, len(positions))
    xy = (values, off) if horizontal else (off, values)
    ax.scatter(*xy, s=14, c=list(colors), alpha=0.7, edgecolors="white", linewidths=0.4, zorder=3)


def stacked_barh(ax, categories: Sequence[str], layers: Sequence[dict], *, xlabel: str,
                 totals: Sequence[str] | None = None, notes: Sequence[str] | None = None,
                 height: float = 0.5) -> None:
    """Horizontal stacked bars, first category on top: layers = dict(values, color, label,
    hatch=None), left first. ``totals`` are written past each bar's end; ``notes`` (small,
    grey, italic) under each bar, e.g. an example of what the category means."""
    y = np.arange(len(categories), dtype=float)
    left = np.zeros(len(categories))
    for layer in layers:
        vals = np.nan_to_num(np.asarray(layer["values"], dtype=float))
        ax.barh(y, vals, left=left, height=height, color=layer["color"], hatch=layer.get("hatch"),
                label=layer.get("label"), linewidth=0.6,
                edgecolor="white" if not layer.get("hatch") else "#333333")
        left = left + vals
    if totals is not None:
        for yi, end, t in zip(y, left, totals):
            ax.annotate(t, (end, yi), xytext=(4, 0), textcoords="offset points", va="center",
                        fontsize=LABEL_SIZE)
    if notes is not None:
        for yi, t in zip(y, notes):
            if t:
                ax.annotate(t, (0, yi + height / 2), xytext=(2, -2), textcoords="offset points",
                            va="top", ha="left", fontsize=LABEL_SIZE - 1, color="#555555",
                            style="italic", annotation_clip=False)
    ax.set_yticks(y, list(categories))
    ax.set_ylim(len(categories) - 0.35, -0.6)
    ax.set_xlabel(xlabel)
    ax.grid(axis="y", visible=False)
    headroom(ax, 0.3, "x")


def reference_line(ax, value: float, *, axis: str = "y") -> None:
    """A dashed line at ``value`` (e.g. 100 % = what was requested); say what it is in the legend."""
    (ax.axhline if axis == "y" else ax.axvline)(value, color="#333333", linestyle="--",
                                                 linewidth=1.2, zorder=1)


# ---------------------------------------------------------------- heatmap
def cell_text(template, *frames: pd.DataFrame) -> pd.DataFrame:
    """Annotation text of a heatmap: template(*values of a cell) for every cell of aligned frames."""
    out = frames[0].astype(object).copy()
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            out.iat[i, j] = template(*(f.iat[i, j] for f in frames))
    return out


def heatmap(ax, matrix: pd.DataFrame, *, cmap: str, text: pd.DataFrame | None = None,
            cbar_label: str | None = None, xcolors: bool = False, ycolors: bool = False) -> None:
    """A matrix (rows x columns) as coloured cells, annotated with ``text`` (or the values).
    Zero / missing cells are left blank. x/ycolors colour resource tick labels."""
    vals = matrix.to_numpy(dtype=float)
    masked = np.ma.masked_where(~(vals > 0), vals)
    top = np.nanmax(vals) if np.isfinite(vals).any() and np.nanmax(vals) > 0 else 1.0
    im = ax.imshow(masked, cmap=cmap, aspect="auto", vmin=0, vmax=top)
    for i in range(vals.shape[0]):
        for j in range(vals.shape[1]):
            if not np.isnan(vals[i, j]):   # a cell with a row in the view, even at 0
                t = text.iat[i, j] if text is not None else fmt_num(vals[i, j])
                ax.text(j, i, t, ha="center", va="center", fontsize=LABEL_SIZE,
                        color="white" if vals[i, j] > 0.55 * top else "black")
    ax.set_xticks(range(vals.shape[1]), [str(c) for c in matrix.columns])
    ax.set_yticks(range(vals.shape[0]), [str(r) for r in matrix.index])
    ax.grid(False)
    if xcolors:
        for t, r in zip(ax.get_xticklabels(), matrix.columns):
            t.set_color(style.resource_color(r))
            t.set_fontweight("bold")
    if ycolors:
        for t, r in zip(ax.get_yticklabels(), matrix.index):
            t.set_color(style.resource_color(r))
            t.set_fontweight("bold")
    if cbar_label:
        ax.figure.colorbar(im, ax=ax, label=cbar_label, shrink=0.8)


# ---------------------------------------------------------------- time
def date_axis(ax) -> None:
    """Day ticks written '08 Mar', the year under the first tick (and wherever it changes)."""
    import matplotlib.dates as mdates
    from matplotlib.ticker import FuncFormatter
    loc = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(loc)

    def fmt(x, pos):
        d = mdates.num2date(x)
        first = pos == 0 or (d.month == 1 and d.day <= 7)
        return d.strftime("%d %b") + (d.strftime("\n%Y") if first else "")
    ax.xaxis.set_major_formatter(FuncFormatter(fmt))


def daily_lines(ax, df: pd.DataFrame, value: str, *, ylabel: str, step: bool = False,
                stacked: bool = False) -> list[str]:
    """Per-resource series of ``df`` (columns day, resource, value) in resource order and
    colour: lines, step lines, or stacked areas (the top edge = all resources); returns the
    resources drawn (legend order)."""
    wide = df.pivot(index="day", columns="resource", values=value).sort_index().fillna(0)
    wide.index = pd.to_datetime(wide.index)
    if step or stacked:   # a day's value holds until the next day: repeat the last day once
        wide.loc[wide.index.max() + pd.Timedelta(days=1)] = wide.iloc[-1]
    resources = style.order_resources(wide.columns)
    colors = [style.resource_color(r) for r in resources]
    if stacked:
        ax.stackplot(wide.index, *(wide[r].to_numpy() for r in resources), colors=colors,
                     labels=resources, step="post", alpha=0.9,
                     edgecolor="white", linewidth=0.3)
    else:
        few = len(wide) <= 20 and not step
        for r, c in zip(resources, colors):
            kw = dict(color=c, linewidth=2.2, label=r, marker="o" if few else None, markersize=4)
            (ax.step if step else ax.plot)(wide.index, wide[r], **({"where": "post"} if step else {}), **kw)
    ax.set_ylabel(ylabel)
    ax.set_ylim(bottom=0)
    ax.set_xlim(wide.index.min(), wide.index.max())
    date_axis(ax)
    return resources
