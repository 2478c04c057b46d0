-- experiment_changes: one row per (experiment, numeric metric) for every experiment in scope
-- but the baseline: the change from the baseline experiment. The baseline is the first
-- experiment of the comparison (experiment_order: the first name given to
-- `expreport compare`; without that list, the alphabetically first experiment).
--
-- Derived columns:
--   experiment_pos, metric_pos, label, unit, change_unit   as in experiment_metrics and
--                  experiment_metric_catalogue ('%' metrics change in percentage points)
--   baseline       the baseline experiment; baseline_value its value of the metric
--   value          this experiment's value
--   change         value - baseline_value; NULL when either is not recorded or undefined
--   change_pct     change / |baseline_value| x 100; NULL when the baseline value is 0 or NULL
--   comparable     both experiments' files can give the metric (both available)
--   note           why the change is not recorded
-- grain: experiment, metric
CREATE OR REPLACE VIEW experiment_changes AS
WITH m AS MATERIALIZED (FROM experiment_metrics WHERE kind = 'number'),
base AS (
    SELECT arg_min(experiment, (experiment_pos, experiment)) AS baseline
    FROM (SELECT DISTINCT experiment, experiment_pos FROM m)
)
SELECT
    x.experiment,
    x.experiment_pos,
    x.metric_pos,
    x.metric,
    x.label,
    x.unit,
    k.change_unit,
    b.baseline,
    bx.value AS baseline_value,
    x.value,
    CASE WHEN x.available AND bx.available THEN x.value - bx.value END AS change,
    CASE WHEN x.available AND bx.available AND bx.value <> 0
         THEN pct_of(x.value - bx.value, abs(bx.value)) END AS change_pct,
    x.available AND bx.available AS comparable,
    coalesce(x.note, bx.note) AS note
FROM m x
CROSS JOIN base b
JOIN m bx ON bx.experiment = b.baseline AND bx.metric = x.metric
JOIN experiment_metric_catalogue k ON k.metric = x.metric
WHERE x.experiment <> b.baseline
ORDER BY x.experiment_pos, x.experiment, x.metric_pos;
