-- source_differences: one row per (attempt, field) where experiments A and B differ (see
-- source_pairs: A and B are the first two names of expreport_experiments, attempts paired by
-- (cluster_id, attempt_seq)), with both values and why they differ. An attempt present in one
-- source only is one row with field 'attempt'.
--
-- Columns:
--   field          attempt, job_name, dag_source, run_uuid, submit_time, start_time, end_time,
--                  run_seconds (stop_time - start; stop = earliest of End/Evicted/Held/Aborted
--                  Time), held_time, released_time, evicted_time, aborted_time, final_status,
--                  resource, glidein_site, n_gpus, gpu_name, gpu_memory_mb, bytes_received,
--                  bytes_sent, usage (CPU, peak memory, GPU, GPU memory, disk usage together)
--   value_a/b      the field's value in A and B as text (NULL: not recorded)
--   difference     B - A for numbers, in seconds for times
--   line_a/b       source line of the attempt in A and B (CSV row, or the log's execute event)
--   reason         a code, classified by the CASE below when one source is a CSV and the other
--                  event logs (else 'same_kind'); 'unexplained' when no known cause fits. A
--                  field the CSV's header version has no column for is 'not_in_csv_version'
--                  (and one its file leaves 0/empty on every row 'csv_column_empty'), before
--                  any other cause: that source could not record it at all
--   explanation    the reason in words
-- grain: cluster_id, attempt_seq, field
CREATE OR REPLACE VIEW source_differences AS
WITH reasons(reason, explanation) AS (VALUES
    ('cluster_not_in_csv', 'job not in the CSV: the generator did not list this cluster (e.g. hand-run jobs outside its input)'),
    ('attempt_not_in_csv', 'execution missing from the CSV: the log has more execute events for this cluster than the CSV has rows'),
    ('cluster_not_in_log', 'cluster not in the event logs given (another log, or a submission the nodes log no longer holds)'),
    ('never_ran_in_log', 'the log shows this job never executed (queue-only: no execute event)'),
    ('missing_execute_in_log', 'missing execute event in the log: the CSV has more executions of this cluster'),
    ('duplicate_attempt', 'the source holds this (cluster, attempt) more than once'),
    ('standalone_identity', 'standalone job without a DAG node: the CSV generator makes up Job Name / DAG Source (standalone_<type>_uuid_<run>_cluster_<id>); the log has none (expreport names it cluster<id>)'),
    ('dag_not_given', 'the DAG file of this node was not given with --dag, so the log side has no DAG / VARS'),
    ('sequence_shift', 'attempt numbering differs: the paired attempts are different executions (each start time is another execution of the cluster in the other source), so their fields differ too'),
    ('csv_end_is_removal', 'CSV End Time of an aborted attempt is the removal time; the attempt had stopped earlier (eviction or hold: the log''s first end event)'),
    ('csv_held_no_end', 'held/released attempt without End Time in the CSV (it ran until Held Time)'),
    ('reconnect_end', 'the log ends the attempt at the 024/007 (reconnect failed / shadow exception); the CSV at the 004 eviction HTCondor writes just after it'),
    ('csv_eviction_without_execute', 'eviction before execute attributed to previous attempt in the CSV: a 004 with no execute event before it (input-transfer eviction, or a missing execute event in the log) extends the previous attempt'),
    ('csv_last_event', 'the CSV keeps the last such event of the attempt, the log the first'),
    ('log_no_end', 'no end event for this attempt in the log (still running, or the event was lost)'),
    ('spliced_line', 'spliced line: the CSV lost the abort (its 009 event starts in the middle of another event''s line; the log reader recovered it from the text)'),
    ('csv_nonzero_exit_completed', 'CSV calls non-zero exit codes other than 1 (and signals) ''completed''; the log maps them to failed'),
    ('csv_abort_wins', 'removed after it had stopped: the CSV calls the attempt aborted (abort wins over an earlier eviction/hold); the log keeps the event that ended it'),
    ('no_reconnect_status', 'the CSV has no reconnect-failed status: it reports the eviction HTCondor writes after the 024/007'),
    ('csv_rescued', 'DAGMan lost track of the job: the CSV marks every attempt of the cluster RESCUED'),
    ('csv_blank_status', 'blank Final Status in the CSV (an end event the generator ignores)'),
    ('host_rule_vs_targeted', 'execute host rule (e.g. chtc.wisc.edu -> chtc) vs the CSV''s Targeted Resource'),
    ('log_no_resource', 'the log gives no resource evidence (execute host matches no rule, no GLIDEIN site, no DAG ResourceName: e.g. a local-universe helper on the access point); the CSV''s Targeted Resource is a guess'),
    ('csv_no_targeted', 'no Targeted Resource in the CSV'),
    ('copied_across_cluster', 'GPU details and site copied across the cluster''s attempts by the CSV generator (nodes-log override): the CSV value is another execution''s of this cluster'),
    ('gpu_memory_cluster_sum', 'CSV GPU Memory MB is summed over all the cluster''s executions; the log''s is this attempt''s GPUs'),
    ('csv_gpu_from_other_job', 'CSV GPU details belong to another job''s execute event (its GPU UUID); this job''s execute event has no GPU'),
    ('csv_gpu_count_unsupported', 'CSV Number of GPUs matches no execute event of the cluster; the log''s execute event (GPUs = N and its AvailableGPUs list) is this attempt''s'),
    ('no_bytes_in_end_event', 'this attempt''s end event carries no byte counters (a hold, or an event cut off); the CSV writes 0'),
    ('csv_bytes_terminated_only', 'CSV bytes appear on the terminated row only (0 on evicted/aborted/held rows); the log''s are this attempt''s Run Bytes'),
    ('csv_bytes_cluster_total', 'CSV bytes are cumulative cluster totals on the terminated row; the log''s are this attempt''s Run Bytes'),
    ('csv_usage_terminated_only', 'CSV fills usage only on terminated rows; the log reads the usage table of evictions too'),
    ('csv_usage_shifted', 'the usage table''s GPUs Usage cell is empty; the CSV generator read the next column (Request = Allocated) as the GPU usage'),
    ('not_in_csv_version', 'not in this CSV version: the CSV''s header version has no such column (Targeted Resource: v2+, GLIDEIN Resource Name: v5+, Run UUID and the usage columns: v6), so only the log records it'),
    ('csv_column_empty', 'not recorded in this CSV file: the column exists but is 0 or empty on every row of the file (the real v1 files carry no GPUs and no bytes); the log''s value is the record'),
    ('same_kind', 'both experiments are the same kind of source (or mixed): no known cause'),
    ('unexplained', 'no known cause')
),
pairs AS MATERIALIZED (FROM source_pairs),
fields AS (
    SELECT p.*, unnest([
        {'pos': 1, 'field': 'job_name', 'cv': c.job_name, 'lv': l.job_name, 'diff': NULL::DOUBLE},
        {'pos': 2, 'field': 'dag_source', 'cv': c.dag_source, 'lv': l.dag_source, 'diff': NULL},
        {'pos': 3, 'field': 'run_uuid', 'cv': nullif(c.run_uuid, ''), 'lv': nullif(l.run_uuid, ''), 'diff': NULL},
        {'pos': 4, 'field': 'submit_time', 'cv': src_ts(c.submit_time), 'lv': src_ts(l.submit_time),
         'diff': epoch(l.submit_time - c.submit_time)},
        {'pos': 5, 'field': 'start_time', 'cv': src_ts(c.start_time), 'lv': src_ts(l.start_time),
         'diff': epoch(l.start_time - c.start_time)},
        {'pos': 6, 'field': 'end_time', 'cv': src_ts(c.end_time), 'lv': src_ts(l.end_time),
         'diff': epoch(l.end_time - c.end_time)},
        {'pos': 7, 'field': 'run_seconds', 'cv': CAST(CAST(c.run_seconds AS BIGINT) AS VARCHAR),
         'lv': CAST(CAST(l.run_seconds AS BIGINT) AS VARCHAR),
         'diff': l.run_seconds - c.run_seconds},
        {'pos': 8, 'field': 'held_time', 'cv': src_ts(c.held_time), 'lv': src_ts(l.held_time),
         'diff': epoch(l.held_time - c.held_time)},
        {'pos': 9, 'field': 'released_time', 'cv': src_ts(c.released_time), 'lv': src_ts(l.released_time),
         'diff': epoch(l.released_time - c.released_time)},
        {'pos': 10, 'field': 'evicted_time', 'cv': src_ts(c.evicted_time), 'lv': src_ts(l.evicted_time),
         'diff': epoch(l.evicted_time - c.evicted_time)},
        {'pos': 11, 'field': 'aborted_time', 'cv': src_ts(c.aborted_time), 'lv': src_ts(l.aborted_time),
         'diff': epoch(l.aborted_time - c.aborted_time)},
        {'pos': 12, 'field': 'final_status', 'cv': nullif(trim(c.final_status), ''),
         'lv': nullif(trim(l.final_status), ''), 'diff': NULL},
        {'pos': 13, 'field': 'resource', 'cv': c.resource, 'lv': l.resource, 'diff': NULL},
        {'pos': 14, 'field': 'glidein_site', 'cv': nullif(trim(c.glidein_site), ''),
         'lv': nullif(trim(l.glidein_site), ''), 'diff': NULL},
        {'pos': 15, 'field': 'n_gpus', 'cv': CAST(coalesce(c.n_gpus, 0) AS VARCHAR),
         'lv': CAST(coalesce(l.n_gpus, 0) AS VARCHAR), 'diff': coalesce(l.n_gpus, 0) - coalesce(c.n_gpus, 0)},
        {'pos': 16, 'field': 'gpu_name', 'cv': nullif(trim(c.gpu_name), ''), 'lv': nullif(trim(l.gpu_name), ''),
         'diff': NULL},
        {'pos': 17, 'field': 'gpu_memory_mb', 'cv': CAST(c.gpu_memory_mb AS VARCHAR),
         'lv': CAST(l.gpu_memory_mb AS VARCHAR), 'diff': l.gpu_memory_mb - c.gpu_memory_mb},
        {'pos': 18, 'field': 'bytes_received', 'cv': CAST(c.bytes_received AS VARCHAR),
         'lv': CAST(l.bytes_received AS VARCHAR), 'diff': l.bytes_received - c.bytes_received},
        {'pos': 19, 'field': 'bytes_sent', 'cv': CAST(c.bytes_sent AS VARCHAR), 'lv': CAST(l.bytes_sent AS VARCHAR),
         'diff': l.bytes_sent - c.bytes_sent},
        {'pos': 20, 'field': 'usage', 'cv': src_usage(c.cpu_usage, c.peak_memory_mb, c.gpu_usage,
                                                      c.gpu_memory_usage_mb, c.disk_usage_kb),
         'lv': src_usage(l.cpu_usage, l.peak_memory_mb, l.gpu_usage, l.gpu_memory_usage_mb, l.disk_usage_kb),
         'diff': NULL}
    ]) AS f
    FROM pairs p
    WHERE p.c IS NOT NULL AND p.l IS NOT NULL
),
diffs AS (
    SELECT *, f.pos AS pos, f.field AS field, f.cv AS cv, f.lv AS lv, f.diff AS diff,
           CASE
           WHEN NOT csv_vs_log THEN 'same_kind'
           WHEN (f.field IN ('run_uuid', 'usage') AND csv_version < 6)
                OR (f.field = 'glidein_site' AND csv_version < 5)
                OR (f.field = 'resource' AND csv_version < 2) THEN 'not_in_csv_version'
           WHEN (f.field IN ('n_gpus', 'gpu_name', 'gpu_memory_mb') AND csv_gpus_empty)
                OR (f.field IN ('bytes_received', 'bytes_sent') AND csv_bytes_empty) THEN 'csv_column_empty'
           WHEN c.start_time IS DISTINCT FROM l.start_time
                AND (list_contains(log_starts, c.start_time) OR list_contains(csv_starts, l.start_time))
                THEN 'sequence_shift'
           WHEN f.field IN ('job_name', 'dag_source', 'run_uuid') THEN CASE
               WHEN l.job_name IS NULL OR l.job_name LIKE 'cluster' || cluster_id || '%' THEN 'standalone_identity'
               WHEN l.dag_source IS NULL THEN 'dag_not_given'
               ELSE 'unexplained' END
           WHEN log_abort_recovered AND c.aborted_time IS NULL AND l.aborted_time IS NOT NULL
                AND (f.field IN ('final_status', 'aborted_time')
                     OR (f.field = 'end_time' AND l.end_time = l.aborted_time)
                     OR (f.field = 'run_seconds' AND l.stop_time = l.aborted_time)) THEN 'spliced_line'
           WHEN f.field = 'end_time' THEN CASE
               WHEN lower(c.final_status) = 'aborted' AND c.end_time = c.aborted_time
                    AND l.stop_time < c.end_time THEN 'csv_end_is_removal'
               WHEN c.end_time IS NULL AND lower(trim(c.final_status)) IN ('held', 'released')
                    AND l.end_time = l.held_time THEN 'csv_held_no_end'
               WHEN l.outcome_event IN ('reconnect_failed', 'shadow_exception') AND f.diff < 0
                    AND c.end_time = c.evicted_time THEN 'reconnect_end'
               WHEN log_evict_without_execute AND f.diff < 0 AND c.end_time = c.evicted_time
                    THEN 'csv_eviction_without_execute'
               WHEN l.end_time IS NULL THEN 'log_no_end'
               ELSE 'unexplained' END
           WHEN f.field = 'run_seconds' THEN CASE
               WHEN l.outcome_event IN ('reconnect_failed', 'shadow_exception') AND c.stop_time > l.stop_time
                    THEN 'reconnect_end'
               WHEN log_evict_without_execute AND c.stop_time > l.stop_time
                    AND c.stop_time IN (c.evicted_time, c.held_time) THEN 'csv_eviction_without_execute'
               WHEN lower(c.final_status) = 'aborted' AND c.stop_time = c.aborted_time
                    AND c.stop_time > l.stop_time THEN 'csv_end_is_removal'
               WHEN l.stop_time IS NULL THEN 'log_no_end'
               ELSE 'unexplained' END
           WHEN f.field IN ('held_time', 'released_time', 'evicted_time', 'aborted_time') THEN CASE
               WHEN f.field = 'evicted_time' AND log_evict_without_execute
                    AND (f.diff < 0 OR l.evicted_time IS NULL) THEN 'csv_eviction_without_execute'
               WHEN f.diff < 0 THEN 'csv_last_event'
               ELSE 'unexplained' END
           WHEN f.field = 'final_status' THEN CASE
               WHEN lower(c.final_status) = 'completed' AND lower(l.final_status) = 'failed'
                    AND (l.exit_signal IS NOT NULL OR l.exit_code NOT IN (0, 1, 85)) THEN 'csv_nonzero_exit_completed'
               WHEN lower(c.final_status) = 'aborted' AND l.aborted_time IS NOT NULL THEN 'csv_abort_wins'
               WHEN lower(c.final_status) = 'evicted' AND l.final_status IN ('reconnect_failed', 'shadow_exception')
                    THEN 'no_reconnect_status'
               WHEN lower(c.final_status) = 'rescued' THEN 'csv_rescued'
               WHEN f.cv IS NULL THEN 'csv_blank_status'
               WHEN f.lv IS NULL THEN 'log_no_end'
               ELSE 'unexplained' END
           WHEN f.field = 'resource' THEN CASE
               WHEN log_host_rule = l.resource AND c.resource = lower(trim(c.targeted_resource)) THEN 'host_rule_vs_targeted'
               WHEN l.resource = 'unknown' THEN 'log_no_resource'
               WHEN nullif(trim(c.targeted_resource), '') IS NULL THEN 'csv_no_targeted'
               ELSE 'unexplained' END
           WHEN f.field IN ('n_gpus', 'gpu_name', 'gpu_memory_mb') AND csv_gpu_elsewhere THEN 'csv_gpu_from_other_job'
           WHEN f.field = 'glidein_site' AND list_contains(log_sites, f.cv) THEN 'copied_across_cluster'
           WHEN f.field = 'gpu_name' AND list_contains(log_models, f.cv) THEN 'copied_across_cluster'
           WHEN f.field = 'n_gpus' THEN CASE
               WHEN list_contains(log_gpus, coalesce(c.n_gpus, 0)) THEN 'copied_across_cluster'
               ELSE 'csv_gpu_count_unsupported' END
           WHEN f.field = 'gpu_memory_mb' THEN CASE
               WHEN log_attempts > 1 AND c.gpu_memory_mb = log_gpu_memory_sum THEN 'gpu_memory_cluster_sum'
               WHEN list_contains(log_gpu_memories, c.gpu_memory_mb) THEN 'copied_across_cluster'
               ELSE 'unexplained' END
           WHEN f.field IN ('bytes_received', 'bytes_sent') THEN CASE
               WHEN f.lv IS NULL AND f.cv = '0' THEN 'no_bytes_in_end_event'
               WHEN NOT src_terminated(c.final_status) AND coalesce(f.cv, '0') = '0' THEN 'csv_bytes_terminated_only'
               WHEN src_terminated(c.final_status) AND f.diff < 0 THEN 'csv_bytes_cluster_total'
               ELSE 'unexplained' END
           WHEN f.field = 'usage' THEN CASE
               WHEN NOT src_terminated(c.final_status) AND coalesce(c.cpu_usage, c.peak_memory_mb, c.gpu_usage,
                                                                   c.gpu_memory_usage_mb, c.disk_usage_kb) IS NULL
                    THEN 'csv_usage_terminated_only'
               WHEN l.gpu_usage IS NULL AND c.gpu_usage IN (l.request_gpus, l.alloc_gpus) THEN 'csv_usage_shifted'
               ELSE 'unexplained' END
           ELSE 'unexplained' END AS reason
    FROM fields
    WHERE f.cv IS DISTINCT FROM f.lv
),
presence AS (
    SELECT *, 0 AS pos, 'attempt' AS field,
           CASE WHEN c IS NOT NULL THEN src_ts(c.start_time) || ' ' || coalesce(c.final_status, '') END AS cv,
           CASE WHEN l IS NOT NULL THEN src_ts(l.start_time) || ' ' || coalesce(l.final_status, '') END AS lv,
           NULL::DOUBLE AS diff,
           CASE
           WHEN NOT csv_vs_log THEN 'same_kind'
           WHEN coalesce(c.dup_, l.dup_) > 1 THEN 'duplicate_attempt'
           WHEN c IS NULL AND csv_attempts = 0 THEN 'cluster_not_in_csv'
           WHEN c IS NULL THEN 'attempt_not_in_csv'
           WHEN log_attempts = 0 AND log_queue_only THEN 'never_ran_in_log'
           WHEN log_attempts = 0 THEN 'cluster_not_in_log'
           ELSE 'missing_execute_in_log' END AS reason
    FROM pairs
    WHERE c IS NULL OR l IS NULL
)
SELECT
    d.experiment_a, d.experiment_b, d.cluster_id, d.attempt_seq, d.job_name, d.field,
    CASE WHEN d.c_is_a THEN d.cv ELSE d.lv END AS value_a,
    CASE WHEN d.c_is_a THEN d.lv ELSE d.cv END AS value_b,
    CASE WHEN d.c_is_a THEN d.diff ELSE -d.diff END AS difference,
    d.reason, coalesce(r.explanation, d.reason) AS explanation,
    CASE WHEN d.c_is_a THEN d.c.source_line ELSE d.l.source_line END AS line_a,
    CASE WHEN d.c_is_a THEN d.l.source_line ELSE d.c.source_line END AS line_b,
    d.pos AS field_pos
FROM (SELECT experiment_a, experiment_b, c_is_a, cluster_id, attempt_seq, job_name, c, l,
             pos, field, cv, lv, diff, reason FROM diffs
      UNION ALL BY NAME
      SELECT experiment_a, experiment_b, c_is_a, cluster_id, attempt_seq, job_name, c, l,
             pos, field, cv, lv, diff, reason FROM presence) d
LEFT JOIN reasons r USING (reason)
ORDER BY d.cluster_id, d.attempt_seq, d.pos;
