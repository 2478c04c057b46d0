-- report_recommendations: every recommendation that fired, one row each: the rec_* views
-- (one per rule, thresholds in report_thresholds) unioned, in the rules' order, the heaviest
-- finding of a rule first.
--
-- Columns: rule, subject, severity, weight, message, evidence (see rec_high_waste), and
--   rule_order   the rule's place in the list (the order of the union below)
CREATE OR REPLACE VIEW report_recommendations AS
SELECT * FROM (
    SELECT 1 AS rule_order, * FROM rec_high_waste
    UNION ALL SELECT 2, * FROM rec_quick_failures
    UNION ALL SELECT 3, * FROM rec_redone_epochs
    UNION ALL SELECT 4, * FROM rec_slow_input
    UNION ALL SELECT 5, * FROM rec_gpu_underused
    UNION ALL SELECT 6, * FROM rec_right_sizing
    UNION ALL SELECT 7, * FROM rec_request_headroom
    UNION ALL SELECT 8, * FROM rec_rank_resources
    UNION ALL SELECT 9, * FROM rec_rank_gpu_models
)
ORDER BY rule_order, weight DESC NULLS LAST, subject;
