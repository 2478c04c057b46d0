"""The recommendation rules fire with their evidence where they should, and only there.

Fixtures (conftest.py): HAND fires high_waste, redone_epochs and slow_input (its resources and
models have 1-4 epochs each: too few to rank, see tests/test_epoch_cost.py for the rankings); TRIGGER fires quick_failures, gpu_underused and request_headroom (memory);
CLEAN (one resource, all good) fires nothing; TRIGGER as a v4 CSV has no usage columns, so
only quick_failures fires.
"""

from __future__ import annotations

import re

import pytest
from conftest import clean_rows, hand_rows, make_db, trigger_rows

from expreport.queries import view_catalogue
from expreport.report.build import build_report
from expreport.report.recommend import RULES
from expreport.scope import make_scope
from expreport.store import connect

approx = pytest.approx


def ev(rec, name):
    hit = [e for e in rec.evidence if e["name"] == name]
    assert hit, (rec.rule.id, name, rec.evidence)
    return hit[0]["value"] if hit[0]["value"] is not None else hit[0]["text"]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    d = tmp_path_factory.mktemp("rules")
    return make_db(d, {"hand": hand_rows(), "trigger": trigger_rows(), "clean": clean_rows(),
                       "trigger_v4": trigger_rows()}, versions={"trigger_v4": 4})


@pytest.fixture(scope="module")
def found(db, tmp_path_factory):
    """The recommendations of each experiment (fixture) alone."""
    out = {}
    con = connect(db)
    try:
        for exp in ("hand", "trigger", "clean", "trigger_v4"):
            res = build_report(con, make_scope([exp]), tmp_path_factory.mktemp(exp), figures=[])
            out[exp] = res.recommendations
    finally:
        con.close()
    return out


def test_hand_fixture_rules(found):
    got = found["hand"]
    # no ranking: expanse and delta have 2 epochs, ospool 1; A100 4, A40 1 (< min_epochs = 5)
    assert [r.rule.id for r in got] == ["high_waste", "redone_epochs", "slow_input"]
    waste, redone, slow = got
    assert waste.subject == "ospool"
    assert ev(waste, "wasted_pct") == approx(100 * 4.1 / 8.1)
    assert ev(waste, "main_waste_kind") == "evicted" and ev(waste, "main_kind_gpu_hours") == approx(3)
    assert ev(redone, "redone_epochs") == 1 and ev(redone, "redone_gpu_hours") == approx(2)
    assert ev(redone, "redone_attempts:delta") == 1
    assert slow.subject == "ospool" and ev(slow, "median_input_minutes") == approx(15)
    assert ev(slow, "best_resource") == "expanse" and ev(slow, "best_median_input_minutes") == approx(1)
    assert "4.1" in waste.message and "evicted" in waste.message   # numbers in the text too


def test_trigger_fixture_rules(found):
    got = {r.rule.id: r for r in found["trigger"]}
    assert set(got) == {"quick_failures", "gpu_underused", "request_headroom"}
    q = got["quick_failures"]
    assert q.subject == "anvil" and ev(q, "failed_attempts") == 6 and ev(q, "failed_median_minutes") == approx(5)
    g = got["gpu_underused"]
    assert ev(g, "median_gpu_used_fraction") == approx(0.2) and ev(g, "attempts_with_gpu_usage") == 26
    h = got["request_headroom"]
    assert ev(h, "what") == "memory"
    # memory of 26 attempts: 25 x 1000 MB and 1 x 10000: P95 at position 0.95 x 25 = 23.75 -> 1000
    assert ev(h, "p95_used") == approx(1000) and ev(h, "suggested_request") == approx(1100)
    assert ev(h, "max_used") == approx(10000)
    assert "event-log ingest" in h.message


def test_clean_fixture_fires_nothing(found):
    assert found["clean"] == []


def test_usage_rules_need_usage_columns(found):
    assert [r.rule.id for r in found["trigger_v4"]] == ["quick_failures"]


def test_every_recommendation_has_evidence(found):
    for rs in found.values():
        for r in rs:
            assert any(e["value"] is not None or e["text"] is not None for e in r.evidence)
            assert r.evidence_text() and r.message


def test_rules_catalogue_matches_views_and_thresholds(db):
    """Each rule: one rec_<id> view, in report_recommendations, with thresholds stated in its
    header comment exactly as report_thresholds holds them."""
    from expreport.store import sql_files
    views = {name: comment for name, _, comment in view_catalogue()}
    union = next(f.text for f in sql_files("views") if f.name.endswith("_report_recommendations.sql"))
    con = connect(db)
    try:
        th = con.execute("SELECT rule, name, value FROM report_thresholds").fetchall()
    finally:
        con.close()
    assert {r for r, _, _ in th} == {r.id for r in RULES}
    for rule in RULES:
        assert rule.view in views and f"FROM {rule.view}" in union
        for r, name, value in th:
            if r == rule.id:
                assert name in rule.fires_when, (rule.id, name)
                want = f"{name} = {value:g}"
                assert want in re.sub(r"\s+", " ", views[rule.view]), (rule.view, want)
