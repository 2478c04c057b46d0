-- The first value of one ingest ($ingest_id) that is an infinite timestamp ('infinity' or
-- '-infinity': DuckDB's CSV reader accepts them, and every later subtraction fails): its line,
-- stored column and text. No row = none. The ingest is then refused (expreport/ingest.py).
SELECT source_line, col, CAST(val AS VARCHAR) AS val
FROM (
    SELECT source_line, submit_time, start_time, end_time, held_time, released_time,
           evicted_time, aborted_time, xfer_in_start, xfer_in_end
    FROM attempt_records
    WHERE ingest_id = $ingest_id
) UNPIVOT (val FOR col IN (submit_time, start_time, end_time, held_time, released_time,
                           evicted_time, aborted_time, xfer_in_start, xfer_in_end))
WHERE NOT isfinite(val)
ORDER BY source_line, col
LIMIT 1;
