-- transfer_volumes: one row per resource with attempts in scope: data moved.
--
-- Derived columns:
--   attempts            execution attempts
--   attempts_with_bytes attempts that report a non-zero byte count (in a CSV only the
--                       terminated attempt of a cluster does, carrying the cluster's total)
--   gib_in              input: sum of bytes_in / 2^30 (Total Bytes Received)
--   gib_out             output: sum of bytes_out / 2^30 (Total Bytes Sent)
--   gib_in_per_attempt  gib_in / attempts_with_bytes (NULL when none)
--   gib_out_per_attempt gib_out / attempts_with_bytes
CREATE OR REPLACE VIEW transfer_volumes AS
SELECT
    resource,
    count(*) AS attempts,
    count(*) FILTER (WHERE bytes_in > 0 OR bytes_out > 0) AS attempts_with_bytes,
    if_recorded(has_byte_columns, coalesce(sum(bytes_in), 0)) / 1073741824.0 AS gib_in,
    if_recorded(has_byte_columns, coalesce(sum(bytes_out), 0)) / 1073741824.0 AS gib_out,
    sum(bytes_in) / 1073741824.0
        / nullif(count(*) FILTER (WHERE bytes_in > 0 OR bytes_out > 0), 0) AS gib_in_per_attempt,
    sum(bytes_out) / 1073741824.0
        / nullif(count(*) FILTER (WHERE bytes_in > 0 OR bytes_out > 0), 0) AS gib_out_per_attempt
FROM attempts
GROUP BY resource
ORDER BY resource_rank(resource), resource;
