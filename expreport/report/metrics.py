"""The metric catalogue: every headline number of the report, defined once.

In the spirit of Open XDMoD, a metric is a record (name, label, unit, description, and the
view and column it comes from). The catalogue feeds ``metrics.json``, the summary tables of
``summary.txt``, ``report.md`` and ``report.html``, and their generated glossary; the
numbers themselves are computed by the views. A metric whose data the source files cannot
carry (no input-transfer times before CSV v4, no usage columns before v6, no requests in any
CSV) is "not recorded", never 0: see :func:`collect`. A unit written ``@column`` is the row's
own (the view says it per row, e.g. GiB for memory and cores for CPUs).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb

from .data import fetch_rows


@dataclass(frozen=True)
class Metric:
    name: str          # column of the view, and the metric's name in metrics.json
    label: str         # short table header (with its unit where it helps)
    unit: str
    description: str
    view: str = ""     # filled in from the group
    requires: str | None = None   # 'input_timing', 'usage' or 'requests': "not recorded" without it

    @property
    def column(self) -> str:
        return self.name

    @property
    def source(self) -> str:
        return f"{self.view}.{self.column}"

    def unit_of(self, row: dict) -> str:
        """The unit, or the row's own (column named by '@column')."""
        return str(row.get(self.unit[1:]) or "") if self.unit.startswith("@") else self.unit

    @property
    def unit_text(self) -> str:
        return f"per row ({self.unit[1:]} column)" if self.unit.startswith("@") else self.unit


@dataclass(frozen=True)
class Group:
    key: str                  # metrics.json "group"
    title: str
    view: str
    dims: tuple[str, ...]     # the view's key columns (one row per ...)
    metrics: tuple[Metric, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "metrics", tuple(
            Metric(m.name, m.label, m.unit, m.description, self.view, m.requires or _built_on(m))
            for m in self.metrics))

    def metric(self, name: str) -> Metric:
        return next(m for m in self.metrics if m.name == name)


M = Metric
TIMING, USAGE, REQUESTS = "input_timing", "usage", "requests"
GPUS, BYTES = "gpus", "bytes"


def _built_on(m: Metric) -> str | None:
    """A number built on GPU-hours or bytes needs files that recorded GPUs or bytes (a v1 CSV
    wrote 0 for both: attempts.has_gpu_columns / has_byte_columns): "not recorded" without."""
    if (m.unit == "GPU-hours" or "gpu_hours" in m.name or "per_100_gpu" in m.name
            or m.name in ("productive_pct", "copied_gpu_hours_pct")):
        return GPUS
    if m.unit in ("GiB", "bytes") or m.name.startswith("gib_"):
        return BYTES
    return None
BYTES_SCOPE = ("CSV: cluster totals (cumulative over the cluster's executions) on the terminated "
               "attempt; event logs: exact per attempt")

