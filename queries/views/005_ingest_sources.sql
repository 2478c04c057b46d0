-- ingest_sources: one row per ingested file, with what its format can tell.
--
-- Derived columns:
--   has_resource_column  the file says where attempts ran (CSV v2+ Targeted Resource, or an event log)
--   has_input_timing     input-transfer times exist (CSV v4+, or an event log)
--   has_usage_columns    CPU/memory/disk/GPU usage exists (CSV v6, or an event log)
--   has_epoch_counts     the Epochs Completed column exists (CSV v4+); else each successful
--                        attempt counts as one epoch completion
--   has_gpu_columns      the file recorded GPUs (count, model, memory): an event log, a CSV v2+,
--                        or a v1 CSV with any non-zero GPU value (the 2025-08 generator wrote 0
--                        GPUs and no model on every row of both real v1 files, whatever ran);
--                        false -> GPUs and GPU-hours are "not recorded", not 0
--   has_byte_columns     the file recorded transfer bytes (same rule with Total Bytes)
-- grain: ingest_id
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
    header_version >= 4 AS has_epoch_counts,
    coalesce(gpus_recorded, true) AS has_gpu_columns,
    coalesce(bytes_recorded, true) AS has_byte_columns
FROM ingests;
