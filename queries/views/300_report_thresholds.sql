-- threshold_defaults: one row per (rule, threshold): the numbers the recommendation rules
-- compare against, their defaults defined here once (position = the row's place below);
-- report_thresholds (at the end of this file) gives the value in force: a user's override
-- (table threshold_overrides, `expreport thresholds set`) else the default. Each rule
-- is a view rec_<rule> (files 34N_rec_*.sql, whose headers name the rule, its advice and the
-- thresholds it reads), unioned in report_recommendations; the report's glossary prints this
-- table.
--
-- Columns:
--   rule         the rule (rec_<rule> is its view)
--   name         the threshold's name, read with report_threshold(rule, name)
--   value        its default value (DOUBLE)
--   unit         unit of the value
--   description  what it is compared with
--   position     the row's place in the list below (the order of every listing)
-- grain: rule, name
CREATE OR REPLACE VIEW threshold_defaults AS
SELECT rule, name, CAST(value AS DOUBLE) AS value, unit, description,
       row_number() OVER () AS position
FROM (VALUES
    ('high_waste', 'max_wasted_pct', 30, '%',
     'fires when wasted GPU-hours exceed this share of the resource''s GPU-hours'),
    ('high_waste', 'min_gpu_hours', 1, 'GPU-hours',
     'resources with fewer GPU-hours are not judged'),
    ('rank_resources', 'min_gpu_hours', 1, 'GPU-hours',
     'resources with fewer GPU-hours are left out of the ranking'),
    ('rank_resources', 'min_epochs', 5, 'epochs',
     'resources with fewer completed epochs are left out of the ranking (too small a sample)'),
    ('rank_resources', 'min_gpu_hours_pct', 2, '%',
     'resources with a smaller share of the GPU-hours in scope are left out of the ranking'),
    ('rank_resources', 'min_entries', 2, 'resources',
     'the ranking is shown when at least this many resources qualify'),
    ('rank_gpu_models', 'min_gpu_hours', 1, 'GPU-hours',
     'GPU models with fewer GPU-hours are left out of the ranking'),
    ('rank_gpu_models', 'min_epochs', 5, 'epochs',
     'GPU models with fewer completed epochs are left out of the ranking (too small a sample)'),
    ('rank_gpu_models', 'min_gpu_hours_pct', 2, '%',
     'GPU models with a smaller share of the GPU-hours in scope are left out of the ranking'),
    ('rank_gpu_models', 'min_entries', 2, 'GPU models',
     'the ranking is shown when at least this many models qualify'),
    ('redone_epochs', 'min_redone', 1, 'epochs',
     'fires when at least this many epoch completions did not add a new epoch'),
    ('slow_input', 'max_median_minutes', 10, 'minutes',
     'fires when a resource''s median input transfer takes longer than this'),
    ('slow_input', 'vs_best_factor', 3, 'x',
     '... or is this many times the median of the fastest resource'),
    ('slow_input', 'min_median_minutes', 2, 'minutes',
     '... and at least this long (a few seconds against one second is not slow)'),
    ('slow_input', 'min_attempts', 3, 'attempts',
     'resources with fewer timed input transfers are not judged'),
    ('quick_failures', 'min_failed', 5, 'attempts',
     'fires when a resource has at least this many failed attempts'),
    ('quick_failures', 'max_median_minutes', 15, 'minutes',
     '... whose median run time is below this (setup or software problems)'),
    ('request_headroom', 'p95_factor', 1.1, 'x',
     'suggested request = 95th percentile of the use x this factor'),
    ('request_headroom', 'max_over_suggested', 1.5, 'x',
     'fires when the largest use is more than this many times the suggested request'),
    ('request_headroom', 'min_attempts', 5, 'attempts',
     'resources with fewer attempts reporting usage are not judged'),
    ('right_sizing', 'p95_factor', 1.1, 'x',
     'suggested request = 95th percentile of the use x this factor (cpu: whole cores)'),
    ('right_sizing', 'max_request_over_suggested', 1.25, 'x',
     'fires when the median request is more than this many times the suggested request'),
    ('right_sizing', 'min_attempts', 5, 'attempts',
     'resources with fewer attempts reporting both the use and the request are not judged'),
    ('gpu_underused', 'max_used_fraction', 0.5, 'fraction',
     'fires when the median GPU Usage / GPUs assigned is below this'),
    ('gpu_underused', 'min_attempts', 3, 'attempts',
     'resources with fewer attempts reporting GPU usage are not judged')
) t(rule, name, value, unit, description);

-- threshold_settings: one row per threshold: its default, the user's override and the value in
-- force (what `expreport thresholds list` shows), in the order of threshold_defaults.
-- Columns: rule, name, value (in force), default_value, overridden (a user value is set),
-- unit, description, note (the override's note), set_at (when it was set), position.
-- grain: rule, name
CREATE OR REPLACE VIEW threshold_settings AS
SELECT d.rule, d.name, coalesce(o.value, d.value) AS value, d.value AS default_value,
       o.value IS NOT NULL AS overridden, d.unit, d.description, o.note, o.set_at, d.position
FROM threshold_defaults d
LEFT JOIN threshold_overrides o USING (rule, name)
ORDER BY d.position;

-- report_thresholds: one row per (rule, threshold): as threshold_defaults, with value = the value
-- in force (the user's override, table threshold_overrides, else the default); no position.
-- grain: rule, name
CREATE OR REPLACE VIEW report_thresholds AS
SELECT rule, name, value, unit, description FROM threshold_settings ORDER BY position;

-- report_threshold(rule, name): the value of one threshold (NULL when not defined).
CREATE OR REPLACE MACRO report_threshold(r, n) AS
    (SELECT value FROM report_thresholds WHERE rule = r AND name = n);

-- rec_ev(name, value, unit) / rec_ev_text(name, text): one item of a recommendation's
-- evidence list (every rec_* view returns evidence as a list of these structs).
CREATE OR REPLACE MACRO rec_ev(n, v, u) AS
    {'name': CAST(n AS VARCHAR), 'value': CAST(v AS DOUBLE), 'unit': CAST(u AS VARCHAR),
     'text': CAST(NULL AS VARCHAR)};
CREATE OR REPLACE MACRO rec_ev_text(n, t) AS
    {'name': CAST(n AS VARCHAR), 'value': CAST(NULL AS DOUBLE), 'unit': CAST(NULL AS VARCHAR),
     'text': CAST(t AS VARCHAR)};
