-- Assign attempt_records.resource from resource_rules, for one ingest ($ingest_id) or, when
-- $ingest_id is NULL, for every row (after the rules changed).
-- Order: the matching rule with the lowest priority (then lowest rule_id); else Targeted
-- Resource lower-cased (CSV: 'CHTC' = 'chtc'); else 'ospool' when the attempt ran in a
-- glidein; else the DAG node's ResourceName lower-cased; else 'unknown'.
UPDATE attempt_records AS a
SET resource = coalesce(
    (SELECT arg_min(r.resource, (r.priority, r.rule_id))
     FROM resource_rules r
     WHERE (r.field = 'execute_host' AND a.execute_host LIKE r.pattern)
        OR (r.field = 'glidein_site' AND a.glidein_site LIKE r.pattern)
        OR (r.field = 'targeted_resource' AND lower(a.targeted_resource) LIKE lower(r.pattern))
        OR (r.field = 'dag_resource_name' AND a.dag_resource_name LIKE r.pattern)
        OR (r.field = 'job_name' AND a.job_name LIKE r.pattern)
        OR (r.field = 'dag_source' AND a.dag_source LIKE r.pattern)),
    nullif(lower(trim(a.targeted_resource)), ''),
    CASE WHEN nullif(trim(a.glidein_site), '') IS NOT NULL THEN 'ospool' END,
    nullif(lower(trim(a.dag_resource_name)), ''),
    'unknown')
WHERE $ingest_id IS NULL OR a.ingest_id = $ingest_id;
