"""Issue 11: the summary's headline views read one scan of attempts per level (summary_scan,
campaign_scan, 025_summary_scan.sql) instead of one scan per view and column group, with the
same numbers as the per-view definitions they replace (written out below as they were)."""

from __future__ import annotations

import math

import pytest

from hand_campaign import HAND_ROWS
from helpers import ingest, scoped, write_csv

# The definitions before issue 11 (each view its own scan of attempts), for the comparison.
OLD_RESOURCE = """
WITH waste AS (
    SELECT resource, arg_max(waste_kind, h) AS main_waste_kind
    FROM (SELECT resource, waste_kind, sum(gpu_hours) AS h
          FROM attempts WHERE NOT productive GROUP BY ALL HAVING sum(gpu_hours) > 0)
    GROUP BY resource),
node AS (SELECT resource, count(*) AS n, sum(gpu_hours) AS h FROM epochs GROUP BY resource)
SELECT a.resource, count(*) AS attempts,
    100.0 * count(*) FILTER (WHERE outcome = 'success') / count(*) AS attempt_success_pct,
    coalesce(sum(run_hours), 0) AS run_hours,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours), 0)) AS gpu_hours,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE productive), 0)) AS productive_gpu_hours,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE NOT productive), 0)) AS wasted_gpu_hours,
    100.0 * if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE productive), 0))
        / nullif(sum(gpu_hours) FILTER (WHERE productive IS NOT NULL), 0) AS productive_pct,
    any_value(w.main_waste_kind) AS main_waste_kind,
    coalesce(sum(epochs_credited), 0) AS epochs,
    coalesce(sum(epoch_completions), 0) - coalesce(sum(epochs_credited), 0) AS redone_epochs,
    coalesce(sum(epoch_share), 0) AS epoch_equivalents,
    any_value(node.h) / nullif(any_value(node.n), 0) AS gpu_hours_per_epoch,
    median(run_hours) FILTER (WHERE outcome = 'success' AND epoch IS NOT NULL) AS median_hours_per_epoch,
    median(xfer_in_seconds) / 60.0 AS median_input_minutes,
    if_recorded(has_byte_columns, coalesce(sum(bytes_in), 0)) / 1073741824.0 AS gib_in,
    if_recorded(has_byte_columns, coalesce(sum(bytes_out), 0)) / 1073741824.0 AS gib_out
FROM attempts a LEFT JOIN waste w USING (resource) LEFT JOIN node USING (resource)
GROUP BY a.resource ORDER BY resource_rank(a.resource), a.resource
"""
OLD_CAMPAIGN = """
SELECT min(start_time) AS first_start, max(stop_time) AS last_stop,
    count(DISTINCT experiment) AS experiments, count(DISTINCT run_key) AS runs, count(*) AS attempts,
    coalesce(sum(epochs_credited), 0) AS epochs, coalesce(sum(epoch_completions), 0) AS epoch_completions,
    coalesce(sum(run_hours), 0) AS run_hours,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours), 0)) AS gpu_hours,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE productive), 0)) AS productive_gpu_hours,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE NOT productive), 0)) AS wasted_gpu_hours,
    count(*) FILTER (WHERE outcome = 'running') AS running_attempts,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE outcome = 'running'), 0)) AS running_gpu_hours,
    100.0 * count(*) FILTER (WHERE outcome = 'success') / nullif(count(*), 0) AS attempt_success_pct,
    if_recorded(has_byte_columns, coalesce(sum(bytes_in), 0)) / 1073741824.0 AS gib_in,
    if_recorded(has_byte_columns, coalesce(sum(bytes_out), 0)) / 1073741824.0 AS gib_out,
    count(*) FILTER (WHERE gpu_details_copied) AS copied_gpu_attempts,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE gpu_details_copied), 0)) AS copied_gpu_hours,
    count(*) FILTER (WHERE rescued) AS rescued_attempts,
    coalesce(sum(epochs_credited) FILTER (WHERE rescued), 0) AS rescued_epochs,
    count(*) FILTER (WHERE merge_state = 'csv only') AS csv_only_attempts
FROM attempts
"""
NEW_CAMPAIGN = ("SELECT t.* EXCLUDE (redone_epochs, productive_pct, epochs_per_100_gpu_hours), "
                "k.* EXCLUDE (copied_gpu_hours_pct, service_attempts, service_run_hours) "
                "FROM campaign_totals t, campaign_caveats k")


