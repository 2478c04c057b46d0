"""The report as one document model, built once and rendered as text, Markdown and HTML.

:func:`build_document` turns the fetched view results (:class:`~.metrics.ReportData`), the
recommendations and the rendered figures into sections of blocks (paragraphs, tables, the
recommendations, the figures). ``text.py``, ``markdown.py`` and ``html.py`` only lay those
blocks out, so the three files always say the same thing.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field, replace
from typing import Any

from ..figures.base import Rendered
from ..render import fmt_cell
from ..scope import Scope
from .metrics import BYTES_SCOPE, GROUP, GROUPS, NOT_RECORDED, REQUESTS, TIMING, USAGE, ReportData, glossary
from .recommend import RULES, Recommendation


@dataclass
class Para:
    text: str


@dataclass
class Table:
    title: str | None
    columns: list[str]
    rows: list[list[Any]]
    note: str | None = None
    numeric: list[bool] = field(default_factory=list)
    listing: bool = False    # text output: one wrapped line per row instead of a grid (glossary)

    def __post_init__(self) -> None:
        if not self.numeric:
            self.numeric = [any(isinstance(r[i], (int, float)) and not isinstance(r[i], bool)
                                for r in self.rows) for i in range(len(self.columns))]


@dataclass
class Recs:
    items: list[Recommendation]


@dataclass
class Figs:
    rendered: list[Rendered]


@dataclass
class Section:
    title: str
    blocks: list

    @property
    def anchor(self) -> str:
        return "".join(c if c.isalnum() else "-" for c in self.title.lower()).strip("-")


@dataclass
class Document:
    title: str
    scope_text: str
    generated: str
    facts: list[tuple[str, str]]     # header lines: (label, value)
    notes: list[str]                 # what the data cannot say
    sections: list[Section]
    figures: list[Rendered]
    recommendations: list[Recommendation]


def cell(v: Any) -> str:
    """One formatted cell (the same in every output)."""
    return fmt_cell(v)


def group_table(data: ReportData, key: str, names: list[str] | None = None,
                title: str | None = None, note: str | None = None) -> Table:
    gd = data.groups[key]
    g = gd.group
    metrics = [g.metric(n) for n in names] if names else list(g.metrics)
    rows = [[r[d] for d in g.dims] + [gd.cell(i, m) for m in metrics] for i, r in enumerate(gd.rows)]
    return Table(title, [d.replace("_", " ") for d in g.dims] + [m.label for m in metrics], rows, note)


def joined_table(data: ReportData, refs: list[tuple[str, str]], title: str | None = None,
                 note: str | None = None) -> Table:
    """Per-resource columns from several groups, joined on the resource."""
    lookup = {}
    for key in {k for k, _ in refs}:
        gd = data.groups[key]
        lookup[key] = {r["resource"]: i for i, r in enumerate(gd.rows)}
    resources = [r["resource"] for r in data.groups["resource"].rows]
    rows = []
    for res in resources:
        row: list[Any] = [res]
        for key, name in refs:
            gd, i = data.groups[key], lookup[key].get(res)
            row.append(None if i is None else gd.cell(i, gd.group.metric(name)))
        rows.append(row)
    cols = ["resource"] + [GROUP[k].metric(n).label for k, n in refs]
    return Table(title, cols, rows, note)


# The per-resource table in two parts (one is too wide for a page or a terminal).
RESOURCE_TIME = ["attempts", "attempt_success_pct", "run_hours", "gpu_hours", "productive_gpu_hours",
                 "productive_pct", "wasted_gpu_hours", "main_waste_kind"]
RESOURCE_EPOCHS = ["epochs", "redone_epochs", "epoch_equivalents", "gpu_hours_per_epoch", "median_hours_per_epoch",
                   "epochs_per_100_gpu_hours", "median_input_minutes", "gib_in", "gib_out"]


def _campaign_table(data: ReportData) -> Table:
    g = GROUP["campaign"]
    row = data.campaign
    return Table(None, ["metric", "value", "unit"],
                 [[m.label, row.get(m.name), m.unit] for m in g.metrics], numeric=[False, True, False])


def _bytes_note(data: ReportData) -> str:
    """Which byte counts the transfer numbers are, from the data (view transfer_bytes_scope)."""
    scopes = {r["bytes_scope"] for r in data.groups["transfer_scope"].rows} - {"no bytes"}
    if not scopes:
        return "No attempt reported transferred bytes."
    if scopes == {"exact per attempt (event log)"}:
        return "Bytes are exact per attempt (event logs: each attempt's own Run Bytes)."
    if scopes == {"cluster totals on the terminated attempt (CSV)"}:
        return ("Bytes are cluster totals (job_summary.csv: cumulative over the cluster's "
                "executions, written on its terminated attempt), so each cluster counts once, "
                "where it terminated.")
    return ("Bytes come from both kinds of source (see the 'bytes' column): " + BYTES_SCOPE + ".")


def _with_bytes_note(figures: list[Rendered], note: str) -> list[Rendered]:
    """The transfer figures' captions say which byte counts they draw."""
    return [replace(r, caption=f"{r.caption} {note}".strip())
            if r.name in ("transfer_by_resource", "transfer_over_time") else r for r in figures]


