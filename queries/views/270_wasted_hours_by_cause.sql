-- wasted_hours_by_cause: one row per (resource, waste cause, waste kind) with wasted attempts
-- in scope: GPU-hours lost, by why they were lost.
--
-- Derived columns:
--   cause          attempts.waste_cause: a readable kind of reason from the event log's hold /
--                  evict reason and code (memory over request, runtime limit, input transfer
--                  failure, machine shutdown/preemption, reconnect failure, user removal,
--                  non-zero exit, other); a CSV row, which carries no reason, is
--                  '<kind> (cause not recorded)'
--   waste_kind     attempts.waste_kind (failed, evicted, aborted, held/released, RESCUED,
--                  unknown, other): one cause can come from several kinds (memory over
--                  request: an eviction or a hold)
--   attempts       wasted attempts of that cause and kind
--   gpu_hours      their GPU-hours (run_seconds x GPUs / 3600)
--   run_hours      their wall hours (GPUs ignored)
--   share_of_resource_waste_pct  gpu_hours / the resource's wasted GPU-hours x 100 (NULL when
--                  the resource wasted no GPU-hours)
--   example_reason the most frequent hold / evict reason text (attempts.stop_reason; for a
--                  terminated attempt 'exit code N' or 'killed by signal N') of these attempts
--                  (ties: the first in text order); NULL when none was recorded (CSV rows)
--   example_attempt  the attempt with the most GPU-hours (ties: the first in the file):
--                  'job (cluster C, line L)'
-- grain: resource, cause, waste_kind
CREATE OR REPLACE VIEW wasted_hours_by_cause AS
WITH wasted AS (
    SELECT resource, waste_cause, waste_kind, reason AS stop_reason, gpu_hours, run_hours, has_gpu_columns,
           count(reason) OVER (PARTITION BY resource, waste_cause, waste_kind, reason)
               AS reason_count,
           coalesce(job_name, '?') || ' (cluster ' || coalesce(cluster_id::VARCHAR, '?')
               || ', line ' || coalesce(source_line::VARCHAR, '?') || ')' AS label,
           ingest_id, source_line
    FROM (SELECT *, coalesce(stop_reason, 'killed by signal ' || exit_signal,
                             'exit code ' || exit_code) AS reason FROM attempts)
    WHERE NOT productive
)
SELECT
    resource,
    waste_cause AS cause,
    waste_kind,
    count(*) AS attempts,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours), 0)) AS gpu_hours,
    coalesce(sum(run_hours), 0) AS run_hours,
    pct_of(if_recorded(has_gpu_columns, coalesce(sum(gpu_hours), 0)), sum(sum(gpu_hours)) OVER (PARTITION BY resource)) AS share_of_resource_waste_pct,
    arg_max(stop_reason, (reason_count, -rank_by_text))
        FILTER (WHERE stop_reason IS NOT NULL) AS example_reason,
    arg_max(label, (coalesce(gpu_hours, 0), -ingest_id, -coalesce(source_line, 0))) AS example_attempt
FROM (SELECT *, dense_rank() OVER (ORDER BY stop_reason) AS rank_by_text FROM wasted)
GROUP BY resource, waste_cause, waste_kind
ORDER BY resource_rank(resource), resource, gpu_hours DESC, cause, waste_rank(waste_kind);
