-- 002: what HTCondor event logs add, and resource rules stored as data.
--
-- attempt_records gains the per-attempt facts only an event log has (requests, usage
-- of evicted attempts, exit codes, hold/evict reasons, hosts), and the stored
-- `resource`, assigned by queries/ingest/assign_resources.sql from resource_rules.
ALTER TABLE attempt_records ADD COLUMN resource VARCHAR;           -- assigned from resource_rules
ALTER TABLE attempt_records ADD COLUMN proc INTEGER;
ALTER TABLE attempt_records ADD COLUMN node_attempt INTEGER;        -- execution count within the DAG node
ALTER TABLE attempt_records ADD COLUMN dag_resource_name VARCHAR;   -- the node's VARS ResourceName
ALTER TABLE attempt_records ADD COLUMN outcome_event VARCHAR;       -- terminated, evicted, held, aborted, reconnect_failed, shadow_exception
ALTER TABLE attempt_records ADD COLUMN exit_code INTEGER;
ALTER TABLE attempt_records ADD COLUMN exit_signal INTEGER;
ALTER TABLE attempt_records ADD COLUMN hold_code INTEGER;
ALTER TABLE attempt_records ADD COLUMN hold_subcode INTEGER;
ALTER TABLE attempt_records ADD COLUMN hold_reason VARCHAR;
ALTER TABLE attempt_records ADD COLUMN evict_reason VARCHAR;
ALTER TABLE attempt_records ADD COLUMN execute_host VARCHAR;
ALTER TABLE attempt_records ADD COLUMN slot VARCHAR;
ALTER TABLE attempt_records ADD COLUMN gpu_names VARCHAR;           -- distinct models of the attempt's GPUs
ALTER TABLE attempt_records ADD COLUMN request_cpus DOUBLE;
ALTER TABLE attempt_records ADD COLUMN request_memory_mb DOUBLE;
ALTER TABLE attempt_records ADD COLUMN request_disk_kb DOUBLE;
ALTER TABLE attempt_records ADD COLUMN request_gpus DOUBLE;
ALTER TABLE attempt_records ADD COLUMN request_gpu_memory_mb DOUBLE;
ALTER TABLE attempt_records ADD COLUMN alloc_cpus DOUBLE;
ALTER TABLE attempt_records ADD COLUMN alloc_memory_mb DOUBLE;
ALTER TABLE attempt_records ADD COLUMN alloc_disk_kb DOUBLE;
ALTER TABLE attempt_records ADD COLUMN alloc_gpus DOUBLE;
-- 'cluster' (CSV: cumulative over the cluster, on the terminated attempt) or 'attempt'
-- (event log: this attempt's own Run Bytes, exact)
ALTER TABLE attempt_records ADD COLUMN bytes_scope VARCHAR;

-- Jobs of an event log that never ran (no execute event): queue-only.
CREATE TABLE queue_only_jobs (
    ingest_id     INTEGER NOT NULL,
    experiment    VARCHAR NOT NULL,
    source_line   BIGINT,
    job_name      VARCHAR,
    dag_source    VARCHAR,
    cluster_id    BIGINT,
    proc          INTEGER,
    submit_time   TIMESTAMP,
    end_event     VARCHAR,      -- what ended it: aborted, held, ... or NULL (still queued)
    end_time      TIMESTAMP,
    hold_reason   VARCHAR
);

-- What an event log got wrong or left out (duplicate, out-of-order or truncated events, an
-- end event without an execute, ...): one row per occurrence.
CREATE TABLE eventlog_issues (
    ingest_id   INTEGER NOT NULL,
    experiment  VARCHAR NOT NULL,
    kind        VARCHAR NOT NULL,
    line        BIGINT,
    detail      VARCHAR
);

-- Resource rules: the first matching rule (lowest priority number) names an attempt's
-- resource. `field` is the attempt_records column matched; `pattern` a SQL LIKE pattern.
-- Built-in rules have priority 100; user rules (expreport rules add) default to 10, so
-- they win. When no rule matches: Targeted Resource (lower case, CSV), else 'ospool'
-- when the attempt ran in a glidein (GLIDEIN_ResourceName), else the DAG's ResourceName,
-- else 'unknown' (see queries/ingest/assign_resources.sql).
CREATE SEQUENCE resource_rule_id_seq START 1;
CREATE TABLE resource_rules (
    rule_id   INTEGER PRIMARY KEY DEFAULT nextval('resource_rule_id_seq'),
    priority  INTEGER NOT NULL,
    field     VARCHAR NOT NULL CHECK (field IN ('execute_host', 'glidein_site', 'targeted_resource',
                                                'dag_resource_name', 'job_name', 'dag_source')),
    pattern   VARCHAR NOT NULL,
    resource  VARCHAR NOT NULL,
    origin    VARCHAR NOT NULL DEFAULT 'user',    -- 'builtin' or 'user'
    note      VARCHAR
);
INSERT INTO resource_rules (priority, field, pattern, resource, origin, note) VALUES
    (100, 'execute_host', '%delta.ncsa.illinois.edu', 'delta', 'builtin', 'NCSA Delta'),
    (100, 'execute_host', '%expanse.sdsc.edu', 'expanse', 'builtin', 'SDSC Expanse'),
    (100, 'execute_host', '%bridges2.psc.edu', 'bridges2', 'builtin', 'PSC Bridges-2'),
    (100, 'execute_host', '%anvil.rcac.purdue.edu', 'anvil', 'builtin', 'Purdue Anvil'),
    (100, 'execute_host', '%ec2.internal', 'aws', 'builtin', 'AWS EC2 (internal DNS)'),
    (100, 'execute_host', '%amazonaws.com', 'aws', 'builtin', 'AWS EC2'),
    (100, 'execute_host', '%chtc.wisc.edu', 'chtc', 'builtin', 'CHTC');
