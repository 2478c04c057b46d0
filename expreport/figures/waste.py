"""Where the wasted GPU-hours went: per resource and cause."""

from __future__ import annotations

from .. import style
from . import draw
from .base import Figure, register


def _by_cause(data, fig):
    df = data["wasted_hours_by_cause"]
    res = style.order_resources(df["resource"])
    causes = [k for k in style.KIND_ORDER if k in set(df["cause"])]
    causes += sorted(set(df["cause"]) - set(causes))
    hours = df.pivot_table(index="resource", columns="cause", values="gpu_hours",
                           aggfunc="sum").reindex(index=res, columns=causes)
    share = df.pivot_table(index="resource", columns="cause", values="share_of_resource_waste_pct",
                           aggfunc="sum").reindex(index=res, columns=causes)
    n = df.pivot_table(index="resource", columns="cause", values="attempts",
                       aggfunc="sum").reindex(index=res, columns=causes)
    text = draw.cell_text(
        lambda h, s, k: f"{draw.fmt_num(h)} h\n{draw.fmt_num(s, '%')} · n={draw.fmt_count(k)}",
        hours, share, n)
    fig.set_size_inches(max(9, 2.1 * len(causes) + 3), max(4.5, 0.9 * len(res) + 2.5))
    ax = fig.subplots()
    draw.heatmap(ax, hours, cmap="Reds", text=text, ycolors=True,
                 cbar_label="wasted GPU-hours")
    ax.set_xlabel("cause (waste kind)")
    ax.set_ylabel("resource")
    ax.tick_params(axis="x", labelrotation=0)
    for t, c in zip(ax.get_xticklabels(), causes):
        t.set_color(style.KIND_COLORS.get(c, "black"))
        t.set_fontweight("bold")


register(Figure(
    name="wasted_hours_by_cause",
    title="Wasted GPU-hours by cause",
    views=("wasted_hours_by_cause",),
    draw=_by_cause,
    caption="GPU-hours of attempts that were not productive, per resource and cause; each cell: "
            "hours, share of the resource's waste, wasted attempts.",
    skip_if=lambda d: None if d["wasted_hours_by_cause"]["gpu_hours"].sum() > 0
    else "no wasted GPU-hours under the filters",
))
