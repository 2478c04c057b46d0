"""The CLI end to end through ``expreport.cli.main``: exit codes, messages, formats."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from helpers import row, write_csv

from expreport.cli import main

ROWS = [row("run1-train_epoch0", 1, 1, "completed", "aws", 2, "2026-02-01T10:00:00", "2026-02-01T11:00:00"),
        row("run1-train_epoch1", 2, 1, "failed", "delta", 4, "2026-02-03T12:00:00", "2026-02-03T12:30:00")]


def run(capsys, *args):
    with pytest.raises(SystemExit) as e:
        main(list(args))
    out = capsys.readouterr()
    return e.value.code or 0, out.out, out.err


@pytest.fixture
def dbfile(fresh_db_path):
    return str(fresh_db_path)


def test_ingest_summary_sql(capsys, tmp_path, dbfile):
    csvp = write_csv(tmp_path / "camp" / "job_summary.csv", ROWS)
    code, out, err = run(capsys, "--db", dbfile, "ingest", str(csvp))
    assert code == 0
    assert "ingested 2 attempts (1 runs, 1 epochs)" in err and "into experiment camp" in err
    code, out, err = run(capsys, "summary", "--db", dbfile)     # global option after the command
    assert code == 0 and "aws" in out and "delta" in out and "3 GPU-hours" not in out
    code, out, _ = run(capsys, "--db", dbfile, "sql", "SELECT resource, gpu_hours FROM compute_time_by_resource",
                       "--format", "json")
    assert json.loads(out) == [{"resource": "delta", "gpu_hours": 2.0}, {"resource": "aws", "gpu_hours": 2.0}]
    code, out, _ = run(capsys, "--db", dbfile, "sql", "FROM epochs_by_resource", "-f", "csv", "-r", "aws")
    assert out.splitlines()[0].startswith("resource,epochs") and out.splitlines()[1].startswith("aws,1,")
    code, out, _ = run(capsys, "--db", dbfile, "experiments", "-f", "csv")
    assert out.splitlines()[1].startswith("camp,1,csv v6,2,1,1,")


def test_reingest_message_and_quiet(capsys, tmp_path, dbfile):
    csvp = write_csv(tmp_path / "job_summary.csv", ROWS)
    run(capsys, "--db", dbfile, "ingest", str(csvp))
    code, _, err = run(capsys, "--db", dbfile, "ingest", str(csvp))
    assert code == 0 and "skipped" in err
    code, _, err = run(capsys, "-q", "--db", dbfile, "ingest", str(csvp))
    assert err == ""


def test_errors_are_one_paragraph_without_traceback(capsys, tmp_path, dbfile):
    bad = write_csv(tmp_path / "bad.csv", [ROWS[0] | {"Start Time": "yesterday"}])
    code, out, err = run(capsys, "--db", dbfile, "ingest", str(bad))
    assert code == 1
    assert err.startswith("error: ") and "line 2" in err and "'Start Time'" in err
    assert "Traceback" not in err
    code, _, err = run(capsys, "--db", dbfile, "-v", "ingest", str(bad))
    assert code == 1 and "Traceback" in err


def test_summary_without_database(capsys, tmp_path):
    code, _, err = run(capsys, "--db", str(tmp_path / "none.duckdb"), "summary")
    assert code == 1 and "no database at" in err


def test_filter_matching_nothing_and_bad_dates(capsys, tmp_path, dbfile):
    run(capsys, "--db", dbfile, "ingest", str(write_csv(tmp_path / "job_summary.csv", ROWS)))
    code, _, err = run(capsys, "--db", dbfile, "summary", "--resource", "anvil")
    assert code == 1 and "no resource 'anvil'; known: delta (1 attempt), aws (1 attempt)." in err
    code, _, err = run(capsys, "--db", dbfile, "summary", "--since", "2026-13-01")
    assert code == 1 and "YYYY-MM-DD" in err
    code, _, err = run(capsys, "--db", dbfile, "summary", "-e", "cmap")
    assert code == 1 and "Known experiments: " in err and "unknown experiment 'cmap'" in err


def test_since_until_inclusive(capsys, tmp_path, dbfile):
    run(capsys, "--db", dbfile, "ingest", str(write_csv(tmp_path / "job_summary.csv", ROWS)))
    code, out, _ = run(capsys, "--db", dbfile, "sql", "SELECT count(*) AS n FROM attempts", "-f", "json",
                       "--since", "2026-02-01", "--until", "2026-02-01")
    assert json.loads(out) == [{"n": 1}]
    code, out, _ = run(capsys, "--db", dbfile, "sql", "SELECT count(*) AS n FROM attempts", "-f", "json",
                       "--since", "2026-02-02", "--until", "2026-02-03")
    assert json.loads(out) == [{"n": 1}]


def test_sql_error_is_clear(capsys, tmp_path, dbfile):
    run(capsys, "--db", dbfile, "ingest", str(write_csv(tmp_path / "job_summary.csv", ROWS)))
    code, _, err = run(capsys, "--db", dbfile, "sql", "SELECT nope FROM attempts")
    assert code == 1 and err.startswith("error: SQL error") and "Traceback" not in err


def test_views_command_lists_definitions(capsys):
    code, out, _ = run(capsys, "views")
    assert "epochs_by_resource  (030_epochs_by_resource.sql)" in out
    assert "epoch_equivalents" in out


def test_env_var_selects_database(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("EXPREPORT_DB", str(tmp_path / "env.duckdb"))
    run(capsys, "ingest", str(write_csv(tmp_path / "job_summary.csv", ROWS)))
    assert (tmp_path / "env.duckdb").exists()


def test_help_is_fast_and_lazy():
    # --help must not import the heavy modules (measured in bench/, not timed here)
    code = ("import sys; from expreport.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('duckdb', 'pandas', 'matplotlib', 'numpy') if m in sys.modules]\n"
            "print('HEAVY=' + ','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "HEAVY="


def test_python_dash_m(tmp_path):
    out = subprocess.run([sys.executable, "-m", "expreport", "--help"], capture_output=True, text=True)
    assert out.returncode == 0 and "ingest" in out.stdout
