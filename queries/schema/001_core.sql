-- 001_core: the stored tables every later migration and view builds on.
--
-- ingests: one row per file ingested into one experiment. The same file content
--   (sha256) is ingested at most once per experiment.
-- attempt_records: one row per execution attempt as read from a source (a CSV row,
--   or one execute event of an HTCondor event log). Typed copies of the source
--   columns; the few derived columns stored here are computed at ingest by the SQL
--   under queries/ingest/ (for speed at millions of rows) and documented in the
--   attempts view, where every other definition lives.
CREATE SEQUENCE ingest_id_seq START 1;

CREATE TABLE ingests (
    ingest_id      INTEGER PRIMARY KEY DEFAULT nextval('ingest_id_seq'),
    experiment     VARCHAR NOT NULL,
    source_path    VARCHAR NOT NULL,   -- absolute path at ingest time
    source_sha256  VARCHAR NOT NULL,   -- sha256 of the file's bytes
    source_kind    VARCHAR NOT NULL,   -- 'csv' or 'eventlog'
    header_version INTEGER,            -- 1..6 for CSV, NULL for event logs
    n_rows         BIGINT NOT NULL,    -- attempts stored from this file
    ingested_at    TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
    UNIQUE (experiment, source_sha256)
);

CREATE TABLE attempt_records (
    ingest_id          INTEGER NOT NULL,
    experiment         VARCHAR NOT NULL,
    source_line        BIGINT,        -- 1-based line of the CSV row (header = line 1) or of the execute event
    job_name           VARCHAR,       -- DAG node name, e.g. run3-train_epoch12
    dag_source         VARCHAR,       -- DAG file name without .dag
    run_uuid           VARCHAR,       -- the node's run_uuid DAG variable (v6)
    cluster_id         BIGINT,
    attempt_seq        INTEGER,       -- 1-based execution count within the cluster
    final_status       VARCHAR,       -- as written by the generator (completed, failed, ...)
    targeted_resource  VARCHAR,       -- as written (any case); NULL when empty
    glidein_site       VARCHAR,       -- GLIDEIN Resource Name (OSPool site)
    submit_time        TIMESTAMP,     -- access point local wall clock, no time zone
    start_time         TIMESTAMP,
    end_time           TIMESTAMP,
    exec_seconds       BIGINT,        -- the generator's End - Start (not trusted: see attempts view)
    total_seconds      BIGINT,        -- the generator's End - Submit
    bytes_sent         BIGINT,        -- Total Bytes Sent (output back to the AP), cumulative per cluster
    bytes_received     BIGINT,        -- Total Bytes Received (input), cumulative per cluster
    n_gpus             INTEGER,
    gpu_name           VARCHAR,
    gpu_memory_mb      BIGINT,        -- summed over the attempt's GPUs
    gpu_capability     DOUBLE,
    gpu_driver         VARCHAR,
    gpu_ecc            BOOLEAN,
    gpu_uuid           VARCHAR,
    gpu_id             VARCHAR,
    gpu_pci_bus        VARCHAR,
    gpu_usage          DOUBLE,        -- average number of GPUs busy
    gpu_memory_usage_mb DOUBLE,       -- peak GPU memory used
    cpu_usage          DOUBLE,        -- average cores busy
    peak_memory_mb     DOUBLE,
    disk_usage_kb      BIGINT,
    held_time          TIMESTAMP,
    released_time      TIMESTAMP,
    evicted_time       TIMESTAMP,
    aborted_time       TIMESTAMP,
    xfer_in_start      TIMESTAMP,
    xfer_in_end        TIMESTAMP,
    xfer_in_seconds    DOUBLE,
    epochs_completed   INTEGER,
    -- Derived at ingest (SQL under queries/ingest/, definitions in the attempts view header):
    run                VARCHAR,       -- from job_name by the job_name_parts macro
    job_type           VARCHAR,
    epoch              INTEGER,
    first_success      BOOLEAN,       -- the first successful attempt of its (experiment, run, epoch)
    epoch_share        DOUBLE         -- this attempt's share of its completed epoch's credit
);
