-- rec_request_headroom: one row per (resource, memory or CPU) where the largest use is far
-- above what most attempts use, so a request sized for the largest job reserves much more
-- than typical jobs need. job_summary.csv has no request columns (the requests come with the
-- event-log ingest), so the largest used value stands in for the request:
-- suggested = P95 of the use x p95_factor (threshold p95_factor = 1.1); fires when the largest
-- use > max_over_suggested x suggested (threshold max_over_suggested = 1.5) on a resource with
-- at least min_attempts attempts reporting that usage (threshold min_attempts = 5). Only where
-- usage columns exist (CSV v6 or event log). Numbers from report_resource_extras. Where the
-- attempts carry the request itself (event logs), rule right_sizing judges it instead.
-- Thresholds: report_thresholds (rule 'request_headroom').
-- Columns: as in rec_high_waste (subject = resource). Evidence: what ('memory' or 'cpu'),
-- attempts_with_usage, p95_used, suggested_request, max_used, max_over_suggested.
--
-- rule: request_headroom
-- rule_order: 7
-- title: Requests far above typical use
-- advice: Size request_memory / request_cpus near the suggested value and let the few large
--     jobs retry with more; check against the requests in your submit files (the event-log
--     ingest reads them).
-- fires_when: the largest use exceeds max_over_suggested x (P95 of the use x p95_factor) over
--     min_attempts attempts
-- grain: rule, subject, message
CREATE OR REPLACE VIEW rec_request_headroom AS
WITH u AS (
    SELECT resource, 'memory' AS what, 'MB' AS unit, attempts_with_memory_usage AS n,
           p95_peak_memory_mb AS p95, max_peak_memory_mb AS mx
    FROM report_resource_extras WHERE usage_recorded
    UNION ALL
    SELECT resource, 'cpu', 'cores', attempts_with_cpu_usage, p95_cpu_cores, max_cpu_cores
    FROM report_resource_extras WHERE usage_recorded
),
req AS (
    SELECT resource, unnest(['memory', 'cpu']) AS what,
           unnest([count(request_memory_mb), count(request_cpus)]) AS n_req
    FROM attempts GROUP BY resource
),
s AS (
    SELECT u.*, p95 * report_threshold('request_headroom', 'p95_factor') AS suggested
    FROM u LEFT JOIN req USING (resource, what)
    WHERE n >= report_threshold('request_headroom', 'min_attempts') AND p95 > 0
      AND coalesce(n_req, 0) = 0
)
SELECT
    'request_headroom' AS rule,
    resource AS subject,
    'info' AS severity,
    mx / suggested AS weight,
    printf('%s: 95%% of %,d attempts used at most %,.1f %s; suggest requesting %,.1f %s (P95 x %.1f) instead of sizing for the largest use, %,.1f %s (%.1fx that). Compare with your request_%s: requests are not in job_summary.csv (they come with the event-log ingest)',
           what, n, p95, unit, suggested, unit,
           report_threshold('request_headroom', 'p95_factor'), mx, unit, mx / suggested,
           CASE what WHEN 'cpu' THEN 'cpus' ELSE what END) AS message,
    [rec_ev_text('what', what),
     rec_ev('attempts_with_usage', n, 'attempts'),
     rec_ev('p95_used', p95, unit),
     rec_ev('suggested_request', suggested, unit),
     rec_ev('max_used', mx, unit),
     rec_ev('max_over_suggested', mx / suggested, 'x')] AS evidence
FROM s
WHERE mx > report_threshold('request_headroom', 'max_over_suggested') * suggested;
