"""GPU figures: model x resource mix, hours per epoch and epochs per GPU-hour, GPU memory."""

from __future__ import annotations

import textwrap

import numpy as np

from .. import style
from . import draw
from .base import Figure, register


def _gpu_mix(data, fig):
    mix = data["gpu_mix"]
    models = data["gpu_models"]
    mix = mix[mix["gpu_model"] != "none"]
    order = list(models["gpu_model"])
    res = style.order_resources(mix["resource"])
    hours = (mix.pivot_table(index="gpu_model", columns="resource", values="gpu_hours",
                             aggfunc="sum").reindex(index=order, columns=res))
    share = (mix.pivot_table(index="gpu_model", columns="resource", values="share_of_resource_pct",
                             aggfunc="sum").reindex(index=order, columns=res))
    text = draw.cell_text(lambda h, s: f"{draw.fmt_num(h)}\n({draw.fmt_num(s, '%')})", hours, share)
    left, right = fig.subplots(1, 2, sharey=True, width_ratios=[max(len(res), 2), 2])
    hours.index = [draw.gpu_tick(m, width=18) for m in order]
    draw.heatmap(left, hours, cmap="Blues", text=text, xcolors=True)
    left.set_xlabel("resource")
    left.set_ylabel("GPU model")
    left.set_title("GPU-hours (share of the resource's)", fontsize=style.FONT_SIZE)
    if len(res) > 5:
        left.tick_params(axis="x", labelrotation=30)
    y = np.arange(len(order))
    bars = right.barh(y, models["share_of_total_pct"].fillna(0), color="#4C72B0", height=0.6)
    draw.label_bars(right, bars, [draw.fmt_num(v, "%") for v in models["share_of_total_pct"]])
    right.set_xlabel("% of all GPU-hours")
    right.set_title("model share", fontsize=style.FONT_SIZE)
    draw.headroom(right, 0.3, "x")
    right.grid(axis="y", visible=False)
    k = data["campaign_caveats"].iloc[0] if len(data["campaign_caveats"]) else None
    if k is not None and k["copied_gpu_attempts"]:
        fig.supxlabel(textwrap.fill(
            f"Caution: {int(k['copied_gpu_attempts']):,} attempts ({draw.fmt_num(k['copied_gpu_hours'])} "
            f"GPU-hours, {draw.fmt_num(k['copied_gpu_hours_pct'], '%')} of all) rest on GPU details the "
            "CSV generator copied across a cluster's attempts: their model and GPU count may be "
            "wrong. Event logs of the same experiment give the exact values.", 120),
            fontsize=style.FONT_SIZE, color="#8B0000")


def _hours_per_epoch(data, fig):
    stats = data["hours_per_epoch_by_gpu"]
    sample = data["hours_per_epoch_sample"]
    left, right = fig.subplots(1, 2, width_ratios=[3, 2])
    stats = stats.sort_values(["gpu_model", "gpus"]).reset_index(drop=True)
    labels = [draw.gpu_tick(m, g) + " GPU" + ("s" if g > 1 else "")
              for m, g in zip(stats["gpu_model"], stats["gpus"])]
    draw.quantile_boxes(left, stats, labels, ["#dddddd"] * len(stats),
                        value_label="run hours of the successful attempt", horizontal=True)
    pos = {(m, g): i for i, (m, g) in enumerate(zip(stats["gpu_model"], stats["gpus"]))}
    draw.strip(left, [pos[(m, g)] for m, g in zip(sample["gpu_model"], sample["gpus"])],
               sample["run_hours"], [style.resource_color(r) for r in sample["resource"]],
               horizontal=True)
    left.invert_yaxis()
    left.set_title("successful attempt's hours per epoch (secondary)\n"
                   "earlier attempts of the node not counted", fontsize=style.FONT_SIZE)
    groups, weak, no_epoch = _epoch_cost_groups(data)
    # Titles and axis labels wrapped to the panel: constrained layout does not widen the
    # figure for them (the PNG is saved at its size, no tight bbox).
    xlabel = "GPU-hours per completed epoch\n(all attempts of the epoch's node,\ncredited to its first success)"
    if no_epoch:
        xlabel += "\n" + "\n".join(textwrap.wrap("no completed epoch: " + "; ".join(no_epoch), 40))
    if groups:
        draw.ragged_bars(right, groups, xlabel=xlabel)
    else:
        draw.note(right, "no completed epoch on a GPU under the filters")
    right.set_title("GPU-hours per epoch,\nall attempts of the node\n"
                    + ("hatched grey: too little evidence,\nnot ranked" if weak else "by model and resource"),
                    fontsize=style.FONT_SIZE)
    used = style.order_resources(set(sample["resource"]) | {r for _, ms in groups for r, *_ in ms})
    draw.resource_legend(fig, used, loc="outside lower center", ncols=min(len(used), 8))


