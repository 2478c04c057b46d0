"""What the jobs really used (CPU, memory, disk, GPU utilisation) per resource."""

from __future__ import annotations

from .. import style
from . import draw
from .base import Figure, register

METRICS = {  # metric -> panel title
    "cpu_cores": "CPU cores used (average busy)",
    "peak_memory": "peak memory",
    "disk": "disk used",
    "gpu_utilisation": "GPU utilisation (GPU Usage / GPUs)",
}
UNIT_LABELS = {"cores": "cores", "GiB": "GiB", "%": "%"}


def _usage(data, fig):
    df = data["usage_by_resource"]
    axes = fig.subplots(2, 2).ravel()
    for ax, (metric, title) in zip(axes, METRICS.items()):
        m = df[(df["metric"] == metric) & (df["n"] > 0)].reset_index(drop=True)
        ax.set_title(title, fontsize=style.FONT_SIZE)
        if m.empty:
            draw.note(ax, f"{title}: no attempt reported it")
            continue
        res = list(m["resource"])
        unit = m["unit"].iloc[0]
        draw.quantile_boxes(ax, m, res, [style.resource_color(r) for r in res],
                            value_label=UNIT_LABELS.get(unit, unit))
        draw.resource_ticks(ax, res)
        ax.set_ylim(bottom=0)
        if unit == "%":
            ax.set_ylim(0, max(115, ax.get_ylim()[1]))


def _skip(data):
    df = data["usage_by_resource"]
    if not df["usage_recorded"].any():
        return "usage is not recorded in these files (CSV v1-v5: no usage columns)"
    if df["n"].sum() == 0:
        return "no attempt reported its usage (only terminated attempts do)"
    return None


register(Figure(
    name="requests_vs_usage",
    title="What the jobs used, per resource",
    views=("usage_by_resource",),
    draw=_usage,
    size=(13, 9),
    caption="Usage reported by the terminated event of each attempt (box p25-p75, whiskers "
            "p10-p90, dots min/max; n above). Requests are not overlaid yet.",
    skip_if=_skip,
))