GROUPS: tuple[Group, ...] = (
    Group("campaign", "Campaign", "campaign_totals", (), (
        M("first_start", "first start", "timestamp", "first Start Time of the attempts in scope (access point local time)"),
        M("last_stop", "last stop", "timestamp", "last stop time (End, Evicted, Held or Aborted Time) of the attempts in scope"),
        M("experiments", "experiments", "experiments", "distinct experiments with attempts in scope"),
        M("runs", "runs", "runs", "distinct training runs (Run UUID, else DAG source and run name)"),
        M("attempts", "attempts", "attempts", "execution attempts (one HTCondor execute event, one CSV row)"),
        M("epochs", "epochs", "epochs", "distinct completed epochs: (experiment, run, epoch) with a successful attempt"),
        M("epoch_completions", "epoch completions", "completions", "Epochs Completed summed over the successful attempts of named epochs"),
        M("redone_epochs", "re-done epochs", "epochs", "epoch completions that did not add a new epoch (the epoch was already complete)"),
        M("run_hours", "run hours", "hours", "wall hours the attempts ran (first stop event - Start Time), GPUs ignored"),
        M("gpu_hours", "GPU-hours", "GPU-hours", "run hours x GPUs of every attempt"),
        M("productive_gpu_hours", "productive GPU-hours", "GPU-hours", "GPU-hours of successful and checkpointed attempts (goodput)"),
        M("wasted_gpu_hours", "wasted GPU-hours", "GPU-hours", "GPU-hours of every other attempt: failed, evicted, aborted, held/released, RESCUED, unknown (badput)"),
        M("running_attempts", "still running", "attempts", "event-log attempts with no end event when their log ended (outcome running)"),
        M("running_gpu_hours", "running GPU-hours", "GPU-hours", "GPU-hours of still-running attempts up to their log's last event: neither productive nor wasted"),
        M("productive_pct", "productive share", "%", "productive GPU-hours / (productive + wasted) GPU-hours x 100: the campaign's goodput share (still-running attempts left out)"),
        M("attempt_success_pct", "attempt success", "%", "successful attempts / attempts x 100"),
        M("epochs_per_100_gpu_hours", "epochs per 100 GPU-hours", "epochs per 100 GPU-hours", "epochs / all GPU-hours x 100 (wasted hours included)"),
        M("gib_in", "GiB in", "GiB", f"input bytes (Total Bytes Received) / 2^30 ({BYTES_SCOPE})"),
        M("gib_out", "GiB out", "GiB", f"output bytes (Total Bytes Sent) / 2^30 ({BYTES_SCOPE})"),
    )),
    Group("caveats", "What the numbers rest on", "campaign_caveats", (), (
        M("copied_gpu_attempts", "attempts on copied GPU details", "attempts", "attempts whose GPU model, count and memory the CSV generator copied across their HTCondor cluster: their GPU-hours and model may be wrong"),
        M("copied_gpu_hours", "GPU-hours on copied GPU details", "GPU-hours", "GPU-hours of those attempts"),
        M("copied_gpu_hours_pct", "share on copied GPU details", "%", "their share of all GPU-hours"),
        M("rescued_attempts", "RESCUED rows counted as completed", "attempts", "RESCUED rows that stopped cleanly (End Time, no eviction, hold or abort) before their run started a later epoch"),
        M("rescued_epochs", "epochs added by the RESCUED rule", "epochs", "epochs whose first success is such a RESCUED row"),
        M("service_attempts", "service-job attempts (left out)", "attempts", "attempts of service jobs (DAG helpers such as annex_helper, jobs on the access point): in no total"),
        M("service_run_hours", "service-job hours (left out)", "hours", "wall hours of those attempts"),
        M("csv_only_attempts", "CSV rows the event logs lack", "attempts", "CSV rows of an experiment with event logs that no log attempt replaces: kept from the CSV"),
    )),
    Group("resource", "Per resource", "resource_summary", ("resource",), (
        M("attempts", "attempts", "attempts", "execution attempts on the resource"),
        M("attempt_success_pct", "success %", "%", "successful attempts / attempts x 100"),
        M("run_hours", "run h", "hours", "wall hours of the attempts (GPUs ignored)"),
        M("gpu_hours", "GPU-h", "GPU-hours", "run hours x GPUs"),
        M("productive_gpu_hours", "productive GPU-h", "GPU-hours", "GPU-hours of successful and checkpointed attempts"),
        M("productive_pct", "productive %", "%", "productive GPU-hours / GPU-hours x 100"),
        M("wasted_gpu_hours", "wasted GPU-h", "GPU-hours", "GPU-hours of the other attempts"),
        M("main_waste_kind", "main waste", "kind", "the kind of waste with the most wasted GPU-hours"),
        M("epochs", "epochs", "epochs", "completed epochs credited to the resource (where the epoch's first successful attempt ran)"),
        M("redone_epochs", "re-done", "epochs", "successful epoch completions on the resource that did not add a new epoch"),
        M("epoch_equivalents", "epoch-equiv.", "epochs", "each completed epoch's credit split across resources by the productive GPU-hours its attempts spent there"),
        M("gpu_hours_per_epoch", "GPU-h/epoch (all attempts)", "GPU-hours per epoch", "GPU-hours per epoch (all attempts of the epoch's node): GPU-hours of every attempt in scope of the epochs' nodes (evicted, failed, checkpointed and re-done ones included), credited like the epoch to the resource of its first successful attempt, / epochs"),
        M("median_hours_per_epoch", "success h/epoch (median)", "hours", "successful attempt's hours per epoch: median run hours of the resource's successful attempts of named epochs (after a checkpoint this can be minutes; earlier attempts of the node are not counted)"),
        M("median_input_minutes", "median input min", "minutes", "median input-transfer duration", requires=TIMING),
        M("gib_in", "GiB in", "GiB", "input bytes / 2^30 (CSV: cluster totals, on the resource where the cluster terminated; event logs: exact per attempt)"),
        M("gib_out", "GiB out", "GiB", "output bytes / 2^30 (same scope as GiB in)"),
        M("epochs_per_100_gpu_hours", "epochs/100 GPU-h", "epochs per 100 GPU-hours", "epochs / GPU-hours x 100 (wasted hours included)"),
    )),
    Group("waste_kind", "Wasted GPU-hours by kind", "report_waste_by_kind", ("kind",), (
        M("attempts", "attempts", "attempts", "wasted attempts of this kind"),
        M("gpu_hours", "GPU-h", "GPU-hours", "GPU-hours of those attempts"),
        M("share_of_wasted_pct", "% of wasted", "%", "share of all wasted GPU-hours"),
        M("share_of_gpu_hours_pct", "% of all GPU-h", "%", "share of all GPU-hours"),
        M("main_resource", "main resource", "resource", "the resource where this kind wasted the most GPU-hours"),
    )),
    Group("waste_cause", "Wasted GPU-hours by cause", "waste_causes", ("cause",), (
        M("attempts", "attempts", "attempts", "wasted attempts of this cause"),
        M("gpu_hours", "GPU-h", "GPU-hours", "GPU-hours of those attempts"),
        M("share_of_wasted_pct", "% of wasted", "%", "share of all wasted GPU-hours"),
        M("waste_kinds", "kinds", "kinds", "the waste kinds (failed, evicted, held/released, ...) it came from, most GPU-hours first"),
        M("main_resource", "main resource", "resource", "the resource where this cause wasted the most GPU-hours"),
        M("example_reason", "example reason", "text", "the most frequent hold / evict reason text (or exit code) of these attempts; empty when none was recorded (CSV)"),
    )),
    Group("gpu_model", "GPU models", "report_gpu_models", ("gpu_model",), (
        M("resources", "resources", "resources", "resources the model was seen on"),
        M("attempts", "attempts", "attempts", "attempts on the model"),
        M("gpus_per_attempt", "GPUs/attempt", "GPUs", "most common number of GPUs per attempt"),
        M("gpu_hours", "GPU-h", "GPU-hours", "GPU-hours on the model"),
        M("share_pct", "share %", "%", "share of all GPU-hours (the GPU mix)"),
        M("productive_pct", "productive %", "%", "productive GPU-hours / GPU-hours x 100"),
        M("epochs", "epochs", "epochs", "completed epochs whose first successful attempt ran on the model"),
        M("gpu_hours_per_epoch", "GPU-h/epoch (all attempts)", "GPU-hours per epoch", "GPU-hours per epoch (all attempts of the epoch's node): GPU-hours of every attempt in scope of the nodes of the epochs credited to the model (the model of the epoch's first successful attempt), / epochs"),
        M("median_hours_per_epoch", "success h/epoch (median)", "hours", "successful attempt's hours per epoch: median run hours of its successful attempts of named epochs"),
        M("median_gpu_hours_per_epoch", "success GPU-h/epoch (median)", "GPU-hours", "median GPU-hours of those successful attempts (the successful attempt alone)"),
        M("epochs_per_100_gpu_hours", "epochs/100 GPU-h", "epochs per 100 GPU-hours", "epochs / GPU-hours x 100"),
        M("device_memory_mb", "device MB", "MB", "median memory of one GPU device"),
    )),
    Group("gpu_mix", "GPU mix per resource", "gpu_mix", ("resource", "gpu_model"), (
        M("attempts", "attempts", "attempts", "attempts on the model at the resource"),
        M("gpus_per_attempt", "GPUs/attempt", "GPUs", "most common number of GPUs per attempt"),
        M("gpu_hours", "GPU-h", "GPU-hours", "GPU-hours on the model at the resource"),
        M("share_of_resource_pct", "% of resource", "%", "share of the resource's GPU-hours"),
        M("share_of_total_pct", "% of all", "%", "share of all GPU-hours"),
    )),
    Group("transfer", "Input transfer per resource", "transfer_input_timing", ("resource",), (
        M("attempts_with_timing", "timed transfers", "attempts", "attempts with an input-transfer duration", requires=TIMING),
        M("median_input_minutes", "median input min", "minutes", "median input-transfer duration", requires=TIMING),
        M("p90_input_minutes", "p90 input min", "minutes", "90th percentile of the input-transfer duration", requires=TIMING),
        M("median_input_mb_per_s", "median MB/s", "MB/s", "median input throughput (10^6 bytes/s) of first, terminated attempts", requires=TIMING),
        M("input_hours", "input h", "hours", "total input-transfer hours", requires=TIMING),
    )),
    Group("transfer_scope", "What the byte counts are", "transfer_bytes_scope", ("resource",), (
        M("bytes_scope", "bytes", "scope", f"which bytes the transfer numbers sum ({BYTES_SCOPE})"),
        M("attempts_with_exact_bytes", "exact", "attempts", "attempts with exact per-attempt bytes (event logs)"),
        M("attempts_with_cluster_bytes", "cluster totals", "attempts", "attempts carrying a cluster's cumulative totals (CSV, terminated attempt)"),
    )),
    Group("transfer_job_type", "Transfer per job type", "transfer_by_job_type", ("job_type", "resource"), (
        M("attempts", "attempts", "attempts", "attempts of the job type on the resource"),
        M("gib_in", "GiB in", "GiB", "input GiB"),
        M("gib_out", "GiB out", "GiB", "output GiB"),
        M("median_input_minutes", "median input min", "minutes", "median input-transfer duration", requires=TIMING),
        M("median_input_mb_per_s", "median MB/s", "MB/s", "median input throughput", requires=TIMING),
        M("gib_in_per_productive_gpu_hour", "GiB in / productive GPU-h", "GiB per GPU-hour", "input GiB per productive GPU-hour: data moved per unit of useful work"),
    )),
    Group("usage", "Resource usage per resource", "report_resource_extras", ("resource",), (
        M("failed_attempts", "failed", "attempts", "attempts with Final Status failed"),
        M("failed_median_minutes", "failed median min", "minutes", "median run minutes of the failed attempts"),
        M("p95_peak_memory_mb", "P95 memory MB", "MB", "95th percentile of Peak Memory Usage", requires=USAGE),
        M("max_peak_memory_mb", "max memory MB", "MB", "largest Peak Memory Usage", requires=USAGE),
        M("p95_cpu_cores", "P95 CPU cores", "cores", "95th percentile of CPU Usage (average cores busy)", requires=USAGE),
        M("max_cpu_cores", "max CPU cores", "cores", "largest CPU Usage", requires=USAGE),
        M("median_gpu_used_fraction", "median GPU use", "fraction", "median GPU Usage / GPUs assigned (1 = every GPU busy)", requires=USAGE),
        M("p95_disk_gib", "P95 disk GiB", "GiB", "95th percentile of Disk Usage", requires=USAGE),
        M("max_disk_gib", "max disk GiB", "GiB", "largest Disk Usage", requires=USAGE),
    )),
    Group("requests", "Requests vs use (right-sizing)", "right_sizing", ("resource", "what"), (
        M("unit", "unit", "unit", "GiB (memory, disk) or cores (cpu)"),
        M("attempts_with_usage", "n used", "attempts", "attempts reporting the use", requires=USAGE),
        M("median_request", "median request", "@unit", "median request_memory / request_cpus / request_disk", requires=REQUESTS),
        M("p95_used", "P95 used", "@unit", "95th percentile of the use", requires=USAGE),
        M("suggested_request", "suggested", "@unit", "P95 used x p95_factor (cpu: whole cores): a request that fits 95% of the attempts with headroom", requires=USAGE),
        M("request_over_suggested", "request / suggested", "x", "median request / suggested request (> 1: asks for more than needed)", requires=REQUESTS),
        M("median_efficiency_pct", "median used/requested", "%", "median of 100 x use / request", requires=REQUESTS),
        M("freed_unit_hours", "freed", "@freed_unit", "sum of (request - suggested) x run hours over the attempts carrying the request: what requesting the suggestion would have freed", requires=REQUESTS),
    )),
    Group("site", "OSPool sites", "ospool_sites", ("site",), (
        M("resource", "resource", "resource", "the resource the site's attempts count on"),
        M("attempts", "attempts", "attempts", "attempts at the site"),
        M("gpu_hours", "GPU-h", "GPU-hours", "GPU-hours at the site"),
        M("wasted_gpu_hours", "wasted GPU-h", "GPU-hours", "GPU-hours of its unproductive attempts"),
        M("attempt_success_pct", "success %", "%", "successful attempts / attempts x 100"),
        M("epochs", "epochs", "epochs", "completed epochs whose first successful attempt ran there"),
        M("median_input_mb_per_s", "median MB/s", "MB/s", "median input throughput (10^6 bytes/s)", requires=TIMING),
        M("main_waste_cause", "main waste cause", "cause", "the waste cause with the most wasted GPU-hours"),
        M("gpu_models", "GPU models", "models", "GPU models seen there, most GPU-hours first"),
    )),
)

