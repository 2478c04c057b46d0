"""The one figure style: resource colours and order, fonts, sizes, saving.

Every figure of every report uses these, so a resource has the same colour and the
same place in every chart, on every slide. Pinned by tests/test_style.py.
"""

from __future__ import annotations

import hashlib
from typing import Iterable

# Fixed order and colours of the known resources (colour-blind-safe Okabe-Ito-like palette).
RESOURCE_ORDER = ["expanse", "delta", "anvil", "bridges2", "aws", "ospool", "chtc"]
RESOURCE_COLORS = {
    "expanse": "#0072B2",   # blue
    "delta": "#E69F00",     # orange
    "anvil": "#009E73",     # green
    "bridges2": "#CC79A7",  # purple-pink
    "aws": "#D55E00",       # vermillion
    "ospool": "#56B4E9",    # sky blue
    "chtc": "#9B1B30",      # dark red
    "unknown": "#999999",   # grey
}
# Deterministic colours for resources nobody listed: picked by a hash of the name.
_EXTRA_PALETTE = ["#8C564B", "#7F7F7F", "#BCBD22", "#17BECF", "#1F77B4", "#9467BD",
                  "#2CA02C", "#FF7F0E", "#E377C2", "#393B79"]

# Outcome / waste-kind colours (productive first, then kinds of waste). They live apart from the
# resource colours (very dark, very light or a hue no resource has: CIE76 distance >= 30 from every
# resource colour, >= 20 from each other; tests/figures/test_colours.py), so a stacked bar of
# kinds never reads as a resource.
KIND_ORDER = ["productive", "failed", "evicted", "aborted", "held/released", "RESCUED", "unknown", "other"]
KIND_COLORS = {
    "productive": "#1B4D2E",  # dark green
    "success": "#1B4D2E",
    "checkpoint": "#A6DBA0",  # pale green
    "failed": "#3A0000",      # near-black red
    "evicted": "#F0E442",     # yellow
    "aborted": "#4B2C83",     # dark violet
    "held/released": "#7A5C00",  # dark ochre
    "RESCUED": "#7FFFD4",     # aquamarine
    "unknown": "#404040",     # dark grey
    "other": "#FFD8A8",       # peach
    "running": "#D9E8FF",     # still running when the event log ended: neither productive nor wasted
}

# A value with too little evidence to be ranked (see the view ranking_evidence) is drawn
# light grey (hatched where the bar's hatching is free) with its reason, in every figure.
WEAK_COLOR, WEAK_HATCH = "#e6e6e6", "//"
# 130 dpi: an 11 in figure is 1430 px wide, sharp on a 1920 px slide and ~430 dpi in a paper
# column; 170 cost ~8% more drawing CPU for pixels a slide scales away (bench/RESULTS.md,
# "Everyday run"). ``--dpi`` (and --format pdf/svg) for print.
DPI = 130
FONT_SIZE = 13
WIDE = (11, 6)
TALL = (11, 8)


def resource_color(resource: str) -> str:
    if resource in RESOURCE_COLORS:
        return RESOURCE_COLORS[resource]
    h = int(hashlib.sha256(resource.encode()).hexdigest(), 16)
    return _EXTRA_PALETTE[h % len(_EXTRA_PALETTE)]


def order_resources(resources: Iterable[str]) -> list[str]:
    """Known resources in their fixed order, then others alphabetically, 'unknown' last
    (the same order as the SQL macro resource_rank)."""
    rs = list(dict.fromkeys(r for r in resources if r is not None))
    known = [r for r in RESOURCE_ORDER if r in rs]
    others = sorted(r for r in rs if r not in RESOURCE_ORDER and r != "unknown")
    return known + others + (["unknown"] if "unknown" in rs else [])


def apply() -> None:
    """Set matplotlib/seaborn defaults for every figure (call before drawing)."""
    import matplotlib
    matplotlib.use("Agg")
    import seaborn as sns
    sns.set_theme(context="talk", style="whitegrid", font_scale=0.8)
    matplotlib.rcParams.update({
        "figure.dpi": 100,
        "savefig.dpi": DPI,
        "font.size": FONT_SIZE,
        "axes.titlesize": FONT_SIZE + 3,
        "axes.titleweight": "bold",
        "axes.labelsize": FONT_SIZE + 1,
        "xtick.labelsize": FONT_SIZE,
        "ytick.labelsize": FONT_SIZE,
        "legend.fontsize": FONT_SIZE - 1,
        "legend.title_fontsize": FONT_SIZE,
        "figure.titlesize": FONT_SIZE + 5,
        "figure.titleweight": "bold",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "savefig.bbox": "standard",  # constrained layout fits the labels; "tight" draws twice
        # Titles at the top of their axes: no figure has tick labels above an axes, so the
        # automatic title position (which measures the top x axis at every draw, ~9% of the
        # drawing CPU) gives the same pixels (bench/RESULTS.md, "Everyday run").
        "axes.titley": 1.0,
    })


# Markers of attempt outcomes (timelines): drawn at the end of an attempt's bar, coloured by
# KIND_COLORS. Successful attempts get no marker (the bar alone).
OUTCOME_MARKERS = {
    "checkpoint": "|",
    "failed": "X",
    "evicted": "v",
    "aborted": "s",
    "held/released": "P",
    "RESCUED": "D",
    "unknown": "o",
    "other": "*",
    "running": ">",      # still running when the event log ended (bar up to its last event)
}


def gpu_label(model: str) -> str:
    """A GPU model name as shown on axes: without the vendor prefix ('NVIDIA A40' -> 'A40')."""
    for prefix in ("NVIDIA ", "Tesla "):
        if model.startswith(prefix):
            model = model[len(prefix):]
    return model
