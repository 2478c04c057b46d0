"""The metric catalogue, read from SQL: every headline number of the report, defined once.

In the spirit of Open XDMoD, a metric is a record (name, label, unit, description, and the
view and column it comes from). The records live in one SQL file,
``queries/views/007_metric_catalogue.sql`` (views ``metric_groups``, ``metric_catalogue``,
``metric_requirements``); this module reads them into :data:`GROUPS`. They feed
``metrics.json``, the summary tables of ``summary.txt``, ``report.md`` and ``report.html``,
their glossary, the terminal summary, ``compare`` (view ``experiment_metric_catalogue``) and
the README's metric glossary; the numbers themselves are computed by the views. A metric whose
data the source files cannot carry (no input-transfer times before CSV v4, no usage columns
before v6, no requests in any CSV) is "not recorded", never 0: decided by the view
``recorded_requirements``, see :func:`collect`. A unit written ``@column`` is the row's own
(the view says it per row, e.g. GiB for memory and cores for CPUs).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

import duckdb

from ..paths import queries_dir
from .data import fetch_rows

CATALOGUE_SQL = "views/007_metric_catalogue.sql"


@dataclass(frozen=True)
class Metric:
    name: str          # column of the view, and the metric's name in metrics.json
    label: str         # short table header (with its unit where it helps)
    unit: str
    description: str
    view: str = ""
    requires: str | None = None   # metric_requirements.requires: "not recorded" without it

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

    def metric(self, name: str) -> Metric:
        return next(m for m in self.metrics if m.name == name)


TIMING, USAGE, REQUESTS = "input_timing", "usage", "requests"
GPUS, BYTES = "gpus", "bytes"


@cache
def catalogue_rows() -> tuple[list[dict], list[dict]]:
    """(metric_catalogue rows in display order, metric_requirements rows), from the SQL file
    alone (an in-memory database: no campaign needed, e.g. for the README glossary)."""
    con = duckdb.connect(":memory:")
    try:
        con.execute((queries_dir() / CATALOGUE_SQL).read_text(encoding="utf-8"))
        out = []
        for view in ("metric_catalogue", "metric_requirements"):
            cur = con.execute(f"FROM {view}")   # one of the two views just made
            cols = [d[0] for d in cur.description]
            out.append([dict(zip(cols, r)) for r in cur.fetchall()])
        return out[0], out[1]
    finally:
        con.close()


def _groups(experiment: bool = False) -> tuple[Group, ...]:
    rows, _ = catalogue_rows()
    keys = list(dict.fromkeys(r["metric_group"] for r in rows
                              if (r["metric_group"] == "experiment") == experiment))
    return tuple(
        Group(k, first["title"], first["view"], tuple(first["dims"]),
              tuple(Metric(r["metric"], r["label"], r["unit"], r["description"], r["view"], r["requires"])
                    for r in rows if r["metric_group"] == k))
        for k in keys for first in [next(r for r in rows if r["metric_group"] == k)])


GROUPS: tuple[Group, ...] = _groups()          # the report's groups (compare: 'experiment')
GROUP = {g.key: g for g in GROUPS}
BYTES_SCOPE = ("CSV: cluster totals (cumulative over the cluster's executions) on the terminated "
               "attempt; event logs: exact per attempt")

# What "not recorded" means for each requirement (said in the report and in metrics.json);
# metric_requirements.note, the words of the view recorded_requirements too.
NOT_RECORDED = {r["requires"]: r["note"] for r in catalogue_rows()[1]}
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
    notes: dict[str, str] = field(default_factory=lambda: dict(NOT_RECORDED))   # recorded_requirements.note

    @property
    def campaign(self) -> dict:
        rows = self.groups["campaign"].rows
        return rows[0] if rows else {}


def collect(con: duckdb.DuckDBPyConnection) -> ReportData:
    """Fetch every group's view and the coverage flags (the scope is set on ``con``)."""
    coverage = fetch_rows(con, "report_coverage")[1][0]
    required = fetch_rows(con, "recorded_requirements")[1]
    fetched = {g.key: fetch_rows(con, g.view) for g in GROUPS}
    camp = {r["requires"]: bool(r["recorded"]) for r in required}
    timing = {r["resource"]: bool(r["timing_recorded"]) for r in fetched["transfer"][1]}
    usage = {r["resource"]: bool(r["usage_recorded"]) for r in fetched["usage"][1]}
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
    return ReportData(coverage, groups, quality, {r["requires"]: r["note"] for r in required})


def metric_entries(data: ReportData) -> list[dict]:
    """Every catalogued number as a metrics.json entry (value null + note when not recorded)."""
    from ..safe import json_value, non_finite_note
    out = []
    for g in GROUPS:
        gd = data.groups[g.key]
        for i, row in enumerate(gd.rows):
            for m in g.metrics:
                v = gd.cell(i, m)
                e: dict[str, Any] = {"name": m.name, "group": g.key}
                e.update({d: row[d] for d in g.dims})
                e.update(value=None if isinstance(v, NotRecorded) else json_value(v), unit=m.unit_of(row),
                         label=m.label, description=m.description, source=m.source)
                if isinstance(v, NotRecorded):
                    assert m.requires, "cell() is not recorded only for a metric with a requirement"
                    e["note"] = data.notes[m.requires]
                elif non_finite_note(v):   # inf/NaN: null with a note (test_json_metrics_strict)
                    e["note"] = non_finite_note(v)
                out.append(e)
    return out


def glossary() -> list[tuple[str, list[tuple[str, str, str, str]]]]:
    """(group title, [(label, unit, description, source)]) for the glossary section."""
    return [(g.title, [(m.label, m.unit_text, m.description, m.source) for m in g.metrics]) for g in GROUPS]
