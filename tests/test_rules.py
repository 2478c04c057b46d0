"""Resource rules as data: user rules win, apply to CSV rows, file rules sync, bad rules refused."""

from __future__ import annotations

import pytest
from helpers import by, ingest, row, scoped, write_csv

from expreport.errors import ExpreportError
from expreport.ingest import assign_resources
from expreport.rules import add_rule, list_rules, remove_rule, sync_rules_file

ROWS = [row("run1-train_epoch0", 1, 1, "completed", "ospool", 1, "2026-01-01T00:00:00", "2026-01-01T01:00:00",
            site="SDSC-PRP-CE1"),
        row("run1-train_epoch1", 2, 1, "completed", "ospool", 1, "2026-01-01T00:00:00", "2026-01-01T02:00:00",
            site="CHTC-Spark-CE1")]


def resources(con):
    scoped(con)
    return {k: v["attempts"] for k, v in by(con, "FROM compute_time_by_resource").items()}


def test_user_rule_applies_to_csv_rows_and_can_be_removed(db, tmp_path):
    ingest(db, write_csv(tmp_path / "a.csv", ROWS))
    assert resources(db) == {"ospool": 2}
    rid = add_rule(db, "glidein_site", "SDSC-%", "expanse", note="PRP nodes at SDSC")
    assert resources(db) == {"expanse": 1, "ospool": 1}
    # later ingests follow the rule too
    ingest(db, write_csv(tmp_path / "b.csv", [ROWS[0] | {"HTCondor Cluster ID": 3}]))
    assert resources(db) == {"expanse": 2, "ospool": 1}
    remove_rule(db, rid)
    assert resources(db) == {"ospool": 3}


def test_builtin_rules_map_execute_hosts(db, tmp_path):
    ingest(db, write_csv(tmp_path / "a.csv", ROWS))
    hosts = {1: "gpua025.delta.ncsa.illinois.edu", 2: "ip-10-0-0-1.ec2.internal"}
    for cl, host in hosts.items():
        db.execute("UPDATE attempt_records SET execute_host = ?, targeted_resource = NULL, glidein_site = NULL "
                   "WHERE cluster_id = ?", [host, cl])
    assign_resources(db, None)
    assert resources(db) == {"delta": 1, "aws": 1}
    builtin = [r for r in list_rules(db)[1] if r[5] == "builtin"]
    assert {r[4] for r in builtin} == {"delta", "expanse", "bridges2", "anvil", "aws", "chtc"}


def test_glidein_without_rule_is_ospool_and_dag_resource_is_last(db, tmp_path):
    ingest(db, write_csv(tmp_path / "a.csv", ROWS))
    db.execute("UPDATE attempt_records SET targeted_resource = NULL, dag_resource_name = 'Bridges2'")
    db.execute("UPDATE attempt_records SET glidein_site = NULL WHERE cluster_id = 2")
    assign_resources(db, None)
    assert resources(db) == {"bridges2": 1, "ospool": 1}


def test_rules_file_beside_the_database(db, tmp_path, fresh_db_path):
    ingest(db, write_csv(tmp_path / "a.csv", ROWS))
    f = fresh_db_path.parent / "expreport_rules.csv"
    f.write_text("field,pattern,resource,note\nglidein_site,CHTC-%,chtc,campus pool\n")
    assert sync_rules_file(db, fresh_db_path) is True
    assert resources(db) == {"ospool": 1, "chtc": 1}
    assert sync_rules_file(db, fresh_db_path) is False          # unchanged: nothing to do
    f.unlink()
    assert sync_rules_file(db, fresh_db_path) is True
    assert resources(db) == {"ospool": 2}


def test_bad_rules_are_refused(db, tmp_path, fresh_db_path):
    with pytest.raises(ExpreportError, match="unknown rule field 'host'"):
        add_rule(db, "host", "%x", "delta")
    with pytest.raises(ExpreportError, match="lower-case"):
        add_rule(db, "execute_host", "%x", "Delta")
    with pytest.raises(ExpreportError, match="only user rules can be removed"):
        remove_rule(db, 1)
    f = fresh_db_path.parent / "expreport_rules.csv"
    f.write_text("field,pattern,resource,priority\nexecute_host,%x,delta,high\n")
    with pytest.raises(ExpreportError, match="line 2: column 'priority'"):
        sync_rules_file(db, fresh_db_path)


def test_a_glidein_is_ospool_whatever_its_host_and_user_rules_still_win(db, tmp_path):
    """Issue 9 item 1: the real glidein slot1_1@glidein_...@spark-agpu225.chtc.wisc.edu with
    GLIDEIN_ResourceName CHTC-Spark-CE1 is OSPool capacity. Before, the chtc.wisc.edu host rule won
    and invented a resource 'chtc'. A host rule still maps attempts without a glidein (annexes)."""
    ingest(db, write_csv(tmp_path / "a.csv", ROWS + [
        row("run1-train_epoch2", 3, 1, "completed", "", 1, "2026-01-01T00:00:00", "2026-01-01T01:00:00")]))
    db.execute("UPDATE attempt_records SET execute_host = 'spark-agpu225.chtc.wisc.edu', "
               "targeted_resource = NULL")
    assign_resources(db, None)
    # clusters 1, 2 ran in glideins (SDSC-PRP-CE1, CHTC-Spark-CE1); cluster 3 has no glidein
    assert resources(db) == {"ospool": 2, "chtc": 1}
    assert dict(db.execute("SELECT cluster_id, site FROM attempts ORDER BY 1").fetchall()) == {
        1: "SDSC-PRP-CE1", 2: "CHTC-Spark-CE1", 3: None}
    add_rule(db, "execute_host", "%.chtc.wisc.edu", "chtc")      # a user rule wins over the glidein
    assert resources(db) == {"chtc": 3}
