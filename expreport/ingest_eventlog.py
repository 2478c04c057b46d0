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


def _frame(rows: list[tuple], columns: dict[str, str]):
    """A typed DataFrame of ``rows``, tuples of the values of ``columns`` in their order."""
    import pandas as pd
    data = {c: pd.array(list(values), dtype=t)
            for (c, t), values in zip(columns.items(), zip(*rows))}
    return pd.DataFrame(data)


def _dags(dag_paths: Iterable[Path]) -> list:
    from .eventlog import EventLogError, parse_dag
    try:
        return [parse_dag(p) for p in dag_paths]
    except EventLogError as e:
        raise ExpreportError(str(e)) from e
    except OSError as e:
        raise ExpreportError(f"cannot read DAG file: {e}") from e


def _chunks(path, dags, issues: list, counts: dict):
    """The log's records as ('attempts' | 'queue', up to CHUNK rows) pieces, each row a tuple
    of the table's columns (a 62-key dict per record made a 20k-record chunk ~100 MB); problems
    go to ``issues`` as (kind, line, detail) and the record counts to ``counts``."""
    from .eventlog import EventLogError, iter_attempts
    attempts: list[tuple] = []
    queued: list[tuple] = []
    a_cols, q_cols = tuple(ATTEMPT_COLUMNS), tuple(QUEUE_COLUMNS)
    try:
        for rec in iter_attempts(path, dags, on_issue=lambda *a: issues.append(a)):
            if rec.get("kind") == "queue_only":
                rec["end_event"] = rec.get("outcome_event")      # how the job left the queue
                queued.append(tuple(map(rec.get, q_cols)))
                counts["queue_only"] += 1
                if len(queued) >= CHUNK:
                    yield "queue", queued
                    queued = []
            else:
                attempts.append(tuple(map(rec.get, a_cols)))
                counts["attempts"] += 1
                if len(attempts) >= CHUNK:
                    yield "attempts", attempts
                    attempts = []
    except EventLogError as e:
        raise ExpreportError(str(e)) from e
    yield "attempts", attempts
    yield "queue", queued


_TARGET = {"attempts": (_INSERT_ATTEMPTS, ATTEMPT_COLUMNS), "queue": (_INSERT_QUEUE, QUEUE_COLUMNS)}


def _insert(con, kind: str, frame, ingest_id: int, experiment: str) -> None:
    if not len(frame):
        return
    con.register("chunk", frame)
    try:
        con.execute(_TARGET[kind][0], {"ingest_id": ingest_id, "experiment": experiment})
    finally:
        con.unregister("chunk")


def _store_issues(con, issues: list, counts: dict, ingest_id: int, experiment: str) -> dict:
    if issues:
        con.executemany("INSERT INTO eventlog_issues VALUES (?, ?, ?, ?, ?)",
                        [(ingest_id, experiment, *i) for i in issues])
    counts["issues"] = len(issues)
    return counts


def load_event_log(con: duckdb.DuckDBPyConnection, path: Path, ingest_id: int, experiment: str,
                   dag_paths: Iterable[Path], spooled=None) -> dict:
    """Stream one event log into the database; returns counts (attempts, queue_only, issues).
    ``spooled``: the log already parsed by a worker (ParseAhead), read back chunk by chunk."""
    if spooled is not None:
        return _load_spool(con, spooled, ingest_id, experiment)
    issues: list[tuple] = []
    counts = {"attempts": 0, "queue_only": 0}
    for kind, records in _chunks(path, _dags(dag_paths), issues, counts):
        if records:
            _insert(con, kind, _frame(records, _TARGET[kind][1]), ingest_id, experiment)
    return _store_issues(con, issues, counts, ingest_id, experiment)


# Several event logs are parsed in parallel worker processes (the parser is pure Python, one
# core per log); the main process inserts each log's chunks, in the order of the files.

def spool_event_log(path: str, dag_paths: list[str], spool: str) -> tuple[dict, list]:
    """In a worker process: parse one event log into ``spool``, a stream of pickled
    (kind, typed DataFrame) chunks of CHUNK records: neither process holds the whole log."""
    import pickle
    issues: list[tuple] = []
    counts = {"attempts": 0, "queue_only": 0}
    with open(spool, "wb") as out:
        for kind, records in _chunks(path, _dags(map(Path, dag_paths)), issues, counts):
            if records:
                pickle.dump((kind, _frame(records, _TARGET[kind][1])), out, protocol=pickle.HIGHEST_PROTOCOL)
    return counts, issues


def _load_spool(con, future, ingest_id: int, experiment: str) -> dict:
    import pickle
    counts, issues, spool = (*future.result(), future.spool)
    with open(spool, "rb") as f:       # our own file, written by spool_event_log
        while True:
            try:
                kind, frame = pickle.load(f)
            except EOFError:
                break
            _insert(con, kind, frame, ingest_id, experiment)
    return _store_issues(con, issues, dict(counts), ingest_id, experiment)


MIN_LOGS = 2   # parse ahead from this many event logs in one ingest (one log: no gain)


class ParseAhead:
    """Parse the event logs among ``paths`` in up to ``workers`` processes while the main
    process ingests; with fewer than MIN_LOGS logs nothing is parsed ahead."""

    def __init__(self, paths: list[Path], dag_paths: Iterable[Path], workers: int | None = None):
        import os
        self.futures: dict[Path, object] = {}
        self._pool = self._tmp = None
        paths = list(dict.fromkeys(paths))
        if len(paths) < MIN_LOGS:
            return
        import multiprocessing
        import tempfile
        from concurrent.futures import ProcessPoolExecutor
        self._tmp = tempfile.TemporaryDirectory(prefix="expreport-logs-")
        n = min(len(paths), workers or os.cpu_count() or 1)
        self._pool = ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("spawn"))
        dags = [str(d) for d in dag_paths]
        for i, p in enumerate(paths):
            spool = os.path.join(self._tmp.name, f"{i}.chunks")
            fut = self._pool.submit(spool_event_log, str(p), dags, spool)
            fut.spool = spool
            self.futures[p] = fut

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._tmp.cleanup()
