-- experiment_gpu_mix: one row per (experiment, GPU model) with attempts in scope: each
-- experiment's GPU mix.
--
-- Derived columns:
--   experiment_pos     the experiment's place in the comparison (experiment_order macro)
--   gpu_model          GPU Device Name ('none' without GPUs, 'unreported' when GPUs were
--                      assigned but the model is missing), as in gpu_mix
--   gpu_label          gpu_model without its vendor prefix ('NVIDIA A40' -> 'A40')
--   attempts           execution attempts on the model
--   gpus_per_attempt   the most common number of GPUs per attempt
--   gpu_hours          run_seconds x GPUs / 3600; productive_gpu_hours of success and checkpoint
--   share_pct          gpu_hours / the experiment's GPU-hours x 100 (NULL without GPU-hours)
--   epochs             completed epochs whose first successful attempt ran on the model
--   epochs_per_100_gpu_hours  epochs / gpu_hours x 100
-- grain: experiment, gpu_model
-- cache: compare
CREATE OR REPLACE VIEW experiment_gpu_mix AS
SELECT
    experiment,
    experiment_order(experiment) AS experiment_pos,
    gpu_model,
    regexp_replace(gpu_model, '^(NVIDIA|Tesla) ', '') AS gpu_label,
    count(*) AS attempts,
    mode(gpus) AS gpus_per_attempt,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours), 0)) AS gpu_hours,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE productive), 0)) AS productive_gpu_hours,
    pct_of(if_recorded(has_gpu_columns, coalesce(sum(gpu_hours), 0)), sum(sum(gpu_hours)) OVER (PARTITION BY experiment)) AS share_pct,
    coalesce(sum(epochs_credited), 0) AS epochs,
    epochs_per_100_gpu_hours(coalesce(sum(epochs_credited), 0), sum(gpu_hours)) AS epochs_per_100_gpu_hours
FROM attempts
GROUP BY experiment, gpu_model
ORDER BY experiment_pos, experiment, gpu_hours DESC, gpu_model;
