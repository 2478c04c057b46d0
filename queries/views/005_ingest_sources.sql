-- ingest_sources: one row per ingested file, with what its format can tell.
--
-- Derived columns:
--   has_resource_column  the file says where attempts ran (CSV v2+ Targeted Resource, or an event log)
--   has_input_timing     input-transfer times exist (CSV v4+, or an event log)
--   has_usage_columns    CPU/memory/disk/GPU usage exists (CSV v6, or an event log)
--   has_epoch_counts     the Epochs Completed column exists (CSV v4+); else each successful
--                        attempt counts as one epoch completion
CREATE OR REPLACE VIEW ingest_sources AS
SELECT
    ingest_id,
    experiment,
    source_path,
    source_sha256,
    source_kind,
    header_version,
    n_rows,
    ingested_at,
    source_kind = 'eventlog' OR header_version >= 2 AS has_resource_column,
    source_kind = 'eventlog' OR header_version >= 4 AS has_input_timing,
    source_kind = 'eventlog' OR header_version >= 6 AS has_usage_columns,
    header_version >= 4 AS has_epoch_counts
FROM ingests;
