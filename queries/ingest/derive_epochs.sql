-- Epoch credit of one experiment ($experiment), recomputed after every ingest into it.
-- These depend on the experiment's other attempts, so they are computed here once over
-- the whole experiment (not per report scope) and stored in attempt_records:
--   first_success  true on the first successful attempt of each (experiment, training run,
--                  epoch): the earliest stop time, then Start Time, then ingest and line.
--                  The epoch is credited to that attempt's resource and day.
--                  A standalone training job (no epoch in its name, no training run, not a
--                  service job: e.g. standalone_train_uuid_..._cluster_N) is one unit too:
--                  its first successful attempt is its first success (credited with its
--                  Epochs Completed, see attempts.epochs_credited).
--   epoch_share    on productive attempts (success, checkpoint) of completed epochs: the
--                  attempt's GPU-hours / all productive GPU-hours of its epoch, so the
--                  shares of an epoch sum to 1 (its "epoch-equivalents"); an epoch with no
--                  productive GPU-hours gives its whole credit to its first success. For a
--                  standalone job the shares sum to its credited epochs instead of 1.
-- Read through the attempts view (scope variables reset by the caller), so outcome,
-- run_key, stop_time and gpu_hours have their one definition.
UPDATE attempt_records AS r
SET first_success = d.first_success,
    epoch_share = d.epoch_share
FROM (
    WITH a AS (
        SELECT ingest_id, source_line, outcome, productive, gpu_hours, stop_time, start_time,
               CASE WHEN epoch IS NOT NULL THEN run_key
                    ELSE 'standalone:' || coalesce(dag_source, '') || '/' || job_name END AS run_key,
               coalesce(epoch, -1) AS epoch,
               CASE WHEN epoch IS NOT NULL THEN 1
                    WHEN epoch_counts_recorded THEN greatest(coalesce(epochs_completed, 0), 0)
                    ELSE 0 END AS credit
        FROM attempts
        WHERE experiment = $experiment AND (epoch IS NOT NULL OR run_key IS NULL)
    ),
    ranked AS (
        SELECT *,
               outcome = 'success' AND row_number() OVER (
                   PARTITION BY run_key, epoch
                   ORDER BY outcome = 'success' DESC, coalesce(stop_time, start_time),
                            start_time, ingest_id, source_line) = 1 AS is_first,
               bool_or(outcome = 'success') OVER w AS epoch_done,
               max(credit) FILTER (WHERE outcome = 'success') OVER w AS epoch_credit,
               sum(gpu_hours) FILTER (WHERE productive) OVER w AS epoch_productive_gpu_hours
        FROM a
        WINDOW w AS (PARTITION BY run_key, epoch)
    )
    SELECT ingest_id, source_line, is_first AS first_success,
           CASE WHEN NOT epoch_done OR NOT coalesce(productive, false) THEN NULL  -- running: no share
                WHEN epoch_productive_gpu_hours > 0
                    THEN epoch_credit * coalesce(gpu_hours, 0) / epoch_productive_gpu_hours
                WHEN is_first THEN epoch_credit
                ELSE 0.0 END AS epoch_share
    FROM ranked
) d
WHERE r.experiment = $experiment
  AND r.ingest_id = d.ingest_id
  AND r.source_line = d.source_line
  -- only rows whose values change are written: an ingest into a big experiment leaves most of
  -- its rows' credit as it was, and an UPDATE of them made the COMMIT rewrite their row groups
  AND (r.first_success IS DISTINCT FROM d.first_success OR r.epoch_share IS DISTINCT FROM d.epoch_share);
