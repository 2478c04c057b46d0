-- Assign attempt_records.resource from resource_rules, for one ingest ($ingest_id) or, when
-- $ingest_id is NULL, for every row (after the rules changed).
-- Order (the first that gives a name wins):
--   1. a matching user rule (origin 'user' or 'file': `expreport rules add`, expreport_rules.csv;
--      lowest priority, then lowest rule_id);
--   2. 'ospool' when the attempt ran in a glidein (it has a GLIDEIN_ResourceName): a glidein
--      is OSPool capacity whatever the execute host's domain (a glidein on
--      spark-agpu225.chtc.wisc.edu is OSPool, not a resource 'chtc');
--   3. a matching BUILT-IN rule (execute-host domains: annexes and other attempts without
--      a glidein);
--   4. Targeted Resource lower-cased (CSV: 'CHTC' = 'chtc');
--   5. the DAG node's ResourceName lower-cased; else 'unknown'.
UPDATE attempt_records AS a
SET resource = (
    SELECT coalesce(
        arg_min(r.resource, (r.priority, r.rule_id)) FILTER (WHERE r.origin <> 'builtin'),
        CASE WHEN nullif(trim(a.glidein_site), '') IS NOT NULL THEN 'ospool' END,
        arg_min(r.resource, (r.priority, r.rule_id)) FILTER (WHERE r.origin = 'builtin'),
        nullif(lower(trim(a.targeted_resource)), ''),
        nullif(lower(trim(a.dag_resource_name)), ''),
        'unknown')
    FROM resource_rules r
    WHERE (r.field = 'execute_host' AND a.execute_host LIKE r.pattern)
       OR (r.field = 'glidein_site' AND a.glidein_site LIKE r.pattern)
       OR (r.field = 'targeted_resource' AND lower(a.targeted_resource) LIKE lower(r.pattern))
       OR (r.field = 'dag_resource_name' AND a.dag_resource_name LIKE r.pattern)
       OR (r.field = 'job_name' AND a.job_name LIKE r.pattern)
       OR (r.field = 'dag_source' AND a.dag_source LIKE r.pattern))
WHERE $ingest_id IS NULL OR a.ingest_id = $ingest_id;
