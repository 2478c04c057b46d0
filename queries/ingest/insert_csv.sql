-- Insert one job_summary.csv into attempt_records, inside the ingest's transaction.
-- Parameters: $path (file), $cols (file column -> DuckDB type, in file order, already
-- renamed to attempt_records column names; columns not stored start with '_'),
-- $ingest_id, $experiment. Types are explicit (auto_detect = false): a value that does
-- not parse fails the whole ingest with its line and column.
-- source_line is set right after by number_csv_lines.sql (a row_number() window here made
-- the whole insert single-threaded: 46 s instead of 25 s at 10M rows).
-- bytes_scope 'cluster': CSV byte counts are cluster totals (see attempts.bytes_in).
-- run, job_type, epoch: parsed from Job Name by the job_name_parts macro.
-- resource: by the resource_of macro (000_helpers.sql) here, so each row is written once (a
-- full-table UPDATE afterwards also made the COMMIT rewrite every row group). A CSV has no
-- execute host or DAG ResourceName; the empty UNION ALL BY NAME branch gives the columns an
-- older header lacks (GLIDEIN Resource Name, Targeted Resource, DAG Source) as NULL.
-- The epoch credit columns are filled afterwards (derive_epochs.sql).
INSERT INTO attempt_records BY NAME
SELECT src.*, unnest(job_name_parts(src.job_name)),
       resource_of(
           (SELECT coalesce(list(r ORDER BY r.priority, r.rule_id), []) FROM resource_rules r
            WHERE r.origin <> 'builtin'),
           (SELECT coalesce(list(r ORDER BY r.priority, r.rule_id), []) FROM resource_rules r
            WHERE r.origin = 'builtin'),
           NULL, src.glidein_site, src.targeted_resource, NULL, src.job_name,
           src.dag_source) AS resource
FROM (
    SELECT
        CAST($ingest_id AS INTEGER) AS ingest_id,
        CAST($experiment AS VARCHAR) AS experiment,
        'cluster' AS bytes_scope,
        COLUMNS('^[a-z]')
    FROM read_csv($path, columns = $cols, header = true, auto_detect = false,
                  delim = ',', quote = '"', escape = '"', nullstr = '',
                  strict_mode = true, parallel = true)
    UNION ALL BY NAME
    SELECT CAST(NULL AS VARCHAR) AS glidein_site, CAST(NULL AS VARCHAR) AS targeted_resource,
           CAST(NULL AS VARCHAR) AS dag_source
    WHERE false
) src;
