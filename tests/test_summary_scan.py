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
# The per-resource views' other columns, report_coverage and the service jobs' caveat, as they
# were before attempt_cells (each its own scan of attempts or service_attempts).
OLD_PER_RESOURCE = {
    "compute_time_by_resource": """
SELECT resource, count(*) FILTER (WHERE run_seconds IS NULL) AS attempts_without_runtime,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE waste_kind = 'failed'), 0)) AS wasted_failed_gpu_hours,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE waste_kind = 'evicted'), 0)) AS wasted_evicted_gpu_hours,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE waste_kind = 'aborted'), 0)) AS wasted_aborted_gpu_hours,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE waste_kind = 'held/released'), 0)) AS wasted_held_gpu_hours,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE waste_kind = 'other'), 0)) AS wasted_other_gpu_hours,
    count(*) FILTER (WHERE outcome = 'running') AS running_attempts,
    median(run_hours) AS median_hours_per_attempt
FROM attempts GROUP BY resource ORDER BY resource_rank(resource), resource""",
    "success_rates": """
SELECT resource, count(*) FILTER (WHERE outcome = 'success') AS successful_attempts,
    count(*) FILTER (WHERE outcome = 'checkpoint') AS checkpoint_attempts,
    100.0 * count(*) FILTER (WHERE productive) / count(*) AS productive_attempt_pct,
    coalesce(sum(run_hours) FILTER (WHERE productive), 0) AS productive_run_hours,
    100.0 * coalesce(sum(run_hours) FILTER (WHERE productive), 0)
        / nullif(sum(run_hours) FILTER (WHERE productive IS NOT NULL), 0) AS productive_hours_pct,
    (SELECT first(k.waste_kind ORDER BY k.n DESC, k.waste_kind) FROM (
        SELECT waste_kind, count(*) AS n FROM attempts b WHERE b.resource = a.resource
        AND waste_kind IS NOT NULL GROUP BY ALL) k) AS main_failure
FROM attempts a GROUP BY resource ORDER BY resource_rank(resource), resource""",
    "transfer_volumes": """
SELECT resource, count(*) FILTER (WHERE bytes_in > 0 OR bytes_out > 0) AS attempts_with_bytes,
    sum(bytes_in) / 1073741824.0
        / nullif(count(*) FILTER (WHERE bytes_in > 0 OR bytes_out > 0), 0) AS gib_in_per_attempt,
    sum(bytes_out) / 1073741824.0
        / nullif(count(*) FILTER (WHERE bytes_in > 0 OR bytes_out > 0), 0) AS gib_out_per_attempt
FROM attempts GROUP BY resource ORDER BY resource_rank(resource), resource""",
    "transfer_input_timing": """
SELECT resource, bool_or(has_input_timing) AS timing_recorded,
    count(xfer_in_seconds) AS attempts_with_timing,
    median(xfer_in_seconds) / 60.0 AS median_input_minutes,
    quantile_cont(xfer_in_seconds, 0.9) / 60.0 AS p90_input_minutes,
    max(xfer_in_seconds) / 60.0 AS max_input_minutes,
    count(input_mb_per_s) AS attempts_with_rate,
    median(input_mb_per_s) AS median_input_mb_per_s,
    coalesce(sum(xfer_in_seconds), 0) / 3600.0 AS input_hours
FROM attempts GROUP BY resource ORDER BY resource_rank(resource), resource""",
    "report_coverage": """
SELECT count(*) AS attempts, count(DISTINCT ingest_id) AS files,
    list_sort(list(DISTINCT experiment)) AS experiment_names,
    array_to_string(list_sort(list(DISTINCT CASE WHEN header_version IS NULL THEN 'event log'
                                                 ELSE 'CSV v' || header_version END)), ', ') AS sources,
    coalesce(bool_or(has_resource_column), false) AS resource_recorded,
    coalesce(bool_and(coalesce(has_resource_column, false)), false) AS resource_recorded_all,
    coalesce(bool_or(has_input_timing), false) AS input_timing_recorded,
    coalesce(bool_or(has_usage_columns), false) AS usage_recorded,
    coalesce(bool_or(has_gpu_columns), false) AS gpus_recorded,
    coalesce(bool_or(has_byte_columns), false) AS bytes_recorded
FROM attempts""",
    "campaign_caveats": """
SELECT count(*) AS service_attempts, coalesce(sum(run_hours), 0) AS service_run_hours
FROM service_attempts""",
}
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


@pytest.mark.parametrize("scope", [{}, {"experiments": ["hand"]}, {"resources": ["expanse"]}])
@pytest.mark.parametrize("view", sorted(OLD_PER_RESOURCE))
def test_same_numbers_in_the_other_headline_views(campaign, scope, view):
    con = scoped(campaign, **scope)
    old = rows(con, OLD_PER_RESOURCE[view])
    assert old
    new = rows(con, f"FROM {view}", columns=set(old[0]))
    assert [list(r) for r in new] == [list(r) for r in old]    # same columns, same order of rows
    assert_same(new, old)


