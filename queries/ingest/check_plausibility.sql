-- Flag the attempts of one ingest ($ingest_id) that break a bound of plausibility_bounds
-- (schema 005): attempt_records.implausible = the reasons, '; '-separated (NULL when plausible).
-- Times are checked against the ingest's own time ($now, the ingests.ingested_at of this ingest).
-- Only flagged rows are written.
UPDATE attempt_records AS r
SET implausible = f.why
FROM (
    WITH b AS (
    SELECT
        make_timestamp(CAST(max(value) FILTER (WHERE name = 'earliest_year') AS BIGINT), 1, 1, 0, 0, 0) AS t0,
        CAST($now AS TIMESTAMP) + to_days(CAST(max(value) FILTER (WHERE name = 'future_days') AS INTEGER)) AS t1,
        max(value) FILTER (WHERE name = 'max_gpus') AS max_gpus,
        max(value) FILTER (WHERE name = 'max_run_days') AS max_run_days,
        max(value) FILTER (WHERE name = 'min_bytes') AS min_bytes
    FROM plausibility_bounds
)
    SELECT x.rowid AS rid, nullif(concat_ws('; ',
        CASE WHEN least(x.submit_time, x.start_time, x.end_time, x.held_time, x.released_time,
                        x.evicted_time, x.aborted_time, x.xfer_in_start, x.xfer_in_end) < b.t0
             THEN 'a time before ' || strftime(b.t0, '%Y-%m-%d') END,
        CASE WHEN greatest(x.submit_time, x.start_time, x.end_time, x.held_time, x.released_time,
                           x.evicted_time, x.aborted_time, x.xfer_in_start, x.xfer_in_end) > b.t1
             THEN 'a time after ' || strftime(b.t1, '%Y-%m-%d') || ' (ingest day + future_days)' END,
        CASE WHEN x.n_gpus < 0 OR x.n_gpus > b.max_gpus
             THEN 'Number of GPUs ' || x.n_gpus || ' outside 0..' || CAST(b.max_gpus AS BIGINT) END,
        CASE WHEN x.bytes_sent < b.min_bytes OR x.bytes_received < b.min_bytes THEN 'negative bytes' END,
        CASE WHEN stop_time_of(x.end_time, x.evicted_time, x.held_time, x.aborted_time)
                  > x.start_time + to_days(CAST(b.max_run_days AS INTEGER))
             THEN 'a run longer than ' || CAST(b.max_run_days AS BIGINT) || ' days' END), '') AS why
    FROM attempt_records x, b
    WHERE x.ingest_id = $ingest_id
) f
WHERE r.rowid = f.rid AND f.why IS NOT NULL;