REASON_CHARS = 160     # example reasons in the report's table (full text in tables/*.csv)


def _waste_blocks(data: ReportData) -> list:
    if not data.groups["waste_kind"].rows:
        return [Para("No GPU-hours were wasted.")]
    causes = group_table(data, "waste_cause", title="By cause (hold / evict reason)",
                         note="A CSV row carries no reason: its cause is '<kind> (cause not recorded)'. "
                              "Full reasons: tables/summary__waste_causes.csv; per resource: view "
                              "wasted_hours_by_cause.")
    causes.rows = [r[:-1] + [textwrap.shorten(" ".join(r[-1].split()), REASON_CHARS, placeholder="…")
                             if isinstance(r[-1], str) else r[-1]] for r in causes.rows]
    return [group_table(data, "waste_kind", title="By kind (final status)"), causes]


def _sites_blocks(data: ReportData) -> list:
    if not data.groups["site"].rows:
        return [Para("No attempt ran at an OSPool site under these filters (no GLIDEIN_ResourceName "
                     "/ GLIDEIN Resource Name recorded).")]
    return [group_table(data, "site", note="Per OSPool site (GLIDEIN_ResourceName). Input "
                                           "throughput needs input-transfer times (CSV v4+ or "
                                           "file-transfer events in the event log).")]


def _quality_table(data: ReportData) -> list:
    if not data.data_quality:
        return [Para("No data-quality issue found: no event-log problem, no job that never ran, "
                     "no attempt issue.")]
    return [Table(None, ["experiment", "area", "issue", "count", "unit", "example"],
                  [[r["experiment"], r["area"], r["kind"], r["count"], r["unit"], r["example"]]
                   for r in data.data_quality],
                  note="From the data_quality view: event-log problems (eventlog_issues), jobs that "
                       "never ran (queue_only_jobs) and attempt issues (data_issues). Event-log "
                       "issues and queue-only jobs follow the experiment filter only.")]