def test_empty_scope_gives_the_campaign_row_of_nothing(db):
    """No attempts at all: one campaign row of zeros and 'not recorded' (NULL) sums, as before."""
    from expreport.scope import apply_scope, make_scope
    con = db
    apply_scope(con, make_scope(), require_match=False)
    assert_same(rows(con, NEW_CAMPAIGN), rows(con, OLD_CAMPAIGN))
    for view in ("report_coverage", "campaign_caveats"):
        assert_same(rows(con, f"FROM {view}"), rows(con, OLD_PER_RESOURCE[view]))
    assert rows(con, "FROM resource_summary") == []


def scans(con, sql: str) -> int:
    """How often the plan of ``sql`` reads the attempt table."""
    return " ".join(r[1] for r in con.execute("EXPLAIN " + sql).fetchall()).count("attempt_records")


def test_summary_reads_attempts_once_per_level(campaign):
    """With the scans the summary keeps (SCANNED, as print_summary does), its three headline
    views read no attempts at all (the service jobs' count comes from attempt_cells too);
    before issue 11, resource_summary alone scanned attempts eight times. summary_scan is two
    scans: the cells (sums, no FILTER) and the narrow medians."""
    from expreport.report.data import cache_views, drop_cache
    from expreport.summary import SCANNED
    con = scoped(campaign)
    assert scans(con, "FROM attempt_cells") == 1 and scans(con, "FROM summary_medians") == 1
    assert scans(con, "FROM summary_scan") == 2 and scans(con, "FROM epoch_node_cost") == 1
    cache_views(con, SCANNED)
    try:
        assert scans(con, "FROM resource_summary") == 0
        assert scans(con, "FROM campaign_totals") == 0
        assert scans(con, "FROM campaign_caveats") == 0
        assert scans(con, "FROM report_coverage") == 0
    finally:
        drop_cache(con, SCANNED)
    assert scans(con, "FROM resource_summary") == 3


def test_summary_leaves_no_cache_behind(campaign, capsys):
    from expreport.scope import make_scope
    from expreport.summary import print_summary
    con = scoped(campaign)
    print_summary(con, make_scope())
    assert "Per resource" in capsys.readouterr().out
    assert con.execute("SELECT count(*) FROM duckdb_tables() WHERE temporary").fetchone()[0] == 0


def test_attempt_cells_by_hand(db, tmp_path):
    """Five attempts on one resource: two successes of 1 h and 2 h on 1 GPU (same cell), a
    failure of 0.5 h on 2 GPUs, a failure without a stop time, and a service job (annex_helper):
    four cells, and the summary's sums read from them."""
    from helpers import row
    rows_ = [
        row("run1-train_epoch0", 1, 1, "completed", "delta", 1, "2025-01-01 00:00:00", "2025-01-01 01:00:00",
            received=100, sent=10),
        row("run1-train_epoch1", 2, 1, "completed", "delta", 1, "2025-01-01 02:00:00", "2025-01-01 04:00:00",
            received=200, sent=20),
        row("run1-train_epoch2", 3, 1, "failed", "delta", 2, "2025-01-01 05:00:00", "2025-01-01 05:30:00"),
        row("run1-train_epoch2", 3, 2, "failed", "delta", 2, "2025-01-01 06:00:00"),
        row("annex_helper", 9, 1, "completed", "delta", 0, "2025-01-01 00:00:00", "2025-01-01 03:00:00"),
    ]
    ingest(db, write_csv(tmp_path / "c.csv", rows_), experiment="cells")
    con = scoped(db)
    cells = rows(con, "SELECT service, outcome, waste_kind, productive, no_runtime, has_bytes, n, "
                      "run_hours, gpu_hours, epochs_credited, bytes_in, bytes_out, first_start, last_stop "
                      "FROM attempt_cells ORDER BY service, outcome, no_runtime")
    assert [(c["service"], c["outcome"], c["waste_kind"], c["productive"], c["no_runtime"], c["n"])
            for c in cells] == [
        (False, "failed", "failed", False, False, 1),
        (False, "failed", "failed", False, True, 1),
        (False, "success", None, True, False, 2),
        (True, "success", None, True, False, 1),
    ]
    ok = cells[2]
    assert (ok["run_hours"], ok["gpu_hours"], ok["epochs_credited"]) == (3.0, 3.0, 2)
    assert (ok["has_bytes"], ok["bytes_in"], ok["bytes_out"]) == (True, 300, 30)
    assert (cells[0]["run_hours"], cells[0]["gpu_hours"]) == (0.5, 1.0)
    assert cells[1]["run_hours"] is None and cells[1]["gpu_hours"] is None
    assert str(ok["first_start"]) == "2025-01-01 00:00:00" and str(ok["last_stop"]) == "2025-01-01 04:00:00"
    s = rows(con, "FROM summary_scan")[0]
    assert (s["attempts"], s["successful_attempts"], s["attempts_without_runtime"]) == (4, 2, 1)
    assert (s["gpu_hours"], s["wasted_failed_gpu_hours"], s["productive_pct"]) == (4.0, 1.0, 75.0)
    assert s["attempts_with_bytes"] == 2 and s["median_hours_per_attempt"] == 1.0
    k = rows(con, "FROM campaign_caveats")[0]
    assert (k["service_attempts"], k["service_run_hours"]) == (1, 3.0)
