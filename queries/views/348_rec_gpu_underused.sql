-- rec_gpu_underused: one row per resource whose GPUs sit mostly idle: the median of
-- GPU Usage / GPUs assigned is below max_used_fraction (threshold max_used_fraction = 0.5)
-- over at least min_attempts attempts reporting GPU usage (threshold min_attempts = 3).
-- Only where usage columns exist (CSV v6 or event log). Numbers from report_resource_extras.
-- Thresholds: report_thresholds (rule 'gpu_underused').
-- Columns: as in rec_high_waste. Evidence: median_gpu_used_fraction, gpus_per_attempt,
-- attempts_with_gpu_usage.
--
-- rule: gpu_underused
-- rule_order: 5
-- title: GPUs under half used
-- advice: Request fewer GPUs per job, or feed them faster (data loading workers, batch size).
-- fires_when: the median GPU Usage / GPUs assigned is below max_used_fraction (over
--     min_attempts attempts)
-- grain: rule, subject
CREATE OR REPLACE VIEW rec_gpu_underused AS
SELECT
    'gpu_underused' AS rule,
    resource AS subject,
    'warning' AS severity,
    1 - median_gpu_used_fraction AS weight,
    printf('median GPU use is %.2f of the GPUs assigned (typically %d GPU(s) per attempt, %,d attempts reporting usage)',
           median_gpu_used_fraction, gpus_per_attempt, attempts_with_gpu_usage) AS message,
    [rec_ev('median_gpu_used_fraction', median_gpu_used_fraction, 'fraction'),
     rec_ev('gpus_per_attempt', gpus_per_attempt, 'GPUs'),
     rec_ev('attempts_with_gpu_usage', attempts_with_gpu_usage, 'attempts')] AS evidence
FROM report_resource_extras
WHERE usage_recorded
  AND attempts_with_gpu_usage >= report_threshold('gpu_underused', 'min_attempts')
  AND median_gpu_used_fraction < report_threshold('gpu_underused', 'max_used_fraction');