def _caveat_paras(data: ReportData) -> tuple[list, list]:
    """What the headline numbers rest on (view campaign_caveats), in words: (campaign, GPUs)."""
    rows = data.groups["caveats"].rows
    k = rows[0] if rows else {}
    camp, gpus = [], []
    if k.get("rescued_epochs") or k.get("rescued_attempts"):
        camp.append(Para(
            f"{cell(k['rescued_epochs'])} of these epochs were added by the RESCUED rule: "
            f"{cell(k['rescued_attempts'])} attempts the CSV generator marked RESCUED (DAGMan lost "
            "track of them) stopped cleanly, with an End Time and no eviction, hold or abort, before "
            "their run started a later epoch, so they count as completed (glossary: rescued)."))
    if k.get("service_attempts"):
        camp.append(Para(
            f"{cell(k['service_attempts'])} attempts of service jobs ({cell(k['service_run_hours'])} "
            "hours: DAG helpers such as annex_helper, jobs that ran on the access point) are left "
            "out of every number here (view service_attempts)."))
    if k.get("csv_only_attempts"):
        camp.append(Para(
            f"{cell(k['csv_only_attempts'])} attempts come from the CSV alone: the event logs of "
            "their experiment lack them (DAG nodes logs keep only the last submission); every "
            "other CSV row was replaced by its event-log attempt."))
    if k.get("copied_gpu_attempts"):
        gpus.append(Para(
            f"Caution: {cell(k['copied_gpu_attempts'])} attempts ({cell(k['copied_gpu_hours'])} "
            f"GPU-hours, {cell(k['copied_gpu_hours_pct'])}% of all GPU-hours) rest on GPU details "
            "that the CSV generator copied across the attempts of one HTCondor cluster: their GPU "
            "model and GPU count may belong to another attempt, so these GPU-hours and this GPU "
            "mix may be wrong. Ingest the campaign's event logs into the same experiment for "
            "exact values."))
    return camp, gpus


def _notes(data: ReportData) -> list[str]:
    c = data.coverage
    notes = []
    if not c["resource_recorded"]:
        notes.append("Where attempts ran is not recorded (CSV v1 has no Targeted Resource): every "
                     "attempt is counted on resource 'unknown'.")
    elif not c["resource_recorded_all"]:
        notes.append("Some source files do not record where attempts ran (CSV v1): their attempts "
                     "are counted on resource 'unknown'.")
    if not c["input_timing_recorded"]:
        notes.append("Input-transfer times are " + NOT_RECORDED[TIMING] + ".")
    if not c["usage_recorded"]:
        notes.append("CPU, memory, disk and GPU usage are " + NOT_RECORDED[USAGE] + ".")
    return notes


