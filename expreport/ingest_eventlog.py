"""Event logs -> ``attempt_records`` / ``queue_only_jobs`` / ``eventlog_issues``.

The parsing (htcondor2 bindings completed from the event text) is in
:mod:`expreport.eventlog`; this module streams its records into the database in chunks
of :data:`CHUNK` rows (a 1 GB log never sits in memory): each chunk is committed to staging
tables, and the caller's ingest transaction moves a file's staged rows in one statement
(:func:`load_staged`), so the open transaction never holds the log's rows in memory. Columns
are typed explicitly (pandas nullable dtypes), so a chunk where a column happens to be all NULL
still inserts cleanly.
"""

from __future__ import annotations

import logging
import tempfile
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Iterable

import duckdb

from .errors import ExpreportError
from .eventlog.records import column_dtypes

log = logging.getLogger(__name__)

CHUNK = 5_000     # a 20k-record chunk cost ~30 MB more peak in the parsing process (RESULTS.md)

# attempt_records column -> pandas dtype, from the one typed definition of the parser's record.
ATTEMPT_COLUMNS = column_dtypes()
_I, _S, _T = "Int64", "string", "datetime64[us]"
QUEUE_COLUMNS = {
    "source_line": _I, "job_name": _S, "dag_source": _S, "cluster_id": _I, "proc": _I,
    "submit_time": _T, "end_event": _S, "end_time": _T, "hold_reason": _S,
}

# A parsed chunk goes to the staging tables (queries/schema/007_eventlog_staging.sql), committed
# on its own; the ingest's transaction moves a file's staged rows with one INSERT ... SELECT.
_STAGE_ATTEMPTS = """
INSERT INTO staged_attempt_records BY NAME
SELECT * EXCLUDE (epoch, parts),
       parts.run AS run, parts.job_type AS job_type,
       coalesce(parts.epoch, epoch) AS epoch,
       CAST($token AS VARCHAR) AS stage_token, CAST($experiment AS VARCHAR) AS experiment,
       'attempt' AS bytes_scope
FROM (SELECT *, job_name_parts(job_name) AS parts FROM chunk)
"""
_STAGE_QUEUE = """
INSERT INTO staged_queue_only_jobs BY NAME
SELECT *, CAST($token AS VARCHAR) AS stage_token, CAST($experiment AS VARCHAR) AS experiment
FROM chunk
"""
_MOVE = """
INSERT INTO {table} BY NAME
SELECT * EXCLUDE (stage_token, ingest_id), CAST($ingest_id AS INTEGER) AS ingest_id
FROM staged_{table} WHERE stage_token = $token
"""
_STAGED = ("attempt_records", "queue_only_jobs")     # fixed names, not input


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


_TARGET = {"attempts": (_STAGE_ATTEMPTS, ATTEMPT_COLUMNS), "queue": (_STAGE_QUEUE, QUEUE_COLUMNS)}


def _stage(con, kind: str, frame, token: str, experiment: str) -> None:
    """Commit one chunk to the staging tables (autocommit: no transaction is open)."""
    if not len(frame):
        return
    con.register("chunk", frame)
    try:
        con.execute(_TARGET[kind][0], {"token": token, "experiment": experiment})
    finally:
        con.unregister("chunk")


def stage_event_log(con: duckdb.DuckDBPyConnection, path: Path, token: str, experiment: str,
                    dag_paths: Iterable[Path], spooled=None) -> tuple[dict, list]:
    """Parse one event log into the staging tables under ``token``, chunk by chunk, each chunk
    committed; returns (counts of attempts and queue-only jobs, issues). ``spooled``: the log
    already parsed by a worker (ParseAhead), read back chunk by chunk."""
    if spooled is not None:
        return _stage_spool(con, spooled, token, experiment)
    issues: list[tuple] = []
    counts = {"attempts": 0, "queue_only": 0}
    for kind, records in _chunks(path, _dags(dag_paths), issues, counts):
        if records:
            _stage(con, kind, _frame(records, _TARGET[kind][1]), token, experiment)
    return counts, issues


def stage_logs(con: duckdb.DuckDBPyConnection, logs: list[Path], targets: dict, dags: list[Path],
               ahead: "ParseAhead", digest_of, seen) -> dict:
    """Before the ingest's transaction: stage each event log (:func:`stage_event_log`); returns
    {path: (token, digest, counts, issues)}. A log whose content the experiment already holds
    (``seen(con, experiment, digest)``; None with --replace) is not parsed, token None: the
    transaction decides again. Staged rows are deleted on any error."""
    import uuid
    staged: dict = {}
    call = uuid.uuid4().hex
    try:
        clear_staged(con)
        for i, path in enumerate(logs):
            if path in staged:
                continue
            refuse_compressed(path)
            digest = digest_of(path)
            if seen is not None and seen(con, targets[path], digest):
                staged[path] = (None, digest, None, None)
                continue
            token = f"{call}-{i}"
            counts, issues = stage_event_log(con, path, token, targets[path], dags,
                                             ahead.spooled(path))
            staged[path] = (token, digest, counts, issues)
    except BaseException:
        try:
            clear_staged(con)
        except duckdb.Error:      # the ingest's own error matters
            pass
        raise
    return staged


