-- report_coverage: one row: what the source files of the attempts in scope can tell, so the
-- report says "not recorded" instead of showing 0 (see ingest_sources for the flags).
--
-- Derived columns:
--   attempts               attempts in scope
--   files                  ingested files they come from
--   experiment_names       the experiments in scope (sorted list)
--   sources                their formats, e.g. 'CSV v1, CSV v6' ('event log' for event logs)
--   resource_recorded      some file says where attempts ran (CSV v2+ or event log)
--   resource_recorded_all  every file does (else some attempts are on resource 'unknown')
--   input_timing_recorded  some file records input-transfer times (CSV v4+ or event log)
--   usage_recorded         some file records CPU/memory/disk/GPU usage (CSV v6 or event log)
--   gpus_recorded / bytes_recorded  some file records GPUs / transfer bytes
--                          (ingest_sources.has_gpu_columns / has_byte_columns; not a v1 CSV of zeros)
-- Summed from attempt_cells (024_attempt_cells.sql) with each cell's file's flags.
-- grain: (one row)
-- cache: report
CREATE OR REPLACE VIEW report_coverage AS
SELECT
    coalesce(sum(c.n), 0)::BIGINT AS attempts,
    count(DISTINCT c.ingest_id) AS files,
    list_sort(list(DISTINCT c.experiment)) AS experiment_names,
    array_to_string(list_sort(list(DISTINCT CASE WHEN i.header_version IS NULL THEN 'event log'
                                                 ELSE 'CSV v' || i.header_version END)), ', ') AS sources,
    coalesce(bool_or(i.has_resource_column), false) AS resource_recorded,
    coalesce(bool_and(coalesce(i.has_resource_column, false)), false) AS resource_recorded_all,
    coalesce(bool_or(i.has_input_timing), false) AS input_timing_recorded,
    coalesce(bool_or(i.has_usage_columns), false) AS usage_recorded,
    coalesce(bool_or(i.has_gpu_columns), false) AS gpus_recorded,
    coalesce(bool_or(i.has_byte_columns), false) AS bytes_recorded
FROM attempt_cells c JOIN ingest_sources i USING (ingest_id)
WHERE NOT c.service;
