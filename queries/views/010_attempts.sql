-- attempts: one row per execution attempt (one HTCondor execute event, i.e. one CSV row)
-- inside the current scope (see in_scope in 000_helpers.sql). Every per-attempt
-- definition of expreport lives here; later views only aggregate it.
--
-- Derived columns:
--   resource      where the attempt ran, assigned at ingest from the resource_rules table by
--                 queries/ingest/assign_resources.sql: a matching rule (execute host domain,
--                 e.g. *.delta.ncsa.illinois.edu -> delta; user rules first), else Targeted
--                 Resource lower-cased and trimmed ('CHTC' = 'chtc'), else 'ospool' for a
--                 glidein, else the DAG's ResourceName, else 'unknown'
--   site          GLIDEIN Resource Name (OSPool site) when present, else NULL
--   run           part of Job Name before the first '-' ('run3-train_epoch12' -> 'run3'); NULL without '-'
--   job_type      the rest without its '_epochN' suffix ('train'); a name without '-' is its own job type
--   epoch         N of a trailing '_epochN', else NULL
--                 (run, job_type, epoch: parsed at ingest by the job_name_parts macro, 000_helpers.sql)
--   run_key       training run identity: Run UUID when present, else DAG Source || '/' || run;
--                 NULL for jobs that belong to no training run (annex_helper, standalone jobs)
--   status        Final Status trimmed; blank -> NULL
--   outcome       'success' (completed), 'checkpoint' (checkpointed: progress kept, epoch not done),
--                 'running' (an event-log attempt still running when its log ended: running_until
--                 set, no end event), 'unknown' (blank status), else the status itself (failed,
--                 evicted, aborted, held, released, RESCUED, ...) as the failure kind
--   productive    outcome is success or checkpoint (goodput); every other attempt is wasted
--                 (badput), except 'running' ones: productive is NULL for them, so they are in
--                 attempts, run hours and GPU-hours but in neither productive (WHERE productive)
--                 nor wasted (WHERE NOT productive) hours; productive % = productive / (productive
--                 + wasted) = productive / (all - running); their hours are shown apart as running
--   waste_kind    NULL when productive or running; else failed / evicted / aborted / held/released /
--                 RESCUED / unknown / other
--   waste_cause   why a wasted attempt was lost, from the event log's hold/evict reason and code:
--                 memory over request (hold code 34, 'memory usage exceeded'), runtime limit
--                 (code 47, 'exceeded allowed execute duration'), input transfer failure (code
--                 13; output transfer failures, code 12, are 'other'), user removal (condor_hold
--                 or condor_rm by a user, or aborted), reconnect failure (024/007 events),
--                 machine shutdown/preemption ('Startd was shutdown', preempt, vacate,
--                 'Unspecified job interruption', or an eviction without reason), non-zero exit
--                 (failed), other (any other reason); a CSV row, which
--                 has no reason, is '<kind> (cause not recorded)'
--   stop_reason   the hold or evict reason text (event logs)
--   bytes_scope   'cluster' (CSV totals on the terminated attempt) or 'attempt' (event log: exact)
--   stop_time     the EARLIEST of End, Evicted, Held and Aborted Time: when the attempt stopped
--                 running (the generator's End Time of an aborted attempt can be weeks later);
--                 for a running attempt the log's last event time (running_until): run time and
--                 GPU-hours are counted up to there
--   run_seconds   stop_time - Start Time in seconds; NULL when either is missing or the span is
--                 negative (a negative span is a data issue, see data_issues)
--   negative_span true when stop_time < Start Time
--   gpus          Number of GPUs, 0 when empty
--   run_hours     run_seconds / 3600
--   gpu_hours     run_seconds x gpus / 3600
--   queue_seconds Start - Submit on a cluster's first attempt (Attempt Sequence 1), else NULL
--   gpu_model     GPU Device Name, 'none' when the attempt had no GPU
--   gpu_device_memory_mb  GPU Memory MB / gpus. Per attempt only an estimate: the generator's
--                 column is often a cluster-wide total; aggregate with the device_memory_mb macro
--   bytes_in/out  Total Bytes Received / Sent. In a CSV these are CLUSTER totals, written on
--                 the terminated attempt only (0 elsewhere): summing them per resource counts each
--                 cluster once, on the resource where it terminated
--   has_resource_column / has_input_timing / has_usage_columns  what the source file could say
--                 (see ingest_sources): a NULL there means "not recorded", not zero
--   xfer_in_seconds  input transfer duration (Transfer Input Duration, else End - Start of it)
--   input_mb_per_s   bytes_in / 1e6 / xfer_in_seconds, only where bytes_in is this attempt's own
--                 input: an event-log attempt (exact per-attempt bytes), or in a CSV a
--                 terminated first attempt of its cluster (Attempt Sequence 1)
--   first_success the first successful attempt of its (experiment, run_key, epoch): the epoch is
--                 credited to this attempt's resource (computed at ingest over the whole
--                 experiment by queries/ingest/derive_epochs.sql, so a filter never moves credit)
--   epoch_share   productive attempts of completed epochs: GPU-hours / the epoch's productive
--                 GPU-hours (sums to 1 per epoch: epoch-equivalents); NULL otherwise
--   day           Start Time's date
CREATE OR REPLACE VIEW attempts AS
WITH parsed AS (
    SELECT
        r.*,
        coalesce(r.resource, 'unknown') AS resource_,
        nullif(trim(r.final_status), '') AS status_,
        coalesce(stop_time_of(r.end_time, r.evicted_time, r.held_time, r.aborted_time),
                 r.running_until) AS stop_time_
    FROM attempt_records r
),
derived AS (
    SELECT
        p.*,
        CASE
            WHEN lower(status_) = 'completed' THEN 'success'
            WHEN lower(status_) = 'checkpointed' THEN 'checkpoint'
            WHEN status_ IS NULL AND running_until IS NOT NULL THEN 'running'
            WHEN status_ IS NULL THEN 'unknown'
            ELSE status_
        END AS outcome_,
        run_seconds_of(start_time, stop_time_) AS run_seconds_,
        coalesce(xfer_in_seconds,
                 CASE WHEN xfer_in_end >= xfer_in_start
                      THEN epoch(xfer_in_end - xfer_in_start) END) AS xfer_seconds_
    FROM parsed p
)
SELECT
    experiment,
    ingest_id,
    source_line,
    job_name,
    dag_source,
    run_uuid,
    cluster_id,
    attempt_seq,
    resource_ AS resource,
    nullif(trim(glidein_site), '') AS site,
    run,
    job_type,
    epoch,
    coalesce(nullif(run_uuid, ''),
             CASE WHEN run IS NOT NULL THEN coalesce(dag_source, '') || '/' || run END) AS run_key,
    coalesce(first_success, false) AS first_success,
    epoch_share,
    status_ AS status,
    outcome_ AS outcome,
    CASE WHEN outcome_ <> 'running' THEN outcome_ IN ('success', 'checkpoint') END AS productive,
    CASE
        WHEN outcome_ IN ('success', 'checkpoint', 'running') THEN NULL
        WHEN lower(outcome_) IN ('failed', 'evicted', 'aborted', 'unknown') THEN lower(outcome_)
        WHEN lower(outcome_) IN ('held', 'released') THEN 'held/released'
        WHEN outcome_ = 'RESCUED' OR lower(outcome_) = 'rescued' THEN 'RESCUED'
        ELSE 'other'
    END AS waste_kind,
    CASE
        WHEN outcome_ IN ('success', 'checkpoint', 'running') THEN NULL
        WHEN hold_code = 34 OR coalesce(hold_reason, evict_reason) ILIKE '%memory usage exceeded%'
             OR coalesce(hold_reason, evict_reason) ILIKE '%memory limit%' THEN 'memory over request'
        WHEN hold_code = 47 OR coalesce(hold_reason, evict_reason) ILIKE '%exceeded allowed execute duration%'
             OR coalesce(hold_reason, evict_reason) ILIKE '%runtime limit%' THEN 'runtime limit'
        WHEN hold_code = 13 OR coalesce(hold_reason, evict_reason) ILIKE '%transfer input files failure%'
             THEN 'input transfer failure'
        WHEN coalesce(hold_reason, evict_reason) ILIKE '%condor_hold%'
             OR coalesce(hold_reason, evict_reason) ILIKE '%condor_rm%' THEN 'user removal'
        WHEN outcome_event IN ('reconnect_failed', 'shadow_exception') THEN 'reconnect failure'
        WHEN coalesce(hold_reason, evict_reason) ILIKE '%startd was shutdown%'
             OR coalesce(hold_reason, evict_reason) ILIKE '%preempt%'
             OR coalesce(hold_reason, evict_reason) ILIKE '%vacate%'
             OR coalesce(hold_reason, evict_reason) ILIKE '%unspecified job interruption%'
             OR (outcome_event = 'evicted' AND coalesce(hold_reason, evict_reason, '') = '')
             THEN 'machine shutdown/preemption'
        WHEN lower(outcome_) = 'aborted' THEN 'user removal'
        WHEN lower(outcome_) = 'failed' THEN 'non-zero exit'
        WHEN coalesce(hold_reason, evict_reason) IS NOT NULL THEN 'other'
        ELSE lower(outcome_) || ' (cause not recorded)'
    END AS waste_cause,
    coalesce(hold_reason, evict_reason) AS stop_reason,
    outcome_event,
    exit_code,
    exit_signal,
    hold_code,
    hold_subcode,
    execute_host,
    dag_resource_name,
    submit_time,
    start_time,
    end_time,
    held_time,
    released_time,
    evicted_time,
    aborted_time,
    stop_time_ AS stop_time,
    run_seconds_ AS run_seconds,
    coalesce(stop_time_ < start_time, false) AS negative_span,
    coalesce(n_gpus, 0) AS gpus,
    run_seconds_ / 3600.0 AS run_hours,
    run_seconds_ * coalesce(n_gpus, 0) / 3600.0 AS gpu_hours,
    CASE WHEN attempt_seq = 1 AND start_time >= submit_time
         THEN epoch(start_time - submit_time) END AS queue_seconds,
    CASE WHEN coalesce(n_gpus, 0) = 0 THEN 'none'
         ELSE coalesce(nullif(trim(gpu_name), ''), 'unreported') END AS gpu_model,
    CASE WHEN n_gpus > 0 THEN gpu_memory_mb / n_gpus END AS gpu_device_memory_mb,
    gpu_memory_mb,
    gpu_capability,
    gpu_usage,
    gpu_memory_usage_mb,
    cpu_usage,
    peak_memory_mb,
    disk_usage_kb,
    bytes_received AS bytes_in,
    bytes_sent AS bytes_out,
    coalesce(bytes_scope, 'cluster') AS bytes_scope,
    request_cpus,
    request_memory_mb,
    request_disk_kb,
    request_gpus,
    request_gpu_memory_mb,
    i.header_version,
    i.has_resource_column,
    i.has_input_timing,
    i.has_usage_columns,
    xfer_in_start,
    xfer_in_end,
    xfer_seconds_ AS xfer_in_seconds,
    CASE WHEN bytes_received > 0 AND xfer_seconds_ > 0
              AND (bytes_scope = 'attempt'
                   OR (attempt_seq = 1 AND lower(status_) IN ('completed', 'checkpointed', 'failed')))
         THEN bytes_received / 1e6 / xfer_seconds_ END AS input_mb_per_s,
    coalesce(epochs_completed, 1) AS epochs_completed,
    CAST(start_time AS DATE) AS day
FROM derived
JOIN (SELECT ingest_id, header_version, has_resource_column, has_input_timing, has_usage_columns
      FROM ingest_sources) i USING (ingest_id)
WHERE in_scope(experiment, start_time, resource_);
