"""The comparison laid out: the side-by-side table, the per-resource and GPU-mix tables, the
document (rendered by the report's Markdown and HTML renderers) and compare.json.

Every number comes from a view (queries/views/4NN_*.sql: experiment_metrics,
experiment_changes, experiment_resource_comparison, experiment_gpu_mix); this module only
formats and arranges them. A metric an experiment's files cannot give is "not recorded".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..figures.base import Rendered
from ..render import fmt_cell
from ..report.data import json_value
from ..report.document import Document, Figs, Para, Section, Table
from ..scope import Scope

NOT_RECORDED = "not recorded"   # the report's and summary's words too
COUNT_UNITS = {"attempts", "runs", "epochs", "completions"}


@dataclass
class CompareData:
    """The small view results a comparison is built from (fetched once, in experiment order)."""
    experiments: list[str]                  # the comparison's order; [0] is the baseline
    overview: list[dict]                    # experiment_comparison rows
    catalogue: list[dict]                   # experiment_metric_catalogue rows
    metrics: list[dict]                     # experiment_metrics rows
    changes: list[dict]                     # experiment_changes rows
    per_resource: list[dict]                # experiment_resource_comparison, by resource then experiment
    gpu_mix: list[dict]                     # experiment_gpu_mix rows
    by_day: list[dict] = field(default_factory=list)   # experiment_epochs_by_relative_day

    @property
    def baseline(self) -> str:
        return self.experiments[0]

    def metric(self, experiment: str, name: str) -> dict:
        return self._metrics[(experiment, name)]

    def change(self, experiment: str, name: str) -> dict | None:
        return self._changes.get((experiment, name))

    def __post_init__(self) -> None:
        self._metrics = {(r["experiment"], r["metric"]): r for r in self.metrics}
        self._changes = {(r["experiment"], r["metric"]): r for r in self.changes}


# ---------------------------------------------------------------- cells
def value_cell(m: dict) -> Any:
    """A metric's cell: the number (whole counts as int), its text, or 'not recorded'."""
    if not m["available"]:
        return NOT_RECORDED
    if m["kind"] == "text":
        return m["text"]
    v = m["value"]
    if v is not None and m["unit"] in COUNT_UNITS and float(v).is_integer():
        return int(v)
    return v


def _signed(v: float) -> str:
    a = abs(float(v))
    return ("+" if v > 0 else "−" if v < 0 else "±") + fmt_cell(int(a) if a.is_integer() else a)


def change_cell(c: dict | None) -> str:
    """'+2,200 (+275%)', '+3.4 pp (+5.1%)', 'not recorded' or '—' (undefined)."""
    if c is None:
        return ""
    if not c["comparable"]:
        return NOT_RECORDED
    if c["change"] is None:
        return "—"
    unit = " pp" if c["change_unit"] == "percentage points" else ""
    pct = "" if c["change_pct"] is None else f" ({_signed(c['change_pct'])}%)"
    return f"{_signed(c['change'])}{unit}{pct}"


def shown_metrics(data: CompareData) -> list[dict]:
    """The catalogue rows the tables show: optional rows (rare kinds of waste) only when some
    experiment has a non-zero value."""
    out = []
    for k in data.catalogue:
        if k["optional"] and not any(data.metric(e, k["metric"])["value"] for e in data.experiments):
            continue
        out.append(k)
    return out


def experiment_header(data: CompareData, e: str) -> str:
    return f"{e} (baseline)" if e == data.baseline else e


def overview(data: CompareData) -> tuple[list[str], list[list[Any]]]:
    """One row per experiment: the descriptive ('text') metrics: period, data, mixes."""
    text = [k for k in data.catalogue if k["kind"] == "text"]
    rows = [[experiment_header(data, e)] + [value_cell(data.metric(e, k["metric"])) for k in text]
            for e in data.experiments]
    return ["experiment"] + [k["label"] for k in text], rows


def side_by_side(data: CompareData) -> tuple[list[str], list[list[Any]]]:
    """The numbers: columns metric, unit, then each experiment's value, each other one
    followed by its change from the baseline."""
    cols = ["metric", "unit"]
    for e in data.experiments:
        cols.append(experiment_header(data, e))
        if e != data.baseline:
            cols.append(f"{e} vs {data.baseline}")
    rows = []
    for k in shown_metrics(data):
        if k["kind"] != "number":
            continue
        row: list[Any] = [k["label"], k["unit"]]
        for e in data.experiments:
            row.append(value_cell(data.metric(e, k["metric"])))
            if e != data.baseline:
                row.append(change_cell(data.change(e, k["metric"])))
        rows.append(row)
    return cols, rows


RESOURCE_COLUMNS = [
    ("resource", "resource"), ("experiment", "experiment"), ("attempts", "attempts"),
    ("attempt_success_pct", "success %"), ("gpu_hours", "GPU-h"),
    ("share_of_gpu_hours_pct", "% of exp. GPU-h"), ("productive_pct", "productive %"),
    ("wasted_gpu_hours", "wasted GPU-h"), ("epochs", "epochs"), ("redone_epochs", "re-done"),
    ("epochs_per_100_gpu_hours", "epochs/100 GPU-h"), ("median_hours_per_epoch", "success h/epoch (median)"),
]
GPU_COLUMNS = [
    ("experiment", "experiment"), ("gpu_label", "GPU model"), ("attempts", "attempts"),
    ("gpus_per_attempt", "GPUs/attempt"), ("gpu_hours", "GPU-h"), ("share_pct", "share %"),
    ("epochs", "epochs"), ("epochs_per_100_gpu_hours", "epochs/100 GPU-h"),
]


