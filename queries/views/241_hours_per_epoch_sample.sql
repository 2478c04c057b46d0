-- hours_per_epoch_sample: one row per sampled attempt of hours_per_epoch_by_gpu (the points
-- drawn over its boxes): at most 100 attempts per (GPU model, GPUs) and 2000 in all, picked
-- deterministically by a hash of (ingest_id, source_line), so the same data gives the same
-- points.
--
-- Derived columns:
--   gpu_model, gpus, resource, run_hours   of the sampled successful attempt
--   pick               the attempt's rank within its group by that hash (1 = first picked)
-- grain: gpu_model, gpus, resource, run_hours, pick
CREATE OR REPLACE VIEW hours_per_epoch_sample AS
WITH ranked AS (
    SELECT gpu_model, gpus, resource, run_hours,
           row_number() OVER (PARTITION BY gpu_model, gpus
                              ORDER BY hash(ingest_id, source_line), ingest_id, source_line) AS pick
    FROM attempts
    WHERE outcome = 'success' AND epoch IS NOT NULL AND gpus > 0 AND run_hours IS NOT NULL
)
SELECT gpu_model, gpus, resource, run_hours, pick
FROM ranked
WHERE pick <= 100
ORDER BY pick, gpu_model, gpus
LIMIT 2000;
