"""Commands over the store: ingest, experiments, views, sql, summary."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from .cli import app, open_db, say, _state
from .errors import ExpreportError

SCOPE_HELP = {
    "experiment": "Only this experiment (repeatable).",
    "since": "From: a day YYYY-MM-DD (by attempt Start Time, inclusive), a timestamp "
             "YYYY-MM-DDTHH:MM[:SS], or back from now: 7d, 36h, 90m.",
    "until": "Up to: a day YYYY-MM-DD (inclusive), a timestamp, or back from now (7d, 36h).",
    "resource": "Only this resource, e.g. delta (repeatable).",
}


@app.command()
def ingest(
    files: List[Path] = typer.Argument(None, help="job_summary.csv files (also .csv.gz, .csv.zst), HTCondor event logs, or folders of them (*.csv, *.csv.gz, *.csv.zst, *.log). Default: ./job_summary.csv"),
    experiment: Optional[str] = typer.Option(None, "--experiment", "-e", help="Experiment name. Default: the name of the folder holding each file."),
    replace: bool = typer.Option(False, "--replace", help="Replace the experiment's rows with these files (the experiment must exist; see --create)."),
    create: bool = typer.Option(False, "--create", help="With --replace: create the experiment when it does not exist yet."),
    strict: bool = typer.Option(False, "--strict", help="Refuse implausible attempts (outside plausibility_bounds) instead of flagging them."),
    dag: List[Path] = typer.Option([], "--dag", help="DAG file(s) of the event logs (node -> DAG, VARS, requests)."),
) -> None:
    """Ingest job_summary.csv files (any header version) or HTCondor event logs."""
    from .cli import ingest_into_db
    from .inputs import expand_inputs
    files, taken = expand_inputs(files or [Path("job_summary.csv")])   # a folder: its CSVs and logs
    for line in taken:
        say(line)
    con, results = ingest_into_db(files, experiment=experiment, replace=replace, dags=dag,
                                  strict=strict, create=create)
    con.close()
    for r in results:
        for w in r.warnings:
            say(f"warning: {w}" if not r.skipped else w)
        if not r.skipped:
            ver = f"v{r.header_version} CSV" if r.header_version else r.kind
            upd = f", {r.replaced:,} updated, {r.new:,} new" if r.replaced else ""
            say(f"ingested {r.attempts:,} attempts ({r.runs} runs, {r.epochs} epochs{upd}) from {r.path} "
                f"({ver}) into experiment {r.experiment} in {r.seconds:.1f} s")


@app.command()
def experiments(fmt: str = typer.Option("table", "--format", "-f", help="table, csv or json")) -> None:
    """List the experiments in the database with their counts."""
    con = open_db()
    cur = con.execute("FROM experiments_overview")
    from .render import print_rows
    print_rows([d[0] for d in cur.description], cur.fetchall(), _check_fmt(fmt))


@app.command()
def views(fmt: str = typer.Option("table", "--format", "-f", help="table (a readable listing), csv or json")) -> None:
    """List the views (each a metric) with the comment that defines it."""
    from .queries import view_catalogue
    if _check_fmt(fmt) != "table":
        from .render import print_rows
        print_rows(["view", "file", "definition"], view_catalogue(), fmt)
        return
    for name, file, comment in view_catalogue():
        typer.echo(f"{name}  ({file})")
        for line in comment.splitlines():
            typer.echo(f"    {line}")
        typer.echo("")


def _check_fmt(fmt: str) -> str:
    if fmt not in ("table", "csv", "json"):
        raise ExpreportError(f"--format {fmt!r}: expected table, csv or json.")
    return fmt


@app.command()
def sql(
    query: str = typer.Argument(..., help='SQL to run, e.g. "FROM epochs_by_resource"'),
    fmt: str = typer.Option("table", "--format", "-f", help="table, csv or json"),
    experiment: List[str] = typer.Option([], "--experiment", "-e", help=SCOPE_HELP["experiment"]),
    since: Optional[str] = typer.Option(None, help=SCOPE_HELP["since"]),
    until: Optional[str] = typer.Option(None, help=SCOPE_HELP["until"]),
    resource: List[str] = typer.Option([], "--resource", "-r", help=SCOPE_HELP["resource"]),
) -> None:
    """Run SQL on the database (views scoped by the filters); it never changes anything:
    the database is open read-only and files and other databases are out of reach
    (COPY ... TO, ATTACH, read_csv fail)."""
    import duckdb
    from .render import print_rows
    from .scope import apply_scope, make_scope
    from .store import forbid_external_access
    fmt = _check_fmt(fmt)
    con = open_db()
    try:
        forbid_external_access(con)
        apply_scope(con, make_scope(experiment, since, until, resource), require_match=False)
        try:
            cur = con.execute(query)
        except duckdb.Error as e:
            why = " (expreport sql reads this database only: no files, no other databases)" \
                if isinstance(e, duckdb.PermissionException) else ""
            raise ExpreportError(f"SQL error: {' '.join(str(e).split())}{why}") from e
        if cur.description is None:
            return
        print_rows([d[0] for d in cur.description], cur.fetchall(), fmt)
    finally:
        con.close()


@app.command()
def upgrade() -> None:
    """Bring the database up to this expreport: apply new schema migrations, store the
    current views (reading commands never write; ingest does this too)."""
    from . import __version__
    con = open_db(write=True)
    con.close()
    say(f"database {_state['db']} is up to date with expreport {__version__}")


@app.command()
def summary(
    experiment: List[str] = typer.Option([], "--experiment", "-e", help=SCOPE_HELP["experiment"]),
    since: Optional[str] = typer.Option(None, help=SCOPE_HELP["since"]),
    until: Optional[str] = typer.Option(None, help=SCOPE_HELP["until"]),
    resource: List[str] = typer.Option([], "--resource", "-r", help=SCOPE_HELP["resource"]),
    fmt: str = typer.Option("table", "--format", "-f", help="table, csv or json"),
) -> None:
    """The headline table per resource: attempts, hours, GPU-hours, waste, epochs, transfer."""
    from .scope import apply_scope, make_scope
    from .summary import print_summary
    con = open_db()
    scope = make_scope(experiment, since, until, resource)
    apply_scope(con, scope)
    print_summary(con, scope, _check_fmt(fmt))