def _epoch_cost_groups(data):
    """Bars of the right panel: per GPU model (most GPU-hours first), one bar per resource
    with the cell's GPU-hours per epoch; a cell without the evidence to be ranked
    (ranking_evidence.ranked, thresholds in report_thresholds) is marked weak with its reason.
    Also: whether any bar is weak, and the cells that spent GPU-hours without an epoch."""
    eff = data["gpu_model_efficiency"]
    ev = data["ranking_evidence"]
    ev = ev[ev["kind"] == "resource_gpu_model"].set_index(["resource", "gpu_model"])
    eff = eff[eff["gpu_model"] != "none"]
    no_epoch = [f"{m} @ {r} ({draw.fmt_num(h)} GPU-h)"
                for r, m, h, n in zip(eff["resource"], eff["gpu_model"], eff["gpu_hours"], eff["epochs"])
                if n == 0 and h > 0]
    eff = eff[eff["gpu_hours_per_epoch"].notna()]
    groups, any_weak = [], False
    for m in dict.fromkeys(eff.sort_values("gpu_hours", ascending=False)["gpu_model"]):
        rows = eff[eff["gpu_model"] == m].set_index("resource")
        members = []
        for r in style.order_resources(rows.index):
            e = ev.loc[(r, m)] if (r, m) in ev.index else None
            why = "not judged" if e is None else (None if bool(e["ranked"]) else e["left_out_reason"])
            any_weak |= why is not None
            members.append((r, rows.loc[r, "gpu_hours_per_epoch"], why))
        groups.append((draw.gpu_tick(m, width=12), members))
    return groups, any_weak, no_epoch


def _gpu_memory(data, fig):
    df = data["gpu_memory_by_model"].reset_index(drop=True)
    labels = [draw.gpu_tick(m, width=16) for m in df["gpu_model"]]
    has_usage = df["n"].sum() > 0
    if has_usage:
        left, right = fig.subplots(1, 2, sharey=True)
    else:
        left, right = fig.subplots(1, 2, width_ratios=[3, 1])
    y = np.arange(len(df))
    bars = left.barh(y, df["device_memory_gib"].fillna(0), color="#8172B3", height=0.6)
    draw.label_bars(left, bars, [draw.fmt_num(v) for v in df["device_memory_gib"]])
    left.set_yticks(y, labels)
    left.invert_yaxis()
    left.set_xlabel("memory of one GPU (GiB)")
    left.set_title("device memory", fontsize=style.FONT_SIZE)
    draw.headroom(left, 0.15, "x")
    if not has_usage:
        why = ("GPU memory use is not recorded in these files (CSV before v6)"
               if not df["usage_recorded"].any() else "no attempt reported its GPU memory use")
        draw.note(right, why + ": only the device memory is shown.")
        return
    used = df[df["n"] > 0]
    right.scatter(df["device_memory_gib"], y, marker="|", s=500, linewidths=3, color="black",
                  zorder=4, label="memory of one GPU")   # first: the axis limits include it
    draw.quantile_boxes(right, used, [labels[i] for i in used.index], ["#8172B3"] * len(used),
                        value_label="peak GPU memory used by an attempt (GiB)", horizontal=True,
                        positions=list(used.index),
                        n_at=used[["max", "device_memory_gib"]].max(axis=1))
    left.set_yticks(y, labels)
    fig.legend(handles=[right.collections[0]], loc="outside lower right", frameon=False)
    right.set_title("peak use vs device memory", fontsize=style.FONT_SIZE)
    right.set_xlim(left=0)


def _no_gpu(data):
    mix = data["gpu_mix"]
    return None if (mix["gpu_model"] != "none").any() else "no attempt ran on a GPU"


register(Figure(
    name="gpu_mix",
    title="GPU models per resource",
    views=("gpu_mix", "gpu_models", "campaign_caveats"),
    draw=_gpu_mix,
    size=(12, 6.5),
    caption="GPU-hours by GPU model and resource (in brackets: share of the resource's "
            "GPU-hours), and each model's share of all GPU-hours. A red note under the figure says "
            "how many GPU-hours rest on GPU details the CSV generator copied across a cluster.",
    skip_if=_no_gpu,
    extra_tables=("gpu_models",),
))

register(Figure(
    name="gpu_efficiency",
    title="GPU efficiency: what one epoch cost, and how long its successful attempt ran",
    views=("hours_per_epoch_by_gpu", "hours_per_epoch_sample", "gpu_model_efficiency",
           "ranking_evidence"),
    draw=_hours_per_epoch,
    size=(14, 8),
    caption="Right (the headline): GPU-hours per completed epoch over all attempts of the "
            "epoch's node (evicted, failed and checkpointed attempts included), credited to the "
            "resource and model of its first successful attempt. Hatched grey bars have too "
            "little evidence to be ranked (fewer than min_epochs epochs or less than "
            "min_gpu_hours_pct of the GPU-hours: thresholds of rank_gpu_models; unknown "
            "resource); their reason is written next to the value. Left (secondary): run hours "
            "of the successful attempts of named epochs by GPU model and count (box p25-p75, "
            "whiskers p10-p90, dots min/max; points: a sample coloured by resource).",
    extra_tables=("gpu_model_efficiency", "ranking_evidence"),
))

register(Figure(
    name="gpu_memory",
    title="GPU memory by model",
    views=("gpu_memory_by_model",),
    draw=_gpu_memory,
    size=style.WIDE,
    caption="Memory of one device per GPU model; where usage is recorded (CSV v6), the peak "
            "GPU memory the attempts used (box p25-p75, whiskers p10-p90). A peak above one "
            "device's memory comes from a multi-GPU attempt, or from GPU details the CSV "
            "generator copied from another execution of the cluster.",
))
