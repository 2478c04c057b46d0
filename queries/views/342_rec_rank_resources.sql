-- rec_rank_resources: one row ranking the resources by GPU-hours per completed epoch over all
-- attempts of the epoch's node (ranking_evidence.gpu_hours_per_epoch, from
-- epochs_by_resource: evicted and failed attempts of the node included), lowest (best) first.
-- Only resources with the evidence take part (ranking_evidence.ranked): at least
-- min_epochs completed epochs (threshold min_epochs = 5), at least min_gpu_hours_pct of the
-- GPU-hours in scope (threshold min_gpu_hours_pct = 2) and min_gpu_hours GPU-hours (threshold
-- min_gpu_hours = 1), never 'unknown'. Shown when at least min_entries resources qualify
-- (threshold min_entries = 2); the ones left out are named with the reason.
-- Thresholds: report_thresholds (rule 'rank_resources').
-- The ranking is computed once for both dimensions by rank_findings (340_rank_findings.sql).
-- Columns: as in rec_high_waste. Evidence: one item per ranked resource (name = the
-- resource, value = GPU-hours per epoch), worst_over_best (ratio of the highest to the lowest
-- GPU-hours per epoch) and left_out (text, when some resources lack the evidence).
--
-- rule: rank_resources
-- rule_order: 8
-- title: Resources ranked by GPU-hours per epoch (all attempts of the epoch's node)
-- advice: Send more of the next campaign's epochs to the resources at the top.
-- fires_when: at least min_entries resources have the evidence to be ranked: min_epochs
--     completed epochs, min_gpu_hours_pct of the GPU-hours in scope and min_gpu_hours GPU-hours
--     ('unknown' never); the others are named as left out
-- grain: (one row)
CREATE OR REPLACE VIEW rec_rank_resources AS
SELECT rule, subject, severity, weight, message, evidence
FROM rank_findings
WHERE rule = 'rank_resources';