def same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
    return a == b


def rows(con, sql, columns=None):
    cur = con.execute(sql)
    names = [d[0] for d in cur.description]
    return [{k: v for k, v in zip(names, r) if columns is None or k in columns} for r in cur.fetchall()]


def assert_same(new: list[dict], old: list[dict]):
    assert len(new) == len(old)
    for n, o in zip(new, old):
        for k, v in o.items():
            assert same(n[k], v), (k, n[k], v)


@pytest.fixture
def campaign(db, tmp_path):
    """The hand campaign and a 3,000-attempt generated one, in two experiments."""
    from expreport.synth import write_campaign
    ingest(db, write_csv(tmp_path / "hand" / "job_summary.csv", HAND_ROWS), experiment="hand")
    p = tmp_path / "gen" / "job_summary.csv"
    p.parent.mkdir()
    write_campaign(p, 3000, seed=7)
    ingest(db, p, experiment="gen")
    return db


@pytest.mark.parametrize("scope", [{}, {"experiments": ["hand"]}, {"resources": ["expanse"]}])
def test_same_numbers_as_one_scan_per_view(campaign, scope):
    con = scoped(campaign, **scope)
    old = rows(con, OLD_RESOURCE)
    assert old and all(r["resource"] for r in old)
    assert_same(rows(con, "FROM resource_summary"), old)
    assert_same(rows(con, NEW_CAMPAIGN), rows(con, OLD_CAMPAIGN))


def test_empty_scope_gives_the_campaign_row_of_nothing(db):
    """No attempts at all: one campaign row of zeros and 'not recorded' (NULL) sums, as before."""
    from expreport.scope import apply_scope, make_scope
    con = db
    apply_scope(con, make_scope(), require_match=False)
    assert_same(rows(con, NEW_CAMPAIGN), rows(con, OLD_CAMPAIGN))
    assert rows(con, "FROM resource_summary") == []


def scans(con, sql: str) -> int:
    """How often the plan of ``sql`` reads the attempt table."""
    return " ".join(r[1] for r in con.execute("EXPLAIN " + sql).fetchall()).count("attempt_records")


def test_summary_reads_attempts_once_per_level(campaign):
    """With the scans the summary keeps (SCANNED, as print_summary does), its three headline
    views read no attempts but the service jobs' count; before, resource_summary alone scanned
    attempts eight times (each joined view and CTE its own scan)."""
    from expreport.report.data import cache_views, drop_cache
    from expreport.summary import SCANNED
    con = scoped(campaign)
    assert scans(con, "FROM summary_scan") == 1 and scans(con, "FROM epoch_node_cost") == 1
    cache_views(con, SCANNED)
    try:
        assert scans(con, "FROM resource_summary") == 0
        assert scans(con, "FROM campaign_totals") == 0
        assert scans(con, "FROM campaign_caveats") == 1   # service_attempts
    finally:
        drop_cache(con, SCANNED)
    assert scans(con, "FROM resource_summary") == 2


def test_summary_leaves_no_cache_behind(campaign, capsys):
    from expreport.scope import make_scope
    from expreport.summary import print_summary
    con = scoped(campaign)
    print_summary(con, make_scope())
    assert "Per resource" in capsys.readouterr().out
    assert con.execute("SELECT count(*) FROM duckdb_tables() WHERE temporary").fetchone()[0] == 0
