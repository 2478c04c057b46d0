-- experiment_metric_catalogue: one row per metric of the side-by-side comparison (the
-- columns of experiment_comparison shown to users), in display order: the 'experiment' group
-- of metric_catalogue (007_metric_catalogue.sql, where each metric is defined once).
--
-- Columns:
--   metric_pos    display order
--   metric        the experiment_comparison column
--   label         short row label; unit = its unit ('text' for descriptive values)
--   kind          'number' (compared: experiment_changes) or 'text' (shown only)
--   change_unit   unit of the absolute change: the unit, or 'percentage points' for '%'
--   requires      what the source files must record for the metric to exist (see
--                 metric_requirements); without it the value is "not recorded", never 0
--   optional      a row the tables may leave out when it is 0 for every experiment
--                 (the rarer kinds of waste)
--   description   what the number is
--   needs         the files that record it ('any file' when it has no requirement)
-- grain: metric
CREATE OR REPLACE VIEW experiment_metric_catalogue AS
SELECT metric_pos, metric, label, unit,
       CASE WHEN unit = 'text' THEN 'text' ELSE 'number' END AS kind,
       CASE WHEN unit = '%' THEN 'percentage points' WHEN unit = 'text' THEN NULL ELSE unit END AS change_unit,
       requires, optional, description, coalesce(r.recorded_by, 'any file') AS needs
FROM metric_catalogue
LEFT JOIN metric_requirements r USING (requires)
WHERE metric_group = 'experiment'
ORDER BY metric_pos;
