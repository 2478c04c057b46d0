-- rec_right_sizing: one row per (resource, memory / cpu / disk) whose typical request is far
-- above what the attempts use: the median request > max_request_over_suggested x the
-- suggested request (threshold max_request_over_suggested = 1.25), where suggested = P95 of
-- the use x p95_factor (threshold p95_factor = 1.1; cpu rounded up to whole cores), on a
-- resource with at least min_attempts attempts reporting both the use and the request
-- (threshold min_attempts = 5). Requests come from event logs, so this rule needs them; on
-- CSV data rule request_headroom stands in. Numbers from right_sizing.
-- Thresholds: report_thresholds (rule 'right_sizing').
-- Columns: as in rec_high_waste (subject = resource). Evidence: what, attempts_with_both,
-- median_request, p95_used, suggested_request, request_over_suggested, median_efficiency_pct,
-- freed (GiB-hours for memory and disk, core-hours for cpu), run_hours_with_request.
--
-- rule: right_sizing
-- rule_order: 6
-- title: Requests above what the jobs use
-- advice: Lower request_memory / request_cpus / request_disk to the suggested value (P95 of the
--     use with 10% headroom): more slots match, fewer resources sit reserved but idle; let the
--     few larger jobs retry with more.
-- fires_when: the median request exceeds max_request_over_suggested x (P95 of the use x
--     p95_factor) over min_attempts attempts reporting both (event logs)
-- grain: rule, subject, message
CREATE OR REPLACE VIEW rec_right_sizing AS
SELECT
    'right_sizing' AS rule,
    resource AS subject,
    'warning' AS severity,
    request_over_suggested AS weight,
    printf('%s: the median request is %,.1f %s but 95%% of %,d attempts used at most %,.1f %s; request %,.1f %s (P95 x %.1f%s) instead: the median request is %.2fx that, and right-sizing would have freed %,.0f %s over %,.1f run hours',
           what, median_request, unit, attempts_with_usage, p95_used, unit, suggested_request, unit,
           report_threshold('right_sizing', 'p95_factor'),
           CASE WHEN what = 'cpu' THEN ', whole cores' ELSE '' END,
           request_over_suggested, freed_unit_hours, freed_unit, run_hours_with_request) AS message,
    [rec_ev_text('what', what),
     rec_ev('attempts_with_both', attempts_with_both, 'attempts'),
     rec_ev('median_request', median_request, unit),
     rec_ev('p95_used', p95_used, unit),
     rec_ev('suggested_request', suggested_request, unit),
     rec_ev('request_over_suggested', request_over_suggested, 'x'),
     rec_ev('median_efficiency_pct', median_efficiency_pct, '%'),
     rec_ev('freed', freed_unit_hours, freed_unit),
     rec_ev('run_hours_with_request', run_hours_with_request, 'hours')] AS evidence
FROM right_sizing
WHERE requests_recorded
  AND attempts_with_both >= report_threshold('right_sizing', 'min_attempts')
  AND suggested_request > 0
  AND request_over_suggested > report_threshold('right_sizing', 'max_request_over_suggested');
