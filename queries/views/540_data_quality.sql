-- data_quality: one row per (experiment, area, kind of problem): everything the source files
-- got wrong or left out, with a count and an example, from three places:
--   area 'event log'        eventlog_issues: what an event log got wrong (duplicate_event,
--                           out_of_order, truncated_event, end_without_execute, missing_submit,
--                           release_without_hold, recovered_from_text, ...); counted in events;
--                           example '<file> line N: detail' (the first in the file)
--   area 'queue-only jobs'  queue_only_jobs: jobs of an event log that never ran (no execute
--                           event), one kind per way they left the queue: 'never ran: aborted',
--                           'never ran: held', ... or 'never ran: still queued' (no end event);
--                           counted in jobs; example 'job (cluster C, line L): hold reason'
--   area 'attempts'         data_issues (negative spans, missing start or stop times, blank
--                           status, unknown resource...): counted in attempts
-- Event-log issues and queue-only jobs belong to a file, not to a resource or a day, so only
-- the experiment filter applies to them (expreport_experiments); the attempts rows follow the
-- whole scope (data_issues reads attempts).
--
-- Derived columns:
--   area, kind   as above
--   count        occurrences (events, jobs or attempts: see unit)
--   unit         'events', 'jobs' or 'attempts'
--   example      the first occurrence, readable
-- grain: experiment, area, kind
CREATE OR REPLACE VIEW data_quality AS
WITH files AS (
    SELECT ingest_id, regexp_extract(source_path, '[^/\\]+$') AS file FROM ingests
),
eventlog AS (
    SELECT i.experiment, 'event log' AS area, i.kind, count(*) AS count, 'events' AS unit,
           arg_min(coalesce(f.file, '?') || ' line ' || coalesce(i.line::VARCHAR, '?') || ': '
                   || coalesce(i.detail, ''), (i.ingest_id, i.line)) AS example,
           1 AS area_rank
    FROM eventlog_issues i LEFT JOIN files f USING (ingest_id)
    WHERE getvariable('expreport_experiments') IS NULL
       OR list_contains(getvariable('expreport_experiments'), i.experiment)
    GROUP BY i.experiment, i.kind
),
queue_only AS (
    SELECT experiment, 'queue-only jobs' AS area,
           'never ran: ' || coalesce(end_event, 'still queued') AS kind,
           count(*) AS count, 'jobs' AS unit,
           arg_min(coalesce(job_name, '?') || ' (cluster ' || coalesce(cluster_id::VARCHAR, '?')
                   || ', line ' || coalesce(source_line::VARCHAR, '?') || ')'
                   || coalesce(': ' || hold_reason, ''), (ingest_id, source_line)) AS example,
           2 AS area_rank
    FROM queue_only_jobs
    WHERE getvariable('expreport_experiments') IS NULL
       OR list_contains(getvariable('expreport_experiments'), experiment)
    GROUP BY experiment, end_event
),
attempt_issues AS (
    SELECT experiment, 'attempts' AS area, kind, attempts AS count, 'attempts' AS unit, example,
           3 AS area_rank
    FROM data_issues
)
SELECT experiment, area, kind, count, unit, example
FROM (SELECT * FROM eventlog UNION ALL SELECT * FROM queue_only UNION ALL SELECT * FROM attempt_issues)
ORDER BY experiment, area_rank, count DESC, kind;
