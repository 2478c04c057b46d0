-- hours_per_epoch_by_gpu: one row per (GPU model, GPUs per attempt): how long one epoch took
-- to train, from the successful attempts of named epochs (Job Name ending in _epochN) that
-- ran on GPUs and have a runtime.
--
-- Derived columns:
--   gpu_model, gpus     GPU Device Name and Number of GPUs of the attempt
--   n, min, p10, p25, median, p75, p90, max   distribution of those attempts' run_hours
--                       (wall hours from Start to stop; see box_stats)
--   gpu_hours_median    median GPU-hours per epoch (run_hours x gpus)
-- grain: gpu_model, gpus
CREATE OR REPLACE VIEW hours_per_epoch_by_gpu AS
SELECT gpu_model, gpus, unnest(box_stats(run_hours)), median(gpu_hours) AS gpu_hours_median
FROM attempts
WHERE outcome = 'success' AND epoch IS NOT NULL AND gpus > 0 AND run_hours IS NOT NULL
GROUP BY gpu_model, gpus
ORDER BY gpu_model, gpus;
