"""The ``compare`` command: experiments side by side, in one folder."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from .cli import _state, app, open_db, say
from .cli_data import SCOPE_HELP


@app.command()
def compare(
    experiments: List[str] = typer.Argument(
        None, metavar="EXP_A EXP_B [EXP ...]",
        help="Experiments to compare, at least two; the first is the baseline the others are compared with."),
    experiment: List[str] = typer.Option([], "--experiment", "-e",
                                         help="Another experiment to compare (repeatable; after the named ones)."),
    since: Optional[str] = typer.Option(None, help=SCOPE_HELP["since"]),
    until: Optional[str] = typer.Option(None, help=SCOPE_HELP["until"]),
    resource: List[str] = typer.Option([], "--resource", "-r", help=SCOPE_HELP["resource"]),
    out: Path = typer.Option(Path("reports/compare"), "--out", "-o", metavar="DIR",
                             help="Output folder (created with parents; replaced whole, all or nothing)."),
) -> None:
    """Experiments side by side: the terminal table, compare.md, compare.html (self-contained),
    compare.json (with units and the changes from the first experiment), figures (PNG) and
    tables/*.csv in one folder."""
    from .compare.build import build_comparison, print_comparison
    from .scope import make_scope
    scope = make_scope(list(experiments or []) + list(experiment), since, until, resource)
    con = open_db()
    try:
        result = build_comparison(con, scope, out, progress=not _state["quiet"])
    finally:
        con.close()
    for r in result.failed:
        say(f"warning: figure {r.name} {r.skipped}")
    if not _state["quiet"]:
        print_comparison(result)
        n = len(result.figures)
        say(f"{len(result.rendered)} of {n} figure(s) rendered"
            + (f", {n - len(result.rendered)} skipped (listed in compare.html)" if n > len(result.rendered) else "")
            + f"; comparison written in {result.seconds:.1f} s")
    typer.echo(str(out.resolve()))
