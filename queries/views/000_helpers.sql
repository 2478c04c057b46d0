-- Helpers shared by the views (macros, stored in the database like the views).
--
-- resource_rank(resource): the fixed order resources appear in, in every table and
-- figure: expanse, delta, anvil, bridges2, aws, ospool, chtc, then any other resource
-- alphabetically (rank 100, ties broken by name), and 'unknown' last (rank 1000).
CREATE OR REPLACE MACRO resource_rank(r) AS
    CASE r
        WHEN 'expanse' THEN 1 WHEN 'delta' THEN 2 WHEN 'anvil' THEN 3
        WHEN 'bridges2' THEN 4 WHEN 'aws' THEN 5 WHEN 'ospool' THEN 6 WHEN 'chtc' THEN 7
        WHEN 'unknown' THEN 1000 ELSE 100 END;

-- scope_checked(): true, or an error naming the variable when a variable named expreport_*
-- is one in_scope does not read (SET VARIABLE expreport_resource = ... would filter nothing;
-- names are case-insensitive). One uncorrelated subquery per query; all_attempts filters on it.
-- scope_resources(): expreport_resources, or an error when one is not lower case without
-- spaces (['Delta'] would match no attempt: resources are lower case). Evaluated inside
-- in_scope, so it fires whenever there are attempts to filter. The duckdb shell has no other
-- check of these variables (expreport checks its own values in expreport/scope.py).
CREATE OR REPLACE MACRO scope_checked() AS (
    SELECT CASE WHEN count(*) = 0 THEN true
        ELSE error('unknown scope variable(s) ' || string_agg(name, ', ' ORDER BY name)
                   || ': in_scope reads expreport_experiments, expreport_since, '
                   || 'expreport_until and expreport_resources (RESET VARIABLE the others)') END
    FROM duckdb_variables()
    WHERE lower(name) LIKE 'expreport%'
      AND lower(name) NOT IN ('expreport_experiments', 'expreport_since', 'expreport_until',
                              'expreport_resources'));
CREATE OR REPLACE MACRO scope_resources() AS
    CASE WHEN len(list_filter(coalesce(getvariable('expreport_resources'), []),
                              lambda r: r IS DISTINCT FROM lower(trim(r)))) > 0
         THEN error('expreport_resources must be lower case without spaces: got '
                    || CAST(getvariable('expreport_resources') AS VARCHAR) || ', use '
                    || CAST(list_transform(getvariable('expreport_resources'),
                                           lambda r: lower(trim(r))) AS VARCHAR))
         ELSE getvariable('expreport_resources') END;

-- in_scope(experiment, start_time, resource): true when an attempt is inside the scope
-- set with session variables (expreport sets them with bound parameters; in the duckdb
-- shell: SET VARIABLE expreport_resources = ['delta']; unset = no filter):
--   expreport_experiments VARCHAR[]  experiments to keep
--   expreport_since       DATE or TIMESTAMP  a DATE: first day kept (Start Time on or after
--                                    its midnight); a TIMESTAMP: Start Time at or after it
--   expreport_until       DATE or TIMESTAMP  a DATE: last day kept, inclusive (Start Time
--                                    before the next day); a TIMESTAMP: at or before it
--   expreport_resources   VARCHAR[]  resources to keep (lower case)
-- e.g. SET VARIABLE expreport_since = DATE '2025-08-01';
--      SET VARIABLE expreport_until = TIMESTAMP '2025-08-03 14:00:00';
-- With a date window, an attempt without a Start Time is out of scope.
CREATE OR REPLACE MACRO in_scope(exp, st, res) AS
    (getvariable('expreport_experiments') IS NULL
        OR list_contains(getvariable('expreport_experiments'), exp))
    AND (getvariable('expreport_since') IS NULL
        OR st >= CAST(getvariable('expreport_since') AS TIMESTAMP))
    AND (getvariable('expreport_until') IS NULL
        OR CASE WHEN typeof(getvariable('expreport_until')) LIKE 'TIMESTAMP%'
                THEN st <= CAST(getvariable('expreport_until') AS TIMESTAMP)
                ELSE st < CAST(getvariable('expreport_until') AS DATE) + 1 END)
    AND (getvariable('expreport_resources') IS NULL
        OR list_contains(scope_resources(), res));

-- job_name_parts(job_name): STRUCT(run, job_type, epoch) parsed from a DAG node name,
-- used at ingest (the parts are stored in attempt_records):
--   'run3-train_epoch12' -> run 'run3', job_type 'train', epoch 12
--   'run3-eval'          -> run 'run3', job_type 'eval', epoch NULL
--   'annex_helper'       -> run NULL, job_type 'annex_helper', epoch NULL
--   'standalone_train_uuid_861e7e66_cluster_12634379' -> run NULL, job_type 'standalone_train'
--                           (hand-run jobs: the uuid and cluster suffixes are not a job type)
CREATE OR REPLACE MACRO job_name_parts(name) AS {
    'run': nullif(regexp_extract(name, '^([^-]+)-', 1), ''),
    'job_type': coalesce(nullif(regexp_replace(
                    regexp_extract(name, '^(?:[^-]+-)?(.*?)(?:_epoch[0-9]+)?$', 1),
                    '(_uuid_[0-9a-f]+)?(_cluster_[0-9]+)?$', ''), ''), name),
    'epoch': TRY_CAST(nullif(regexp_extract(name, '_epoch([0-9]+)$', 1), '') AS INTEGER)
};

