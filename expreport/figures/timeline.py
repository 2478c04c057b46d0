"""The attempt timeline: one row per training run, one bar per attempt."""

from __future__ import annotations

from matplotlib.lines import Line2D

from .. import style
from . import draw
from .base import Figure, register


def _timeline(data, fig):
    df = data["attempt_timeline"]
    runs = df.drop_duplicates("run_rank").sort_values("run_rank")
    fig.set_size_inches(13, min(3.5 + 0.22 * len(runs), 12))
    ax = fig.subplots()
    draw.timeline(ax, df)
    sampled = runs["shown_attempts"] < runs["run_attempts"]
    labels = [f"{lab}*" if s else lab for lab, s in zip(runs["run_label"], sampled)]
    ax.set_yticks(runs["run_rank"] - 1, labels)
    ax.set_ylim(len(runs) - 0.5, -0.5)
    ax.set_ylabel("training run (most attempts on top)")
    ax.set_xlabel("time (access point clock)")
    ax.grid(axis="y", visible=False)
    res = style.order_resources(df["resource"])
    leg = draw.resource_legend(ax, res, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    ax.add_artist(leg)
    kinds = [k for k in style.OUTCOME_MARKERS
             if ((df["waste_kind"] == k) | ((df["outcome"] == k) & (k in ("checkpoint", "running")))).any()]
    handles = [Line2D([], [], linestyle="none", marker=style.OUTCOME_MARKERS[k], markersize=9,
                      markerfacecolor=style.KIND_COLORS.get(k, "black"), markeredgecolor="black",
                      color=style.KIND_COLORS.get(k, "black"),
                      label="still running at the log's end" if k == "running" else k) for k in kinds]
    handles.insert(0, Line2D([], [], color="#555555", linewidth=6, label="success (no marker)"))
    ax.legend(handles=handles, title="end of attempt", loc="lower left",
              bbox_to_anchor=(1.01, 0), frameon=False)
    if sampled.any():
        ax.annotate("* run with more attempts than shown (a fixed sample of 150)",
                    (0, -0.12), xycoords="axes fraction", fontsize=draw.LABEL_SIZE)


register(Figure(
    name="attempt_timeline",
    title="Attempts of the training runs over time",
    views=("attempt_timeline",),
    draw=_timeline,
    size=(13, 8),
    caption="The 40 training runs with the most attempts: each bar is one attempt from start to "
            "stop, coloured by resource; the marker at its end says how it ended.",
))