GROUP = {g.key: g for g in GROUPS}

# What "not recorded" means for each requirement (said in the report and in metrics.json).
NOT_RECORDED = {
    TIMING: "not recorded: the source files have no input-transfer times (CSV v4+ or an event log has them)",
    USAGE: "not recorded: the source files have no usage columns (CSV v6 or an event log has them)",
    REQUESTS: "not recorded: job_summary.csv has no request columns (an event log has them)",
    GPUS: "not recorded: the source files hold no GPU counts (the CSV v1 generator wrote 0 GPUs "
          "on every row; CSV v2+ or an event log has them)",
    BYTES: "not recorded: the source files hold no transfer bytes (the CSV v1 generator wrote 0 "
           "bytes on every row; CSV v2+ or an event log has them)",
}
FLAG_COLUMNS = {TIMING: "timing_recorded", USAGE: "usage_recorded", REQUESTS: "requests_recorded"}


class NotRecorded(str):
    """A table cell the source files cannot fill (shown as 'not recorded', never 0)."""

    def __new__(cls):
        return super().__new__(cls, "not recorded")


NOT_REC = NotRecorded()


@dataclass
class GroupData:
    group: Group
    columns: list[str]
    rows: list[dict]
    recorded: list[dict[str, bool]]   # per row: requirement -> recorded

    def cell(self, i: int, metric: Metric) -> Any:
        if metric.requires and not self.recorded[i].get(metric.requires, True):
            return NOT_REC
        return self.rows[i].get(metric.name)


