"""Figures over time: cumulative epochs and daily GPU-hours per resource."""

from __future__ import annotations

from .. import style
from . import draw
from .base import Figure, register


def _epochs_over_time(data, fig):
    df = data["epochs_by_day"]
    ax = fig.subplots()
    res = draw.daily_lines(ax, df, "cumulative_epochs", ylabel="completed epochs (cumulative)",
                           step=True)
    ax.set_xlabel("day of completion")
    draw.integer_axis(ax)
    last = df.sort_values("day").groupby("resource").tail(1).set_index("resource")
    ax.legend(handles=ax.get_lines(),
              labels=[f"{r} ({draw.fmt_num(last.loc[r, 'cumulative_epochs'])})" for r in res],
              title="resource (total)", loc="upper left")


def _gpu_hours_over_time(data, fig):
    df = data["gpu_hours_by_day"]
    top, bottom = fig.subplots(2, 1, sharex=True)
    res = draw.daily_lines(top, df, "productive_gpu_hours", ylabel="GPU-hours / day", stacked=True)
    draw.daily_lines(bottom, df, "wasted_gpu_hours", ylabel="GPU-hours / day", stacked=True)
    top.set_title("productive (success and checkpoint attempts), stacked", fontsize=style.FONT_SIZE)
    bottom.set_title("wasted (all other attempts), stacked", fontsize=style.FONT_SIZE)
    bottom.set_xlabel("start day of the attempt")
    draw.resource_legend(fig, res, loc="outside right upper")


register(Figure(
    name="epochs_over_time",
    title="Completed epochs over time",
    views=("epochs_by_day",),
    draw=_epochs_over_time,
    caption="Cumulative distinct epochs per resource, by the day the epoch's first successful "
            "attempt stopped.",
))

register(Figure(
    name="gpu_hours_over_time",
    title="GPU-hours per day",
    views=("gpu_hours_by_day",),
    draw=_gpu_hours_over_time,
    size=style.TALL,
    caption="GPU-hours of the attempts started each day (a whole attempt counts on its start "
            "day), productive above, wasted below.",
    skip_if=lambda d: None if d["gpu_hours_by_day"]["gpu_hours"].sum() > 0
    else "no GPU-hours under the filters",
))
