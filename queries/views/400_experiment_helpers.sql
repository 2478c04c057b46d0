-- Helpers of the cross-experiment comparison views (400-499).
--
-- experiment_order(experiment): the experiment's place in a comparison: its position in the
-- session variable expreport_experiments (the order given to `expreport compare A B C`:
-- 1 = A, the baseline every other experiment is compared against); 1000 when the variable is
-- unset or does not list it (then ties are broken by name, so the alphabetically first
-- experiment is the baseline). In the duckdb shell:
--   SET VARIABLE expreport_experiments = ['main', 'pilot']; FROM experiment_changes
CREATE OR REPLACE MACRO experiment_order(exp) AS
    coalesce(list_position(getvariable('expreport_experiments'), exp), 1000);

-- share_text(label, pct): 'label 63%' for a share in a mix ('<1%' below one percent).
CREATE OR REPLACE MACRO share_text(label, pct) AS
    label || ' ' || CASE WHEN pct < 1 THEN '<1%' ELSE printf('%.0f%%', pct) END;
