-- report_gpu_models: one row per GPU model with attempts in scope: how much of the campaign
-- ran on it and how fast it trained.
--
-- Derived columns:
--   gpu_model            as in attempts ('none' = attempts without GPUs, 'unreported' = GPUs
--                        assigned but no model name)
--   resources            the resources it was seen on, comma separated
--   attempts             execution attempts on it
--   gpus_per_attempt     most common number of GPUs per attempt
--   gpu_hours            sum of GPU-hours; productive_gpu_hours of success/checkpoint attempts
--   share_pct            gpu_hours / all GPU-hours in scope x 100 (the GPU mix)
--   productive_pct       productive_gpu_hours / GPU-hours of productive and wasted attempts x 100
--                        (attempts still running when their log ended are left out)
--   epochs               completed epochs credited to the model: the model of each epoch's
--                        first successful attempt (attempts.first_success, as the epochs view
--                        credits resources, so the models' epochs add up to the campaign's)
--   gpu_hours_per_epoch  GPU-hours per completed epoch over all attempts of the epoch's node:
--                        sum of epochs.gpu_hours (the node cost, attempts in scope, any
--                        outcome, any resource) over the named epochs credited to the model /
--                        those epochs (a standalone job's epochs have no node); NULL without
--   median_hours_per_epoch      the successful attempt's hours per epoch: median run hours of
--                        its successful attempts of named epochs
--   median_gpu_hours_per_epoch  median GPU-hours of those attempts
--   epochs_per_100_gpu_hours    epochs / gpu_hours x 100 (all GPU-hours, wasted included)
--   device_memory_mb     median memory of one device
-- grain: gpu_model
-- cache: report
CREATE OR REPLACE VIEW report_gpu_models AS
WITH credited AS (
    SELECT a.gpu_model, sum(a.epochs_credited) AS epochs,
           any_value(n.node_gpu_hours) AS node_gpu_hours, any_value(n.node_epochs) AS node_epochs
    FROM attempts a
    LEFT JOIN (SELECT gpu_model, count(*) AS node_epochs, sum(gpu_hours) AS node_gpu_hours
               FROM epochs GROUP BY gpu_model) n USING (gpu_model)
    WHERE a.epochs_credited > 0
    GROUP BY a.gpu_model
),
models AS (
    SELECT
        gpu_model,
        string_agg(DISTINCT resource, ', ' ORDER BY resource) AS resources,
        count(*) AS attempts,
        mode(gpus) AS gpus_per_attempt,
        if_recorded(has_gpu_columns, coalesce(sum(gpu_hours), 0)) AS gpu_hours,
        if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE productive), 0)) AS productive_gpu_hours,
        sum(gpu_hours) FILTER (WHERE productive IS NOT NULL) AS settled_gpu_hours,
        median(run_hours) FILTER (WHERE outcome = 'success' AND epoch IS NOT NULL)
            AS median_hours_per_epoch,
        median(gpu_hours) FILTER (WHERE outcome = 'success' AND epoch IS NOT NULL)
            AS median_gpu_hours_per_epoch,
        median(gpu_device_memory_mb) AS device_memory_mb
    FROM attempts
    GROUP BY gpu_model
)
SELECT
    m.gpu_model,
    m.resources,
    m.attempts,
    m.gpus_per_attempt,
    m.gpu_hours,
    m.productive_gpu_hours,
    pct_of(m.gpu_hours, sum(m.gpu_hours) OVER ()) AS share_pct,
    productive_pct(m.productive_gpu_hours, m.settled_gpu_hours) AS productive_pct,
    coalesce(c.epochs, 0) AS epochs,
    c.node_gpu_hours / nullif(c.node_epochs, 0) AS gpu_hours_per_epoch,
    m.median_hours_per_epoch,
    m.median_gpu_hours_per_epoch,
    epochs_per_100_gpu_hours(coalesce(c.epochs, 0), m.gpu_hours) AS epochs_per_100_gpu_hours,
    m.device_memory_mb
FROM models m
LEFT JOIN credited c USING (gpu_model)
ORDER BY m.gpu_hours DESC, m.gpu_model;
