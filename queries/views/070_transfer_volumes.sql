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
-- The aggregates are computed once for all these views in summary_scan (025_summary_scan.sql).
-- grain: resource
-- cache: report
CREATE OR REPLACE VIEW transfer_volumes AS
SELECT resource, attempts, attempts_with_bytes, gib_in, gib_out, gib_in_per_attempt, gib_out_per_attempt
FROM summary_scan
ORDER BY resource_rank(resource), resource;
