-- waste_causes: one row per waste cause (attempts.waste_cause) with wasted attempts in scope:
-- why GPU-hours were lost, over all resources, with an example of the reason.
--
-- Derived columns:
--   cause                 attempts.waste_cause (see wasted_hours_by_cause for the kinds)
--   attempts              wasted attempts of that cause
--   gpu_hours, run_hours  their GPU-hours and wall hours
--   share_of_wasted_pct   gpu_hours / all wasted GPU-hours x 100
--   share_of_gpu_hours_pct  gpu_hours / all GPU-hours in scope x 100
--   waste_kinds           the waste kinds it came from, most GPU-hours first ('evicted, held/released')
--   resources             how many resources it happened on
--   main_resource         the resource where it wasted the most GPU-hours (ties: resource order)
--   example_reason        the most frequent hold / evict reason text (for a terminated attempt
--                         'exit code N' or 'killed by signal N'; ties: first in text order);
--                         NULL when no reason was recorded (CSV rows)
--   example_attempt       the attempt with the most GPU-hours: 'job (cluster C, line L)'
-- grain: cause
-- cache: report
CREATE OR REPLACE VIEW waste_causes AS
WITH a AS (
    SELECT waste_cause AS cause, waste_kind, resource, productive,
           coalesce(stop_reason, 'killed by signal ' || exit_signal, 'exit code ' || exit_code) AS reason,
           coalesce(gpu_hours, 0) AS gpu_hours, run_hours, job_name, cluster_id, ingest_id, source_line
    FROM attempts
),
totals AS (
    SELECT sum(gpu_hours) AS all_h, sum(gpu_hours) FILTER (WHERE NOT productive) AS wasted_h FROM a
),
w AS (SELECT * FROM a WHERE NOT productive),
reasons AS (
    SELECT cause, arg_min(reason, (-n, reason)) AS example_reason
    FROM (SELECT cause, reason, count(*) AS n FROM w WHERE reason IS NOT NULL GROUP BY ALL)
    GROUP BY cause
),
by_kind AS (SELECT cause, waste_kind, sum(gpu_hours) AS h, count(*) AS n FROM w GROUP BY ALL),
by_resource AS (SELECT cause, resource, sum(gpu_hours) AS h FROM w GROUP BY ALL),
causes AS (
    SELECT cause, count(*) AS attempts, sum(gpu_hours) AS gpu_hours,
           coalesce(sum(run_hours), 0) AS run_hours,
           arg_max({'j': job_name, 'c': cluster_id, 'l': source_line},
                   (gpu_hours, -ingest_id, -coalesce(source_line, 0))) AS ex
    FROM w GROUP BY cause
)
SELECT
    c.cause, c.attempts, c.gpu_hours, c.run_hours,
    pct_of(c.gpu_hours, t.wasted_h) AS share_of_wasted_pct,
    pct_of(c.gpu_hours, t.all_h) AS share_of_gpu_hours_pct,
    (SELECT string_agg(k.waste_kind, ', ' ORDER BY k.h DESC, k.n DESC, k.waste_kind)
     FROM by_kind k WHERE k.cause = c.cause) AS waste_kinds,
    (SELECT count(*) FROM by_resource r WHERE r.cause = c.cause) AS resources,
    (SELECT arg_max(r.resource, (r.h, -resource_rank(r.resource)))
     FROM by_resource r WHERE r.cause = c.cause) AS main_resource,
    r.example_reason,
    coalesce(c.ex.j, '?') || ' (cluster ' || coalesce(c.ex.c::VARCHAR, '?')
        || ', line ' || coalesce(c.ex.l::VARCHAR, '?') || ')' AS example_attempt
FROM causes c CROSS JOIN totals t LEFT JOIN reasons r USING (cause)
ORDER BY c.gpu_hours DESC, c.attempts DESC, c.cause;
