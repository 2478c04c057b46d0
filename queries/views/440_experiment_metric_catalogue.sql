-- experiment_metric_catalogue: one row per metric of the side-by-side comparison (the
-- columns of experiment_comparison shown to users), in display order.
--
-- Columns:
--   metric_pos    display order
--   metric        the experiment_comparison column
--   label         short row label; unit = its unit ('text' for descriptive values)
--   kind          'number' (compared: experiment_changes) or 'text' (shown only)
--   change_unit   unit of the absolute change: the unit, or 'percentage points' for '%'
--   requires      what the source files must record for the metric to exist:
--                 'input_timing' (CSV v4+ or event log), 'usage' (CSV v6 or event log),
--                 'gpus' / 'bytes' (GPUs / transfer bytes recorded: not a v1 CSV of zeros), or
--                 NULL (every format); without it the value is "not available", never 0
--   optional      a row the tables may leave out when it is 0 for every experiment
--                 (the rarer kinds of waste)
--   description   what the number is
-- grain: metric
CREATE OR REPLACE VIEW experiment_metric_catalogue AS
SELECT metric_pos, metric, label, unit,
       CASE WHEN unit = 'text' THEN 'text' ELSE 'number' END AS kind,
       CASE WHEN unit = '%' THEN 'percentage points' WHEN unit = 'text' THEN NULL ELSE unit END AS change_unit,
       requires, optional, description
FROM (VALUES
    (1, 'period', 'period', 'text', NULL, false, 'first Start Time to last stop time of the attempts in scope'),
    (2, 'period_days', 'duration', 'days', NULL, false, 'last stop - first Start Time, in days'),
    (3, 'sources', 'data', 'text', NULL, false, 'formats of the source files (CSV header version or event log)'),
    (4, 'attempts', 'attempts', 'attempts', NULL, false, 'execution attempts (one HTCondor execute event, one CSV row)'),
    (5, 'runs', 'training runs', 'runs', NULL, false, 'distinct training runs (Run UUID, else DAG source and run name)'),
    (6, 'epochs', 'distinct epochs', 'epochs', NULL, false, 'distinct completed epochs: (run, epoch) with a successful attempt'),
    (7, 'epoch_completions', 'epoch completions', 'completions', NULL, false, 'Epochs Completed summed over the successful attempts of named epochs (1 each without that column: CSV v1-v3)'),
    (8, 'redone_epochs', 're-done epochs', 'epochs', NULL, false, 'epoch completions that added no new epoch (the epoch was already done)'),
    (9, 'attempt_success_pct', 'attempt success', '%', NULL, false, 'successful attempts / attempts x 100'),
    (10, 'run_hours', 'run hours', 'hours', NULL, false, 'wall hours the attempts ran (first stop event - Start Time), GPUs ignored'),
    (11, 'gpu_hours', 'GPU-hours', 'GPU-hours', 'gpus', false, 'run time x GPUs of every attempt'),
    (12, 'productive_gpu_hours', 'productive GPU-hours', 'GPU-hours', 'gpus', false, 'GPU-hours of successful and checkpointed attempts (goodput)'),
    (13, 'productive_pct', 'productive', '%', 'gpus', false, 'productive GPU-hours / (productive + wasted) GPU-hours x 100'),
    (14, 'wasted_gpu_hours', 'wasted GPU-hours', 'GPU-hours', 'gpus', false, 'GPU-hours of every other attempt (badput)'),
    (15, 'wasted_failed_gpu_hours', 'wasted: failed', 'GPU-hours', 'gpus', true, 'wasted GPU-hours of failed attempts'),
    (16, 'wasted_evicted_gpu_hours', 'wasted: evicted', 'GPU-hours', 'gpus', true, 'wasted GPU-hours of evicted attempts'),
    (17, 'wasted_aborted_gpu_hours', 'wasted: aborted', 'GPU-hours', 'gpus', true, 'wasted GPU-hours of aborted attempts'),
    (18, 'wasted_held_gpu_hours', 'wasted: held/released', 'GPU-hours', 'gpus', true, 'wasted GPU-hours of held or released attempts'),
    (19, 'wasted_rescued_gpu_hours', 'wasted: RESCUED', 'GPU-hours', 'gpus', true, 'wasted GPU-hours of RESCUED attempts'),
    (20, 'wasted_unknown_gpu_hours', 'wasted: unknown', 'GPU-hours', 'gpus', true, 'wasted GPU-hours of attempts with a blank status'),
    (21, 'wasted_other_gpu_hours', 'wasted: other', 'GPU-hours', 'gpus', true, 'wasted GPU-hours of attempts with another status'),
    (22, 'epochs_per_100_gpu_hours', 'epochs per 100 GPU-hours', 'epochs per 100 GPU-hours', 'gpus', false, 'distinct epochs / GPU-hours x 100 (wasted hours included)'),
    (23, 'gpu_hours_per_epoch', 'GPU-hours per epoch (all attempts of the node)', 'GPU-hours per epoch', 'gpus', false, 'GPU-hours of every attempt of the epochs'' nodes (evicted, failed, checkpointed and re-done ones included) / distinct epochs'),
    (24, 'median_hours_per_epoch', 'successful attempt''s median hours per epoch', 'hours', NULL, false, 'median run hours of the successful attempts of named epochs (after a checkpoint this can be minutes; earlier attempts of the node are not counted)'),
    (25, 'resource_mix', 'resource mix', 'text', NULL, false, 'share of GPU-hours per resource, largest first'),
    (26, 'gpu_mix', 'GPU mix', 'text', NULL, false, 'share of GPU-hours per GPU model, largest first'),
    (27, 'gib_in', 'GiB in', 'GiB', 'bytes', false, 'input bytes (Total Bytes Received) / 2^30'),
    (28, 'gib_out', 'GiB out', 'GiB', 'bytes', false, 'output bytes (Total Bytes Sent) / 2^30'),
    (29, 'median_input_minutes', 'median input transfer', 'minutes', 'input_timing', false, 'median input-transfer duration'),
    (30, 'median_input_mb_per_s', 'median input throughput', 'MB/s', 'input_timing', false, 'median input throughput (10^6 bytes/s) of first, terminated attempts'),
    (31, 'median_gpu_used_fraction', 'median GPU use', 'fraction', 'usage', false, 'median GPU Usage / GPUs assigned (1 = every GPU busy)'),
    (32, 'p95_peak_memory_mb', 'P95 peak memory', 'MB', 'usage', false, '95th percentile of Peak Memory Usage')
) AS t(metric_pos, metric, label, unit, requires, optional, description);
