-- rec_quick_failures: one row per resource where attempts fail within minutes: at least
-- min_failed failed attempts (threshold min_failed = 5) whose median run time is below
-- max_median_minutes (threshold max_median_minutes = 15): jobs that die during setup
-- (software, environment, missing files) rather than during training.
-- Thresholds: report_thresholds (rule 'quick_failures'); numbers from report_resource_extras.
-- Columns: as in rec_high_waste. Evidence: failed_attempts, failed_median_minutes,
-- failed_gpu_hours.
--
-- rule: quick_failures
-- rule_order: 2
-- title: Failures within minutes
-- advice: Jobs that die this early fail in setup, not training: check the software environment,
--     container, missing input files or credentials on that resource.
-- fires_when: a resource has at least min_failed failed attempts whose median run is below
--     max_median_minutes
-- grain: rule, subject
CREATE OR REPLACE VIEW rec_quick_failures AS
SELECT
    'quick_failures' AS rule,
    resource AS subject,
    'warning' AS severity,
    CAST(failed_attempts AS DOUBLE) AS weight,
    printf('%,d failed attempts with a median run of %.1f min (%,.1f GPU-hours)',
           failed_attempts, failed_median_minutes, failed_gpu_hours) AS message,
    [rec_ev('failed_attempts', failed_attempts, 'attempts'),
     rec_ev('failed_median_minutes', failed_median_minutes, 'minutes'),
     rec_ev('failed_gpu_hours', failed_gpu_hours, 'GPU-hours')] AS evidence
FROM report_resource_extras
WHERE failed_attempts >= report_threshold('quick_failures', 'min_failed')
  AND failed_median_minutes < report_threshold('quick_failures', 'max_median_minutes');
