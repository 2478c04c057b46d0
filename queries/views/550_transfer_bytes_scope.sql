-- transfer_bytes_scope: one row per resource with attempts in scope: what the byte counts of
-- the transfer tables and figures are (attempts.bytes_scope), so every transfer number can
-- say it. A CSV (job_summary.csv) writes Total Bytes Received / Sent as CLUSTER totals
-- (cumulative over the cluster's executions) on the terminated attempt only; an event log
-- gives each attempt its own Run Bytes, exact (evicted and failed attempts included).
--
-- Derived columns:
--   attempts_with_bytes          attempts reporting a non-zero byte count (in or out)
--   attempts_with_exact_bytes    ... of them with bytes_scope 'attempt' (event logs)
--   attempts_with_cluster_bytes  ... of them with bytes_scope 'cluster' (CSV)
--   gib_in_exact, gib_in_cluster input GiB (2^30 bytes) from each scope
--   bytes_scope                  in words: 'exact per attempt (event log)', 'cluster totals
--                                on the terminated attempt (CSV)', 'mixed: N attempts exact
--                                (event log), M cluster totals (CSV)', or 'no bytes'
-- grain: resource
CREATE OR REPLACE VIEW transfer_bytes_scope AS
WITH r AS (
    SELECT resource,
           count(*) FILTER (WHERE bytes_in > 0 OR bytes_out > 0) AS attempts_with_bytes,
           count(*) FILTER (WHERE (bytes_in > 0 OR bytes_out > 0) AND bytes_scope = 'attempt')
               AS attempts_with_exact_bytes,
           count(*) FILTER (WHERE (bytes_in > 0 OR bytes_out > 0) AND bytes_scope <> 'attempt')
               AS attempts_with_cluster_bytes,
           gib_of_bytes(if_recorded(has_byte_columns, coalesce(sum(bytes_in) FILTER (WHERE bytes_scope = 'attempt'), 0)))
               AS gib_in_exact,
           gib_of_bytes(if_recorded(has_byte_columns, coalesce(sum(bytes_in) FILTER (WHERE bytes_scope <> 'attempt'), 0)))
               AS gib_in_cluster
    FROM attempts
    GROUP BY resource
)
SELECT *,
       CASE WHEN attempts_with_bytes = 0 THEN 'no bytes'
            WHEN attempts_with_cluster_bytes = 0 THEN 'exact per attempt (event log)'
            WHEN attempts_with_exact_bytes = 0 THEN 'cluster totals on the terminated attempt (CSV)'
            ELSE printf('mixed: %d attempts exact (event log), %d cluster totals (CSV)',
                        attempts_with_exact_bytes, attempts_with_cluster_bytes) END AS bytes_scope
FROM r
ORDER BY resource_rank(resource), resource;