def _rows(rows: list[dict], columns: list[tuple[str, str]]) -> list[list[Any]]:
    return [[r[c] for c, _ in columns] for r in rows]


def coverage_notes(data: CompareData) -> list[str]:
    """What each experiment's files cannot say (so its cells read 'not recorded')."""
    notes = []
    for r in data.overview:
        missing = []
        if not r["input_timing_recorded"]:
            missing.append("input-transfer times (CSV v4+ has them)")
        if not r["usage_recorded"]:
            missing.append("CPU, memory and GPU usage (CSV v6)")
        if missing:
            notes.append(f"The files of {r['experiment']} ({r['sources']}) do not record "
                         + " or ".join(missing) + ": those metrics are not recorded for it, "
                         "and neither are their changes.")
        if not r["resource_recorded"]:
            notes.append(f"The files of {r['experiment']} ({r['sources']}) do not record where attempts "
                         "ran (CSV v2+ does): its attempts are on resource 'unknown'.")
    return notes


# ---------------------------------------------------------------- document
def build_document(data: CompareData, scope: Scope, figures: list[Rendered], generated: str) -> Document:
    cols, rows = side_by_side(data)
    ocols, orows = overview(data)
    names = ", ".join(experiment_header(data, e) for e in data.experiments)
    facts = [
        ("Experiments", names),
        ("Filters", scope.describe()),
        ("Data", "; ".join(f"{r['experiment']}: {r['attempts']:,} attempts ({r['sources']})"
                           for r in data.overview)),
        ("Generated", generated),
    ]
    intro = (f"Each experiment's numbers side by side; every other experiment is compared with the "
             f"baseline {data.baseline}: change = its value - {data.baseline}'s (percentage points "
             f"for shares), and in brackets that change as a % of {data.baseline}'s value.")
    defs = Table(None, ["metric", "unit", "definition", "source", "needs"],
                 [[k["label"], k["unit"], k["description"], f"experiment_comparison.{k['metric']}",
                   k["needs"]]
                  for k in data.catalogue], numeric=[False] * 5)
    sections = [
        Section("Side by side", [Table("The experiments", ocols, orows, numeric=[False] * len(ocols)),
                                 Para(intro), Table("Their numbers", cols, rows)]),
        Section("Per resource", [Table(None, [h for _, h in RESOURCE_COLUMNS],
                                       _rows(data.per_resource, RESOURCE_COLUMNS),
                                       note="% of exp. GPU-h: the resource's share of the experiment's "
                                            "GPU-hours (its resource mix).")]),
        Section("GPU mix", [Table(None, [h for _, h in GPU_COLUMNS],
                                  _rows([r for r in data.gpu_mix if r["attempts"]], GPU_COLUMNS),
                                  note="share %: the model's share of the experiment's GPU-hours.")]),
        Section("Figures", [Figs(figures)]),
        Section("Definitions", [
            Para("Every number is computed by a view in queries/views (4NN_experiment_*.sql; "
                 "`expreport views` prints their definitions); the per-experiment definitions are "
                 "those of the experiment report."),
            defs]),
    ]
    return Document("Experiment comparison", scope.describe(), generated, facts,
                    coverage_notes(data), sections, figures, [])


# ---------------------------------------------------------------- compare.json
def compare_json(data: CompareData, scope: Scope, figures: list[Rendered], generated: str) -> dict:
    from .. import __version__
    metrics = []
    for k in data.catalogue:
        entry = {"name": k["metric"], "label": k["label"], "unit": k["unit"],
                 "change_unit": k["change_unit"], "kind": k["kind"], "description": k["description"],
                 "source": f"experiment_comparison.{k['metric']}", "requires": k["requires"],
                 "values": {}, "available": {}, "notes": {}, "changes": {}}
        for e in data.experiments:
            m = data.metric(e, k["metric"])
            entry["values"][e] = json_value(m["text"] if k["kind"] == "text" else m["value"])
            entry["available"][e] = bool(m["available"])
            if m["note"]:
                entry["notes"][e] = m["note"]
            c = data.change(e, k["metric"])
            if c is not None:
                entry["changes"][e] = {"baseline": c["baseline"], "change": json_value(c["change"]),
                                       "change_pct": json_value(c["change_pct"]),
                                       "unit": c["change_unit"], "comparable": bool(c["comparable"]),
                                       "note": c["note"]}
        metrics.append(entry)
    return {
        "generated_at": generated,
        "expreport_version": __version__,
        "scope": scope.as_dict(),
        "scope_text": scope.describe(),
        "experiments": data.experiments,
        "baseline": data.baseline,
        "coverage": {r["experiment"]: {"sources": r["sources"], "resource_recorded": r["resource_recorded"],
                                       "input_timing_recorded": r["input_timing_recorded"],
                                       "usage_recorded": r["usage_recorded"]} for r in data.overview},
        "notes": coverage_notes(data),
        "metrics": metrics,
        "per_resource": [{k: json_value(v) for k, v in r.items()} for r in data.per_resource],
        "gpu_mix": [{k: json_value(v) for k, v in r.items()} for r in data.gpu_mix],
        "epochs_by_relative_day": [{k: json_value(v) for k, v in r.items()} for r in data.by_day],
        "figures": [{"name": r.name, "title": r.title, "png": r.png.name if r.png else None,
                     "table": f"tables/{r.table.name}" if r.table else None, "skipped": r.skipped}
                    for r in figures],
    }
