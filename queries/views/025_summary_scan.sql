-- summary_scan: one row per resource with attempts in scope: the per-resource aggregates of the
-- headline views, summed from attempt_cells (024_attempt_cells.sql: the attempts grouped by
-- every key a FILTER below tests) and the order statistics from summary_medians.
-- compute_time_by_resource, success_rates,
-- epochs_by_resource, transfer_volumes, transfer_input_timing and resource_summary select their
-- columns from here (their header comments document them); each aggregate is defined once, here.
-- A count(*) FILTER (WHERE k) of attempts is coalesce(sum(n) FILTER (WHERE k), 0) of cells.
-- Derived column not documented there:
--   median_success_epoch_hours   median run hours of successful attempts of named epochs
--                                (resource_summary.median_hours_per_epoch)
--
-- The summary and the report keep these views' scoped results in TEMP tables for one run
-- (report/data.py cache_views), so the views above then read a handful of rows. One GROUP BY
-- per level, not GROUPING SETS: DuckDB computes the medians and DISTINCT counts of every
-- grouping set, which measured twice the CPU of the two plain scans at 1M attempts.
-- grain: resource
-- cache: report, summary
CREATE OR REPLACE VIEW summary_scan AS
WITH c AS (
    SELECT c.*, i.has_gpu_columns, i.has_byte_columns, i.has_input_timing
    FROM attempt_cells c JOIN ingest_sources i USING (ingest_id)
    WHERE NOT c.service
),
s AS (
SELECT
    resource,
    sum(n)::BIGINT AS attempts,
    coalesce(sum(n) FILTER (WHERE no_runtime), 0)::BIGINT AS attempts_without_runtime,
    coalesce(sum(run_hours), 0) AS run_hours,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours), 0)) AS gpu_hours,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE productive), 0)) AS productive_gpu_hours,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE NOT productive), 0)) AS wasted_gpu_hours,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE waste_kind = 'failed'), 0)) AS wasted_failed_gpu_hours,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE waste_kind = 'evicted'), 0)) AS wasted_evicted_gpu_hours,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE waste_kind = 'aborted'), 0)) AS wasted_aborted_gpu_hours,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE waste_kind = 'held/released'), 0)) AS wasted_held_gpu_hours,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE waste_kind = 'RESCUED'), 0)) AS wasted_rescued_gpu_hours,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE waste_kind = 'unknown'), 0)) AS wasted_unknown_gpu_hours,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE waste_kind = 'other'), 0)) AS wasted_other_gpu_hours,
    coalesce(sum(n) FILTER (WHERE outcome = 'running'), 0)::BIGINT AS running_attempts,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE outcome = 'running'), 0)) AS running_gpu_hours,
    productive_gpu_pct(has_gpu_columns, gpu_hours, productive) AS productive_pct,
    -- success_rates
    coalesce(sum(n) FILTER (WHERE outcome = 'success'), 0)::BIGINT AS successful_attempts,
    coalesce(sum(n) FILTER (WHERE outcome = 'checkpoint'), 0)::BIGINT AS checkpoint_attempts,
    attempt_success_pct(coalesce(sum(n) FILTER (WHERE outcome = 'success'), 0)::BIGINT, sum(n)::BIGINT) AS attempt_success_pct,
    pct_of(coalesce(sum(n) FILTER (WHERE productive), 0)::BIGINT, sum(n)::BIGINT) AS productive_attempt_pct,
    coalesce(sum(run_hours) FILTER (WHERE productive), 0) AS productive_run_hours,
    pct_of(coalesce(sum(run_hours) FILTER (WHERE productive), 0), sum(run_hours) FILTER (WHERE productive IS NOT NULL)) AS productive_hours_pct,
    -- epochs_by_resource
    coalesce(sum(epochs_credited), 0) AS epochs,
    coalesce(sum(epoch_completions), 0) AS epoch_completions,
    coalesce(sum(epoch_completions), 0) - coalesce(sum(epochs_credited), 0) AS redone_epochs,
    coalesce(sum(epoch_share), 0) AS epoch_equivalents,
    -- transfer_volumes
    coalesce(sum(n) FILTER (WHERE has_bytes), 0)::BIGINT AS attempts_with_bytes,
    gib_of_bytes(if_recorded(has_byte_columns, coalesce(sum(bytes_in), 0))) AS gib_in,
    gib_of_bytes(if_recorded(has_byte_columns, coalesce(sum(bytes_out), 0))) AS gib_out,
    gib_of_bytes(sum(bytes_in))
        / nullif(coalesce(sum(n) FILTER (WHERE has_bytes), 0)::BIGINT, 0) AS gib_in_per_attempt,
    gib_of_bytes(sum(bytes_out))
        / nullif(coalesce(sum(n) FILTER (WHERE has_bytes), 0)::BIGINT, 0) AS gib_out_per_attempt,
    -- transfer_input_timing
    bool_or(has_input_timing) AS timing_recorded,
    sum(n_xfer_in_seconds)::BIGINT AS attempts_with_timing,
    minutes_of(max(max_xfer_in_seconds)) AS max_input_minutes,
    sum(n_input_mb_per_s)::BIGINT AS attempts_with_rate,
    hours_of(coalesce(sum(xfer_in_seconds), 0)) AS input_hours,
    -- per resource, summed in campaign_scan (campaign_totals, campaign_caveats)
    min(first_start) AS first_start,
    max(last_stop) AS last_stop,
    sum(gpu_hours) AS gpu_hours_sum,
    coalesce(sum(n) FILTER (WHERE gpu_details_copied), 0)::BIGINT AS copied_gpu_attempts,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE gpu_details_copied), 0))
        AS copied_gpu_hours,
    coalesce(sum(n) FILTER (WHERE rescued), 0)::BIGINT AS rescued_attempts,
    coalesce(sum(epochs_credited) FILTER (WHERE rescued), 0) AS rescued_epochs,
    coalesce(sum(n) FILTER (WHERE csv_only), 0)::BIGINT AS csv_only_attempts
