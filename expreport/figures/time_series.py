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
    panels = [("productive_gpu_hours", "productive (success and checkpoint attempts), stacked"),
              ("wasted_gpu_hours", "wasted (failed, evicted, aborted, held, ...), stacked")]
    if df["running_gpu_hours"].sum() > 0:
        panels.append(("running_gpu_hours", "still running when the event log ended "
                                            "(neither productive nor wasted), stacked"))
    axes = fig.subplots(len(panels), 1, sharex=True)
    res = []
    for ax, (column, title) in zip(axes, panels):
        drawn = draw.daily_lines(ax, df, column, ylabel="GPU-hours / day", stacked=True)
        res = res or drawn
        ax.set_title(title, fontsize=style.FONT_SIZE)
    axes[-1].set_xlabel("day (each attempt's hours spread over the days it ran, cut at midnight)")
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
    caption="GPU-hours per day: each attempt's run time is cut at midnight and every day gets "
            "the hours that fell in it (x GPUs); productive above, wasted below, attempts still "
            "running at the end of their event log apart.",
    skip_if=lambda d: None if d["gpu_hours_by_day"]["gpu_hours"].sum() > 0
    else "no GPU-hours under the filters",
))
