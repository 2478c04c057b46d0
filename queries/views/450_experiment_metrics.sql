-- experiment_metrics: one row per (experiment with attempts in scope, metric of
-- experiment_metric_catalogue): experiment_comparison in long format, for side-by-side tables.
--
-- Derived columns:
--   experiment_pos, metric_pos  the experiment's place in the comparison; the metric's row
--   label, unit, kind, requires  from experiment_metric_catalogue
--   value          the number (kind 'number'); NULL when not recorded or undefined
--   text           the value of a 'text' metric (period, sources, resource mix, GPU mix)
--   available      the experiment's source files can give the metric (see requires); false
--                  means "not recorded", never 0
--   note           why a metric is not recorded (metric_requirements.missing)
-- grain: experiment, metric
-- cache: compare
CREATE OR REPLACE VIEW experiment_metrics AS
WITH c AS MATERIALIZED (FROM experiment_comparison),
num AS (
    SELECT experiment, metric, CAST(value AS DOUBLE) AS value, CAST(NULL AS VARCHAR) AS text
    FROM c UNPIVOT INCLUDE NULLS (value FOR metric IN (
        period_days, attempts, runs, epochs, epoch_completions, redone_epochs, attempt_success_pct,
        run_hours, gpu_hours,
        productive_gpu_hours, productive_pct, wasted_gpu_hours, wasted_failed_gpu_hours,
        wasted_evicted_gpu_hours, wasted_aborted_gpu_hours, wasted_held_gpu_hours,
        wasted_rescued_gpu_hours, wasted_unknown_gpu_hours, wasted_other_gpu_hours,
        epochs_per_100_gpu_hours, gpu_hours_per_epoch, median_hours_per_epoch, gib_in, gib_out, median_input_minutes,
        median_input_mb_per_s, median_gpu_used_fraction, p95_peak_memory_mb))
),
txt AS (
    SELECT experiment, metric, CAST(NULL AS DOUBLE) AS value, text
    FROM c UNPIVOT INCLUDE NULLS (text FOR metric IN (period, sources, resource_mix, gpu_mix))
),
long AS (SELECT * FROM num UNION ALL SELECT * FROM txt)
SELECT
    l.experiment,
    c.experiment_pos,
    k.metric_pos,
    l.metric,
    k.label,
    k.unit,
    k.kind,
    k.requires,
    l.value,
    l.text,
    coalesce(a.available, true) AS available,
    CASE WHEN NOT a.available
         THEN 'not recorded: the files of ' || l.experiment || ' (' || c.sources || ') ' || r.missing
    END AS note
FROM long l
JOIN experiment_metric_catalogue k USING (metric)
JOIN c USING (experiment)
LEFT JOIN metric_requirements r ON r.requires = k.requires
CROSS JOIN LATERAL (SELECT CASE k.requires WHEN 'input_timing' THEN c.input_timing_recorded
                    WHEN 'usage' THEN c.usage_recorded WHEN 'gpus' THEN c.gpus_recorded
                    WHEN 'bytes' THEN c.bytes_recorded END AS available) a
ORDER BY c.experiment_pos, l.experiment, k.metric_pos;
