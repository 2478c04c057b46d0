-- experiment_comparison: one row per experiment with attempts in scope: its headline numbers
-- side by side with the others' (the definitions are those of campaign_totals and
-- resource_summary, within one experiment). A metric the experiment's source files cannot
-- give is NULL ("not recorded"), never 0: see the *_recorded flags.
--
-- Derived columns:
--   experiment_pos        the experiment's place in the comparison (experiment_order macro)
--   first_start, last_stop  first Start Time and latest stop time of its attempts in scope
--                         (last_stop NULL when none has a stop time);
--                         period = the two as text; period_days = (last_stop - first_start) in days
--   sources               formats of its files ('CSV v1, CSV v6'; 'event log')
--   attempts, runs        execution attempts; distinct training runs (run_key)
--   epochs                distinct completed epochs (first successes in scope)
--   epoch_completions     Epochs Completed of successful attempts of named epochs (1 each without
--                         that column, CSV v1-v3); redone_epochs = epoch_completions - epochs
--   attempt_success_pct   successful attempts / attempts x 100
--   run_hours, gpu_hours  wall hours; run_seconds x GPUs / 3600
--   productive_gpu_hours, wasted_gpu_hours, productive_pct   goodput, badput, goodput share
--                         (productive / (productive + wasted): still-running attempts left out)
--   wasted_<kind>_gpu_hours  wasted GPU-hours by waste_kind (failed, evicted, aborted,
--                         held/released, RESCUED, unknown, other)
--   epochs_per_100_gpu_hours  epochs / gpu_hours x 100 (wasted hours included)
--   gpu_hours_per_epoch       GPU-hours per epoch (all attempts of the epoch's node): sum of
--                         epochs.gpu_hours (the node cost, attempts in scope) / epochs; NULL without
--                         epochs
--   median_hours_per_epoch    the successful attempt's hours per epoch: median run hours of
--                         successful attempts of named epochs
--   resource_mix, gpu_mix share of GPU-hours per resource / GPU model, largest first (text,
--                         from experiment_resource_comparison and experiment_gpu_mix; at most
--                         five models, then '+N more')
--   gib_in, gib_out       Total Bytes Received / Sent / 2^30 (cluster totals, counted once)
--   median_input_minutes  median input-transfer duration / 60; NULL unless input_timing_recorded
--   median_input_mb_per_s median input throughput (see attempts.input_mb_per_s); same condition
--   median_gpu_used_fraction  median GPU Usage / GPUs of attempts with GPUs; NULL unless
--                         usage_recorded
--   p95_peak_memory_mb    95th percentile of Peak Memory Usage MB; NULL unless usage_recorded
--   gpus_recorded / bytes_recorded   some file of the experiment recorded GPUs / bytes (not a v1
--                         CSV of zeros: ingest_sources.has_gpu_columns / has_byte_columns)
--   resource_recorded / input_timing_recorded / usage_recorded   some file of the experiment
--                         records where attempts ran (CSV v2+) / input-transfer times (CSV v4+) /
--                         usage columns (CSV v6); event logs record all three
-- grain: experiment
-- cache: compare
CREATE OR REPLACE VIEW experiment_comparison AS
WITH a AS (
    SELECT
        experiment,
        min(start_time) AS first_start,
        max(stop_time) AS last_stop,
        array_to_string(list_sort(list(DISTINCT CASE WHEN header_version IS NULL THEN 'event log'
                                                     ELSE 'CSV v' || header_version END)), ', ') AS sources,
        count(*) AS attempts,
        count(DISTINCT run_key) AS runs,
        coalesce(sum(epochs_credited), 0) AS epochs,
        coalesce(sum(epoch_completions), 0)
            AS epoch_completions,
        count(*) FILTER (WHERE outcome = 'success') AS successful_attempts,
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
        median(run_hours) FILTER (WHERE outcome = 'success' AND epoch IS NOT NULL) AS median_hours_per_epoch,
        gib_of_bytes(if_recorded(has_byte_columns, coalesce(sum(bytes_in), 0))) AS gib_in,
        gib_of_bytes(if_recorded(has_byte_columns, coalesce(sum(bytes_out), 0))) AS gib_out,
        minutes_of(median(xfer_in_seconds)) AS median_input_minutes_,
        median(input_mb_per_s) AS median_input_mb_per_s_,
        median(gpu_usage / gpus) FILTER (WHERE gpus > 0) AS median_gpu_used_fraction_,
        quantile_cont(peak_memory_mb, 0.95) AS p95_peak_memory_mb_,
        coalesce(bool_or(has_resource_column), false) AS resource_recorded,
        coalesce(bool_or(has_input_timing), false) AS input_timing_recorded,
        coalesce(bool_or(has_usage_columns), false) AS usage_recorded,
        coalesce(bool_or(has_gpu_columns), false) AS gpus_recorded,
        coalesce(bool_or(has_byte_columns), false) AS bytes_recorded
    FROM attempts
    GROUP BY experiment
),
res AS (
    SELECT experiment,
           string_agg(share_text(resource, share_of_gpu_hours_pct), ', '
                      ORDER BY share_of_gpu_hours_pct DESC, resource_rank(resource), resource) AS resource_mix
    FROM experiment_resource_comparison
    WHERE share_of_gpu_hours_pct > 0
    GROUP BY experiment
),
cost AS (
    SELECT experiment, sum(gpu_hours) / count(*) AS gpu_hours_per_epoch
    FROM epochs
    GROUP BY experiment
),
gpu AS (
    SELECT experiment,
           string_agg(share_text(gpu_label, share_pct), ', ' ORDER BY share_pct DESC, gpu_label)
               FILTER (WHERE n <= 5)
           || CASE WHEN max(n) > 5 THEN ', +' || (max(n) - 5) || ' more' ELSE '' END AS gpu_mix
    FROM (SELECT *, row_number() OVER (PARTITION BY experiment ORDER BY share_pct DESC, gpu_label) AS n
          FROM experiment_gpu_mix WHERE share_pct > 0)
    GROUP BY experiment
)
SELECT
    a.experiment,
    experiment_order(a.experiment) AS experiment_pos,
    a.first_start,
    a.last_stop,
    strftime(a.first_start, '%Y-%m-%d %H:%M') || ' to ' || strftime(a.last_stop, '%Y-%m-%d %H:%M') AS period,
    epoch(a.last_stop - a.first_start) / 86400.0 AS period_days,
    a.sources,
    a.attempts,
    a.runs,
    a.epochs,
    a.epoch_completions,
    a.epoch_completions - a.epochs AS redone_epochs,
    attempt_success_pct(a.successful_attempts, a.attempts) AS attempt_success_pct,
    a.run_hours,
    a.gpu_hours,
    a.productive_gpu_hours,
    a.wasted_gpu_hours,
    productive_pct(a.productive_gpu_hours, a.productive_gpu_hours + a.wasted_gpu_hours) AS productive_pct,
    a.wasted_failed_gpu_hours,
    a.wasted_evicted_gpu_hours,
    a.wasted_aborted_gpu_hours,
    a.wasted_held_gpu_hours,
    a.wasted_rescued_gpu_hours,
    a.wasted_unknown_gpu_hours,
    a.wasted_other_gpu_hours,
    epochs_per_100_gpu_hours(a.epochs, a.gpu_hours) AS epochs_per_100_gpu_hours,
    k.gpu_hours_per_epoch,
    a.median_hours_per_epoch,
    r.resource_mix,
    g.gpu_mix,
    a.gib_in,
    a.gib_out,
    CASE WHEN a.input_timing_recorded THEN a.median_input_minutes_ END AS median_input_minutes,
    CASE WHEN a.input_timing_recorded THEN a.median_input_mb_per_s_ END AS median_input_mb_per_s,
    CASE WHEN a.usage_recorded THEN a.median_gpu_used_fraction_ END AS median_gpu_used_fraction,
    CASE WHEN a.usage_recorded THEN a.p95_peak_memory_mb_ END AS p95_peak_memory_mb,
    a.resource_recorded,
    a.input_timing_recorded,
    a.usage_recorded,
    a.gpus_recorded,
    a.bytes_recorded
FROM a
LEFT JOIN res r USING (experiment)
LEFT JOIN gpu g USING (experiment)
LEFT JOIN cost k USING (experiment)
ORDER BY experiment_pos, a.experiment;
