"""The comparison's figures: the experiment as facet or hue, resources in their colours.

Each is a :class:`expreport.figures.base.Figure` rendered by the same helper as the report's
(:func:`expreport.figures.base.render`: the shared style, PNG + ``tables/<name>.csv``), but
kept in :data:`FIGURES` here, not in the report's registry. Values come from the 4NN views;
the views are ordered by the comparison's experiment order (baseline first).

Experiments are told apart by facets (GPU-hours), by hatching over the resource colours
(grouped bars), or by a colour and line style of their own (lines, GPU mix rows).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import style
from ..figures import draw
from ..figures.base import Figure

# Experiments: line colours (Paul Tol's "muted", away from the resource colours), line styles
# and bar hatches, by position in the comparison (baseline first).
EXPERIMENT_COLORS = ["#332288", "#CC6677", "#117733", "#AA4499", "#999933", "#882255", "#44AA99", "#DDCC77"]
EXPERIMENT_LINES = ["-", "--", ":", "-."]
EXPERIMENT_HATCHES = ["", "//", "..", "xx", "\\\\", "oo", "++", "--"]
ALL = "all resources"
ALL_COLOR = "#777777"
GPU_PALETTE = ["#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3", "#937860", "#DA8BC3",
               "#8C8C8C", "#CCB974", "#64B5CD"]

# experiment_resource_comparison columns of each waste kind (style.KIND_ORDER).
WASTE_COLUMNS = {
    "failed": "wasted_failed_gpu_hours", "evicted": "wasted_evicted_gpu_hours",
    "aborted": "wasted_aborted_gpu_hours", "held/released": "wasted_held_gpu_hours",
    "RESCUED": "wasted_rescued_gpu_hours", "unknown": "wasted_unknown_gpu_hours",
    "other": "wasted_other_gpu_hours",
}


def experiments(df: pd.DataFrame) -> list[str]:
    """Experiments in the comparison's order (the views are sorted by experiment_pos)."""
    return list(dict.fromkeys(df.sort_values("experiment_pos", kind="stable")["experiment"]))


def exp_color(i: int) -> str:
    return EXPERIMENT_COLORS[i % len(EXPERIMENT_COLORS)]


def exp_hatch(i: int) -> str:
    return EXPERIMENT_HATCHES[i % len(EXPERIMENT_HATCHES)]


def exp_title(names: list[str], i: int) -> str:
    return f"{names[i]} (baseline)" if i == 0 else names[i]


def hatch_legend(fig, names: list[str], **kw) -> None:
    fig.legend(handles=draw.legend_patches([(exp_title(names, i), {"facecolor": "#dddddd", "hatch": exp_hatch(i)})
                                            for i in range(len(names))]),
               title="experiment", **kw)


# ---------------------------------------------------------------- GPU-hours, facets
def _gpu_hours(data, fig):
    """One panel per experiment (rows, same x scale): a horizontal stacked bar per resource."""
    df = data["experiment_resource_comparison"]
    names = experiments(df)
    res = style.order_resources(df["resource"])
    kinds = [k for k, c in WASTE_COLUMNS.items() if df[c].sum() > 0]
    fig.set_size_inches(11, 1.6 + len(names) * (0.9 + 0.42 * len(res)))
    axes = np.atleast_1d(fig.subplots(len(names), 1, sharex=True, squeeze=False)).ravel()
    y = np.arange(len(res))
    for i, (ax, e) in enumerate(zip(axes, names)):
        d = df[df["experiment"] == e].set_index("resource").reindex(res)
        left = np.zeros(len(res))
        for col, color in [("productive_gpu_hours", style.KIND_COLORS["productive"])] + \
                [(WASTE_COLUMNS[k], style.KIND_COLORS[k]) for k in kinds]:
            vals = np.nan_to_num(d[col].to_numpy(dtype=float))
            ax.barh(y, vals, left=left, height=0.7, color=color, edgecolor="white", linewidth=0.5)
            left = left + vals
        recorded = bool(df.loc[df["experiment"] == e, "resource_recorded"].any())
        for yi, (t, p) in enumerate(zip(d["gpu_hours"], d["productive_pct"])):
            if pd.isna(t):
                ax.annotate("not used" if recorded else "not recorded", (0, yi), xytext=(4, 0),
                            textcoords="offset points", va="center", fontsize=draw.LABEL_SIZE,
                            color="#777777", style="italic")
            else:
                txt = (draw.fmt_count(t) if t >= 100_000 else draw.fmt_num(t)) \
                    + (f"  ({100 - p:.0f}% lost)" if t > 0 and pd.notna(p) else "")
                ax.annotate(txt, (left[yi], yi), xytext=(4, 0), textcoords="offset points",
                            va="center", fontsize=draw.LABEL_SIZE)
        draw.resource_ticks(ax, res, axis="y")
        ax.set_ylim(len(res) - 0.5, -0.5)
        ax.grid(axis="y", visible=False)
        note = "" if recorded else "  (its files do not record where attempts ran: all on 'unknown')"
        ax.set_title(exp_title(names, i) + note, fontsize=style.FONT_SIZE + 1, loc="left")
    axes[-1].set_xlabel("GPU-hours")
    draw.headroom(axes[-1], 0.22, "x")
    handles = draw.legend_patches([("productive", {"facecolor": style.KIND_COLORS["productive"]})]
                                  + [(f"wasted: {k}", {"facecolor": style.KIND_COLORS[k]}) for k in kinds])
    fig.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 4), frameon=False)


