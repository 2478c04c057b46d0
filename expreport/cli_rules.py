"""The ``rules`` commands (list, add and remove resource rules) and the ``thresholds``
commands (list, set and reset the recommendation thresholds)."""

from __future__ import annotations

from typing import Optional

import typer

from .cli import app, db_path, open_db, say

rules_app = typer.Typer(help="Resource rules: map execute hosts, OSPool sites, ... to resources.",
                        no_args_is_help=True)
app.add_typer(rules_app, name="rules")


@rules_app.command("list")
def rules_list(fmt: str = typer.Option("table", "--format", "-f", help="table, csv or json")) -> None:
    """List the rules, in the order they are tried (first match wins)."""
    from .cli_data import _check_fmt
    from .render import print_rows
    from .rules import list_rules, sync_rules_file
    fmt = _check_fmt(fmt)
    con = open_db(write=True)
    sync_rules_file(con, db_path())
    cols, rows = list_rules(con)
    print_rows(cols, rows, fmt)


@rules_app.command("add")
def rules_add(
    field: str = typer.Argument(..., help="execute_host, glidein_site, targeted_resource, dag_resource_name, job_name or dag_source"),
    pattern: str = typer.Argument(..., help="SQL LIKE pattern, e.g. '%.ncsa.illinois.edu'"),
    resource: str = typer.Argument(..., help="resource name, lower case"),
    priority: int = typer.Option(10, help="Lower is tried first; built-in rules have 100."),
    note: Optional[str] = typer.Option(None, help="Why the rule exists."),
) -> None:
    """Add a rule and re-assign every attempt's resource."""
    from .rules import add_rule, sync_rules_file
    con = open_db(write=True)
    sync_rules_file(con, db_path())
    rid = add_rule(con, field, pattern, resource, priority, note)
    n = con.execute("SELECT count(*) FROM attempt_records WHERE resource = ?", [resource]).fetchone()[0]
    say(f"added rule {rid}: {field} LIKE {pattern!r} -> {resource}; {n:,} attempts now on {resource}")


@rules_app.command("remove")
def rules_remove(rule_id: int = typer.Argument(..., help="rule id from 'expreport rules list'")) -> None:
    """Remove a user rule and re-assign every attempt's resource."""
    from .rules import remove_rule
    con = open_db(write=True)
    remove_rule(con, rule_id)
    say(f"removed rule {rule_id}")


thresholds_app = typer.Typer(help="Recommendation thresholds: list them, override a default, reset.",
                             no_args_is_help=True)
app.add_typer(thresholds_app, name="thresholds")


@thresholds_app.command("list")
def thresholds_list(fmt: str = typer.Option("table", "--format", "-f", help="table, csv or json")) -> None:
    """List every threshold: the value in force, its default and whether you overrode it."""
    from .cli_data import _check_fmt
    from .render import print_rows
    from .thresholds import list_thresholds
    fmt = _check_fmt(fmt)
    cols, rows = list_thresholds(open_db())
    print_rows(cols, rows, fmt)


@thresholds_app.command("set")
def thresholds_set(
    rule: str = typer.Argument(..., help="the rule, e.g. high_waste (see 'expreport thresholds list')"),
    name: str = typer.Argument(..., help="the threshold, e.g. max_wasted_pct"),
    value: float = typer.Argument(..., help="the new value, in the threshold's unit"),
    note: Optional[str] = typer.Option(None, help="Why you changed it."),
) -> None:
    """Override one threshold's default; every later report and summary uses the new value."""
    from .thresholds import set_threshold
    set_threshold(open_db(write=True), rule, name, value, note)
    say(f"threshold {rule} {name} = {value:g}")


@thresholds_app.command("reset")
def thresholds_reset(
    rule: Optional[str] = typer.Argument(None, help="the rule; none: every threshold"),
    name: Optional[str] = typer.Argument(None, help="the threshold; none: every one of the rule"),
) -> None:
    """Back to the default values."""
    from .thresholds import reset_threshold
    n = reset_threshold(open_db(write=True), rule, name)
    say(f"reset {n} threshold override(s)")
