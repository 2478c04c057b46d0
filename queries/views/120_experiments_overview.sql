-- experiments_overview: one row per experiment in the database (within the scope when one
-- is set): what was ingested into it.
--
-- Derived columns:
--   files          files ingested into the experiment; sources = their kinds and CSV versions
--   attempts       execution attempts; runs = distinct training runs; epochs = completed epochs
--   first_start, last_stop   first Start Time and latest stop time of its attempts (last_stop
--                  NULL when none has a stop time)
--   gpu_hours      sum of run_seconds x GPUs / 3600; productive_pct = goodput share of it
--                  (productive / (productive + wasted): attempts still running are left out)
-- grain: experiment
CREATE OR REPLACE VIEW experiments_overview AS
WITH files AS (
    SELECT experiment, count(*) AS files,
           string_agg(DISTINCT CASE WHEN source_kind = 'csv' THEN 'csv v' || header_version
                                    ELSE source_kind END, ', ' ORDER BY 1) AS sources
    FROM ingests GROUP BY experiment
),
att AS (
    SELECT experiment, count(*) AS attempts,
           count(DISTINCT run_key) AS runs,
           min(start_time) AS first_start, max(stop_time) AS last_stop,
           if_recorded(has_gpu_columns, coalesce(sum(gpu_hours), 0)) AS gpu_hours,
           productive_gpu_pct(has_gpu_columns, gpu_hours, productive) AS productive_pct,
           coalesce(sum(epochs_credited), 0) AS epochs
    FROM attempts GROUP BY experiment
)
SELECT f.experiment, f.files, f.sources, coalesce(a.attempts, 0) AS attempts,
       coalesce(a.runs, 0) AS runs, coalesce(a.epochs, 0) AS epochs,
       a.first_start, a.last_stop, coalesce(a.gpu_hours, 0) AS gpu_hours, a.productive_pct
FROM files f
LEFT JOIN att a USING (experiment)
WHERE getvariable('expreport_experiments') IS NULL
   OR list_contains(getvariable('expreport_experiments'), f.experiment)
ORDER BY f.experiment;
