-- data_issues: one row per (experiment, kind of issue) found in the attempts in scope, with
-- an example. Kinds:
--   negative_span      the stop time is before Start Time (run_seconds set to NULL)
--   no_start_time      no Start Time (the attempt cannot be placed in time)
--   no_stop_event      no End/Evicted/Held/Aborted Time: still running or not recorded
--                      (no hours counted)
--   aborted_end_after_stop  an aborted attempt whose End Time is more than 1 h after its first
--                      stop event (the generator quirk; expreport counts to the first stop)
--   blank_status       empty Final Status (outcome 'unknown')
--   unknown_resource   empty Targeted Resource (resource 'unknown')
CREATE OR REPLACE VIEW data_issues AS
WITH flagged AS (
    SELECT experiment, job_name, cluster_id, attempt_seq, ingest_id, source_line,
           unnest([
               CASE WHEN negative_span THEN 'negative_span' END,
               CASE WHEN start_time IS NULL THEN 'no_start_time' END,
               CASE WHEN start_time IS NOT NULL AND stop_time IS NULL THEN 'no_stop_event' END,
               CASE WHEN outcome = 'aborted' AND end_time > stop_time + INTERVAL 1 HOUR
                    THEN 'aborted_end_after_stop' END,
               CASE WHEN status IS NULL THEN 'blank_status' END,
               CASE WHEN resource = 'unknown' THEN 'unknown_resource' END
           ]) AS kind
    FROM attempts
)
SELECT
    experiment,
    kind,
    count(*) AS attempts,
    arg_min(job_name || ' (cluster ' || coalesce(cluster_id::VARCHAR, '?') || ', line '
            || coalesce(source_line::VARCHAR, '?') || ')', (ingest_id, source_line)) AS example
FROM flagged
WHERE kind IS NOT NULL
GROUP BY experiment, kind
ORDER BY experiment, kind;
