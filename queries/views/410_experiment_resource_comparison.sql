-- experiment_resource_comparison: one row per (experiment, resource) with attempts in scope:
-- how each experiment used each resource (the per-resource definitions, within one experiment).
--
-- Derived columns:
--   experiment_pos        the experiment's place in the comparison (experiment_order macro)
--   attempts              execution attempts; successful_attempts = outcome 'success'
--   attempt_success_pct   successful_attempts / attempts x 100 (as in success_rates)
--   gpu_hours             run_seconds x GPUs / 3600; productive_gpu_hours of success and
--                         checkpoint attempts; wasted_gpu_hours of all others, split into
--                         wasted_<kind>_gpu_hours by waste_kind (as in compute_time_by_resource)
--   productive_pct        productive_gpu_hours / gpu_hours x 100 (NULL without GPU-hours)
--   epochs                completed epochs credited here (attempts.first_success)
--   redone_epochs         Epochs Completed of successful attempts of named epochs - epochs
--   epochs_per_100_gpu_hours  epochs / gpu_hours x 100 (wasted hours included)
--   median_hours_per_epoch    median run hours of successful attempts of named epochs
--   share_of_gpu_hours_pct    gpu_hours / the experiment's GPU-hours x 100 (its resource mix)
--   share_of_attempts_pct     attempts / the experiment's attempts x 100
--   resource_recorded     some source file of these attempts says where they ran (CSV v2+ or
--                         event log); false: CSV v1 attempts, counted on resource 'unknown'
--   gpu_hours_per_epoch   GPU-hours per epoch (all attempts of the epoch's node): sum of
--                         epochs.gpu_hours of the epochs credited here / epochs; NULL without epochs
--   left_out_reason       why the resource's ratios are too small a sample to compare (as in
--                         ranking_evidence, rule rank_resources, within the experiment):
--                         'resource unknown', 'n < 5 epochs' (min_epochs) or '< 2% of GPU-hours'
--                         (min_gpu_hours_pct of the experiment's); NULL when there is evidence
-- grain: experiment, resource
-- cache: compare
CREATE OR REPLACE VIEW experiment_resource_comparison AS
WITH cost AS (
    SELECT experiment, resource, sum(gpu_hours) AS node_gpu_hours
    FROM epochs
    GROUP BY experiment, resource
),
base AS (
SELECT
    experiment,
    experiment_order(experiment) AS experiment_pos,
    resource,
    count(*) AS attempts,
    count(*) FILTER (WHERE outcome = 'success') AS successful_attempts,
    attempt_success_pct(count(*) FILTER (WHERE outcome = 'success'), count(*)) AS attempt_success_pct,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours), 0)) AS gpu_hours,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE productive), 0)) AS productive_gpu_hours,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE NOT productive), 0)) AS wasted_gpu_hours,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE waste_kind = 'failed'), 0)) AS wasted_failed_gpu_hours,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE waste_kind = 'evicted'), 0)) AS wasted_evicted_gpu_hours,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE waste_kind = 'aborted'), 0)) AS wasted_aborted_gpu_hours,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE waste_kind = 'held/released'), 0)) AS wasted_held_gpu_hours,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE waste_kind = 'RESCUED'), 0)) AS wasted_rescued_gpu_hours,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE waste_kind = 'unknown'), 0)) AS wasted_unknown_gpu_hours,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE waste_kind = 'other'), 0)) AS wasted_other_gpu_hours,
    productive_gpu_pct(has_gpu_columns, gpu_hours, productive) AS productive_pct,
    coalesce(sum(epochs_credited), 0) AS epochs,
    coalesce(sum(epoch_completions), 0)
        - coalesce(sum(epochs_credited), 0) AS redone_epochs,
    epochs_per_100_gpu_hours(coalesce(sum(epochs_credited), 0), sum(gpu_hours)) AS epochs_per_100_gpu_hours,
    median(run_hours) FILTER (WHERE outcome = 'success' AND epoch IS NOT NULL) AS median_hours_per_epoch,
    pct_of(if_recorded(has_gpu_columns, coalesce(sum(gpu_hours), 0)), sum(sum(gpu_hours)) OVER (PARTITION BY experiment)) AS share_of_gpu_hours_pct,
    pct_of(count(*), sum(count(*)) OVER (PARTITION BY experiment)) AS share_of_attempts_pct,
    coalesce(bool_or(has_resource_column), false) AS resource_recorded
FROM attempts
GROUP BY experiment, resource
)
SELECT
    b.*,
    c.node_gpu_hours / nullif(b.epochs, 0) AS gpu_hours_per_epoch,
    CASE
        WHEN b.resource = 'unknown' THEN 'resource unknown'
        WHEN b.epochs < report_threshold('rank_resources', 'min_epochs')
            THEN printf('n < %g epochs', report_threshold('rank_resources', 'min_epochs'))
        WHEN coalesce(b.share_of_gpu_hours_pct, 0) < report_threshold('rank_resources', 'min_gpu_hours_pct')
            THEN printf('< %g%% of GPU-hours', report_threshold('rank_resources', 'min_gpu_hours_pct'))
    END AS left_out_reason
FROM base b
LEFT JOIN cost c USING (experiment, resource)
ORDER BY b.experiment_pos, b.experiment, resource_rank(b.resource), b.resource;
