"""Issue 11: --format table|csv|json on every command that prints a table (views too, and a
wrong value is an error everywhere), shell completion, and -v logging the queries of every
command, not only report."""

from __future__ import annotations

import csv
import io
import json

import pytest
from helpers import row, write_csv

from expreport.cli import main

ROWS = [row("run1_epoch1", 100, 1, "completed", "delta", 1, "2025-08-01T00:00:00", "2025-08-01T02:00:00")]


def run(capsys, *args):
    with pytest.raises(SystemExit) as e:
        main(list(args))
    out = capsys.readouterr()
    return e.value.code or 0, out.out, out.err


def test_views_csv_and_json(capsys):
    code, out, err = run(capsys, "views", "--format", "csv")
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["view", "file", "definition"]
    assert ["epochs_by_resource", "030_epochs_by_resource.sql"] in [r[:2] for r in rows]
    code, out, err = run(capsys, "views", "-f", "json")
    names = {v["view"] for v in json.loads(out)}
    assert {"epochs_by_resource", "resource_summary"} <= names


@pytest.mark.parametrize("cmd", [["views"], ["rules", "list"], ["experiments"], ["summary"]])
def test_wrong_format_is_an_error(capsys, tmp_path, fresh_db_path, cmd):
    run(capsys, "--db", str(fresh_db_path), "ingest", str(write_csv(tmp_path / "job_summary.csv", ROWS)))
    code, out, err = run(capsys, "--db", str(fresh_db_path), *cmd, "--format", "xml")
    assert code == 1 and "expected table, csv or json" in err and "Traceback" not in err


def test_rules_list_json(capsys, fresh_db_path):
    code, out, err = run(capsys, "--db", str(fresh_db_path), "rules", "list", "--format", "json")
    assert code == 0 and any(r["resource"] == "delta" for r in json.loads(out))


def test_shell_completion_is_offered(capsys):
    code, out, err = run(capsys, "--help")
    assert "--install-completion" in out and "--show-completion" in out


@pytest.mark.parametrize("cmd", [["summary"], ["experiments"], ["rules", "list"],
                                 ["sql", "SELECT count(*) FROM attempts"]])
def test_verbose_logs_queries_of_every_command(capsys, tmp_path, fresh_db_path, cmd):
    run(capsys, "--db", str(fresh_db_path), "ingest", str(write_csv(tmp_path / "job_summary.csv", ROWS)))
    code, out, err = run(capsys, "--db", str(fresh_db_path), "-v", *cmd)
    assert code == 0, err
    logged = [line for line in err.splitlines() if line.startswith("sql ") and " s: " in line]
    assert logged, err
    code, out, err = run(capsys, "--db", str(fresh_db_path), *cmd)
    assert not [line for line in err.splitlines() if line.startswith("sql ")]


def test_verbose_ingest_logs_queries(capsys, tmp_path, fresh_db_path):
    f = write_csv(tmp_path / "job_summary.csv", ROWS)
    code, out, err = run(capsys, "--db", str(fresh_db_path), "-v", "ingest", str(f))
    assert code == 0, err
    assert any(line.startswith("sql ") and "INSERT INTO attempt_records" in line for line in err.splitlines())
