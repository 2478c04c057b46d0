"""Thresholds as data users can override: `expreport thresholds set` changes what a rule
compares against (and what the glossary and metrics.json print); reset restores the default.

trigger_rows (conftest.py): anvil has 6 failed attempts of 5 minutes, so quick_failures fires
with the default min_failed = 5 and not with min_failed = 7."""

from __future__ import annotations

import json

import pytest
from conftest import make_db, run_cli, trigger_rows

from expreport.errors import ExpreportError
from expreport.store import connect
from expreport.thresholds import list_thresholds, reset_threshold, set_threshold


@pytest.fixture
def db(tmp_path):
    return make_db(tmp_path, {"trigger": trigger_rows()})


def _fired(con) -> list[str]:
    return [r[0] for r in con.execute("SELECT DISTINCT rule FROM report_recommendations ORDER BY rule").fetchall()]


def test_an_override_changes_the_rule_and_reset_restores_it(db):
    con = connect(db, write=True)
    try:
        assert "quick_failures" in _fired(con)
        set_threshold(con, "quick_failures", "min_failed", 7, note="only big bursts")
        assert "quick_failures" not in _fired(con)
        assert con.execute("SELECT value FROM report_thresholds WHERE rule = 'quick_failures' "
                           "AND name = 'min_failed'").fetchone()[0] == 7
        cols, rows = list_thresholds(con)
        row = dict(zip(cols, next(r for r in rows if r[:2] == ("quick_failures", "min_failed"))))
        assert (row["value"], row["default_value"], row["overridden"], row["note"]) == (7, 5, True, "only big bursts")
        assert reset_threshold(con, "quick_failures") == 1
        assert "quick_failures" in _fired(con)
    finally:
        con.close()


def test_report_thresholds_keeps_its_order_and_defaults(db):
    con = connect(db)
    try:
        rows = con.execute("SELECT rule, name, value FROM report_thresholds").fetchall()
    finally:
        con.close()
    assert rows[:2] == [("high_waste", "max_wasted_pct", 30.0), ("high_waste", "min_gpu_hours", 1.0)]
    assert rows[-1] == ("gpu_underused", "min_attempts", 3.0) and len(rows) == 25


@pytest.mark.parametrize("rule, name, error", [
    ("quick_failures", "min_faild", "Did you mean quick_failures min_failed"),
    ("nope", "x", "no threshold 'x' of rule 'nope'"),
])
def test_unknown_thresholds_are_refused(db, rule, name, error):
    con = connect(db, write=True)
    try:
        with pytest.raises(ExpreportError, match=error):
            set_threshold(con, rule, name, 1)
        with pytest.raises(ExpreportError, match="not a finite number"):
            set_threshold(con, "quick_failures", "min_failed", float("nan"))
    finally:
        con.close()


def test_thresholds_cli_set_list_reset(db, capsys):
    code, out, err = run_cli(["--db", str(db), "thresholds", "set", "quick_failures", "min_failed", "7"], capsys)
    assert code == 0, err
    code, out, err = run_cli(["--db", str(db), "thresholds", "list", "-f", "json"], capsys)
    assert code == 0, err
    rows = {(r["rule"], r["name"]): r for r in json.loads(out)}
    assert rows[("quick_failures", "min_failed")]["value"] == 7
    assert rows[("quick_failures", "min_failed")]["overridden"] is True
    assert rows[("high_waste", "max_wasted_pct")]["overridden"] is False
    code, out, err = run_cli(["--db", str(db), "thresholds", "reset"], capsys)
    assert code == 0 and "reset 1 threshold override(s)" in out + err
    code, out, err = run_cli(["--db", str(db), "thresholds", "set", "quick_failures", "bogus", "7"], capsys)
    assert code != 0 and "no threshold 'bogus'" in out + err
