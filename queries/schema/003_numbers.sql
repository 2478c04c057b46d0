-- 003: what the definitions of "numbers a reviewer can trust" need stored.
--
-- attempt_records gains facts read at ingest and flags derived at ingest over the whole
-- experiment (queries/ingest/derive_epochs.sql), each documented in the attempts view header:
ALTER TABLE attempt_records ADD COLUMN abort_reason VARCHAR;      -- text of the 009 abort event (event logs)
ALTER TABLE attempt_records ADD COLUMN submit_host VARCHAR;       -- host of the 000 submit event (the access point)
ALTER TABLE attempt_records ADD COLUMN service_node BOOLEAN;      -- DAG SERVICE node, or local/scheduler universe
ALTER TABLE attempt_records ADD COLUMN rescued BOOLEAN;           -- a RESCUED row counted as completed (derived)
ALTER TABLE attempt_records ADD COLUMN gpu_details_copied BOOLEAN; -- CSV GPU details copied across a cluster (derived)
ALTER TABLE attempt_records ADD COLUMN merge_state VARCHAR;       -- CSV row superseded by its event-log attempt / csv only (derived)

-- What a file could record: the 2025-08 generator (CSV v1) wrote 0 in its GPU and byte columns
-- for every row, whatever ran; such columns are "not recorded", not zero (set at ingest).
ALTER TABLE ingests ADD COLUMN gpus_recorded BOOLEAN;
ALTER TABLE ingests ADD COLUMN bytes_recorded BOOLEAN;
