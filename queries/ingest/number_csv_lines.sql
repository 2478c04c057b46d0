-- source_line of one CSV ingest ($ingest_id): the row's line in the file (header = line 1).
-- DuckDB keeps insertion order (preserve_insertion_order, the default) and gives the rows of
-- one INSERT consecutive rowids, so line = rowid - first rowid of the ingest + 2. Checked
-- equal to row_number() over the file on 10M rows (bench/RESULTS.md); pinned by
-- tests/test_ingest.py::test_source_file_and_line_kept and test_crlf_and_quoted_fields.
UPDATE attempt_records
SET source_line = rowid - (SELECT min(rowid) FROM attempt_records WHERE ingest_id = $ingest_id) + 2
WHERE ingest_id = $ingest_id;
