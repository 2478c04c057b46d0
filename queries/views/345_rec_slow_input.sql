-- rec_slow_input: one row per resource whose input transfer is slow (transfer_input_timing).
-- Among resources with at least min_attempts timed input transfers (threshold min_attempts = 3),
-- fires when the median input transfer takes more than max_median_minutes (threshold
-- max_median_minutes = 10), or is at least min_median_minutes long (threshold
-- min_median_minutes = 2) and more than vs_best_factor times the fastest resource's median
-- (threshold vs_best_factor = 3). Needs input timing (CSV v4+ or event log): never fires
-- without it. Thresholds: report_thresholds (rule 'slow_input').
-- Columns: as in rec_high_waste. Evidence: median_input_minutes, p90_input_minutes,
-- attempts_with_timing, median_input_mb_per_s, best_resource, best_median_input_minutes.
--
-- rule: slow_input
-- rule_order: 4
-- title: Slow input transfer
-- advice: Stage or cache the input data near the resource (OSDF cache, local scratch,
--     pre-staged datasets) or shrink what each job transfers.
-- fires_when: a resource's median input transfer exceeds max_median_minutes, or is at least
--     min_median_minutes and vs_best_factor times the fastest resource's (min_attempts timed
--     transfers)
-- grain: rule, subject
CREATE OR REPLACE VIEW rec_slow_input AS
WITH t AS (
    SELECT * FROM transfer_input_timing
    WHERE attempts_with_timing >= report_threshold('slow_input', 'min_attempts')
      AND median_input_minutes IS NOT NULL
),
best AS (
    SELECT min(median_input_minutes) AS best_min,
           arg_min(resource, median_input_minutes) AS best_resource
    FROM t
)
SELECT
    'slow_input' AS rule,
    t.resource AS subject,
    'warning' AS severity,
    t.median_input_minutes AS weight,
    printf('median input transfer %.1f min (90th percentile %.1f min, %,d timed transfers%s); fastest resource %s: %.1f min',
           t.median_input_minutes, t.p90_input_minutes, t.attempts_with_timing,
           coalesce(printf(', median %.1f MB/s', t.median_input_mb_per_s), ''),
           b.best_resource, b.best_min) AS message,
    [rec_ev('median_input_minutes', t.median_input_minutes, 'minutes'),
     rec_ev('p90_input_minutes', t.p90_input_minutes, 'minutes'),
     rec_ev('attempts_with_timing', t.attempts_with_timing, 'attempts'),
     rec_ev('median_input_mb_per_s', t.median_input_mb_per_s, 'MB/s'),
     rec_ev_text('best_resource', b.best_resource),
     rec_ev('best_median_input_minutes', b.best_min, 'minutes')] AS evidence
FROM t, best b
WHERE t.median_input_minutes > report_threshold('slow_input', 'max_median_minutes')
   OR (t.resource <> b.best_resource
       AND t.median_input_minutes >= report_threshold('slow_input', 'min_median_minutes')
       AND t.median_input_minutes > report_threshold('slow_input', 'vs_best_factor') * b.best_min);