# ---------------------------------------------------------------- grouped bars per resource
def _per_resource_bars(data, fig, column: str, ylabel: str, unit: str = "", mark_weak: bool = False):
    """Horizontal bars: 'all resources' then each resource (its colour), one bar per experiment
    (hatching), labelled with the value; 'not used' where the experiment has no attempt there.
    mark_weak: a resource too small a sample to compare (left_out_reason of the view) is drawn
    light grey with its reason after the value."""
    df = data["experiment_resource_comparison"]
    tot = data["experiment_comparison"]
    names = experiments(df)
    res = style.order_resources(df["resource"])
    cats = [ALL] + res
    colors = [ALL_COLOR] + [style.resource_color(r) for r in res]
    fig.set_size_inches(11, 1.8 + len(cats) * (0.25 + 0.3 * len(names)))
    ax = fig.subplots()
    series, texts = [], []
    for i, e in enumerate(names):
        d = df[df["experiment"] == e].set_index("resource").reindex(res)
        t = tot.loc[tot["experiment"] == e, column]
        vals = [t.iloc[0] if len(t) else np.nan] + list(d[column])
        used = [True] + list(d["attempts"].notna())
        # CSV v1 files do not say where attempts ran: every attempt is on 'unknown'
        absent = "not used" if df.loc[df["experiment"] == e, "resource_recorded"].any() else "not recorded"
        why = [None] + [w if mark_weak and isinstance(w, str) else None for w in d["left_out_reason"]]
        series.append(dict(values=vals, hatch=exp_hatch(i), label=e,
                           color=[style.WEAK_COLOR if w else c for c, w in zip(colors, why)]))
        texts.append([(draw.fmt_num(v, unit) if pd.notna(v) else ("—" if u else absent))
                      + (f" ({w})" if w and pd.notna(v) else "") for v, u, w in zip(vals, used, why)])
    bars = draw.grouped_bars(ax, cats, series, ylabel=ylabel, unit=unit, labels=False, horizontal=True)
    for b, t in zip(bars, texts):
        draw.label_bars(ax, b, t)
    draw.resource_ticks(ax, cats, axis="y")
    ax.get_yticklabels()[0].set_color(ALL_COLOR)
    ax.invert_yaxis()
    ax.axhline(0.5, color="#999999", linewidth=1)
    ax.grid(axis="y", visible=False)
    hatch_legend(fig, names, loc="outside lower center", ncols=min(len(names), 4), frameon=False)
    return ax


def _epochs_per_gpu_hour(data, fig):
    ax = _per_resource_bars(data, fig, "epochs_per_100_gpu_hours", "epochs per 100 GPU-hours", mark_weak=True)
    weak = data["experiment_resource_comparison"]["left_out_reason"].notna().any()
    if weak:
        ax.set_title("light grey: too little evidence to compare (reason after the value)",
                     fontsize=style.FONT_SIZE)


def _success(data, fig):
    ax = _per_resource_bars(data, fig, "attempt_success_pct", "successful attempts (% of attempts)", unit="%")
    ax.set_xlim(0, 112)
    ax.set_xticks(range(0, 101, 20))


# ---------------------------------------------------------------- cumulative epochs
def _epochs_relative(data, fig):
    df = data["experiment_epochs_by_relative_day"]
    names = experiments(df)
    ax = fig.subplots()
    for i, e in enumerate(names):
        d = df[df["experiment"] == e].sort_values("day")
        x = np.concatenate([[0.0], d["days_elapsed"].to_numpy(dtype=float)])
        y = np.concatenate([[0.0], d["cumulative_epochs"].to_numpy(dtype=float)])
        start = pd.Timestamp(d["first_start"].iloc[0]).strftime("%Y-%m-%d")
        ax.plot(x, y, color=exp_color(i), linestyle=EXPERIMENT_LINES[i % len(EXPERIMENT_LINES)],
                linewidth=2.6, marker="o" if len(d) <= 12 else None, markersize=5,
                label=f"{exp_title(names, i)}: {draw.fmt_num(y[-1])} epoch{'' if y[-1] == 1 else 's'}, from {start}")
    ax.set_xlabel("days since the experiment's first attempt")
    ax.set_ylabel("completed epochs (cumulative)")
    ax.set_xlim(left=0)
    ax.set_ylim(bottom=0)
    draw.integer_axis(ax)
    ax.legend(title="experiment", loc="upper left")


