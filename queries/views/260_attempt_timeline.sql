-- attempt_timeline: one row per attempt drawn on the attempt timeline: the attempts of the
-- 40 training runs with the most attempts in scope (ties: run_key), so the figure stays small
-- whatever the campaign size. A run with more than 150 attempts is shown with 150 of them,
-- picked by a hash of (ingest_id, source_line) (deterministic); shown_attempts < run_attempts
-- says so. Only attempts of training runs (attempts.run_key not NULL) with a Start Time.
--
-- Derived columns:
--   run_rank        1 = the run with the most attempts (the figure's top row)
--   run_label       the run name (e.g. run3), prefixed with its DAG Source when two shown runs
--                   share a name
--   run_attempts    all attempts of the run in scope; shown_attempts = rows kept here
--   bar_end         stop_time, or Start Time when the attempt has no stop time (a zero-length
--                   bar); open_ended = true then
--   outcome         see attempts (success, checkpoint, failed, evicted, aborted, held, ...)
--   waste_kind      see attempts (NULL when productive)
-- grain: run_key, job_name, start_time
CREATE OR REPLACE VIEW attempt_timeline AS
WITH runs AS (
    SELECT run_key, any_value(run) AS run, any_value(dag_source) AS dag_source,
           count(*) AS run_attempts
    FROM attempts
    WHERE start_time IS NOT NULL AND run_key IS NOT NULL
    GROUP BY run_key
),
top AS (
    SELECT *, row_number() OVER (ORDER BY run_attempts DESC, run_key) AS run_rank
    FROM runs QUALIFY run_rank <= 40
),
labelled AS (
    SELECT *,
           CASE WHEN count(*) OVER (PARTITION BY coalesce(run, run_key)) > 1
                THEN coalesce(dag_source, '?') || '/' || coalesce(run, run_key)
                ELSE coalesce(run, run_key) END AS run_label
    FROM top
),
picked AS (
    SELECT a.*, row_number() OVER (PARTITION BY a.run_key
                                   ORDER BY hash(a.ingest_id, a.source_line), a.ingest_id,
                                            a.source_line) AS pick
    FROM attempts a SEMI JOIN top t USING (run_key)
    WHERE a.start_time IS NOT NULL
)
SELECT l.run_rank, l.run_label, l.run_key, l.run_attempts,
       count(*) OVER (PARTITION BY p.run_key) AS shown_attempts,
       p.job_name, p.resource, p.outcome, p.waste_kind, p.gpus,
       p.start_time, coalesce(p.stop_time, p.start_time) AS bar_end,
       p.stop_time IS NULL AS open_ended
FROM picked p JOIN labelled l USING (run_key)
WHERE p.pick <= 150
ORDER BY l.run_rank, p.start_time, p.job_name;
