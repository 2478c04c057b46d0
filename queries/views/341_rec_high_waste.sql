-- rec_high_waste: one row per resource that wasted too large a share of its GPU-hours.
-- Fires when wasted_gpu_hours / gpu_hours x 100 > max_wasted_pct (threshold max_wasted_pct = 30)
-- on a resource with at least min_gpu_hours GPU-hours (threshold min_gpu_hours = 1).
-- Thresholds: report_thresholds (rule 'high_waste'). The main kind is resource_summary's
-- main_waste_kind (most wasted GPU-hours); its hours come from the wasted_<kind>_gpu_hours
-- columns of compute_time_by_resource (no new pass over attempts).
--
-- Columns (every rec_* view): rule, subject (a resource, a GPU model or 'campaign'), severity
-- ('warning' or 'info'), weight (sorts rows of one rule: larger first), message (the finding
-- with its numbers), evidence (list of {name, value, unit, text}: the numbers that fired it).
-- Evidence here: wasted_pct, wasted_gpu_hours, gpu_hours, main_waste_kind and
-- main_kind_gpu_hours.
--
-- rule: high_waste
-- rule_order: 1
-- title: High waste
-- advice: Look at the main kind: evictions call for checkpointing or shorter jobs, holds for
--     the hold reasons (runtime limit, memory over request), failures for the job's error
--     output.
-- fires_when: the wasted share of a resource's GPU-hours exceeds max_wasted_pct (on at least
--     min_gpu_hours GPU-hours)
-- grain: rule, subject
CREATE OR REPLACE VIEW rec_high_waste AS
WITH kinds AS (
    SELECT resource,
           map_from_entries([
               ('failed', wasted_failed_gpu_hours), ('evicted', wasted_evicted_gpu_hours),
               ('aborted', wasted_aborted_gpu_hours), ('held/released', wasted_held_gpu_hours),
               ('RESCUED', wasted_rescued_gpu_hours), ('unknown', wasted_unknown_gpu_hours),
               ('other', wasted_other_gpu_hours)]) AS by_kind
    FROM compute_time_by_resource
),
r AS (
    SELECT s.resource, s.gpu_hours, s.wasted_gpu_hours, s.main_waste_kind AS main_kind,
           k.by_kind[s.main_waste_kind] AS main_h,
           pct_of(s.wasted_gpu_hours, s.gpu_hours) AS wasted_pct
    FROM resource_summary s
    JOIN kinds k USING (resource)
)
SELECT
    'high_waste' AS rule,
    resource AS subject,
    'warning' AS severity,
    wasted_gpu_hours AS weight,
    printf('%.1f%% of its %,.1f GPU-hours were wasted (%,.1f GPU-hours); main kind: %s (%,.1f GPU-hours)',
           wasted_pct, gpu_hours, wasted_gpu_hours, main_kind, main_h) AS message,
    [rec_ev('wasted_pct', wasted_pct, '%'),
     rec_ev('wasted_gpu_hours', wasted_gpu_hours, 'GPU-hours'),
     rec_ev('gpu_hours', gpu_hours, 'GPU-hours'),
     rec_ev_text('main_waste_kind', main_kind),
     rec_ev('main_kind_gpu_hours', main_h, 'GPU-hours')] AS evidence
FROM r
WHERE gpu_hours >= report_threshold('high_waste', 'min_gpu_hours')
  AND wasted_pct > report_threshold('high_waste', 'max_wasted_pct');
