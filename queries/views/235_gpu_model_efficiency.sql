-- gpu_model_efficiency: one row per (resource, GPU model) with attempts in scope: how many
-- epochs the GPU-hours spent there bought. gpu_model 'none' (attempts without GPUs) is kept so
-- the epochs add up per resource; its ratios are NULL (no GPU-hours).
--
-- Derived columns:
--   epochs              completed epochs credited to this resource and model: its attempts
--                       that are the first success of their epoch (attempts.first_success), so
--                       per resource they add up to epochs_by_resource.epochs
--   gpu_hours           all GPU-hours of the model on the resource (wasted included);
--                       productive_gpu_hours of success and checkpoint attempts
--   epochs_per_100_gpu_hours  epochs / gpu_hours x 100 (NULL without GPU-hours)
--   epochs_per_100_productive_gpu_hours  epochs / productive_gpu_hours x 100
CREATE OR REPLACE VIEW gpu_model_efficiency AS
SELECT
    resource,
    gpu_model,
    coalesce(sum(epochs_credited), 0) AS epochs,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours), 0)) AS gpu_hours,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE productive), 0)) AS productive_gpu_hours,
    100.0 * coalesce(sum(epochs_credited), 0) / nullif(sum(gpu_hours), 0)
        AS epochs_per_100_gpu_hours,
    100.0 * coalesce(sum(epochs_credited), 0)
        / nullif(sum(gpu_hours) FILTER (WHERE productive), 0) AS epochs_per_100_productive_gpu_hours
FROM attempts
GROUP BY resource, gpu_model
ORDER BY resource_rank(resource), resource, gpu_hours DESC, gpu_model;
