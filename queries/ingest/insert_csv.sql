-- Insert one job_summary.csv into attempt_records, inside the ingest's transaction.
-- Parameters: $path (file), $cols (file column -> DuckDB type, in file order, already
-- renamed to attempt_records column names; columns not stored start with '_'),
-- $ingest_id, $experiment. Types are explicit (auto_detect = false): a value that does
-- not parse fails the whole ingest with its line and column.
-- source_line is set right after by number_csv_lines.sql (a row_number() window here made
-- the whole insert single-threaded: 46 s instead of 25 s at 10M rows).
-- bytes_scope 'cluster': CSV byte counts are cluster totals (see attempts.bytes_in).
-- run, job_type, epoch: parsed from Job Name by the job_name_parts macro.
-- resource and the epoch credit columns are filled afterwards (assign_resources.sql,
-- derive_epochs.sql).
INSERT INTO attempt_records BY NAME
SELECT src.*, unnest(job_name_parts(src.job_name))
FROM (
    SELECT
        CAST($ingest_id AS INTEGER) AS ingest_id,
        CAST($experiment AS VARCHAR) AS experiment,
        'cluster' AS bytes_scope,
        COLUMNS('^[a-z]')
    FROM read_csv($path, columns = $cols, header = true, auto_detect = false,
                  delim = ',', quote = '"', escape = '"', nullstr = '',
                  strict_mode = true, parallel = true)
) src;
