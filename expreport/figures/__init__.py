"""The report's figures: ``REGISTRY`` lists every :class:`~.base.Figure` in report order.

Importing a module registers its figures, so the import order below is the order of the
report: per resource, over time, GPUs, transfer, timeline, waste, usage, OSPool sites.
"""

from . import resources, time_series, gpus, transfer, timeline, waste, usage, sites  # noqa: F401  (registers)
from .base import REGISTRY, Figure, Rendered, register, render

__all__ = ["REGISTRY", "Figure", "Rendered", "register", "render"]
