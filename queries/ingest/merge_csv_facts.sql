-- One campaign from both sources ($experiment): an event-log attempt that replaced its CSV row
-- (derive_flags.sql: merge_state 'superseded') takes from that row what only the CSV records:
-- Epochs Completed (CSV v4+; a standalone job's real count). Everything else of the log wins.
-- Run after derive_flags.sql and before derive_epochs.sql; only changed rows are written.
UPDATE attempt_records AS l
SET epochs_completed = c.epochs_completed
FROM attempt_records AS c
WHERE l.experiment = $experiment AND c.experiment = $experiment
  AND c.merge_state = 'superseded' AND c.epochs_completed IS NOT NULL
  AND l.bytes_scope = 'attempt' AND l.cluster_id = c.cluster_id
  AND (l.start_time = c.start_time OR (c.start_time IS NULL AND l.attempt_seq = c.attempt_seq))
  AND l.epochs_completed IS DISTINCT FROM c.epochs_completed;
