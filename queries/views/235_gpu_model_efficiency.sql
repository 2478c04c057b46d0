-- gpu_model_efficiency: one row per (resource, GPU model) with attempts in scope: what one
-- completed epoch cost there, and how many epochs the GPU-hours spent there bought. gpu_model
-- 'none' (attempts without GPUs) is kept so the epochs add up per resource; its ratios are NULL
-- (no GPU-hours).
--
-- Derived columns:
--   epochs              completed epochs credited to this resource and model: its attempts
--                       that are the first success of their epoch (attempts.first_success), so
--                       per resource they add up to epochs_by_resource.epochs
--   node_gpu_hours      sum of epochs.gpu_hours over those epochs: the node cost, GPU-hours of
--                       every attempt in scope of each epoch's node (any outcome, resource or
--                       model), credited like the epoch; NULL without epochs
--   gpu_hours_per_epoch node_gpu_hours / epochs: GPU-hours per completed epoch over all
--                       attempts of the epoch's node (the headline "GPU-hours per epoch")
--   gpu_hours           all GPU-hours of the model on the resource (wasted included);
--                       productive_gpu_hours of success and checkpoint attempts
--   share_of_total_pct  gpu_hours / all GPU-hours in scope x 100
--   epochs_per_100_gpu_hours  epochs / gpu_hours x 100 (NULL without GPU-hours)
--   epochs_per_100_productive_gpu_hours  epochs / productive_gpu_hours x 100
-- grain: resource, gpu_model
CREATE OR REPLACE VIEW gpu_model_efficiency AS
WITH node_cost AS (
    SELECT resource, gpu_model, count(*) AS node_epochs, sum(gpu_hours) AS node_gpu_hours
    FROM epochs
    GROUP BY resource, gpu_model
)
SELECT
    a.resource,
    a.gpu_model,
    coalesce(sum(epochs_credited), 0) AS epochs,
    any_value(n.node_gpu_hours) AS node_gpu_hours,
    any_value(n.node_gpu_hours) / nullif(any_value(n.node_epochs), 0)
        AS gpu_hours_per_epoch,
    if_recorded(a.has_gpu_columns, coalesce(sum(a.gpu_hours), 0)) AS gpu_hours,
    if_recorded(a.has_gpu_columns, coalesce(sum(a.gpu_hours) FILTER (WHERE productive), 0)) AS productive_gpu_hours,
    pct_of(if_recorded(a.has_gpu_columns, coalesce(sum(a.gpu_hours), 0)), sum(sum(a.gpu_hours)) OVER ())
        AS share_of_total_pct,
    epochs_per_100_gpu_hours(coalesce(sum(epochs_credited), 0), sum(a.gpu_hours))
        AS epochs_per_100_gpu_hours,
    pct_of(coalesce(sum(epochs_credited), 0), sum(a.gpu_hours) FILTER (WHERE productive)) AS epochs_per_100_productive_gpu_hours
FROM attempts a
LEFT JOIN node_cost n USING (resource, gpu_model)
GROUP BY a.resource, a.gpu_model
ORDER BY resource_rank(a.resource), a.resource, gpu_hours DESC, a.gpu_model;
