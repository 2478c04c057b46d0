"""OSPool sites: where on the OSPool the work ran (GLIDEIN_ResourceName) and how it went."""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import MaxNLocator

from .. import style
from . import draw
from .base import Figure, register

MAX_SITES = 25


def _sites(data, fig):
    df = data["ospool_sites"].head(MAX_SITES).reset_index(drop=True)
    sites = list(df["site"])
    colors = [style.resource_color(r) for r in df["resource"]]
    rate = (df["attempts_with_rate"] > 0).any()
    fig.set_size_inches(16 if rate else 14, max(4.5, 0.55 * len(sites) + 2.6))
    axes = fig.subplots(1, 4 if rate else 3, sharey=True,
                        width_ratios=[3, 1.6, 1.6, 1.6] if rate else [3, 1.6, 1.6])
    hours, succ, epochs = axes[:3]
    y = np.arange(len(sites))
    hours.barh(y, df["productive_gpu_hours"], height=0.65, color=colors, edgecolor="white")
    hours.barh(y, df["wasted_gpu_hours"], left=df["productive_gpu_hours"], height=0.65,
               color=colors, alpha=0.35, hatch="//", edgecolor="#333333", linewidth=0.6)
    for yi, (_, r) in zip(y, df.iterrows()):
        cause = r["main_waste_cause"] if isinstance(r["main_waste_cause"], str) else None
        label = f"{draw.fmt_num(r['gpu_hours'])} GPU-h · n={draw.fmt_count(r['attempts'])}"
        if cause and r["wasted_gpu_hours"] > 0:
            label += f"\nwaste: {cause}"
        hours.annotate(label, (r["gpu_hours"], yi), xytext=(4, 0), textcoords="offset points",
                       va="center", fontsize=draw.LABEL_SIZE - 1, linespacing=0.95)
    hours.set_yticks(y, sites)
    for t, c in zip(hours.get_yticklabels(), colors):
        t.set_color(c)
        t.set_fontweight("bold")
    extra = max(3 - len(sites), 0) / 2          # keep bars bar-shaped with one or two sites
    hours.set_ylim(len(sites) - 0.4 + extra, -0.6 - extra)
    hours.set_xlabel("GPU-hours")
    hours.set_title("GPU-hours (hatched: wasted)", fontsize=style.FONT_SIZE)
    draw.headroom(hours, 0.75, "x")
    hours.xaxis.set_major_locator(MaxNLocator(4))
    bars = succ.barh(y, df["attempt_success_pct"], height=0.65, color=colors)
    draw.label_bars(succ, bars, [draw.fmt_num(v, "%") for v in df["attempt_success_pct"]])
    succ.set_xlim(0, 125)
    succ.set_xticks([0, 50, 100])
    succ.set_xlabel("attempt success (%)")
    succ.set_title("successful attempts", fontsize=style.FONT_SIZE)
    bars = epochs.barh(y, df["epochs"], height=0.65, color=colors)
    draw.label_bars(epochs, bars, [f"{int(e)}" for e in df["epochs"]])
    epochs.set_xlabel("epochs")
    epochs.set_title("epochs (first done here)", fontsize=style.FONT_SIZE)
    draw.headroom(epochs, 0.3, "x")
    epochs.xaxis.set_major_locator(MaxNLocator(3, integer=True))
    if rate:
        r = axes[3]
        vals = df["median_input_mb_per_s"]
        bars = r.barh(y, vals.fillna(0), height=0.65, color=colors)
        draw.label_bars(r, bars, [draw.fmt_num(v) if n > 0 else "n/a"
                                  for v, n in zip(vals, df["attempts_with_rate"])])
        r.set_xlabel("median input MB/s")
        r.set_title("input throughput", fontsize=style.FONT_SIZE)
        draw.headroom(r, 0.3, "x")
        r.xaxis.set_major_locator(MaxNLocator(3))
    for ax in axes:
        ax.grid(axis="y", visible=False)
    resources = style.order_resources(df["resource"])
    if len(resources) > 1:
        draw.resource_legend(fig, resources, loc="outside lower center", ncols=len(resources))


def _skip(data):
    if data["ospool_sites"].empty:
        return ("no attempt ran at an OSPool site under the filters (no GLIDEIN_ResourceName / "
                "GLIDEIN Resource Name)")
    return None


register(Figure(
    name="ospool_sites",
    title="OSPool sites",
    views=("ospool_sites",),
    draw=_sites,
    caption=f"Per OSPool site (the glidein's GLIDEIN_ResourceName; the {MAX_SITES} with the most "
            "GPU-hours): GPU-hours (hatched: wasted) with the attempts and the cause that wasted "
            "the most, attempt success %, epochs whose first success ran there, and the median "
            "input throughput where input-transfer times are recorded. Bars in the colour of the "
            "resource the site's attempts count on.",
    skip_if=_skip,
))
