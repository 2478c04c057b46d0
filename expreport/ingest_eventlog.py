"""Event logs -> ``attempt_records`` / ``queue_only_jobs`` / ``eventlog_issues``.

The parsing (htcondor2 bindings completed from the event text) is in
:mod:`expreport.eventlog`; this module streams its records into the database in chunks
of :data:`CHUNK` rows (a 1 GB log never sits in memory), inside the caller's ingest
transaction. Columns are typed explicitly (pandas nullable dtypes), so a chunk where a
column happens to be all NULL still inserts cleanly.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Iterable

import duckdb

from .errors import ExpreportError

log = logging.getLogger(__name__)

CHUNK = 20_000

# attempt_records column -> pandas dtype, for the record keys the event-log parser yields.
_I, _F, _S, _T, _B = "Int64", "Float64", "string", "datetime64[us]", "boolean"
ATTEMPT_COLUMNS = {
    "source_line": _I, "job_name": _S, "dag_source": _S, "run_uuid": _S, "dag_resource_name": _S,
    "cluster_id": _I, "proc": _I, "attempt_seq": _I, "node_attempt": _I,
    "submit_time": _T, "start_time": _T, "end_time": _T,
    "outcome_event": _S, "final_status": _S, "exit_code": _I, "exit_signal": _I,
    "hold_code": _I, "hold_subcode": _I, "hold_reason": _S, "evict_reason": _S,
    "held_time": _T, "released_time": _T, "evicted_time": _T, "aborted_time": _T,
    "execute_host": _S, "slot": _S, "glidein_site": _S,
    "n_gpus": _I, "gpu_name": _S, "gpu_names": _S, "gpu_memory_mb": _I, "gpu_capability": _F,
    "gpu_driver": _S, "gpu_ecc": _B, "gpu_uuid": _S, "gpu_id": _S, "gpu_pci_bus": _S,
    "request_cpus": _F, "request_memory_mb": _F, "request_disk_kb": _F, "request_gpus": _F,
    "request_gpu_memory_mb": _F,
    "cpu_usage": _F, "peak_memory_mb": _F, "disk_usage_kb": _I, "gpu_usage": _F,
    "gpu_memory_usage_mb": _F,
    "alloc_cpus": _F, "alloc_memory_mb": _F, "alloc_disk_kb": _F, "alloc_gpus": _F,
    "bytes_sent": _I, "bytes_received": _I, "xfer_in_start": _T, "xfer_in_end": _T,
    "epoch": _I, "abort_reason": _S, "submit_host": _S, "service_node": _B,
    "running_until": _T,
}
QUEUE_COLUMNS = {
    "source_line": _I, "job_name": _S, "dag_source": _S, "cluster_id": _I, "proc": _I,
    "submit_time": _T, "end_event": _S, "end_time": _T, "hold_reason": _S,
}

_INSERT_ATTEMPTS = """
INSERT INTO attempt_records BY NAME
SELECT * EXCLUDE (epoch, parts),
       parts.run AS run, parts.job_type AS job_type,
       coalesce(parts.epoch, epoch) AS epoch,
       CAST($ingest_id AS INTEGER) AS ingest_id, CAST($experiment AS VARCHAR) AS experiment,
       'attempt' AS bytes_scope
FROM (SELECT *, job_name_parts(job_name) AS parts FROM chunk)
"""
_INSERT_QUEUE = """
INSERT INTO queue_only_jobs BY NAME
SELECT *, CAST($ingest_id AS INTEGER) AS ingest_id, CAST($experiment AS VARCHAR) AS experiment
FROM chunk
"""


def _frame(records: list[dict], columns: dict[str, str]):
    import pandas as pd
    data = {c: pd.array([r.get(c) for r in records], dtype=t) for c, t in columns.items()}
    return pd.DataFrame(data)


def _flush(con, sql: str, records: list[dict], columns: dict[str, str], ingest_id: int, experiment: str) -> None:
    if not records:
        return
    con.register("chunk", _frame(records, columns))
    try:
        con.execute(sql, {"ingest_id": ingest_id, "experiment": experiment})
    finally:
        con.unregister("chunk")
    records.clear()


def load_event_log(con: duckdb.DuckDBPyConnection, path: Path, ingest_id: int, experiment: str,
                   dag_paths: Iterable[Path]) -> dict:
    """Stream one event log into the database; returns counts (attempts, queue_only, issues)."""
    from .eventlog import EventLogError, iter_attempts, parse_dag
    try:
        dags = [parse_dag(p) for p in dag_paths]
    except EventLogError as e:
        raise ExpreportError(str(e)) from e
    except OSError as e:
        raise ExpreportError(f"cannot read DAG file: {e}") from e
    issues: list[tuple] = []

    def on_issue(kind: str, line: int, detail: str) -> None:
        issues.append((ingest_id, experiment, kind, line, detail))

    attempts: list[dict] = []
    queued: list[dict] = []
    counts = {"attempts": 0, "queue_only": 0}
    try:
        for rec in iter_attempts(path, dags, on_issue=on_issue):
            if rec.get("kind") == "queue_only":
                rec["end_event"] = rec.get("outcome_event")      # how the job left the queue
                queued.append(rec)
                counts["queue_only"] += 1
                if len(queued) >= CHUNK:
                    _flush(con, _INSERT_QUEUE, queued, QUEUE_COLUMNS, ingest_id, experiment)
            else:
                attempts.append(rec)
                counts["attempts"] += 1
                if len(attempts) >= CHUNK:
                    _flush(con, _INSERT_ATTEMPTS, attempts, ATTEMPT_COLUMNS, ingest_id, experiment)
    except EventLogError as e:
        raise ExpreportError(str(e)) from e
    _flush(con, _INSERT_ATTEMPTS, attempts, ATTEMPT_COLUMNS, ingest_id, experiment)
    _flush(con, _INSERT_QUEUE, queued, QUEUE_COLUMNS, ingest_id, experiment)
    if issues:
        con.executemany("INSERT INTO eventlog_issues VALUES (?, ?, ?, ?, ?)", issues)
    counts["issues"] = len(issues)
    return counts
