"""The headline summary in the terminal: campaign totals and the per-resource table."""

from __future__ import annotations

import duckdb

from .render import fmt_cell, print_rows
from .scope import Scope

# Columns of resource_summary shown in the terminal, with their headers (units included).
SUMMARY_COLUMNS = [
    ("resource", "resource"),
    ("attempts", "attempts"),
    ("attempt_success_pct", "success %"),
    ("run_hours", "run h"),
    ("gpu_hours", "GPU-h"),
    ("productive_pct", "productive %"),
    ("wasted_gpu_hours", "wasted GPU-h"),
    ("main_waste_kind", "main waste"),
    ("epochs", "epochs"),
    ("redone_epochs", "re-done"),
    ("gpu_hours_per_epoch", "GPU-h/epoch (all attempts)"),
    ("median_hours_per_epoch", "success h/epoch (median)"),
    ("median_input_minutes", "median input min"),
    ("gib_in", "GiB in"),
    ("gib_out", "GiB out"),
]


def running_note(tot: dict) -> str:
    """The campaign's attempts still running when their event log ended (campaign_totals),
    said apart from productive and wasted hours; empty when there are none."""
    n = tot.get("running_attempts") or 0
    if not n:
        return ""
    return (f"; {n:,} attempt{'s' if n != 1 else ''} still running when the event log ended "
            f"({fmt_cell(tot.get('running_gpu_hours'))} GPU-hours up to its last event), counted "
            "apart: neither productive nor wasted")


def print_summary(con: duckdb.DuckDBPyConnection, scope: Scope, fmt: str = "table") -> None:
    cur = con.execute("SELECT " + ", ".join(c for c, _ in SUMMARY_COLUMNS) + " FROM resource_summary")
    rows = cur.fetchall()
    if fmt != "table":
        print_rows([c for c, _ in SUMMARY_COLUMNS], rows, fmt)
        return
    t = con.execute("FROM campaign_totals")
    tot = dict(zip([d[0] for d in t.description], t.fetchone()))
    head = (f"{scope.describe()}\n"
            f"period {fmt_cell(tot['first_start'])} to {fmt_cell(tot['last_stop'])}: "
            f"{tot['attempts']:,} attempts, {tot['runs']:,} runs, {tot['epochs']:,} epochs "
            f"({tot['redone_epochs']:,} re-done), {fmt_cell(tot['gpu_hours'])} GPU-hours of which "
            f"{fmt_cell(tot['productive_pct'])}% productive{running_note(tot)}")
    print(head)
    print_rows([h for _, h in SUMMARY_COLUMNS], rows, "table", title="Per resource")
