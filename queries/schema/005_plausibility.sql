-- 005: plausibility bounds, defined once, and the attempts that break them.
--
-- plausibility_bounds: one row per bound an attempt must respect to be counted. An attempt
-- outside any of them is stored, flagged (attempt_records.implausible: the reasons), listed in
-- data_issues with its file and line, and left out of every total (the attempts views skip it);
-- `expreport ingest --strict` turns a flag into an ingest error. Checked at ingest by
-- queries/ingest/check_plausibility.sql. Change a bound with an UPDATE of this table; it applies
-- to later ingests.
CREATE TABLE plausibility_bounds (
    name   VARCHAR PRIMARY KEY,
    value  DOUBLE NOT NULL,
    unit   VARCHAR NOT NULL,
    note   VARCHAR NOT NULL
);
INSERT INTO plausibility_bounds VALUES
    ('earliest_year', 2000, 'year', 'every time (submit, start, stop, transfer) on or after 1 January of this year'),
    ('future_days', 1, 'days', 'every time at most this many days after the ingest'),
    ('max_gpus', 64, 'GPUs', 'Number of GPUs between 0 and this'),
    ('max_run_days', 30, 'days', 'an attempt runs (Start Time to its first stop) at most this long'),
    ('min_bytes', 0, 'bytes', 'bytes sent and received at least this');

ALTER TABLE attempt_records ADD COLUMN implausible VARCHAR;   -- reasons, '; '-separated; NULL = plausible