def build_document(data: ReportData, scope: Scope, recs: list[Recommendation],
                   figures: list[Rendered], thresholds: list[dict], generated: str) -> Document:
    c, t = data.coverage, data.campaign
    facts = [
        ("Filters", scope.describe()),
        ("Period", f"{cell(t.get('first_start'))} to {cell(t.get('last_stop'))} "
                   "(first Start Time to last stop, access point local time)"),
        ("Experiments", ", ".join(c["experiment_names"] or []) or "—"),
        ("Data", f"{c['attempts']:,} attempts from {c['files']} file(s) ({c['sources']})"),
        ("Generated", generated),
    ]
    overall = (f"{cell(t.get('attempts'))} attempts in {cell(t.get('runs'))} runs completed "
               f"{cell(t.get('epochs'))} distinct epochs ({cell(t.get('redone_epochs'))} re-done) on "
               f"{cell(t.get('gpu_hours'))} GPU-hours, of which {cell(t.get('productive_gpu_hours'))} "
               f"were productive: {cell(t.get('productive_pct'))}% of all GPU-hours.")
    if t.get("running_attempts"):
        overall = overall[:-len("% of all GPU-hours.")] + (
            f"% of the GPU-hours of finished attempts. {cell(t.get('running_attempts'))} attempts "
            f"({cell(t.get('running_gpu_hours'))} GPU-hours) were still running when their event "
            "log ended: counted in attempts and GPU-hours, in neither productive nor wasted.")
    usage_note = None if c["usage_recorded"] else "Usage columns: " + NOT_RECORDED[USAGE] + "."
    timing_note = None if c["input_timing_recorded"] else "Input timing: " + NOT_RECORDED[TIMING] + "."
    bytes_note = _bytes_note(data)
    figures = _with_bytes_note(figures, bytes_note)
    factor = next((t["value"] for t in thresholds
                   if t["rule"] == "right_sizing" and t["name"] == "p95_factor"), None)
    requests_note = (f"Suggested = P95 used x {cell(factor)} (cpu: whole cores); rule right_sizing "
                     "fires when the median request is well above it (thresholds in the glossary); "
                     "freed < 0: the attempts asked for less than the suggestion. "
                     "Requests " + ("come from the event logs."
                                    if any(r.get("requests_recorded") for r in data.groups["requests"].rows)
                                    else "are " + NOT_RECORDED[REQUESTS] + "."))
    camp_caveats, gpu_caveats = _caveat_paras(data)
    sections = [
        Section("Campaign", [Para(overall), *camp_caveats, _campaign_table(data)]),
        Section("Per resource", [
            group_table(data, "resource", RESOURCE_TIME, title="Attempts and GPU-hours"),
            group_table(data, "resource", RESOURCE_EPOCHS, title="Epochs and transfer",
                        note=timing_note)]),
        Section("Wasted GPU-hours by kind and cause", _waste_blocks(data)),
        Section("GPUs", [*gpu_caveats, group_table(data, "gpu_model", title="GPU models"),
                         group_table(data, "gpu_mix", ["gpu_hours", "share_of_resource_pct",
                                                       "share_of_total_pct", "gpus_per_attempt"],
                                     title="GPU mix (GPU-hours per model and resource)")]),
        Section("Transfer", [
            joined_table(data, [("resource", "gib_in"), ("resource", "gib_out"),
                                ("transfer", "attempts_with_timing"), ("transfer", "median_input_minutes"),
                                ("transfer", "p90_input_minutes"), ("transfer", "median_input_mb_per_s"),
                                ("transfer_scope", "bytes_scope")],
                         title="Data moved and input transfer per resource",
                         note=" ".join(n for n in (bytes_note, timing_note) if n)),
            group_table(data, "transfer_job_type", title="Transfer per job type", note=bytes_note)]),
        Section("OSPool sites", _sites_blocks(data)),
        Section("Failures and resource usage", [
            group_table(data, "usage", note=usage_note),
            group_table(data, "requests", title="Requests vs use (right-sizing)", note=requests_note)
            if data.groups["requests"].rows else Para("No attempt reports its use or its request.")]),
        Section("Recommendations", [Recs(recs)]),
        Section("Figures", [Figs(figures)]),
    ]
    sections.append(Section("Data quality", _quality_table(data)))
    sections.append(Section("Glossary", _glossary_blocks(thresholds)))
    return Document("Experiment report", scope.describe(), generated, facts, _notes(data),
                    sections, figures, recs)


def _glossary_blocks(thresholds: list[dict]) -> list:
    blocks: list = [Para("Every number above is defined once: in the metric catalogue "
                         "(queries/views/007_metric_catalogue.sql) and computed by the named view.column "
                         "(queries/views/; `expreport views` prints their definitions).")]
    for title, entries in glossary():
        blocks.append(Table(title, ["metric", "unit", "definition", "source"],
                            [list(e) for e in entries], numeric=[False] * 4, listing=True))
    by_rule: dict[str, list[str]] = {}
    for th in thresholds:
        unit = th["unit"]
        by_rule.setdefault(th["rule"], []).append(
            f"{th['name']} = {th['value']:g}{'' if unit in ('%', 'x') else ' '}{unit}".rstrip())
    blocks.append(Table("Recommendation rules (thresholds: view report_thresholds)",
                        ["rule", "view", "fires when", "thresholds"],
                        [[r.title, r.view, r.fires_when, "; ".join(by_rule.get(r.id, []))] for r in RULES],
                        numeric=[False] * 4, listing=True))
    return blocks


__all__ = ["Document", "Section", "Para", "Table", "Recs", "Figs", "build_document", "cell", "GROUPS"]
