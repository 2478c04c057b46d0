"""Per-resource figures: epochs, GPU-hours (productive vs wasted by kind), success rates."""

from __future__ import annotations

import numpy as np

from .. import style
from . import draw
from .base import Figure, register

# compute_time_by_resource columns of each waste kind, in style.KIND_ORDER.
WASTE_COLUMNS = {
    "failed": "wasted_failed_gpu_hours",
    "evicted": "wasted_evicted_gpu_hours",
    "aborted": "wasted_aborted_gpu_hours",
    "held/released": "wasted_held_gpu_hours",
    "RESCUED": "wasted_rescued_gpu_hours",
    "unknown": "wasted_unknown_gpu_hours",
    "other": "wasted_other_gpu_hours",
}


def _epochs(data, fig):
    df = data["epochs_by_resource"]
    ax = fig.subplots()
    res = list(df["resource"])
    colors = [style.resource_color(r) for r in res]
    epochs = df["epochs"].to_numpy()
    redone = df["redone_epochs"].clip(lower=0).to_numpy()
    labels = [f"{draw.fmt_num(e)}" + (f"\n+{draw.fmt_num(r)} re-done" if r > 0 else "")
              for e, r in zip(epochs, redone)]
    draw.stacked_bars(ax, res, [
        dict(values=epochs, color=colors),
        dict(values=redone, color="white", hatch="//"),
    ], ylabel="completed epochs", totals=labels)
    draw.resource_ticks(ax, res)
    draw.integer_axis(ax)
    if redone.sum() > 0:
        fig.legend(handles=draw.legend_patches([
            ("distinct epochs (credited to the first success)", {"facecolor": "#888888"}),
            ("re-done epochs (trained again)", {"facecolor": "white", "hatch": "//"})]),
            loc="outside lower center", ncols=2)


def _gpu_hours(data, fig):
    df = data["compute_time_by_resource"]
    ax = fig.subplots()
    res = list(df["resource"])
    layers = [dict(values=df["productive_gpu_hours"], color=style.KIND_COLORS["productive"],
                   label="productive")]
    for kind, col in WASTE_COLUMNS.items():
        if df[col].sum() > 0:
            layers.append(dict(values=df[col], color=style.KIND_COLORS[kind], label=f"wasted: {kind}"))
    if df["running_gpu_hours"].sum() > 0:
        layers.append(dict(values=df["running_gpu_hours"], color=style.KIND_COLORS["running"],
                           hatch="..", label="still running when the log ended"))
    totals = [f"{draw.fmt_num(t)}" + (f"\n{100 - p:.0f}% lost" if t > 0 and p == p else "")
              for t, p in zip(df["gpu_hours"], df["productive_pct"])]
    draw.stacked_bars(ax, res, layers, ylabel="GPU-hours", totals=totals)
    draw.resource_ticks(ax, res)
    fig.legend(loc="outside lower center", ncols=min(len(layers), 4), frameon=False)


def _success(data, fig):
    df = data["success_rates"]
    ax = fig.subplots()
    res = list(df["resource"])
    colors = [style.resource_color(r) for r in res]
    draw.grouped_bars(ax, res, [
        dict(values=df["attempt_success_pct"], color=colors, label="attempts successful"),
        dict(values=df["productive_hours_pct"], color=colors, hatch="//", alpha=0.55,
             label="run hours productive"),
    ], ylabel="%", unit="%")
    ax.set_ylim(0, 118)
    ax.set_yticks(range(0, 101, 20))
    draw.resource_ticks(ax, res, counts=df["attempts"])
    ax.set_xlabel("resource (n = attempts)")
    fig.legend(handles=draw.legend_patches([
        ("attempts successful (% of attempts)", {"facecolor": "#888888"}),
        ("productive run hours (% of run hours)", {"facecolor": "#cccccc", "hatch": "//"})]),
        loc="outside lower center", ncols=2, frameon=False)


def _no_gpu_hours(data):
    return None if data["compute_time_by_resource"]["gpu_hours"].sum() > 0 else \
        "no GPU-hours under the filters (no attempt with GPUs and a runtime)"


def _no_runtime(data):
    df = data["success_rates"]
    return None if len(df) and np.isfinite(df["attempt_success_pct"]).any() else "no attempts"


register(Figure(
    name="epochs_by_resource",
    per_resource=True,
    title="Completed epochs per resource",
    views=("epochs_by_resource",),
    draw=_epochs,
    caption="Distinct epochs completed, each credited to the resource of its first successful "
            "attempt; hatched: completions of epochs that were already done (re-done).",
    skip_if=lambda d: None if d["epochs_by_resource"]["epoch_completions"].sum() > 0
    else "no completed epochs under the filters",
))

register(Figure(
    name="gpu_hours_by_resource",
    per_resource=True,
    title="GPU-hours per resource: productive vs wasted",
    views=("compute_time_by_resource",),
    draw=_gpu_hours,
    size=style.WIDE,
    caption="GPU-hours (run time x GPUs) per resource; green = success and checkpoint attempts, "
            "the rest is split by why the attempt was lost.",
    skip_if=_no_gpu_hours,
))

register(Figure(
    name="success_by_resource",
    per_resource=True,
    title="Success per resource: attempts and run hours",
    views=("success_rates",),
    draw=_success,
    caption="Solid: share of attempts that completed. Hatched: share of run hours spent in "
            "productive (completed or checkpointed) attempts. n = attempts.",
    skip_if=_no_runtime,
))
