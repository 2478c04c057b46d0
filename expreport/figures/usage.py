"""What the jobs requested and what they used (CPUs, memory, disk, GPUs, GPU memory), per
resource. Requests come from event logs only; with CSV data alone the figure shows the use
(as before) and says that requests are not recorded."""

from __future__ import annotations

import numpy as np

from .. import style
from . import draw
from .base import Figure, register

METRICS = {  # usage_by_resource metric -> panel title (the CSV-only layout)
    "cpu_cores": "CPU cores used (average busy)",
    "peak_memory": "peak memory",
    "disk": "disk used",
    "gpu_utilisation": "GPU utilisation (GPU Usage / GPUs)",
}
UNIT_LABELS = {"cores": "cores", "GiB": "GiB", "%": "%"}
WHAT = {  # requests_vs_usage what -> (row label, axis label)
    "cpus": ("CPUs", "cores"),
    "memory": ("memory", "GiB"),
    "disk": ("disk", "GiB"),
    "gpus": ("GPUs", "GPUs (average busy)"),
    "gpu_memory": ("GPU memory", "GiB"),
}
NO_REQUESTS = ("Requests are not recorded: job_summary.csv has no request columns "
               "(ingest the jobs' event logs to compare used with requested).")
REQUESTED = dict(color="#BBBBBB", hatch="//")


def _usage_only(data, fig, note: str | None = None):
    """The use alone, 2 x 2 panels from usage_by_resource (CSV data: no requests)."""
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
    if note:
        fig.supxlabel(note, fontsize=style.FONT_SIZE, color="#555555", style="italic")


def _series(df, what, series):
    return df[(df["what"] == what) & (df["series"] == series)].set_index("resource")


def _pair_panel(ax, used, req, resources, label):
    """Used (resource colour) and requested (grey, hatched) boxes side by side per resource."""
    pos = np.arange(len(resources), dtype=float)
    u = used.reindex(resources)
    have_u = (u["n"] > 0).to_numpy()
    if have_u.any():
        draw.quantile_boxes(ax, u[have_u], [""] * int(have_u.sum()),
                            [style.resource_color(r) for r, h in zip(resources, have_u) if h],
                            value_label=label, positions=pos[have_u] - 0.2, widths=0.36)
    r = req.reindex(resources)
    have_r = (r["n"] > 0).to_numpy()
    if have_r.any():
        draw.quantile_boxes(ax, r[have_r], [""] * int(have_r.sum()), [REQUESTED["color"]] * int(have_r.sum()),
                            value_label=label, positions=pos[have_r] + 0.2, widths=0.36,
                            hatch=REQUESTED["hatch"], show_n=False)
    ax.set_xlim(-0.6, len(resources) - 0.4)
    top = max(u["max"].max(skipna=True) if have_u.any() else 0,
              r["max"].max(skipna=True) if have_r.any() else 0)
    ax.set_ylim(0, top * 1.2 if top > 0 else 1)     # both series in view (the first call fixed it)
    draw.resource_ticks(ax, resources)


def _efficiency_panel(ax, eff, resources, name):
    e = eff.reindex(resources)
    e = e[e["n"] > 0]
    if e.empty:
        draw.note(ax, f"{name}: no attempt has both the use and the request")
        return
    res = list(e.index)
    draw.quantile_boxes(ax, e.reset_index(), res, [style.resource_color(r) for r in res],
                        value_label="used / requested (%)")
    draw.resource_ticks(ax, res)
    ax.set_ylim(0, max(115, ax.get_ylim()[1]))
    draw.reference_line(ax, 100)


def _grid(data, fig):
    """The measures with a use or a request, and a 2 x 3 grid of panels for them (16:9, a slide)."""
    df = data["requests_vs_usage"]
    whats = [w for w in WHAT if (df[(df["what"] == w) & (df["series"] != "efficiency")]["n"] > 0).any()]
    fig.set_size_inches(16, 9)
    axes = list(fig.subplots(2, 3).ravel())
    for ax in axes[len(whats):]:
        ax.set_axis_off()
    return df, whats, axes


def _shown(used, req):
    return style.order_resources(
        [r for r in used.index if used.loc[r, "n"] > 0] + [r for r in req.index if req.loc[r, "n"] > 0])


def _with_requests(data, fig):
    df, whats, axes = _grid(data, fig)
    for ax, what in zip(axes, whats):
        name, unit = WHAT[what]
        used, req = _series(df, what, "used"), _series(df, what, "requested")
        _pair_panel(ax, used, req, _shown(used, req), unit)
        ax.set_title(f"{name}: used vs requested", fontsize=style.FONT_SIZE)
    fig.legend(handles=draw.legend_patches([
        ("used (resource colour; n = attempts reporting it)", {"facecolor": "#888888"}),
        ("requested (event logs)", {"facecolor": REQUESTED["color"], "hatch": REQUESTED["hatch"]})]),
        loc="outside lower center", ncols=2, frameon=False,
        title="box p25-p75, whiskers p10-p90, dots min/max; a diamond: every value about the same")


def _draw_efficiency(data, fig):
    """Used / requested in % per measure (the second half of what was one tall figure)."""
    from matplotlib.lines import Line2D
    df, whats, axes = _grid(data, fig)
    for ax, what in zip(axes, whats):
        name, _ = WHAT[what]
        used, req = _series(df, what, "used"), _series(df, what, "requested")
        _efficiency_panel(ax, _series(df, what, "efficiency"), _shown(used, req), name)
        ax.set_title(f"{name}: used / requested", fontsize=style.FONT_SIZE)
    fig.legend(handles=[Line2D([], [], color="#333333", linestyle="--", label="100 % = used what it requested")],
               loc="outside lower center", frameon=False,
               title="box p25-p75, whiskers p10-p90, dots min/max; a diamond: every value about the same")


def _skip_efficiency(data):
    if not data["requests_vs_usage"]["requests_recorded"].any():
        return ("requests are not recorded: job_summary.csv has no request columns (ingest the "
                "jobs' event logs to compare used with requested)")
    return None


def _draw(data, fig):
    if data["requests_vs_usage"]["requests_recorded"].any():
        _with_requests(data, fig)
    else:
        _usage_only(data, fig, NO_REQUESTS)


def _skip(data):
    df = data["usage_by_resource"]
    req = data["requests_vs_usage"]
    if not df["usage_recorded"].any() and not req["requests_recorded"].any():
        return "usage is not recorded in these files (CSV v1-v5: no usage columns)"
    if df["n"].sum() == 0 and req[req["series"] == "requested"]["n"].sum() == 0:
        return "no attempt reported its usage (only terminated attempts do)"
    return None


register(Figure(
    name="requests_vs_usage",
    title="Requested vs used, per resource",
    views=("requests_vs_usage", "usage_by_resource"),
    draw=_draw,
    size=(13, 9),
    caption="Per resource, what each attempt used (from the usage table of its terminated or "
            "evicted event) next to what it requested (event logs only; used / requested in % is "
            "the figure request_efficiency). Box p25-p75, whiskers p10-p90, dots "
            "min/max. With CSV data alone only the use is shown: job_summary.csv records no "
            "requests.",
    skip_if=_skip,
    extra_tables=("usage_by_resource",),
))

register(Figure(
    name="request_efficiency",
    title="Used / requested, per resource",
    views=("requests_vs_usage",),
    draw=_draw_efficiency,
    size=(16, 9),
    caption="Per resource and measure, what each attempt used as a share of what it requested "
            "(event logs only; 100 % = used all it asked for, the dashed line). Box p25-p75, "
            "whiskers p10-p90, dots min/max.",
    skip_if=_skip_efficiency,
))
