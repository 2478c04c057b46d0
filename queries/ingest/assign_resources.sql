-- Assign attempt_records.resource from resource_rules, for one ingest ($ingest_id) or, when
-- $ingest_id is NULL, for every row (after the rules changed). The rule order is the
-- resource_of macro's (queries/views/000_helpers.sql). A CSV ingest sets resource in its INSERT
-- (insert_csv.sql) with the same macro; event-log ingests and `expreport rules` use this file.
UPDATE attempt_records AS a
SET resource = resource_of(
        (SELECT coalesce(list(r ORDER BY r.priority, r.rule_id), []) FROM resource_rules r
         WHERE r.origin <> 'builtin'),
        (SELECT coalesce(list(r ORDER BY r.priority, r.rule_id), []) FROM resource_rules r
         WHERE r.origin = 'builtin'),
        a.execute_host, a.glidein_site, a.targeted_resource, a.dag_resource_name, a.job_name,
        a.dag_source)
WHERE $ingest_id IS NULL OR a.ingest_id = $ingest_id;