# ---------------------------------------------------------------- GPU mix
def _gpu_mix(data, fig):
    df = data["experiment_gpu_mix"]
    tot = data["experiment_comparison"]
    df = df[df["share_pct"] > 0]
    names = experiments(df)
    models = list(dict.fromkeys(df["gpu_label"]))
    colors = {m: GPU_PALETTE[i % len(GPU_PALETTE)] for i, m in enumerate(models)}
    ax = fig.subplots()
    for y, e in enumerate(names):
        left = 0.0
        for _, r in df[df["experiment"] == e].iterrows():
            w = float(r["share_pct"])
            ax.barh(y, w, left=left, color=colors[r["gpu_label"]], edgecolor="white", height=0.6)
            if w >= 5:   # the model's name too where it fits (the legend names every colour)
                name = f"{draw.wrap(r['gpu_label'], 10)}\n" if w >= 16 else ""
                ax.text(left + w / 2, y, name + draw.fmt_num(w, "%"), ha="center", va="center",
                        fontsize=draw.LABEL_SIZE - 1, color="white")
            left += w
        hours = tot.loc[tot["experiment"] == e, "gpu_hours"]
        if len(hours):
            ax.annotate(f"{draw.fmt_num(hours.iloc[0])} GPU-h", (100, y), xytext=(6, 0),
                        textcoords="offset points", va="center", fontsize=draw.LABEL_SIZE)
    ax.set_yticks(range(len(names)), [exp_title(names, i) for i in range(len(names))])
    ax.set_ylim(len(names) - 0.5, -0.5)
    ax.set_xlim(0, 100)
    ax.set_xlabel("% of the experiment's GPU-hours")
    ax.grid(False)
    fig.legend(handles=draw.legend_patches([(m, {"facecolor": colors[m]}) for m in models]),
               title="GPU model", loc="outside right upper")


def _has_gpu_hours(data):
    return None if data["experiment_resource_comparison"]["gpu_hours"].sum() > 0 else \
        "no GPU-hours under the filters"


FIGURES: list[Figure] = [
    Figure(name="gpu_hours_by_resource", title="GPU-hours per resource: productive vs wasted",
           views=("experiment_resource_comparison",), draw=_gpu_hours, size=style.WIDE,
           caption="One panel per experiment (same scale): GPU-hours per resource; green = success "
                   "and checkpoint attempts, the rest split by why the attempt was lost.",
           skip_if=_has_gpu_hours),
    Figure(name="epochs_per_100_gpu_hours", title="Epochs per 100 GPU-hours per resource",
           views=("experiment_resource_comparison", "experiment_comparison"), draw=_epochs_per_gpu_hour,
           size=style.WIDE,
           caption="Distinct epochs credited to the resource per 100 of its GPU-hours (wasted hours "
                   "included); one bar per experiment (hatching), 'all resources' first. Light grey "
                   "bars are too small a sample to compare (fewer than min_epochs epochs or less "
                   "than min_gpu_hours_pct of the experiment's GPU-hours, thresholds of "
                   "rank_resources; or the unknown resource), with the reason after the value.",
           skip_if=_has_gpu_hours),
    Figure(name="success_by_resource", title="Attempt success per resource",
           views=("experiment_resource_comparison", "experiment_comparison"), draw=_success,
           size=style.WIDE,
           caption="Successful attempts as a % of all attempts, per resource and experiment "
                   "(hatching), 'all resources' first."),
    Figure(name="epochs_over_campaign_time", title="Completed epochs over campaign time",
           views=("experiment_epochs_by_relative_day",), draw=_epochs_relative,
           caption="Cumulative distinct epochs at the end of each day since the experiment's first "
                   "attempt, so campaigns that ran at different dates start together.",
           skip_if=lambda d: None if d["experiment_epochs_by_relative_day"]["epochs"].sum() > 0
           else "no completed epochs under the filters"),
    Figure(name="gpu_mix", title="GPU mix per experiment",
           views=("experiment_gpu_mix", "experiment_comparison"), draw=_gpu_mix, size=(11, 4.5),
           caption="Each GPU model's share of the experiment's GPU-hours (total at the right).",
           skip_if=lambda d: None if (d["experiment_gpu_mix"]["share_pct"] > 0).any()
           else "no GPU-hours under the filters"),
]