@dataclass
class ReportData:
    """The small view results the report is built from (all fetched once)."""
    coverage: dict
    groups: dict[str, GroupData]
    data_quality: list[dict] = field(default_factory=list)   # view data_quality

    @property
    def campaign(self) -> dict:
        rows = self.groups["campaign"].rows
        return rows[0] if rows else {}


def collect(con: duckdb.DuckDBPyConnection) -> ReportData:
    """Fetch every group's view and the coverage flags (the scope is set on ``con``)."""
    coverage = fetch_rows(con, "report_coverage")[1][0]
    fetched = {g.key: fetch_rows(con, g.view) for g in GROUPS}
    timing = {r["resource"]: bool(r["timing_recorded"]) for r in fetched["transfer"][1]}
    usage = {r["resource"]: bool(r["usage_recorded"]) for r in fetched["usage"][1]}
    camp = {TIMING: bool(coverage["input_timing_recorded"]), USAGE: bool(coverage["usage_recorded"]),
            GPUS: bool(coverage["gpus_recorded"]), BYTES: bool(coverage["bytes_recorded"]),
            REQUESTS: any(r.get("requests_recorded") for r in fetched["requests"][1])}
    groups = {}
    for g in GROUPS:
        cols, rows = fetched[g.key]
        rec = []
        for r in rows:
            flags = dict(camp)
            if "resource" in r:
                res = r["resource"]
                flags.update({TIMING: timing.get(res, camp[TIMING]), USAGE: usage.get(res, camp[USAGE])})
            flags.update({k: bool(r[c]) for k, c in FLAG_COLUMNS.items() if c in r})   # the row's own
            rec.append(flags)
        groups[g.key] = GroupData(g, cols, rows, rec)
    quality = fetch_rows(con, "data_quality")[1]
    return ReportData(coverage, groups, quality)


def metric_entries(data: ReportData) -> list[dict]:
    """Every catalogued number as a metrics.json entry (value null + note when not recorded)."""
    from ..safe import json_value, non_finite_note
    out = []
    for g in GROUPS:
        gd = data.groups[g.key]
        for i, row in enumerate(gd.rows):
            for m in g.metrics:
                v = gd.cell(i, m)
                e = {"name": m.name, "group": g.key}
                e.update({d: row[d] for d in g.dims})
                e.update(value=None if isinstance(v, NotRecorded) else json_value(v), unit=m.unit_of(row),
                         label=m.label, description=m.description, source=m.source)
                if isinstance(v, NotRecorded):
                    e["note"] = NOT_RECORDED[m.requires]
                elif non_finite_note(v):   # inf/NaN: null with a note (test_json_metrics_strict)
                    e["note"] = non_finite_note(v)
                out.append(e)
    return out


def glossary() -> list[tuple[str, list[tuple[str, str, str, str]]]]:
    """(group title, [(label, unit, description, source)]) for the glossary section."""
    return [(g.title, [(m.label, m.unit_text, m.description, m.source) for m in g.metrics]) for g in GROUPS]
