"""The ``report`` command: the whole experiment report in one folder."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from .cli import _state, app, db_path, ingest_into_db, open_db, say
from .cli_data import SCOPE_HELP

DEFAULT_CSV = Path("job_summary.csv")


def _open_or_ingest(csv: Optional[Path]):
    """The database, and the experiment to scope to. With a CSV argument: ingest it first (the
    same content already in its experiment is skipped) and scope to its experiment. With none,
    no database yet and ./job_summary.csv present: ingest that first."""
    if csv is None:
        if str(db_path()) == ":memory:" or db_path().exists() or not DEFAULT_CSV.is_file():
            return open_db(), None
        say(f"no database at {db_path()}: ingesting ./{DEFAULT_CSV} first")
        csv = DEFAULT_CSV
    con, results = ingest_into_db([csv])
    for r in results:
        for w in r.warnings:
            say(f"warning: {w}" if not r.skipped else w)
        if not r.skipped:
            say(f"ingested {r.attempts:,} attempts ({r.runs} runs, {r.epochs} epochs) from {r.path} "
                f"(v{r.header_version} CSV) into experiment {r.experiment} ({db_path()})")
    return con, results[0].experiment


@app.command()
def report(
    csv: Optional[Path] = typer.Argument(
        None, metavar="[JOB_SUMMARY_CSV]",
        help="A job_summary.csv to report on: ingested first unless its content already is, and the "
             "report scoped to its experiment. Default: the database as it is (with no database, "
             "./job_summary.csv is ingested first)."),
    experiment: List[str] = typer.Option([], "--experiment", "-e", help=SCOPE_HELP["experiment"]),
    since: Optional[str] = typer.Option(None, help=SCOPE_HELP["since"]),
    until: Optional[str] = typer.Option(None, help=SCOPE_HELP["until"]),
    resource: List[str] = typer.Option([], "--resource", "-r", help=SCOPE_HELP["resource"]),
    out: Path = typer.Option(Path("reports"), "--out", "-o", metavar="DIR",
                             help="Output folder (created with parents; replaced whole, all or nothing)."),
    fig_format: str = typer.Option("png", "--format", "-f", metavar="png,pdf,svg",
                                   help="Figure formats, comma-separated: pdf and svg (for papers) are "
                                        "written beside the PNG, which is always written (report.html embeds it)."),
    dpi: Optional[int] = typer.Option(None, "--dpi", help="Resolution of the PNG figures (default 130; 300 for print)."),
) -> None:
    """The experiment report: figures (PNG), summary.txt, report.md, report.html (self-contained),
    metrics.json and tables/*.csv in one folder, and a short summary here."""
    from .figures.base import SaveAs
    from .report.build import build_report, print_terminal_summary
    from .scope import make_scope
    save = SaveAs.parse(fig_format, dpi)
    make_scope(experiment, since, until, resource)   # bad dates fail before any ingest
    con, csv_experiment = _open_or_ingest(csv)
    if csv is not None and not experiment:
        experiment = [csv_experiment]
    scope = make_scope(experiment, since, until, resource)
    try:
        result = build_report(con, scope, out, progress=not _state["quiet"], save=save)
    finally:
        con.close()
    for r in result.failed:
        say(f"warning: figure {r.name} {r.skipped}")
    if not _state["quiet"]:
        print_terminal_summary(result)
        n = len(result.figures)
        say(f"{len(result.rendered)} of {n} figure(s) rendered"
            + (f", {n - len(result.rendered)} skipped (listed in the report)" if n > len(result.rendered) else "")
            + f"; report written in {result.seconds:.1f} s")
        say(f"open {(out / 'report.html').resolve()}")
    typer.echo(str(out.resolve()))
