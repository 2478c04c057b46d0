"""Test helpers: small CSVs written by the tests, ingest/query shortcuts, the real data folder.

Imported as ``from helpers import ...`` (tests/ is on pytest's pythonpath)."""

from __future__ import annotations

import csv
import fcntl
import os
import shutil
from pathlib import Path

from expreport.csv_versions import VERSIONS

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "real"


def write_csv(path: Path, rows: list[dict], version: int = 6, extra: list[str] = (),
              newline: str = "\n") -> Path:
    """Write a job_summary.csv of the given header version; row dicts keyed by header names."""
    header = list(VERSIONS[version]) + list(extra)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator=newline)
        w.writerow(header)
        for r in rows:
            w.writerow([r.get(c, "") for c in header])
    return path


def row(job, cluster, seq, status, resource, gpus, start, stop=None, **kw) -> dict:
    """One attempt: ``stop`` fills End Time; keyword names map to CSV columns (see ALIASES)."""
    r = {"Job Name": job, "DAG Source": kw.pop("dag", "d1"), "HTCondor Cluster ID": cluster,
         "Attempt Sequence": seq, "Final Status": status, "Targeted Resource": resource,
         "Number of GPUs": gpus, "Start Time": start, "Submit Time": kw.pop("submit", start),
         "End Time": stop or "", "Epochs Completed": kw.pop("epochs", 1)}
    for k, v in kw.items():
        r[ALIASES[k]] = v
    return r


ALIASES = {
    "uuid": "Run UUID", "site": "GLIDEIN Resource Name", "gpu": "GPU Device Name",
    "gpu_mb": "GPU Memory MB", "held": "Held Time", "released": "Released Time",
    "evicted": "Evicted Time", "aborted": "Aborted Time", "sent": "Total Bytes Sent",
    "received": "Total Bytes Received", "xfer_start": "Transfer Input Start Time",
    "xfer_end": "Transfer Input End Time", "xfer_s": "Transfer Input Duration (seconds)",
    "cpu": "CPU Usage", "mem": "Peak Memory Usage MB", "gpu_use": "GPU Usage",
}


def ingest(con, path, experiment="t", **kw):
    from expreport.ingest import ingest_files
    return ingest_files(con, [Path(path)], experiment=experiment, **kw)


def scoped(con, **kw):
    from expreport.scope import apply_scope, make_scope
    apply_scope(con, make_scope(**kw))
    return con


def one(con, sql, params=None):
    """The single row of a query as a dict."""
    cur = con.execute(sql, params or [])
    return dict(zip([d[0] for d in cur.description], cur.fetchone()))


def by(con, sql, key="resource", params=None) -> dict:
    """Rows of a query keyed by a column, each a dict."""
    cur = con.execute(sql, params or [])
    cols = [d[0] for d in cur.description]
    return {r[cols.index(key)]: dict(zip(cols, r)) for r in cur.fetchall()}


# The definitions of attempts.outcome, waste_kind, run_key, stop_time and run_seconds as the attempts view derived them
# per row before they were stored (queries/ingest/store_row_facts.sql): rows of attempt_records
# whose stored row_* columns differ from them.
STALE_ROW_FACTS = """
WITH d AS (
    SELECT *, CASE
        WHEN lower(nullif(trim(final_status), '')) = 'completed' OR coalesce(rescued, false) THEN 'success'
        WHEN lower(nullif(trim(final_status), '')) = 'checkpointed' THEN 'checkpoint'
        WHEN nullif(trim(final_status), '') IS NULL AND running_until IS NOT NULL THEN 'running'
        WHEN nullif(trim(final_status), '') IS NULL THEN 'unknown'
        ELSE nullif(trim(final_status), '') END AS o
    FROM attempt_records
)
SELECT count(*) FROM d
WHERE row_outcome IS DISTINCT FROM o
   OR row_waste_kind IS DISTINCT FROM CASE
        WHEN o IN ('success', 'checkpoint', 'running') THEN NULL
        WHEN lower(o) IN ('failed', 'evicted', 'aborted', 'unknown') THEN lower(o)
        WHEN lower(o) IN ('held', 'released') THEN 'held/released'
        WHEN o = 'RESCUED' OR lower(o) = 'rescued' THEN 'RESCUED'
        ELSE 'other' END
   OR row_run_key IS DISTINCT FROM coalesce(nullif(run_uuid, ''),
        CASE WHEN run IS NOT NULL THEN coalesce(dag_source, '') || '/' || run END)
   OR row_stop_time IS DISTINCT FROM coalesce(least(end_time, evicted_time, held_time, aborted_time), running_until)
   OR row_run_seconds IS DISTINCT FROM CASE
        WHEN coalesce(least(end_time, evicted_time, held_time, aborted_time), running_until) >= start_time
        THEN epoch(coalesce(least(end_time, evicted_time, held_time, aborted_time), running_until) - start_time) END
"""


def stale_row_facts(con) -> int:
    return con.execute(STALE_ROW_FACTS).fetchone()[0]


def built_once(tmp_path_factory, name, build):
    """Path of this test's own copy of a database file that ``build(path)`` makes once per run.

    Under pytest-xdist each worker runs a module's fixtures itself, so a module whose tests
    land on both workers ingested the same data twice; here the workers share one built file
    (the first builds it under a lock, the other waits and copies it). ``build`` must close
    its connection so the file is complete."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent                       # the run's folder, shared by the workers
    shared = root / "built-once"
    shared.mkdir(exist_ok=True)
    done = shared / f"{name}.duckdb"
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            tmp = shared / f"{name}.building.duckdb"
            build(tmp)
            os.replace(tmp, done)
    copy = tmp_path_factory.mktemp(name) / f"{name}.duckdb"
    shutil.copyfile(done, copy)
    return copy
