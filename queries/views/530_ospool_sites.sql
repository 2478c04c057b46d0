-- ospool_sites: one row per OSPool site (attempts.site: the glidein's GLIDEIN_ResourceName, CSV
-- column GLIDEIN Resource Name) with attempts in scope: where on the OSPool the work ran and
-- how it went. Attempts without a site are not here.
--
-- Derived columns:
--   resource              the resource its attempts are counted on (most attempts; a site
--                         can map to a resource of its own by a rule, e.g. CHTC-Spark-CE1 -> chtc)
--   attempts, run_hours, gpu_hours, productive_gpu_hours, wasted_gpu_hours   as in
--                         compute_time_by_resource
--   attempt_success_pct   successful attempts / attempts x 100
--   epochs                completed epochs credited to the site (its attempt was the epoch's
--                         first success: attempts.first_success)
--   epochs_per_100_gpu_hours  epochs / GPU-hours x 100 (NULL without GPU-hours)
--   gpu_models            the GPU models seen there, most GPU-hours first
--   timing_recorded       the source files can record input-transfer times (CSV v4+, event log)
--   attempts_with_rate    attempts with an input throughput (attempts.input_mb_per_s)
--   median_input_mb_per_s median input throughput, MB (10^6 bytes) per second
--   main_waste_cause      the waste cause (attempts.waste_cause) with the most wasted
--                         GPU-hours (ties: most attempts); NULL when nothing was wasted
--   main_waste_gpu_hours  its GPU-hours
-- grain: site
CREATE OR REPLACE VIEW ospool_sites AS
WITH a AS (
    SELECT * FROM attempts WHERE site IS NOT NULL
),
causes AS (
    SELECT site, waste_cause, if_recorded(has_gpu_columns, coalesce(sum(gpu_hours), 0)) AS h, count(*) AS n
    FROM a WHERE NOT productive GROUP BY ALL
),
models AS (
    SELECT site, gpu_model, if_recorded(has_gpu_columns, coalesce(sum(gpu_hours), 0)) AS h, count(*) AS n
    FROM a WHERE gpu_model <> 'none' GROUP BY ALL
),
sites AS (
    SELECT site,
           mode(resource) AS resource,
           count(*) AS attempts,
           coalesce(sum(run_hours), 0) AS run_hours,
           if_recorded(has_gpu_columns, coalesce(sum(gpu_hours), 0)) AS gpu_hours,
           if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE productive), 0)) AS productive_gpu_hours,
           if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE NOT productive), 0)) AS wasted_gpu_hours,
           attempt_success_pct(count(*) FILTER (WHERE outcome = 'success'), count(*)) AS attempt_success_pct,
           coalesce(sum(epochs_credited), 0) AS epochs,
           coalesce(bool_or(has_input_timing), false) AS timing_recorded,
           count(input_mb_per_s) AS attempts_with_rate,
           median(input_mb_per_s) AS median_input_mb_per_s
    FROM a
    GROUP BY site
)
SELECT
    s.site, s.resource, s.attempts, s.run_hours, s.gpu_hours, s.productive_gpu_hours,
    s.wasted_gpu_hours, s.attempt_success_pct, s.epochs,
    epochs_per_100_gpu_hours(s.epochs, s.gpu_hours) AS epochs_per_100_gpu_hours,
    (SELECT string_agg(m.gpu_model, ', ' ORDER BY m.h DESC, m.n DESC, m.gpu_model)
     FROM models m WHERE m.site = s.site) AS gpu_models,
    s.timing_recorded, s.attempts_with_rate, s.median_input_mb_per_s,
    (SELECT arg_max(c.waste_cause, (c.h, c.n, c.waste_cause)) FROM causes c WHERE c.site = s.site)
        AS main_waste_cause,
    (SELECT max(c.h) FROM causes c WHERE c.site = s.site) AS main_waste_gpu_hours
FROM sites s
ORDER BY s.gpu_hours DESC, s.attempts DESC, s.site;
