"""The attempt timeline: one row per training run, one bar per attempt."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D

from .. import style
from . import draw
from .base import Figure, register


def _bars(ax, df: pd.DataFrame) -> None:
    """Attempts as horizontal bars (one row per run: y = run_rank - 1) from start_time to
    bar_end, coloured by resource, with an outcome marker at the end (style.OUTCOME_MARKERS).
    Drawn as one LineCollection, so thousands of attempts stay fast."""
    import matplotlib.dates as mdates
    from matplotlib.collections import LineCollection

    x0 = mdates.date2num(pd.to_datetime(df["start_time"]).to_numpy())
    x1 = mdates.date2num(pd.to_datetime(df["bar_end"]).to_numpy())
    y = df["run_rank"].to_numpy(dtype=float) - 1
    segs = np.stack([np.column_stack([x0, y]), np.column_stack([x1, y])], axis=1)
    colors = [style.resource_color(r) for r in df["resource"]]
    ax.add_collection(LineCollection(list(segs), colors=colors, linewidths=6, capstyle="butt"))
    kind = df["waste_kind"].where(df["outcome"] != "checkpoint", "checkpoint")
    kind = kind.where(df["outcome"] != "running", "running")    # still running at the log's end
    for k, marker in style.OUTCOME_MARKERS.items():
        m = (kind == k).to_numpy()
        if m.any():
            filled = marker not in ("|", "_", "x", "+")
            ax.scatter(x1[m], y[m], marker=marker, s=34, c=style.KIND_COLORS.get(k, "black"),
                       edgecolors="black" if filled else None, linewidths=0.5 if filled else 2,
                       zorder=3, label=k)
    pad = max((x1.max() - x0.min()) * 0.01, 0.02)
    ax.set_xlim(x0.min() - pad, x1.max() + pad)
    ax.xaxis_date()
    draw.date_axis(ax)


def _timeline(data, fig):
    df = data["attempt_timeline"]
    runs = df.drop_duplicates("run_rank").sort_values("run_rank")
    fig.set_size_inches(13, min(3.5 + 0.22 * len(runs), 12))
    ax = fig.subplots()
    _bars(ax, df)
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