FROM c
GROUP BY resource
)
SELECT s.*, m.* EXCLUDE (resource)
FROM s
LEFT JOIN summary_medians m USING (resource);

-- epoch_node_cost: one row per resource with credited epochs: node_epochs (epochs whose first
-- success ran there), node_gpu_hours = sum of their epochs.gpu_hours, gpu_hours_per_epoch =
-- node_gpu_hours / node_epochs (see epochs_by_resource).
-- grain: resource
-- cache: report, summary
CREATE OR REPLACE VIEW epoch_node_cost AS
SELECT resource, count(*) AS node_epochs, sum(gpu_hours) AS node_gpu_hours,
       sum(gpu_hours) / nullif(count(*), 0) AS gpu_hours_per_epoch
FROM epochs
GROUP BY resource;

-- campaign_scan: one row: the campaign-wide sums of campaign_totals and campaign_caveats (their
-- header comments document them): the sums of summary_scan's per-resource rows (min/max for
-- first_start/last_stop), and the distinct experiments and runs; gpu_hours_sum is
-- sum(gpu_hours) without the "not recorded" rule (the copied-GPU share's denominator). A sum
-- of "not recorded" (NULL) rows stays NULL, as if_recorded over the campaign. The experiments are
-- counted from attempt_cells, the runs with the one scan of attempts' run_key.
-- grain: (one row)
-- cache: report, summary
CREATE OR REPLACE VIEW campaign_scan AS
WITH d AS (
    SELECT (SELECT count(DISTINCT experiment) FROM attempt_cells WHERE NOT service) AS experiments,
           (SELECT count(DISTINCT run_key) FROM attempts) AS runs
)
SELECT
    coalesce(sum(attempts), 0)::BIGINT AS attempts,
    coalesce(sum(successful_attempts), 0)::BIGINT AS successful_attempts,
    coalesce(sum(epoch_completions), 0) AS epoch_completions,
    coalesce(sum(run_hours), 0) AS run_hours,
    sum(gpu_hours) AS gpu_hours,
    sum(productive_gpu_hours) AS productive_gpu_hours,
    sum(wasted_gpu_hours) AS wasted_gpu_hours,
    coalesce(sum(running_attempts), 0)::BIGINT AS running_attempts,
    sum(running_gpu_hours) AS running_gpu_hours,
    sum(gib_in) AS gib_in,
    sum(gib_out) AS gib_out,
    coalesce(sum(epochs), 0) AS epochs,
    min(first_start) AS first_start,
    max(last_stop) AS last_stop,
    any_value(d.experiments) AS experiments,
    any_value(d.runs) AS runs,
    sum(gpu_hours_sum) AS gpu_hours_sum,
    coalesce(sum(copied_gpu_attempts), 0)::BIGINT AS copied_gpu_attempts,
    sum(copied_gpu_hours) AS copied_gpu_hours,
    coalesce(sum(rescued_attempts), 0)::BIGINT AS rescued_attempts,
    coalesce(sum(rescued_epochs), 0) AS rescued_epochs,
    coalesce(sum(csv_only_attempts), 0)::BIGINT AS csv_only_attempts
FROM d LEFT JOIN summary_scan ON true;