def refuse_compressed(path: Path) -> None:
    from .inputs import compression
    if compression(path):
        raise ExpreportError(f"{path}: a compressed HTCondor event log; the event-log reader takes "
                             "plain files only: decompress it first (gunzip / zstd -d). Nothing was written.")


def load_staged(con: duckdb.DuckDBPyConnection, token: str, ingest_id: int, experiment: str,
                counts: dict, issues: list) -> dict:
    """Inside the ingest's transaction: move the rows staged under ``token`` into
    attempt_records / queue_only_jobs and store the issues; returns counts (attempts,
    queue_only, issues)."""
    for table in _STAGED:
        con.execute(_MOVE.format(table=table), {"ingest_id": ingest_id, "token": token})
    if issues:
        con.executemany("INSERT INTO eventlog_issues VALUES (?, ?, ?, ?, ?)",
                        [(ingest_id, experiment, *i) for i in issues])
    return {**counts, "issues": len(issues)}


def clear_staged(con: duckdb.DuckDBPyConnection) -> None:
    """Delete every staged row: after an ingest moved its rows, after a failed one, and before
    the next one (a crash leaves rows of a dead ingest; one process writes at a time)."""
    for table in _STAGED:
        con.execute(f"DELETE FROM staged_{table}")


EVENTLOG_MEMORY_LIMIT = "128MB"   # DuckDB's budget while event logs are ingested (bench/RESULTS.md)


def limit_memory(con: duckdb.DuckDBPyConnection) -> None:
    """Cap DuckDB's buffer pool while event logs are staged and moved. Its default is 80% of the
    RAM and it keeps the blocks it touched: the staged rows of a 1 GB log would stay resident.
    With a cap, committed blocks are evicted and the final INSERT ... SELECT writes full row
    groups to the database file (bench/RESULTS.md, issue 11). Lifted before the derive steps,
    which read whole experiments (an event log added to 1M CSV rows ran out of memory)."""
    con.execute(f"SET memory_limit = '{EVENTLOG_MEMORY_LIMIT}'")     # a constant, not user input


def restore_memory(con: duckdb.DuckDBPyConnection) -> None:
    """Back to DuckDB's default budget (expreport sets no other)."""
    try:
        con.execute("RESET memory_limit")
    except duckdb.Error:
        pass


# Several event logs are parsed in parallel worker processes (the parser is pure Python, one
# core per log); the main process stages each log's chunks, in the order of the files.

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


def _stage_spool(con, spooled: tuple[Future, str], token: str, experiment: str
                 ) -> tuple[dict, list]:
    import pickle
    future, spool = spooled
    counts, issues = future.result()
    with open(spool, "rb") as f:       # our own file, written by spool_event_log
        while True:
            try:
                kind, frame = pickle.load(f)
            except EOFError:
                break
            _stage(con, kind, frame, token, experiment)
    return dict(counts), issues


MIN_LOGS = 2   # parse ahead from this many event logs in one ingest (one log: no gain) ...
BIG_LOG = 256 * 2**20   # ... or for one log this big: the parser's state (open jobs, DAG nodes)
                        # then stays out of the main process (a 1.07 GB log inline: 335 MB peak)


class ParseAhead:
    """Parse the event logs among ``paths`` in up to ``workers`` processes while the main
    process ingests; with fewer than MIN_LOGS logs nothing is parsed ahead, unless one is at
    least BIG_LOG bytes."""

    def __init__(self, paths: list[Path], dag_paths: Iterable[Path], workers: int | None = None):
        import os
        self.futures: dict[Path, Future] = {}
        self._spools: dict[Path, str] = {}
        self._pool: ProcessPoolExecutor | None = None
        self._tmp: tempfile.TemporaryDirectory | None = None
        paths = list(dict.fromkeys(paths))
        if len(paths) < MIN_LOGS and not any(os.path.getsize(p) >= BIG_LOG for p in paths):
            return
        import multiprocessing
        self._tmp = tempfile.TemporaryDirectory(prefix="expreport-logs-")
        n = min(len(paths), workers or os.cpu_count() or 1)
        self._pool = ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("spawn"))
        dags = [str(d) for d in dag_paths]
        for i, p in enumerate(paths):
            spool = os.path.join(self._tmp.name, f"{i}.chunks")
            fut = self._pool.submit(spool_event_log, str(p), dags, spool)
            self.futures[p], self._spools[p] = fut, spool

    def spooled(self, path: Path) -> tuple[Future, str] | None:
        """(the worker's future, its spool file) of ``path``, or None when parsed inline."""
        fut = self.futures.get(path)
        return None if fut is None else (fut, self._spools[path])

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        if self._tmp is not None:
            self._tmp.cleanup()
