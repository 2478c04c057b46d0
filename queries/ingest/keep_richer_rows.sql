-- A row of one new CSV ingest ($ingest_id) does not replace the same attempt (natural key of
-- replace_older_rows.sql: DAG Source, cluster, Attempt Sequence) already stored from a file of a
-- NEWER header version: a v1 re-export of a campaign records no GPUs, bytes or resource, so
-- "newest ingest wins" would silently lose them. The new ingest's row is dropped instead (the
-- ingest warns). Run before replace_older_rows.sql. Returns the number of dropped rows.
DELETE FROM attempt_records AS n
USING (SELECT DISTINCT o.experiment, o.dag_source, o.cluster_id, o.attempt_seq
       FROM attempt_records o JOIN ingests io USING (ingest_id)
       WHERE o.ingest_id <> $ingest_id AND o.bytes_scope = 'cluster' AND o.cluster_id IS NOT NULL
         AND io.header_version > (SELECT header_version FROM ingests WHERE ingest_id = $ingest_id)
      ) AS r
WHERE n.ingest_id = $ingest_id AND n.bytes_scope = 'cluster'
  AND n.experiment = r.experiment AND n.dag_source IS NOT DISTINCT FROM r.dag_source
  AND n.cluster_id = r.cluster_id AND n.attempt_seq = r.attempt_seq;
