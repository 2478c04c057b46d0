"""Rules as data: a rule's id, order, title, advice and condition live in its view file's
header; the union report_recommendations and the Python list are derived from the headers."""

from __future__ import annotations

import shutil

import pytest

from expreport import sqlheaders
from expreport.report.recommend import RULES


def test_header_fields_parse_continuations_and_stop_at_the_statement():
    text = ("-- prose: not a field\n-- rule: x\n-- title: A\n--     b c\n-- advice: d\n--   not more\n"
            "CREATE OR REPLACE VIEW rec_x AS SELECT 1;\n-- fires_when: after the statement\n")
    assert sqlheaders.header_fields(text) == {"rule": "x", "title": "A b c", "advice": "d"}


def test_rules_come_from_the_headers_in_their_order():
    assert [r.id for r in RULES] == ["high_waste", "quick_failures", "redone_epochs", "slow_input",
                                     "gpu_underused", "right_sizing", "request_headroom",
                                     "rank_resources", "rank_gpu_models"]
    assert RULES[0].title == "High waste"
    assert RULES[0].advice.startswith("Look at the main kind: evictions call for checkpointing")


@pytest.fixture
def scratch_queries(tmp_path, monkeypatch):
    root = tmp_path / "queries"
    shutil.copytree(sqlheaders.queries_dir(), root)
    monkeypatch.setattr(sqlheaders, "queries_dir", lambda: root)
    return root


def test_adding_a_rule_is_adding_one_file(scratch_queries):
    (scratch_queries / "views" / "350_rec_always.sql").write_text(
        "-- rec_always: one row, always (a test rule).\n"
        "-- rule: always\n-- rule_order: 10\n-- title: Always\n-- advice: Nothing to do.\n"
        "-- fires_when: always\n"
        "CREATE OR REPLACE VIEW rec_always AS SELECT 'always' AS rule, 'campaign' AS subject, "
        "'info' AS severity, 1.0 AS weight, 'hi' AS message, [rec_ev('n', 1, 'x')] AS evidence;\n")
    assert sqlheaders.rule_headers()[-1]["rule"] == "always"
    union = sqlheaders.recommendations_union()
    assert union.count("UNION ALL") == len(RULES)
    assert "SELECT 10 AS rule_order, * FROM rec_always" in union


@pytest.mark.parametrize("header, error", [
    ("-- rule: bad\n-- rule_order: 10\n-- title: T\n-- advice: A\n", "lacks fires_when"),
    ("-- rule: Bad-Name\n-- rule_order: 10\n-- title: T\n-- advice: A\n-- fires_when: w\n", "lower-case"),
    ("-- rule: other\n-- rule_order: 1\n-- title: T\n-- advice: A\n-- fires_when: w\n", "no view rec_other"),
])
def test_a_bad_rule_header_is_refused(scratch_queries, header, error):
    (scratch_queries / "views" / "350_rec_bad.sql").write_text(header + "CREATE OR REPLACE VIEW rec_bad AS SELECT 1;\n")
    with pytest.raises(ValueError, match=error):
        sqlheaders.rule_headers()


def test_the_union_replaces_the_marker_line_of_its_file():
    text = sqlheaders.expand("-- head\n" + sqlheaders.UNION_MARK + "\n")
    assert text.startswith("-- head\n" + sqlheaders.UNION_MARK + "\nCREATE OR REPLACE VIEW report_recommendations AS")
