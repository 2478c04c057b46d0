"""outcome, waste_kind, run_key, stop_time and run_seconds stored at ingest (queries/ingest/store_row_facts.sql, filled
for old databases by queries/schema/006_row_facts.sql): right after every step that changes an
input of them, and the same numbers as when the attempts view derived them per row."""

from __future__ import annotations

import duckdb
import pytest
from helpers import ingest, row, scoped, stale_row_facts, write_csv

from expreport.cli import main
from expreport.rules import add_rule

T = "2026-01-01T{}:00"


def facts(con, cluster):
    return con.execute("SELECT outcome, waste_kind, run_key, rescued FROM attempts WHERE cluster_id = ?",
                       [cluster]).fetchone()


def test_a_rescued_row_turns_success_when_a_later_ingest_brings_the_next_epoch(db, tmp_path):
    # run1 epoch0 ended RESCUED at 01:00; alone it is wasted ('RESCUED'). A second file of the
    # same experiment holds epoch1, started at 02:00 (>= 01:00): derive_flags now marks epoch0
    # rescued, so its stored outcome must become 'success' and its waste_kind NULL.
    ingest(db, write_csv(tmp_path / "a.csv", [
        row("run1-train_epoch0", 1, 1, "RESCUED", "delta", 1, T.format("00:00"), T.format("01:00"), dag="d")]))
    scoped(db)
    assert facts(db, 1) == ("RESCUED", "RESCUED", "d/run1", False)
    ingest(db, write_csv(tmp_path / "b.csv", [
        row("run1-train_epoch1", 2, 1, "completed", "delta", 1, T.format("02:00"), T.format("03:00"), dag="d")]))
    scoped(db)
    assert facts(db, 1) == ("success", None, "d/run1", True)
    assert facts(db, 2) == ("success", None, "d/run1", False)
    assert stale_row_facts(db) == 0
    # both epochs credited, nothing wasted: 2 GPU-hours, all productive
    t = db.execute("SELECT epochs, gpu_hours, productive_gpu_hours FROM campaign_totals").fetchone()
    assert t == (2, 2.0, 2.0)


def test_a_rules_change_moves_resources_and_keeps_the_row_facts(db, tmp_path):
    ingest(db, write_csv(tmp_path / "a.csv", [
        row("run1-train_epoch0", 1, 1, "Evicted", "ospool", 1, T.format("00:00"), T.format("01:00"),
            site="SDSC-PRP-CE1", uuid="u-9"),
        row("run1-train_epoch0", 1, 2, "completed", "ospool", 1, T.format("01:00"), T.format("02:00"),
            site="SDSC-PRP-CE1", uuid="u-9")]))
    add_rule(db, "glidein_site", "SDSC-%", "expanse")
    scoped(db)
    assert db.execute("SELECT resource, outcome, waste_kind, run_key FROM attempts ORDER BY attempt_seq"
                      ).fetchall() == [("expanse", "Evicted", "evicted", "u-9"),
                                       ("expanse", "success", None, "u-9")]
    assert stale_row_facts(db) == 0


def run(capsys, *args):
    with pytest.raises(SystemExit) as e:
        main(list(args))
    out = capsys.readouterr()
    return e.value.code or 0, out.out, out.err


def test_upgrade_of_a_database_without_the_stored_facts_gives_the_same_summary(tmp_path, fresh_db_path, capsys):
    # A database as the code before migration 006 left it: no row_* columns, 006 not applied.
    rows = [row("run1-train_epoch0", 1, 1, "RESCUED", "delta", 1, T.format("00:00"), T.format("01:00"), dag="d"),
            row("run1-train_epoch1", 2, 1, "completed", "delta", 2, T.format("02:00"), T.format("03:00"), dag="d"),
            row("run2-train_epoch0", 3, 1, " Held ", "aws", 1, T.format("00:00"), T.format("00:30"), uuid="u-2"),
            row("run2-train_epoch0", 3, 2, "failed", "aws", 1, T.format("01:00"), T.format("01:15"), uuid="u-2"),
            row("run3-train_epoch0", 4, 1, "", "aws", 1, T.format("00:00"), T.format("00:45"))]
    db = str(fresh_db_path)
    code, _, err = run(capsys, "--db", db, "ingest", str(write_csv(tmp_path / "camp" / "job_summary.csv", rows)))
    assert code == 0, err
    code, before, err = run(capsys, "--db", db, "summary", "--format", "csv")
    assert code == 0, err
    con = duckdb.connect(db)
    for c in ("row_outcome", "row_waste_kind", "row_run_key", "row_stop_time", "row_run_seconds"):
        con.execute(f"ALTER TABLE attempt_records DROP COLUMN {c}")
    con.execute("DELETE FROM schema_migrations WHERE file_name = '006_row_facts.sql'")
    con.close()
    code, _, err = run(capsys, "--db", db, "summary")
    assert code == 1 and "upgrade" in err          # readers refuse it, as any missing migration
    code, _, err = run(capsys, "--db", db, "upgrade")
    assert code == 0, err
    code, after, err = run(capsys, "--db", db, "summary", "--format", "csv")
    assert code == 0, err
    assert after == before
    con = duckdb.connect(db, read_only=True)
    assert stale_row_facts(con) == 0
    assert con.execute("SELECT count(*) FROM attempt_records WHERE row_outcome IS NULL").fetchone()[0] == 0
    con.close()
