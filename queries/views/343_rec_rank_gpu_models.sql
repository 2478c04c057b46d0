-- rec_rank_gpu_models: one row ranking the GPU models by GPU-hours per completed epoch over all
-- attempts of the epoch's node (ranking_evidence.gpu_hours_per_epoch, from report_gpu_models:
-- an epoch and its node cost count on the model of its first successful attempt), lowest
-- (best) first. Only models with the evidence take part (ranking_evidence.ranked): at least
-- min_epochs completed epochs (threshold min_epochs = 5), at least min_gpu_hours_pct of the
-- GPU-hours in scope (threshold min_gpu_hours_pct = 2) and min_gpu_hours GPU-hours (threshold
-- min_gpu_hours = 1), never 'none' or 'unreported'. Shown when at least min_entries models qualify
-- (threshold min_entries = 2); the ones left out are named with the reason.
-- Thresholds: report_thresholds (rule 'rank_gpu_models').
-- The ranking is computed once for both dimensions by rank_findings (340_rank_findings.sql).
-- Columns: as in rec_high_waste. Evidence: one item per ranked model (name = the
-- model, value = GPU-hours per epoch), worst_over_best (ratio of the highest to the lowest
-- GPU-hours per epoch) and left_out (text, when some models lack the evidence).
--
-- rule: rank_gpu_models
-- rule_order: 9
-- title: GPU models ranked by GPU-hours per epoch (all attempts of the epoch's node)
-- advice: Prefer the models at the top where you can choose (requirements on the GPU model).
-- fires_when: at least min_entries GPU models have the evidence to be ranked: min_epochs
--     completed epochs, min_gpu_hours_pct of the GPU-hours in scope and min_gpu_hours GPU-hours
--     ('none' and 'unreported' never); the others are named as left out
-- grain: (one row)
CREATE OR REPLACE VIEW rec_rank_gpu_models AS
SELECT rule, subject, severity, weight, message, evidence
FROM rank_findings
WHERE rule = 'rank_gpu_models';
