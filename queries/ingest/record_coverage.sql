-- What one ingested file ($ingest_id) could record, stored on its ingests row (read through
-- ingest_sources.has_gpu_columns / has_byte_columns). An event log and a CSV v2+ record GPUs and
-- bytes. The 2025-08 generator (CSV v1) wrote 0 GPUs, no GPU model, 0 MB and 0 bytes on every
-- row, whatever ran (both real v1 files; their v6 twins show the GPUs): in a v1 file these
-- columns count as recorded only when some row holds a non-zero value; else GPUs, GPU-hours and
-- bytes are "not recorded", never 0.
UPDATE ingests AS i
SET gpus_recorded = i.source_kind <> 'csv' OR i.header_version >= 2 OR EXISTS (
        SELECT 1 FROM attempt_records r
        WHERE r.ingest_id = i.ingest_id
          AND (r.n_gpus <> 0 OR nullif(trim(r.gpu_name), '') IS NOT NULL OR r.gpu_memory_mb <> 0)),
    bytes_recorded = i.source_kind <> 'csv' OR i.header_version >= 2 OR EXISTS (
        SELECT 1 FROM attempt_records r
        WHERE r.ingest_id = i.ingest_id AND (r.bytes_sent <> 0 OR r.bytes_received <> 0))
WHERE i.ingest_id = $ingest_id;
