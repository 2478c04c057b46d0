"""The headline summary in the terminal: campaign totals and the per-resource table."""

from __future__ import annotations

import duckdb

from .render import fmt_cell, print_rows
from .safe import json_dumps
from .safe import clean_text
from .scope import Scope
from .sqlheaders import cached_views

# Metrics of resource_summary shown in the terminal (their headers, units and requirements come
# from the metric catalogue, group 'resource': 007_metric_catalogue.sql).
SUMMARY_METRICS = ("attempts", "attempt_success_pct", "run_hours", "gpu_hours", "productive_pct",
                   "wasted_gpu_hours", "main_waste_kind", "epochs", "redone_epochs",
                   "gpu_hours_per_epoch", "median_hours_per_epoch", "median_input_minutes",
                   "gib_in", "gib_out")


def summary_columns() -> list[tuple[str, str]]:
    """(column, header) of the terminal table: the key, then the catalogue's label per metric."""
    from .report.metrics import GROUP
    g = GROUP["resource"]
    return [("resource", "resource")] + [(m, g.metric(m).label) for m in SUMMARY_METRICS]


def running_note(tot: dict) -> str:
    """The campaign's attempts still running when their event log ended (campaign_totals),
    said apart from productive and wasted hours; empty when there are none."""
    n = tot.get("running_attempts") or 0
    if not n:
        return ""
    return (f"; {n:,} attempt{'s' if n != 1 else ''} still running when the event log ended "
            f"({fmt_cell(tot.get('running_gpu_hours'))} GPU-hours up to its last event), counted "
            "apart: neither productive nor wasted")


def _unrecorded(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Columns of the summary the source files in scope cannot fill, with the note saying why:
    each metric's requirement from the metric catalogue, whether it is recorded (and the words)
    from the view recorded_requirements, as in the report and metrics.json."""
    from .report.metrics import GROUP
    notes = dict(con.execute("SELECT requires, note FROM recorded_requirements WHERE NOT recorded").fetchall())
    g = GROUP["resource"]
    return {c: notes[r] for c in SUMMARY_METRICS if (r := g.metric(c).requires) in notes}


def print_summary(con: duckdb.DuckDBPyConnection, scope: Scope, fmt: str = "table") -> None:
    """The summary of ``scope`` (already applied to ``con``). The scans behind resource_summary,
    campaign_totals, campaign_caveats and report_coverage (SCANNED: the views marked
    ``-- cache: summary``) run once each: their scoped results are kept in TEMP tables for these
    reads and dropped afterwards."""
    from .scope import cached
    with cached(con, "summary"):
        _print_summary(con, scope, fmt)


# Views the summary reads several times (through resource_summary, campaign_totals, ...): those
# whose SQL header says ``-- cache: summary``.
SCANNED = cached_views("summary")


def _print_summary(con: duckdb.DuckDBPyConnection, scope: Scope, fmt: str) -> None:
    columns = summary_columns()
    cur = con.execute("SELECT " + ", ".join(c for c, _ in columns) + " FROM resource_summary")
    rows = cur.fetchall()
    missing = _unrecorded(con)
    if fmt == "json":   # null with a note, as in metrics.json (never a bare null or 0)
        out = [dict(zip([c for c, _ in columns], r)) for r in rows]
        for d in out:
            d.update({c: None for c in missing})
            if missing:
                d["notes"] = dict(missing)
        print(json_dumps(out))
        return
    if missing:     # "not recorded", never a bare null or 0 (README: not recorded)
        idx = [i for i, (c, _) in enumerate(columns) if c in missing]
        rows = [tuple(NOT_RECORDED if i in idx else v for i, v in enumerate(r)) for r in rows]
    if fmt != "table":
        print_rows([c for c, _ in columns], rows, fmt)
        return
    t = con.execute("FROM campaign_totals")
    tot = dict(zip([d[0] for d in t.description], t.fetchone() or ()))   # an aggregate: one row
    gpu = ("GPU-hours not recorded" if "gpu_hours" in missing else
           f"{fmt_cell(tot['gpu_hours'])} GPU-hours of which {fmt_cell(tot['productive_pct'])}% productive")
    head = (f"{scope.describe()}\n"
            f"period {fmt_cell(tot['first_start'])} to {fmt_cell(tot['last_stop'])}: "
            f"{tot['attempts']:,} attempts, {tot['runs']:,} runs, {tot['epochs']:,} epochs "
            f"({tot['redone_epochs']:,} re-done), {gpu}{running_note(tot)}")
    print(clean_text(head))   # the filters may carry anything (safe.py)
    k = con.execute("FROM campaign_caveats")
    for line in caveat_lines(dict(zip([d[0] for d in k.description], k.fetchone() or ()))):
        print(clean_text(line))
    print_rows([h for _, h in columns], rows, "table", title="Per resource")


NOT_RECORDED = "not recorded"


def caveat_lines(k: dict) -> list[str]:
    """What the headline rests on (view campaign_caveats), one line each; none when nothing."""
    out = []
    if k.get("copied_gpu_attempts"):
        out.append(f"caution: {k['copied_gpu_attempts']:,} attempts ({fmt_cell(k['copied_gpu_hours'])} "
                   f"GPU-hours, {fmt_cell(k['copied_gpu_hours_pct'])}%) rest on GPU details the CSV "
                   "generator copied across a cluster's attempts: GPU-hours and GPU mix may be wrong")
    if k.get("rescued_epochs"):
        out.append(f"{k['rescued_epochs']:,} epochs added by the RESCUED rule "
                   f"({k['rescued_attempts']:,} RESCUED rows that stopped cleanly)")
    if k.get("service_attempts"):
        out.append(f"{k['service_attempts']:,} service-job attempts ({fmt_cell(k['service_run_hours'])} h) "
                   "left out of every number")
    if k.get("csv_only_attempts"):
        out.append(f"{k['csv_only_attempts']:,} attempts from the CSV alone (the event logs lack them)")
    return out
