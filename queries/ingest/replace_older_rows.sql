-- Nothing counted twice: the rows of one new ingest ($ingest_id) replace the rows of OLDER
-- ingests of the same experiment and source kind that hold the same attempt (newest ingest
-- wins). An attempt's natural key:
--   CSV row (bytes_scope 'cluster')    DAG Source, HTCondor Cluster ID, Attempt Sequence
--   event-log attempt ('attempt')      cluster, proc and Start Time of its execute event (a log
--                                      ingested again in pieces renumbers attempts, not times)
-- Rows without a cluster id have no key and are never replaced. A CSV row and an event-log
-- attempt of the same job are not replaced but paired (derive_flags.sql: the log's values win).
-- Returns the number of replaced (deleted) rows.
DELETE FROM attempt_records AS o
USING (SELECT DISTINCT experiment, bytes_scope, dag_source, cluster_id, proc, attempt_seq, start_time
       FROM attempt_records WHERE ingest_id = $ingest_id AND cluster_id IS NOT NULL) AS n
WHERE o.ingest_id <> $ingest_id
  AND o.experiment = n.experiment
  AND o.bytes_scope = n.bytes_scope
  AND o.cluster_id = n.cluster_id
  AND CASE WHEN n.bytes_scope = 'cluster'
           THEN o.dag_source IS NOT DISTINCT FROM n.dag_source AND o.attempt_seq = n.attempt_seq
           ELSE o.proc IS NOT DISTINCT FROM n.proc AND o.start_time IS NOT DISTINCT FROM n.start_time
      END;
