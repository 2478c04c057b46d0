"""Where the wasted GPU-hours went: by cause (hold / evict reasons grouped into readable
kinds), split by resource, with an example of each cause's reason."""

from __future__ import annotations

import textwrap

from .. import style
from . import draw
from .base import Figure, register

EXAMPLE_CHARS = 95


def _example(row) -> str:
    """The small line under a cause's bar: the waste kinds it came from and an example reason."""
    kinds = row["waste_kinds"] or ""
    reason = row["example_reason"]
    if reason is None or reason != reason:   # NULL / NaN: CSV rows carry no reason
        text = "no reason recorded"
    else:
        text = "e.g. \u201c" + textwrap.shorten(" ".join(str(reason).split()), EXAMPLE_CHARS,
                                               placeholder="\u2026") + "\u201d"
    return f"{kinds}: {text}" if kinds else text


def _by_cause(data, fig):
    by_res = data["wasted_hours_by_cause"]
    causes = data["waste_causes"]
    order = list(causes["cause"])
    lost = by_res.groupby("resource")["gpu_hours"].sum()
    res = style.order_resources(lost[lost > 0].index)      # resources that lost GPU-hours
    hours = by_res.pivot_table(index="cause", columns="resource", values="gpu_hours",
                               aggfunc="sum").reindex(index=order, columns=res).fillna(0)
    fig.set_size_inches(14, max(4.5, 1.05 * len(order) + 2.2))
    ax = fig.subplots()
    layers = [dict(values=hours[r].to_numpy(), color=style.resource_color(r), label=r) for r in res]
    totals = [f"{draw.fmt_num(h)} GPU-h · {draw.fmt_num(s, '%')} · n={draw.fmt_count(n)}"
              for h, s, n in zip(causes["gpu_hours"], causes["share_of_wasted_pct"], causes["attempts"])]
    draw.stacked_barh(ax, [draw.wrap(c, 22) for c in order], layers, xlabel="wasted GPU-hours",
                      totals=totals, notes=[_example(r) for _, r in causes.iterrows()])
    for t in ax.get_yticklabels():
        t.set_fontweight("bold")
    draw.resource_legend(ax, res, loc="lower right")


def _skip(data):
    if data["waste_causes"]["gpu_hours"].sum() > 0:
        return None
    return "no wasted GPU-hours under the filters"


register(Figure(
    name="wasted_hours_by_cause",
    title="Wasted GPU-hours by cause",
    views=("wasted_hours_by_cause", "waste_causes"),
    draw=_by_cause,
    caption="GPU-hours of attempts that were not productive, by cause (the event log's hold and "
            "evict reasons grouped into readable kinds; a CSV row has no reason: '<kind> (cause "
            "not recorded)'), split by resource. Each bar: GPU-hours, share of all wasted "
            "GPU-hours, wasted attempts; under it the waste kinds it came from and its most "
            "frequent reason.",
    skip_if=_skip,
    extra_tables=("waste_causes",),
))
