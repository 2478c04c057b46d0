-- implausible_attempts: one row per stored attempt in scope that breaks a bound of
-- plausibility_bounds (attempt_records.implausible, checked at ingest by
-- queries/ingest/check_plausibility.sql): left out of every view of attempts and every total.
--   file, source_line   where it is (file name of its ingest, line of the CSV row or execute event)
--   implausible         the reasons, '; '-separated, e.g. 'a time before 2000-01-01'
-- grain: experiment, ingest_id, source_line
CREATE OR REPLACE VIEW implausible_attempts AS
SELECT r.experiment, regexp_extract(i.source_path, '[^/\\]+$') AS file, r.source_line, r.ingest_id,
       r.job_name, r.cluster_id, r.attempt_seq, r.start_time, r.n_gpus, r.implausible
FROM attempt_records r JOIN ingests i USING (ingest_id)
WHERE r.implausible IS NOT NULL
  AND (getvariable('expreport_experiments') IS NULL
       OR list_contains(getvariable('expreport_experiments'), r.experiment))
ORDER BY r.experiment, r.ingest_id, r.source_line;

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
--   implausible: <bound>  attempts outside a bound of plausibility_bounds (implausible_attempts;
--                      one kind per bound, without the value): left out of every total; the
--                      example names its file, line and the value
-- grain: experiment, kind
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
UNION ALL
SELECT experiment, 'implausible: ' || regexp_replace(regexp_replace(reason, 'GPUs -?[0-9]+ outside',
           'GPUs outside'), 'after [0-9-]+ ', 'after ') AS kind, count(*) AS attempts,
       arg_min(file || ' line ' || coalesce(source_line::VARCHAR, '?') || ': '
               || coalesce(job_name, '?') || ' (' || implausible || ')', (ingest_id, source_line))
FROM (SELECT *, unnest(string_split(implausible, '; ')) AS reason FROM implausible_attempts)
GROUP BY ALL
ORDER BY experiment, kind;
