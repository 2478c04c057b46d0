"""The ``compare-sources`` command: a campaign's CSV against its event logs, attempt by attempt."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional, TextIO

import typer

from .cli import app, open_db, say
from .cli_data import _check_fmt


@app.command("compare-sources")
def compare_sources(
    a: str = typer.Argument(..., metavar="A", help="Experiment A, e.g. the campaign from its job_summary.csv."),
    b: str = typer.Argument(..., metavar="B", help="Experiment B, e.g. the same campaign from its event logs."),
    fmt: str = typer.Option("table", "--format", "-f", help="table (summary and rows), csv (one row per "
                            "difference) or json (overview, summary, differences)"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", metavar="FILE",
                                       help="Write to FILE (parents created) instead of the terminal."),
) -> None:
    """Every difference between two sources of one campaign, with its reason: attempts paired
    by (cluster, attempt); start and end times, run time, status, resource, site, GPUs, bytes
    and usage compared; each difference classified (e.g. the CSV's End Time of an aborted
    attempt is the removal time). From the views source_differences and
    source_difference_summary."""
    from .render import print_rows
    from .sources import DIFF_COLUMNS, compare_sources as run, print_table, write_json
    fmt = _check_fmt(fmt)
    con = open_db()
    try:
        result = run(con, a, b)
    finally:
        con.close()
    fh: TextIO
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        fh = out.open("w", encoding="utf-8", newline="")
    else:
        fh = sys.stdout
    try:
        if fmt == "table":
            print_table(result, fh)
        elif fmt == "csv":
            print_rows(DIFF_COLUMNS, result.differences, "csv", out=fh)
        else:
            write_json(result, fh)
    finally:
        if out is not None:
            fh.close()
    if out is not None or fmt != "table":
        say(result.headline())
        note = result.note()
        if note:
            say(note)
    if out is not None:
        typer.echo(str(out.resolve()))
