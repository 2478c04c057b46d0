-- all_attempts: one row per execution attempt (one HTCondor execute event, i.e. one CSV row)
-- inside the current scope (see in_scope in 000_helpers.sql; scope_checked refuses misspelt
-- scope variables and upper-case resources with an error), service jobs included. Every
-- per-attempt definition of expreport lives here; later views aggregate `attempts` (compute
-- attempts: service jobs left out) and `service_attempts` lists the service jobs apart.
-- A CSV row whose attempt is also read from an event log of the same experiment is not an
-- attempt of its own (merge_state 'superseded', see queries/ingest/derive_flags.sql): the
-- event log's values win, whatever the order of ingest. An implausible attempt (outside
-- plausibility_bounds: attempt_records.implausible, set at ingest) is not an attempt either: it
-- is listed in implausible_attempts and data_issues, and left out of every total.
--
-- Derived columns:
--   resource      where the attempt ran, assigned at ingest from the resource_rules table by
--                 queries/ingest/assign_resources.sql: a matching user rule, else 'ospool' for
--                 an attempt that ran in a glidein (whatever its execute host), else a built-in
--                 execute-host rule (*.delta.ncsa.illinois.edu -> delta, ...), else Targeted
--                 Resource lower-cased and trimmed ('CHTC' = 'chtc'), else the DAG's
--                 ResourceName, else 'unknown'
--   site          GLIDEIN Resource Name (OSPool site) when present, else NULL
--   run           part of Job Name before the first '-' ('run3-train_epoch12' -> 'run3'); NULL without '-'
--   job_type      the rest without its '_epochN' suffix ('train'); a name without '-' is its own job type
--   epoch         N of a trailing '_epochN', else NULL
--                 (run, job_type, epoch: parsed at ingest by the job_name_parts macro, 000_helpers.sql)
--   run_key       training run identity: Run UUID when present, else DAG Source || '/' || run;
--                 NULL for jobs that belong to no training run (annex_helper, standalone jobs)
--   service       a service job, not compute (is_service_job macro, 000_helpers.sql): a DAG SERVICE
--                 node or local/scheduler-universe job, a job that ran on its access point
--                 (execute host = submit host), or a DAG helper known by name (annex_helper)
--   status        Final Status trimmed; blank -> NULL
--   rescued       a RESCUED row counted as completed work (derived at ingest,
--                 queries/ingest/derive_flags.sql): it stopped with an End Time and no
--                 Evicted/Held/Aborted Time, and the same run started its next epoch first at
--                 or after that End Time (DAGMan only starts the next epoch after this one succeeded)
--   outcome       'success' (completed, or a rescued RESCUED row),
--                 'checkpoint' (checkpointed: progress kept, epoch not done),
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
--   waste_cause   why a wasted attempt was lost, from the event log's hold/evict/abort reason and code:
--                 memory over request (hold code 34, 'memory usage exceeded'), runtime limit
--                 (code 47, 'exceeded allowed execute duration'), input transfer failure (code
--                 13; output transfer failures, code 12, are 'other'), user removal (condor_hold
--                 or condor_rm by a user, 'DAG Removed', 'removed by user', the DAGMan job removed;
--                 an eviction without reason followed within 60 s by an abort of the job, or
--                 aborted), reconnect failure (024/007 events),
--                 machine shutdown/preemption ('Startd was shutdown', preempt, vacate,
--                 'Unspecified job interruption', or an eviction without reason), non-zero exit
--                 (failed), other (any other reason); a CSV row, which
--                 has no reason, is '<kind> (cause not recorded)'
--   stop_reason   the hold, evict or abort reason text (event logs): the abort's only for an
--                 attempt ended by the abort, or evicted without reason <= 60 s before it
--   bytes_scope   'cluster' (CSV totals on the terminated attempt) or 'attempt' (event log: exact)
--   stop_time     the EARLIEST of End, Evicted, Held and Aborted Time: when the attempt stopped
--                 running (the generator's End Time of an aborted attempt can be weeks later);
--                 for a running attempt the log's last event time (running_until): run time and
--                 GPU-hours are counted up to there
--   run_seconds   stop_time - Start Time in seconds; NULL when either is missing or the span is
--                 negative (a negative span is a data issue, see data_issues)
--   negative_span true when stop_time < Start Time
--   gpus          Number of GPUs, 0 when empty; NULL ("not recorded") when the file recorded no
--                 GPUs (ingest_sources.has_gpu_columns: the v1 generator wrote 0 everywhere)
--   gpu_details_copied  a CSV row whose GPU model, count and memory the generator copied across
--                 its cluster's attempts (derived at ingest, queries/ingest/derive_flags.sql):
--                 its GPU-hours and model may be wrong (an event log of the same experiment
--                 replaces them)
--   run_hours     run_seconds / 3600
--   gpu_hours     run_seconds x gpus / 3600 (NULL when GPUs are not recorded)
--   queue_seconds Start - Submit on a cluster's first attempt (Attempt Sequence 1), else NULL
--   gpu_model     GPU Device Name, 'none' when the attempt had no GPU, 'not recorded' when the
--                 file recorded no GPUs
--   gpu_device_memory_mb  GPU Memory MB / gpus. Per attempt only an estimate: the generator's
--                 column is often a cluster-wide total; aggregate with the device_memory_mb macro
--   bytes_in/out  Total Bytes Received / Sent. In a CSV these are CLUSTER totals, written on
--                 the terminated attempt only (0 elsewhere): summing them per resource counts each
--                 cluster once, on the resource where it terminated; NULL when the file
--                 recorded no bytes (ingest_sources.has_byte_columns)
--   has_resource_column / has_input_timing / has_usage_columns  what the source file could say
--                 (see ingest_sources): a NULL there means "not recorded", not zero
--   xfer_in_seconds  input transfer duration (Transfer Input Duration, else End - Start of it)
--   input_mb_per_s   bytes_in / 1e6 / xfer_in_seconds, only where bytes_in is this attempt's own
--                 input: an event-log attempt (exact per-attempt bytes), or in a CSV a
--                 terminated first attempt of its cluster (Attempt Sequence 1)
--   first_success the first successful attempt of its (experiment, run_key, epoch): the epoch is
--                 credited to this attempt's resource (computed at ingest over the whole
--                 experiment by queries/ingest/derive_epochs.sql, so a filter never moves credit)
--                 A standalone training job (no '_epochN' in its name, not a service job) has
--                 one first success too: its first successful attempt
--   epochs_credited  epochs this attempt completes first: 1 on the first success of a named
--                 epoch; on the first success of a standalone job its Epochs Completed (when
--                 recorded: epoch_counts_recorded; else 0); else 0
--   epoch_counts_recorded  the attempt's Epochs Completed is known: its file has the column
--                 (CSV v4+), or it is an event-log attempt that took it from its CSV row
--                 (queries/ingest/merge_csv_facts.sql)
--   epoch_completions  epochs this attempt completed, re-runs included: Epochs Completed of a
--                 successful attempt of a named epoch or standalone job (1 without the column)
--   epoch_share   productive attempts of completed epochs: GPU-hours / the epoch's productive
--                 GPU-hours (sums to 1 per epoch: epoch-equivalents); NULL otherwise
--   merge_state   NULL (one source), 'csv only' (a CSV row that the experiment's event logs lack:
--                 kept from the CSV)
--   source_kind   'csv' or 'eventlog': the file the attempt was read from
--   day           Start Time's date
-- outcome, waste_kind, run_key, stop_time and run_seconds are stored at ingest
-- (attempt_records.row_*: queries/ingest/store_row_facts.sql computes them with the definitions
-- above after every ingest into an experiment): the view reads them instead of
-- deriving them on every scan. lstatus_: the status lower-cased once per row.
-- grain: experiment, ingest_id, source_line
CREATE OR REPLACE VIEW all_attempts AS
WITH parsed AS (
    SELECT
        r.*,
        coalesce(r.resource, 'unknown') AS resource_,
        nullif(trim(r.final_status), '') AS status_,
        lower(nullif(trim(r.final_status), '')) AS lstatus_,
        r.row_stop_time AS stop_time_,
        coalesce(CASE WHEN hold_counts_ THEN r.hold_reason END, nullif(r.evict_reason, ''),
                 CASE WHEN r.outcome_event = 'aborted' OR evicted_then_removed_
                      THEN r.abort_reason END) AS reason_,
        CASE WHEN hold_counts_ THEN r.hold_code END AS hold_code_,
        CASE WHEN coalesce(i.has_gpu_columns, true) THEN coalesce(r.n_gpus, 0) END AS gpus_,
        i.header_version, i.has_resource_column, i.has_input_timing, i.has_usage_columns,
        i.has_epoch_counts, i.has_byte_columns, i.has_gpu_columns, i.source_kind
    FROM (
        -- the hold counts for the attempt when it ended it, or came <= 60 s after an eviction
        -- that gave no reason (a user's condor_hold of an evicting job); the same for an abort
        SELECT *,
               outcome_event = 'held' OR coalesce(outcome_event = 'evicted'
                   AND coalesce(evict_reason, '') = '' AND held_time >= evicted_time
                   AND held_time <= evicted_time + INTERVAL 60 SECOND, false) AS hold_counts_,
               coalesce(outcome_event = 'evicted' AND coalesce(evict_reason, '') = ''
                   AND aborted_time >= evicted_time
                   AND aborted_time <= evicted_time + INTERVAL 60 SECOND, false) AS evicted_then_removed_
        FROM attempt_records) r
    JOIN ingest_sources i USING (ingest_id)
    WHERE coalesce(r.merge_state, '') <> 'superseded' AND r.implausible IS NULL
),
derived AS (
    SELECT
        p.*,
        row_outcome AS outcome_,
        row_run_seconds AS run_seconds_,
        coalesce(has_epoch_counts, epochs_completed IS NOT NULL) AS epoch_counts_recorded_,
        row_run_key AS run_key_,
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
    run_key_ AS run_key,
    coalesce(first_success, false) AS first_success,
    CASE WHEN NOT coalesce(first_success, false) THEN 0
         WHEN epoch IS NOT NULL THEN 1
         WHEN epoch_counts_recorded_ THEN greatest(coalesce(epochs_completed, 0), 0)
         ELSE 0 END AS epochs_credited,
    CASE WHEN outcome_ <> 'success' OR (epoch IS NULL AND run_key_ IS NOT NULL) THEN 0
         WHEN epoch IS NULL AND is_service_job(job_type, service_node, execute_host, submit_host) THEN 0
         WHEN epoch IS NULL AND NOT epoch_counts_recorded_ THEN 0
         ELSE greatest(coalesce(epochs_completed, 1), 0) END AS epoch_completions,
    epoch_share,
    is_service_job(job_type, service_node, execute_host, submit_host) AS service,
    coalesce(rescued, false) AS rescued,
    coalesce(gpu_details_copied, false) AS gpu_details_copied,
    merge_state,
    source_kind,
    status_ AS status,
    outcome_ AS outcome,
    CASE WHEN outcome_ <> 'running' THEN outcome_ IN ('success', 'checkpoint') END AS productive,
    row_waste_kind AS waste_kind,
    CASE
        WHEN outcome_ IN ('success', 'checkpoint', 'running') THEN NULL
        WHEN hold_code_ = 34 OR reason_ ILIKE '%memory usage exceeded%'
             OR reason_ ILIKE '%memory limit%' THEN 'memory over request'
        WHEN hold_code_ = 47 OR reason_ ILIKE '%exceeded allowed execute duration%'
             OR reason_ ILIKE '%runtime limit%' THEN 'runtime limit'
        WHEN hold_code_ = 13 OR reason_ ILIKE '%transfer input files failure%'
             THEN 'input transfer failure'
        WHEN reason_ ILIKE '%condor_hold%' OR reason_ ILIKE '%condor_rm%'
             OR reason_ ILIKE '%DAG Removed%' OR reason_ ILIKE '%removed by user%'
             OR reason_ ILIKE '%DAGManJobId%was removed%' OR evicted_then_removed_
             THEN 'user removal'
        WHEN outcome_event IN ('reconnect_failed', 'shadow_exception') THEN 'reconnect failure'
        WHEN reason_ ILIKE '%startd was shutdown%'
             OR reason_ ILIKE '%preempt%'
             OR reason_ ILIKE '%vacate%'
             OR reason_ ILIKE '%unspecified job interruption%'
             OR (outcome_event = 'evicted' AND coalesce(reason_, '') = '')
             THEN 'machine shutdown/preemption'
        WHEN lower(outcome_) = 'aborted' THEN 'user removal'
        WHEN lower(outcome_) = 'failed' THEN 'non-zero exit'
        WHEN reason_ IS NOT NULL THEN 'other'
        ELSE lower(outcome_) || ' (cause not recorded)'
    END AS waste_cause,
    reason_ AS stop_reason,
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
    gpus_ AS gpus,
    hours_of(run_seconds_) AS run_hours,
    gpu_hours_of(run_seconds_, gpus_) AS gpu_hours,
    CASE WHEN attempt_seq = 1 AND start_time >= submit_time
         THEN epoch(start_time - submit_time) END AS queue_seconds,
    CASE WHEN gpus_ IS NULL THEN 'not recorded' WHEN gpus_ = 0 THEN 'none'
         ELSE coalesce(nullif(trim(gpu_name), ''), 'unreported') END AS gpu_model,
    CASE WHEN n_gpus > 0 THEN gpu_memory_mb / n_gpus END AS gpu_device_memory_mb,
    gpu_memory_mb,
    gpu_capability,
    gpu_usage,
    gpu_memory_usage_mb,
    cpu_usage,
    peak_memory_mb,
    disk_usage_kb,
    CASE WHEN has_byte_columns THEN bytes_received END AS bytes_in,
    CASE WHEN has_byte_columns THEN bytes_sent END AS bytes_out,
    coalesce(bytes_scope, 'cluster') AS bytes_scope,
    request_cpus,
    request_memory_mb,
    request_disk_kb,
    request_gpus,
    request_gpu_memory_mb,
    header_version,
    has_resource_column,
    has_input_timing,
    has_usage_columns,
    has_gpu_columns,
    has_byte_columns,
    has_epoch_counts,
    epoch_counts_recorded_ AS epoch_counts_recorded,
    xfer_in_start,
    xfer_in_end,
    xfer_seconds_ AS xfer_in_seconds,
    CASE WHEN bytes_received > 0 AND xfer_seconds_ > 0
              AND (bytes_scope = 'attempt'
                   OR (attempt_seq = 1 AND lstatus_ IN ('completed', 'checkpointed', 'failed')))
         THEN bytes_received / 1e6 / xfer_seconds_ END AS input_mb_per_s,
    coalesce(epochs_completed, 1) AS epochs_completed,
    CAST(start_time AS DATE) AS day
FROM derived
WHERE in_scope(experiment, start_time, resource_) AND scope_checked();

-- attempts: one row per compute attempt in scope: all_attempts without the service jobs (DAG
-- helpers such as annex_helper, jobs on the access point): every total, epoch, GPU-hour, waste
-- and efficiency figure is built on this view. Columns: as all_attempts.
-- grain: experiment, ingest_id, source_line
CREATE OR REPLACE VIEW attempts AS
SELECT * FROM all_attempts WHERE NOT service;

-- service_attempts: one row per attempt of a service job in scope (attempts.service): listed
-- apart, left out of run hours, GPU-hours, waste and efficiency. Columns: as all_attempts.
-- grain: experiment, ingest_id, source_line
CREATE OR REPLACE VIEW service_attempts AS
SELECT * FROM all_attempts WHERE service;