-- resource_of(user_rules, builtin_rules, execute_host, glidein_site, targeted_resource,
--             dag_resource_name, job_name, dag_source): the resource of one attempt. The rules are
-- lists of resource_rules rows in (priority, rule_id) order: user_rules those of origin 'user' or
-- 'file' (`expreport rules add`, expreport_rules.csv), builtin_rules the rest. The first that
-- gives a name wins:
--   1. the first user rule whose field LIKE its pattern (targeted_resource case-insensitively);
--   2. 'ospool' when the attempt ran in a glidein (it has a GLIDEIN_ResourceName): a glidein
--      is OSPool capacity whatever the execute host's domain (a glidein on
--      spark-agpu225.chtc.wisc.edu is OSPool, not a resource 'chtc');
--   3. the first matching BUILT-IN rule (execute-host domains: annexes and other attempts
--      without a glidein);
--   4. Targeted Resource lower-cased (CSV: 'CHTC' = 'chtc');
--   5. the DAG node's ResourceName lower-cased; else 'unknown'.
-- Used at CSV ingest inside the INSERT (insert_csv.sql: each row is written once) and by
-- assign_resources.sql (event logs, and every row after the rules change).
CREATE OR REPLACE MACRO rule_matches(r, execute_host, glidein_site, targeted_resource,
                                     dag_resource_name, job_name, dag_source) AS
    CASE r.field
        WHEN 'execute_host' THEN execute_host LIKE r.pattern
        WHEN 'glidein_site' THEN glidein_site LIKE r.pattern
        WHEN 'targeted_resource' THEN lower(targeted_resource) LIKE lower(r.pattern)
        WHEN 'dag_resource_name' THEN dag_resource_name LIKE r.pattern
        WHEN 'job_name' THEN job_name LIKE r.pattern
        WHEN 'dag_source' THEN dag_source LIKE r.pattern END;
CREATE OR REPLACE MACRO resource_of(user_rules, builtin_rules, execute_host, glidein_site,
                                    targeted_resource, dag_resource_name, job_name, dag_source) AS
    coalesce(
        list_filter(user_rules, lambda r: rule_matches(r, execute_host, glidein_site,
            targeted_resource, dag_resource_name, job_name, dag_source))[1].resource,
        CASE WHEN nullif(trim(glidein_site), '') IS NOT NULL THEN 'ospool' END,
        list_filter(builtin_rules, lambda r: rule_matches(r, execute_host, glidein_site,
            targeted_resource, dag_resource_name, job_name, dag_source))[1].resource,
        nullif(lower(trim(targeted_resource)), ''),
        nullif(lower(trim(dag_resource_name)), ''),
        'unknown');

-- device_memory_mb(mem, gpus, seq): aggregate: the memory of ONE device of a GPU model, in MB,
-- from the attempts' GPU Memory MB (mem), GPU counts and Attempt Sequence. The generator's value
-- is unreliable: it is often inflated (summed over a cluster's executions and copied onto all
-- its attempts), and multi-GPU attempts report sometimes the sum over their GPUs, sometimes one
-- device. So: the smallest value on single-GPU first attempts of a cluster (Attempt Sequence 1),
-- else the smallest mem / gpus over all attempts.
CREATE OR REPLACE MACRO device_memory_mb(mem, g, seq) AS
    coalesce(min(mem) FILTER (WHERE g = 1 AND seq = 1), min(mem / g) FILTER (WHERE g > 0));

-- stop_time_of(end, evicted, held, aborted): when an attempt stopped running: the EARLIEST of
-- its End, Evicted, Held and Aborted Time (the generator's End Time of an aborted attempt can be
-- the removal time, weeks later). run_seconds_of(start, stop): stop - start in seconds, NULL
-- when either is missing or the span is negative. Used by attempts and source_pairs.
CREATE OR REPLACE MACRO stop_time_of(e, ev, h, a) AS least(e, ev, h, a);
CREATE OR REPLACE MACRO run_seconds_of(st, sp) AS
    CASE WHEN sp >= st THEN epoch(sp - st) END;

-- is_service_job(job_type, service_node, execute_host, submit_host): the attempt belongs to a
-- service job, not compute: a DAG SERVICE node or a local/scheduler-universe job (service_node,
-- from the DAG file), a job that ran on its own access point (execute host = submit host: real
-- annex_helper ran on ap40), or a DAG helper known by name ('annex_helper': CSV rows carry no
-- host). Such attempts are listed apart (service_attempts), never counted as compute.
CREATE OR REPLACE MACRO is_service_job(jt, sn, eh, sh) AS
    coalesce(sn, false) OR coalesce(eh = sh, false) OR coalesce(jt IN ('annex_helper'), false);

-- if_recorded(flag, value): aggregate: value when at least one attempt of the group comes from
-- a file that recorded the column behind it (flag: attempts.has_gpu_columns / has_byte_columns),
-- else NULL, "not recorded" (a v1 CSV's GPU-hours and bytes are unknown, not 0).
CREATE OR REPLACE MACRO if_recorded(flag, v) AS CASE WHEN bool_or(flag) THEN v END;
