-- attempt_cells: one row per cell of all_attempts in scope (service jobs included): a distinct
-- (service, resource, experiment, ingest_id, outcome, waste_kind, productive, no_runtime,
-- has_bytes, gpu_details_copied, rescued, csv_only) with the plain sums, counts, min and max of
-- its attempts. Every FILTER of the headline views (summary_scan, campaign_scan,
-- report_coverage, campaign_caveats) is a condition on these keys, so they sum the cells (a
-- few hundred rows) instead of scanning attempts again: one hash aggregate with no FILTER, no
-- median and no DISTINCT, which DuckDB runs on every thread.
--
-- Keys (as attempts; the three below are derived here):
--   no_runtime   run_seconds IS NULL
--   has_bytes    bytes_in > 0 OR bytes_out > 0 (NULL when bytes are not recorded)
--   csv_only     merge_state = 'csv only' (NULL when merge_state is NULL)
-- Columns: n = attempts; the sums, counts, min and max of the attempts columns they are named
-- after (n_xfer_in_seconds = count(xfer_in_seconds), n_input_mb_per_s = count(input_mb_per_s)).
-- The ingest flags (has_gpu_columns, ...) are per ingest_id: join ingest_sources for them.
-- grain: service, resource, experiment, ingest_id, outcome, waste_kind, productive, no_runtime, has_bytes, gpu_details_copied, rescued, csv_only
-- cache: report, summary
CREATE OR REPLACE VIEW attempt_cells AS
SELECT
    service, resource, experiment, ingest_id, outcome, waste_kind, productive,
    run_seconds IS NULL AS no_runtime,
    bytes_in > 0 OR bytes_out > 0 AS has_bytes,
    gpu_details_copied, rescued,
    merge_state = 'csv only' AS csv_only,
    count(*) AS n,
    sum(run_hours) AS run_hours,
    sum(gpu_hours) AS gpu_hours,
    sum(epochs_credited) AS epochs_credited,
    sum(epoch_completions) AS epoch_completions,
    sum(epoch_share) AS epoch_share,
    sum(bytes_in) AS bytes_in,
    sum(bytes_out) AS bytes_out,
    count(xfer_in_seconds) AS n_xfer_in_seconds,
    sum(xfer_in_seconds) AS xfer_in_seconds,
    max(xfer_in_seconds) AS max_xfer_in_seconds,
    count(input_mb_per_s) AS n_input_mb_per_s,
    min(start_time) AS first_start,
    max(stop_time) AS last_stop
FROM all_attempts
GROUP BY ALL;

-- summary_medians: one row per resource with attempts in scope: the order statistics of
-- summary_scan (their meaning: compute_time_by_resource, resource_summary,
-- transfer_input_timing), in a narrow aggregate of the five columns they need.
-- grain: resource
-- cache: report, summary
CREATE OR REPLACE VIEW summary_medians AS
SELECT
    resource,
    median(run_hours) AS median_hours_per_attempt,
    median(run_hours) FILTER (WHERE outcome = 'success' AND epoch IS NOT NULL) AS median_success_epoch_hours,
    minutes_of(median(xfer_in_seconds)) AS median_input_minutes,
    minutes_of(quantile_cont(xfer_in_seconds, 0.9)) AS p90_input_minutes,
    median(input_mb_per_s) AS median_input_mb_per_s
FROM attempts
GROUP BY resource;

-- resource_main_failure: one row per resource with wasted attempts in scope: main_failure, the
-- most frequent waste_kind of its attempts (success_rates.main_failure; ties: the first kind in
-- text order — mode() picked either from run to run). Apart from summary_medians: the summary
-- does not show it.
-- grain: resource
CREATE OR REPLACE VIEW resource_main_failure AS
SELECT resource, first(waste_kind ORDER BY n DESC, waste_kind) AS main_failure
FROM (SELECT resource, waste_kind, count(*) AS n FROM attempts WHERE waste_kind IS NOT NULL GROUP BY ALL)
GROUP BY resource;
