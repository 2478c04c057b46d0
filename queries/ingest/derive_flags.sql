-- Per-attempt flags of one experiment ($experiment) that depend on its other attempts, recomputed
-- after every ingest into it (before derive_epochs.sql, whose credit depends on them), so any
-- order of ingest gives the same result. Definitions (also in the attempts view header):
--
--   merge_state   for a CSV row (bytes_scope 'cluster') in an experiment that also holds event-log
--                 attempts: 'superseded' when an event-log attempt of the same HTCondor cluster
--                 started at the same Start Time (both are the same execute event's time; without a
--                 Start Time: the same Attempt Sequence) - the log's exact values win and the row
--                 leaves every view. Pairing by Start Time, not by sequence, keeps a CSV row whose
--                 execution the log lost (the log's numbering then shifts) from replacing another,
--                 else 'csv only' (kept from the CSV: DAG nodes logs hold only the last submission);
--                 NULL for event-log rows and in single-source experiments.
--   rescued       a RESCUED row that stopped with an End Time and no Evicted/Held/Aborted Time, of
--                 a named epoch, whose training run (Run UUID, else DAG Source/run) started its
--                 NEXT epoch (the smallest later epoch number with attempts) first at or after that
--                 End Time: DAGMan starts a run's next epoch only after this one succeeded, so the
--                 generator's "lost track" hid a completion. When the next epoch had started
--                 before the row ended, something else completed this epoch: not rescued.
--   gpu_details_copied  CSV rows only. Every row of an HTCondor cluster (DAG Source, cluster) with
--                 >= 2 rows that all share one GPU Device Name and one GPU Memory MB while
--                 (a) their Number of GPUs differ (memory summed over an attempt's own GPUs cannot
--                 then be equal), or (b) their resources or sites differ, or (c) that memory exceeds
--                 the rows' largest GPU count x the model's device memory x 1.05 (a sum over more
--                 devices than the attempt had); and any row whose GPU Memory Usage MB exceeds its
--                 model's device memory x 1.05 (it cannot have run on that model). Device memory
--                 of a model: the device_memory_mb macro over the experiment's rows of that model.
UPDATE attempt_records AS r
SET merge_state = f.merge_state, rescued = f.rescued, gpu_details_copied = f.copied
FROM (
    WITH x AS MATERIALIZED (
        SELECT rowid AS rid, dag_source, cluster_id, attempt_seq, epoch, final_status, start_time,
               end_time, evicted_time, held_time, aborted_time, gpu_name, gpu_memory_mb, n_gpus,
               gpu_memory_usage_mb, resource, glidein_site,
               coalesce(nullif(run_uuid, ''),
                        CASE WHEN run IS NOT NULL THEN coalesce(dag_source, '') || '/' || run END) AS run_key,
               bytes_scope = 'cluster' AS is_csv
        FROM attempt_records
        WHERE experiment = $experiment
    ),
    has_logs AS (SELECT bool_or(NOT is_csv) AS yes FROM x),
    log_starts AS (SELECT DISTINCT cluster_id, start_time FROM x WHERE NOT is_csv),
    log_seqs AS (SELECT DISTINCT cluster_id, attempt_seq FROM x WHERE NOT is_csv),
    merged AS (
        SELECT x.rid,
               CASE WHEN NOT x.is_csv OR NOT h.yes THEN NULL
                    WHEN ls.cluster_id IS NOT NULL OR lq.cluster_id IS NOT NULL THEN 'superseded'
                    ELSE 'csv only' END AS merge_state
        FROM x CROSS JOIN has_logs h
        LEFT JOIN log_starts ls ON h.yes AND ls.cluster_id = x.cluster_id AND ls.start_time = x.start_time
        LEFT JOIN log_seqs lq ON h.yes AND x.start_time IS NULL AND lq.cluster_id = x.cluster_id
                                 AND lq.attempt_seq = x.attempt_seq
    ),
    epoch_starts AS (      -- per run and epoch: the first start of the run's NEXT epoch
        SELECT run_key, epoch,
               lead(min(start_time)) OVER (PARTITION BY run_key ORDER BY epoch) AS later_start
        FROM x WHERE run_key IS NOT NULL AND epoch IS NOT NULL
        GROUP BY run_key, epoch
    ),
    device AS (
        SELECT gpu_name, device_memory_mb(gpu_memory_mb, n_gpus, attempt_seq) AS dev_mb
        FROM x WHERE gpu_name IS NOT NULL GROUP BY gpu_name
    ),
    multi AS (             -- clusters of >= 2 CSV rows (most have one: a cheap first pass)
        SELECT dag_source, cluster_id
        FROM x WHERE is_csv AND cluster_id IS NOT NULL
        GROUP BY dag_source, cluster_id HAVING count(*) >= 2
    ),
    clusters AS (
        SELECT dag_source, cluster_id
        FROM x SEMI JOIN multi m ON m.dag_source IS NOT DISTINCT FROM x.dag_source
                                 AND m.cluster_id = x.cluster_id
        LEFT JOIN device d USING (gpu_name)
        WHERE is_csv
        GROUP BY dag_source, cluster_id
        HAVING count(*) >= 2      -- (min = max: one value; cheaper than count(DISTINCT) here)
           AND count(gpu_name) = count(*) AND min(gpu_name) = max(gpu_name)
           AND count(gpu_memory_mb) = count(*) AND min(gpu_memory_mb) = max(gpu_memory_mb)
           AND (min(n_gpus) <> max(n_gpus)
                OR min(coalesce(resource, '') || '|' || coalesce(glidein_site, ''))
                   <> max(coalesce(resource, '') || '|' || coalesce(glidein_site, ''))
                OR max(gpu_memory_mb) > max(n_gpus) * any_value(d.dev_mb) * 1.05)
    )
    -- flags are stored as true or NULL (the attempts view reads NULL as false), so only the rows
    -- whose flags change are written (a full rewrite cost 2.4 s per million attempts)
    SELECT x.rid, m.merge_state,
           CASE WHEN upper(trim(x.final_status)) = 'RESCUED' AND x.end_time IS NOT NULL
                     AND x.evicted_time IS NULL AND x.held_time IS NULL AND x.aborted_time IS NULL
                     AND e.later_start >= x.end_time THEN true END AS rescued,
           CASE WHEN x.is_csv AND (c.cluster_id IS NOT NULL OR x.gpu_memory_usage_mb > d.dev_mb * 1.05)
                THEN true END AS copied
    FROM x
    JOIN merged m USING (rid)
    LEFT JOIN epoch_starts e ON e.run_key = x.run_key AND e.epoch = x.epoch
    LEFT JOIN device d ON d.gpu_name = x.gpu_name
    LEFT JOIN clusters c ON c.dag_source IS NOT DISTINCT FROM x.dag_source AND c.cluster_id = x.cluster_id
) f
WHERE r.rowid = f.rid
  AND (r.merge_state IS DISTINCT FROM f.merge_state OR r.rescued IS DISTINCT FROM f.rescued
       OR r.gpu_details_copied IS DISTINCT FROM f.copied);
