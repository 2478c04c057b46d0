-- Cross-check of two sources of one campaign (views 600-699): experiments A and B, typically the
-- same campaign ingested once from its job_summary.csv and once from its HTCondor event logs.
-- The two experiments are the first two names of the session variable expreport_experiments
-- (`expreport compare-sources A B` sets it with bound parameters). In the duckdb shell:
--   SET VARIABLE expreport_experiments = ['gp_csv', 'gp_log']; FROM source_differences
--
-- src_ts(t): a timestamp as text (seconds, no time zone), for the value columns.
CREATE OR REPLACE MACRO src_ts(t) AS strftime(t, '%Y-%m-%d %H:%M:%S');

-- src_terminated(status): the CSV wrote the row from a terminated event (the only rows carrying
-- bytes and usage): completed, checkpointed, failed.
CREATE OR REPLACE MACRO src_terminated(s) AS lower(trim(s)) IN ('completed', 'checkpointed', 'failed');

-- src_usage(cpu, mem, gpu, gpu_mem, disk): the usage columns as one text ('cpu 3.86, memory
-- 48157 MB, gpu 0.91, gpu memory 81857 MB, disk 57807601 KB'); NULL when none is recorded.
CREATE OR REPLACE MACRO src_usage(cpu, mem, gpu, gmem, disk) AS
    CASE WHEN coalesce(cpu, mem, gpu, gmem, disk) IS NOT NULL THEN
        'cpu ' || coalesce(printf('%.2f', cpu), '—') || ', memory ' || coalesce(printf('%.0f MB', mem), '—')
        || ', gpu ' || coalesce(printf('%.2f', gpu), '—') || ', gpu memory ' || coalesce(printf('%.0f MB', gmem), '—')
        || ', disk ' || coalesce(printf('%d KB', disk), '—') END;

-- source_pairs: one row per attempt of A or B, paired across the two by (cluster_id, attempt_seq).
-- The CSV's Attempt Sequence counts executions within the cluster; an event log's within
-- cluster.proc, so a log cluster with procs > 0 is renumbered by start time (DAG jobs are proc 0).
-- A (cluster, attempt) a source holds twice pairs one to one, in start order (dup).
--
-- Columns:
--   experiment_a/b, kind_a/b   the experiments and their source kind ('csv', 'eventlog', 'mixed')
--   csv_vs_log     one experiment is all CSV and the other all event log: the reasons of
--                  source_differences apply (role c = the CSV one, role l = the log one)
--   c, l           the attempt_records row of each role as a STRUCT (NULL when that source has no
--                  such attempt), with stop_time = the earliest of End, Evicted, Held and Aborted
--                  Time and run_seconds = stop_time - Start Time (NULL when negative), as in attempts
--   c_is_a         role c is experiment A (values are reported as A and B)
--   log_*          facts of the log side about the cluster: its attempts, their distinct GPU
--                  counts, models and sites, summed GPU Memory MB and start times; an eviction
--                  without an execute event before it (eventlog_issues end_without_execute), an
--                  abort read from the text after a spliced line (recovered_from_text 009); the job
--                  never ran (queue_only_jobs)
--   log_host_rule  the resource an execute-host rule of resource_rules gives the log attempt
--   csv_attempts, csv_starts  attempts of the cluster in the CSV, and their start times
--   csv_gpu_elsewhere  the CSV's GPU UUID is another job's in the log, and this job had no GPU
--   csv_version    the header version (1..6) of the CSV file of role c's attempt: which columns
--                  that file could hold at all (see ingest_sources and csv-format's version table)
--   csv_gpus_empty, csv_bytes_empty  that CSV file has the GPU columns (Number of GPUs, Device
--                  Name, Memory MB) / byte columns but they are 0 or empty on EVERY row: the
--                  file does not record them (the real v1 files are so)
-- grain: cluster_id, attempt_seq
CREATE OR REPLACE VIEW source_pairs AS
WITH roles AS (
    SELECT s.exp_a, s.exp_b, ka.kind AS kind_a, kb.kind AS kind_b,
           coalesce((ka.kind = 'csv' AND kb.kind = 'eventlog') OR (ka.kind = 'eventlog' AND kb.kind = 'csv'),
                    false) AS csv_vs_log,
           NOT coalesce(ka.kind = 'eventlog' AND kb.kind = 'csv', false) AS c_is_a
    FROM (SELECT getvariable('expreport_experiments')[1] AS exp_a,
                 getvariable('expreport_experiments')[2] AS exp_b) s
    LEFT JOIN (SELECT experiment, CASE WHEN count(DISTINCT source_kind) = 1 THEN min(source_kind)
                                       ELSE 'mixed' END AS kind
               FROM ingests GROUP BY experiment) ka ON ka.experiment = s.exp_a
    LEFT JOIN (SELECT experiment, CASE WHEN count(DISTINCT source_kind) = 1 THEN min(source_kind)
                                       ELSE 'mixed' END AS kind
               FROM ingests GROUP BY experiment) kb ON kb.experiment = s.exp_b
),
keys AS (          -- pairing keys on narrow rows (window functions over whole rows are slow)
    SELECT r.rowid AS row_id, r.experiment, r.cluster_id, r.start_time,
           CASE WHEN (r.experiment = ro.exp_a) = ro.c_is_a THEN 'c' ELSE 'l' END AS role_,
           CASE WHEN max(coalesce(r.proc, 0)) OVER (PARTITION BY r.experiment, r.cluster_id) > 0
                THEN row_number() OVER (PARTITION BY r.experiment, r.cluster_id
                                        ORDER BY r.start_time, r.proc, r.attempt_seq)
                ELSE r.attempt_seq END AS pair_seq,
           r.source_line
    FROM attempt_records r, roles ro
    WHERE r.experiment IN (ro.exp_a, ro.exp_b) AND ro.exp_a <> ro.exp_b
),
dedup AS (
    SELECT row_id, role_, pair_seq,
           row_number() OVER (PARTITION BY experiment, cluster_id, pair_seq ORDER BY start_time, source_line) AS dup_
    FROM keys
),
rec AS (
    SELECT r.*, k.role_, k.pair_seq, k.dup_,
           stop_time_of(r.end_time, r.evicted_time, r.held_time, r.aborted_time) AS stop_time,
           run_seconds_of(r.start_time,
                          stop_time_of(r.end_time, r.evicted_time, r.held_time, r.aborted_time)) AS run_seconds
    FROM attempt_records r JOIN dedup k ON k.row_id = r.rowid
),
c AS MATERIALIZED (SELECT * EXCLUDE (role_) FROM rec WHERE role_ = 'c'),
l AS MATERIALIZED (SELECT * EXCLUDE (role_) FROM rec WHERE role_ = 'l'),
log_cluster AS (
    SELECT cluster_id, count(*) AS attempts, list(DISTINCT coalesce(n_gpus, 0)) AS gpus,
           list(DISTINCT gpu_name) AS models, list(DISTINCT glidein_site) AS sites,
           list(DISTINCT gpu_memory_mb) AS gpu_memories, sum(gpu_memory_mb) AS gpu_memory_sum,
           list(start_time) AS starts
    FROM l GROUP BY cluster_id
),
log_issue AS (
    SELECT TRY_CAST(regexp_extract(i.detail, '\((\d+)\.', 1) AS BIGINT) AS cluster_id,
           bool_or(i.kind = 'end_without_execute' AND i.detail LIKE '004%') AS evict_without_execute,
           bool_or(i.kind = 'recovered_from_text' AND i.detail LIKE '009%') AS abort_recovered
    FROM eventlog_issues i, roles ro
    WHERE i.experiment = CASE WHEN ro.c_is_a THEN ro.exp_b ELSE ro.exp_a END
    GROUP BY 1
),
log_queue_only AS (
    SELECT DISTINCT q.cluster_id
    FROM queue_only_jobs q, roles ro
    WHERE q.experiment = CASE WHEN ro.c_is_a THEN ro.exp_b ELSE ro.exp_a END
),
log_uuid AS (SELECT gpu_uuid, list(DISTINCT cluster_id) AS clusters FROM l WHERE gpu_uuid IS NOT NULL GROUP BY 1),
csv_cluster AS (SELECT cluster_id, count(*) AS attempts, list(start_time) AS starts FROM c GROUP BY cluster_id),
csv_file AS (
    SELECT c.ingest_id, any_value(i.header_version) AS header_version,
           NOT bool_or(coalesce(c.n_gpus, 0) > 0 OR nullif(trim(c.gpu_name), '') IS NOT NULL
                       OR coalesce(c.gpu_memory_mb, 0) > 0) AS gpus_empty,
           NOT bool_or(coalesce(c.bytes_received, 0) > 0 OR coalesce(c.bytes_sent, 0) > 0) AS bytes_empty
    FROM c JOIN ingests i ON i.ingest_id = c.ingest_id
    GROUP BY c.ingest_id
),
paired AS (
    SELECT CASE WHEN c.experiment IS NOT NULL THEN c END AS c,   -- NULL, not a STRUCT of NULLs
           CASE WHEN l.experiment IS NOT NULL THEN l END AS l,
           coalesce(c.cluster_id, l.cluster_id) AS cluster_id,
           coalesce(c.pair_seq, l.pair_seq) AS attempt_seq
    FROM c FULL JOIN l ON c.cluster_id = l.cluster_id AND c.pair_seq = l.pair_seq AND c.dup_ = l.dup_
)
SELECT
    ro.exp_a AS experiment_a, ro.kind_a, ro.exp_b AS experiment_b, ro.kind_b, ro.csv_vs_log, ro.c_is_a,
    p.cluster_id, p.attempt_seq, coalesce(p.c.job_name, p.l.job_name) AS job_name,
    p.c, p.l,
    coalesce(lc.attempts, 0) AS log_attempts,
    lc.gpus AS log_gpus, lc.models AS log_models, lc.sites AS log_sites,
    lc.gpu_memories AS log_gpu_memories, lc.gpu_memory_sum AS log_gpu_memory_sum,
    lc.starts AS log_starts,
    coalesce(li.evict_without_execute, false) AS log_evict_without_execute,
    coalesce(li.abort_recovered, false) AS log_abort_recovered,
    q.cluster_id IS NOT NULL AS log_queue_only,
    (SELECT arg_min(r.resource, (r.priority, r.rule_id)) FROM resource_rules r
     WHERE r.field = 'execute_host' AND p.l.execute_host LIKE r.pattern) AS log_host_rule,
    coalesce(cc.attempts, 0) AS csv_attempts, cc.starts AS csv_starts,
    coalesce(coalesce(p.l.n_gpus, 0) = 0 AND p.l.gpu_uuid IS NULL
             AND (len(u.clusters) > 1 OR u.clusters[1] <> p.cluster_id), false) AS csv_gpu_elsewhere,
    cf.header_version AS csv_version,
    coalesce(cf.gpus_empty, false) AS csv_gpus_empty,
    coalesce(cf.bytes_empty, false) AS csv_bytes_empty
FROM paired p
CROSS JOIN roles ro
LEFT JOIN log_cluster lc ON lc.cluster_id = p.cluster_id
LEFT JOIN log_issue li ON li.cluster_id = p.cluster_id
LEFT JOIN log_queue_only q ON q.cluster_id = p.cluster_id
LEFT JOIN csv_cluster cc ON cc.cluster_id = p.cluster_id
LEFT JOIN log_uuid u ON u.gpu_uuid = p.c.gpu_uuid
LEFT JOIN csv_file cf ON cf.ingest_id = p.c.ingest_id;
