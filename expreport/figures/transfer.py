"""Data-transfer figures: volumes per resource, input-transfer time and rate, GiB per day."""

from __future__ import annotations

from .. import style
from . import draw
from .base import Figure, register

IN_OUT = [("in", "input (received)", None, 1.0), ("out", "output (sent)", "//", 0.55)]


def _volumes(data, fig):
    df = data["transfer_volumes"]
    res = list(df["resource"])
    colors = [style.resource_color(r) for r in res]
    left, right = fig.subplots(1, 2, sharey=True)
    for ax, suffix, xlabel in ((left, "", "GiB"), (right, "_per_attempt", "GiB per attempt with bytes")):
        draw.grouped_bars(ax, res, [
            dict(values=df[f"gib_{d}{suffix}"], color=colors, hatch=h, alpha=a, label=lab)
            for d, lab, h, a in IN_OUT], ylabel=xlabel, horizontal=True)
    draw.resource_ticks(left, res, counts=df["attempts_with_bytes"], axis="y")
    left.invert_yaxis()
    left.set_title("total moved", fontsize=style.FONT_SIZE)
    right.set_title("per attempt that reports bytes (n)", fontsize=style.FONT_SIZE)
    fig.legend(handles=draw.legend_patches([
        ("input (received by the job)", {"facecolor": "#888888"}),
        ("output (sent back)", {"facecolor": "#cccccc", "hatch": "//"})]),
        loc="outside lower center", ncols=2, frameon=False)


def _input_timing(data, fig):
    q = data["input_transfer_minutes"]
    q = q[q["n"] > 0].reset_index(drop=True)
    res = list(q["resource"])
    rate = data["transfer_input_timing"].set_index("resource").reindex(res)
    left, right = fig.subplots(1, 2, sharey=True, width_ratios=[3, 2])
    draw.quantile_boxes(left, q, res, [style.resource_color(r) for r in res],
                        value_label="input transfer (minutes)", horizontal=True)
    draw.resource_ticks(left, res, axis="y")
    left.invert_yaxis()
    left.set_title("time to transfer input (n = attempts)", fontsize=style.FONT_SIZE)
    if not (rate["attempts_with_rate"] > 0).any():
        draw.note(right, "no attempt has both an input byte count and a transfer time, so no "
                         "rate can be computed")
        return
    bars = right.barh(range(len(res)), rate["median_input_mb_per_s"].fillna(0), height=0.6,
                      color=[style.resource_color(r) for r in res])
    draw.label_bars(right, bars, [f"{draw.fmt_num(v)}  (n={draw.fmt_count(n)})" if n > 0 else "n/a"
                                  for v, n in zip(rate["median_input_mb_per_s"],
                                                  rate["attempts_with_rate"])])
    right.set_xlabel("median input rate (MB/s)")
    draw.headroom(right, 0.45, "x")
    right.set_title("achieved rate (n = first attempts\nof terminated clusters)",
                    fontsize=style.FONT_SIZE)


def _timing_skip(data):
    q = data["input_transfer_minutes"]
    if not q["timing_recorded"].any():
        return "input-transfer times are not recorded in these files (CSV v1-v3)"
    if q["n"].sum() == 0:
        return "no attempt has an input-transfer time"
    return None


def _over_time(data, fig):
    df = data["transfer_by_day"]
    top, bottom = fig.subplots(2, 1, sharex=True)
    res = draw.daily_lines(top, df, "gib_in", ylabel="GiB / day", stacked=True)
    draw.daily_lines(bottom, df, "gib_out", ylabel="GiB / day", stacked=True)
    top.set_title("input (received by the jobs), stacked", fontsize=style.FONT_SIZE)
    bottom.set_title("output (sent back), stacked", fontsize=style.FONT_SIZE)
    bottom.set_xlabel("day the attempt stopped")
    draw.resource_legend(fig, res, loc="outside right upper")


def _no_bytes(view):
    def check(data):
        df = data[view]
        return None if (df["gib_in"].sum() + df["gib_out"].sum()) > 0 else \
            "no bytes transferred under the filters"
    return check


register(Figure(
    name="transfer_by_resource",
    per_resource=True,
    title="Data moved per resource",
    views=("transfer_volumes",),
    draw=_volumes,
    size=(13, 6.5),
    caption="Input (Total Bytes Received) and output (Total Bytes Sent) per resource, in total "
            "and per attempt that reports bytes (in a CSV: one per terminated cluster).",
    skip_if=_no_bytes("transfer_volumes"),
))

register(Figure(
    name="transfer_input_timing",
    title="Input transfer: time and rate",
    views=("input_transfer_minutes", "transfer_input_timing"),
    draw=_input_timing,
    size=(13, 6.5),
    caption="Minutes spent transferring input before each execution (box p25-p75, whiskers "
            "p10-p90, dots min/max), and the median achieved rate in MB/s (10^6 bytes).",
    skip_if=_timing_skip,
    extra_tables=("transfer_input_timing",),
))

register(Figure(
    name="transfer_over_time",
    title="Data moved per day",
    views=("transfer_by_day",),
    draw=_over_time,
    size=style.TALL,
    caption="GiB moved per day and resource, counted on the day the attempt that reported the "
            "bytes stopped.",
    skip_if=_no_bytes("transfer_by_day"),
))
