"""A new user's first runs (issue 11): `report path/to/job_summary.csv`, no empty database left
behind by a failed command, and errors that say what the data holds (empty database, unknown
resource, window outside the data); relative and timestamp windows."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from conftest import hand_rows, run_cli, write_csv
from helpers import row

from expreport.scope import make_scope
from expreport.store import connect


def test_failed_ingest_leaves_no_database(tmp_path, capsys):
    db = tmp_path / "expreport.duckdb"
    code, _, err = run_cli(["--db", str(db), "ingest", str(tmp_path / "nofile.csv")], capsys)
    assert code == 1 and "nofile.csv" in err
    assert not db.exists() and not (tmp_path / "expreport.duckdb.wal").exists()


def test_report_on_an_empty_database_says_so(fresh_db_path, tmp_path, capsys):
    code, _, err = run_cli(["--db", str(fresh_db_path), "report", "--out", str(tmp_path / "r")], capsys)
    assert code == 1 and f"the database {fresh_db_path} holds no attempts yet: ingest" in err
    assert "no attempts match" not in err


def test_report_takes_the_csv_ingests_once_and_scopes_to_its_experiment(tmp_path, capsys, no_figures):
    db, out = tmp_path / "x.duckdb", tmp_path / "out"
    other = write_csv(tmp_path / "other" / "job_summary.csv",
                      [row("run1-train_epoch0", 99, 1, "completed", "aws", 1, "2026-01-01T00:00:00",
                           "2026-01-01T01:00:00")])
    assert run_cli(["--db", str(db), "ingest", str(other)], capsys)[0] == 0
    csv = write_csv(tmp_path / "camp" / "job_summary.csv", hand_rows())
    code, stdout, err = run_cli(["--db", str(db), "report", str(csv), "--out", str(out)], capsys)
    assert code == 0, err
    assert "ingested 12 attempts" in err and stdout.strip().endswith(str(out.resolve()))
    assert f"open {out.resolve() / 'report.html'}" in err
    m = json.loads((out / "metrics.json").read_text())
    assert m["coverage"]["experiment_names"] == ["camp"]
    code, _, err = run_cli(["--db", str(db), "report", str(csv), "--out", str(out)], capsys)
    assert code == 0 and "ingested" not in err and "skipped" in err


def test_report_on_a_missing_csv_creates_nothing(tmp_path, capsys):
    db = tmp_path / "x.duckdb"
    code, _, err = run_cli(["--db", str(db), "report", str(tmp_path / "job_summary.csv"),
                            "--out", str(tmp_path / "r")], capsys)
    assert code == 1 and "job_summary.csv" in err and "Traceback" not in err
    assert not db.exists() and not (tmp_path / "r").exists()


def _db_with(tmp_path, capsys, rows):
    db = tmp_path / "x.duckdb"
    assert run_cli(["--db", str(db), "ingest", str(write_csv(tmp_path / "c" / "job_summary.csv", rows))],
                   capsys)[0] == 0
    return str(db)


ROWS = [row("run1-train_epoch0", 1, 1, "completed", "delta", 1, "2026-02-01T10:00:00", "2026-02-01T11:00:00"),
        row("run1-train_epoch1", 2, 1, "completed", "delta", 1, "2026-02-03T15:00:00", "2026-02-03T16:00:00"),
        row("run1-train_epoch2", 3, 1, "failed", "aws", 1, "2026-02-04T12:00:00", "2026-02-04T12:30:00")]


def test_unknown_resource_lists_the_known_ones_and_the_closest(tmp_path, capsys):
    db = _db_with(tmp_path, capsys, ROWS)
    code, _, err = run_cli(["--db", db, "summary", "--resource", "detla"], capsys)
    assert code == 1
    assert "no resource 'detla'; known: delta (2 attempts), aws (1 attempt), did you mean delta?" in err
    code, _, err = run_cli(["--db", db, "summary", "-r", "delta", "-r", "detla"], capsys)
    assert code == 1 and "did you mean delta?" in err


def test_window_outside_the_data_names_its_first_and_last_day(tmp_path, capsys):
    db = _db_with(tmp_path, capsys, ROWS)
    code, _, err = run_cli(["--db", db, "summary", "--since", "2026-03-01"], capsys)
    assert code == 1 and "starts on 2026-02-01 and ends on 2026-02-04" in err


def _count(capsys, db, *args):
    code, out, err = run_cli(["--db", db, "sql", "SELECT count(*) AS n FROM attempts", "-f", "json", *args],
                             capsys)
    assert code == 0, err
    return json.loads(out)[0]["n"]


def test_timestamp_windows(tmp_path, capsys):
    db = _db_with(tmp_path, capsys, ROWS)
    assert _count(capsys, db, "--since", "2026-02-03T15:00:00") == 2
    assert _count(capsys, db, "--since", "2026-02-03T15:00:01") == 1
    assert _count(capsys, db, "--until", "2026-02-03T15:00:00") == 2
    assert _count(capsys, db, "--until", "2026-02-03") == 2          # a day: the whole day
    assert _count(capsys, db, "--until", "2026-02-03T14:59") == 1
    # the duckdb-shell way: the same variables, set by hand
    con = connect(db)
    con.execute("SET VARIABLE expreport_until = TIMESTAMP '2026-02-03 14:59:00'")
    assert con.execute("SELECT count(*) FROM attempts").fetchone()[0] == 1
    con.execute("SET VARIABLE expreport_until = DATE '2026-02-03'")
    assert con.execute("SELECT count(*) FROM attempts").fetchone()[0] == 2
    con.close()


def test_relative_windows(tmp_path, capsys):
    now = datetime.now().replace(microsecond=0)
    iso = lambda d: d.isoformat()  # noqa: E731
    rows = [row("run1-train_epoch0", 1, 1, "completed", "delta", 1, iso(now - timedelta(hours=2)), iso(now)),
            row("run1-train_epoch1", 2, 1, "completed", "delta", 1, iso(now - timedelta(days=3)), iso(now)),
            row("run1-train_epoch2", 3, 1, "completed", "delta", 1, iso(now - timedelta(days=9)), iso(now))]
    db = _db_with(tmp_path, capsys, rows)
    assert _count(capsys, db, "--since", "36h") == 1
    assert _count(capsys, db, "--since", "7d") == 2
    assert make_scope(since="36h", now=datetime(2026, 5, 4, 14)).since == datetime(2026, 5, 3, 2)
    code, _, err = run_cli(["--db", db, "summary", "--since", "7x"], capsys)
    assert code == 1 and "7d, 36h" in err and "Traceback" not in err
