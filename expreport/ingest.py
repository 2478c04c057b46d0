"""Ingest: files -> ``attempt_records`` in one transaction per call.

Guarantees (each pinned by tests/test_ingest.py):
- an ingest lands whole or not at all: any error rolls back every file of the call;
- the same file content (sha256) twice into one experiment is a no-op with a message;
- ``replace=True`` first deletes the experiment's rows, then ingests the files given;
- bad input raises :class:`ExpreportError` naming file, line, column and value.
"""

from __future__ import annotations

import csv
import io
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import duckdb

from .csv_errors import csv_read_error, damaged_event_log, not_a_csv_header
from .csv_versions import COLUMNS, HeaderInfo, detect_version
from .errors import ExpreportError
from .file_digest import Digest, sha256_file
from .inputs import open_input, read_head
from .ingest_checks import (exact_csv_lines, flag_implausible, keep_richer_rows,
                            reject_infinite_times, replace_older_rows, safe_read_path)
from .ingest_eventlog import clear_staged, load_staged, restore_memory, stage_event_log
from .paths import queries_dir

log = logging.getLogger(__name__)

SNIFF_BYTES = 64 * 1024
PROGRESS_MIN_BYTES = 32 * 1024 * 1024


@dataclass
class IngestResult:
    path: Path
    experiment: str
    kind: str = "csv"
    skipped: bool = False            # same content already in the experiment
    ingest_id: int | None = None
    header_version: int | None = None
    attempts: int = 0
    runs: int = 0
    epochs: int = 0
    seconds: float = 0.0
    replaced: int = 0                # rows of older ingests of the same attempts, replaced
    implausible: int = 0             # attempts outside plausibility_bounds (flagged, left out)
    warnings: list[str] = field(default_factory=list)

    @property
    def new(self) -> int:
        return self.attempts - self.replaced


def default_experiment(path: Path) -> str:
    """The experiment a file goes to without ``--experiment``: its folder's name."""
    return path.resolve().parent.name or "default"


def _seen(con: duckdb.DuckDBPyConnection, experiment: str, digest: str) -> str | None:
    """The path of an ingest of the experiment with the same content, if any."""
    row = con.execute("SELECT source_path FROM ingests WHERE experiment = ? AND source_sha256 = ?",
                      [experiment, digest]).fetchone()
    return row[0] if row else None


def _path_seen(con: duckdb.DuckDBPyConnection, experiment: str, path: Path) -> bool:
    """Whether the experiment already has an ingest of this path (its content may have changed)."""
    return con.execute("SELECT count(*) > 0 FROM ingests WHERE experiment = ? AND source_path = ?",
                       [experiment, str(path.resolve())]).fetchall()[0][0]


def _check_readable(path: Path) -> bytes:
    """First bytes of ``path``; clear errors for missing, empty and binary files."""
    if not path.exists():
        raise ExpreportError(f"{path}: no such file.")
    if not path.is_file():
        raise ExpreportError(f"{path}: not a regular file.")
    head = read_head(path, SNIFF_BYTES)      # decompressed (inputs.py)
    if not head.strip():
        raise ExpreportError(f"{path}: the file is empty; expected a job_summary.csv with a header line.")
    if b"\x00" in head:
        raise ExpreportError(f"{path}, line 1: the file is binary (it contains NUL bytes), "
                             "not a CSV or an HTCondor event log.")
    return head


def read_header(path: Path, head: bytes) -> HeaderInfo:
    """Parse and check the header line of a CSV (from its first bytes; a header longer than
    them is read whole from the file: tests/test_ingest_hardening.py::test_long_header)."""
    if b"\n" not in head and len(head) >= SNIFF_BYTES:
        with open_input(path) as f:
            head = f.readline(64 * 1024 * 1024)
    first = head.split(b"\n", 1)[0].rstrip(b"\r")
    if first.startswith(b"\xef\xbb\xbf"):
        first = first[3:]
    try:
        text = first.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ExpreportError(f"{path}, line 1, column {e.start + 1}: the header is not valid UTF-8 "
                             "text (binary file or another encoding?).") from e
    names = next(csv.reader(io.StringIO(text)), [])
    names = [n.strip() for n in names]
    if len(names) < 2:
        raise not_a_csv_header(path, head, text, f"the first line has {len(names)} comma-separated "
                               f"field(s) ({text[:80]!r})")
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise ExpreportError(f"{path}, line 1: the header repeats column(s) {', '.join(map(repr, dupes))}.")
    try:
        return detect_version(names)
    except ValueError as e:
        raise damaged_event_log(path, head, text) or ExpreportError(
            f"{path}, line 1: not a job_summary.csv: the {e}. The header starts "
            f"{text[:80]!r}.") from e


def _reader_columns(info: HeaderInfo) -> dict[str, str]:
    """File column -> type, renamed to stored names; unstored columns get '_' names."""
    cols: dict[str, str] = {}
    for i, name in enumerate(info.names):
        stored, typ = COLUMNS.get(name, (None, "VARCHAR"))
        cols[stored if stored else f"_unstored_{i}"] = typ
    return cols


def _insert_sql() -> str:
    return (queries_dir() / "ingest" / "insert_csv.sql").read_text(encoding="utf-8")


def _ingest_csv(con: duckdb.DuckDBPyConnection, path: Path, head: bytes, experiment: str,
                result: IngestResult, progress: Callable | None, strict: bool) -> None:
    """The file is hashed while it is inserted; a file whose content the experiment already holds
    then has its rows deleted again before anything else reads them (same content twice: a no-op)."""
    info = read_header(path, head)
    if _path_seen(con, experiment, path):   # probably a re-run: hash first, skip without inserting
        if seen := _seen(con, experiment, sha256_file(path)):
            result.skipped = True
            result.warnings.append(f"{path}: same content as {seen}, already in experiment {experiment!r}: skipped")
            return
    digest = Digest(path)
    try:
        ingest_id = con.execute("SELECT nextval('ingest_id_seq')").fetchall()[0][0]
        cols = _reader_columns(info)
        try:
            with safe_read_path(path) as read_path:
                params = {"path": read_path, "cols": cols, "ingest_id": ingest_id,
                          "experiment": experiment}
                if progress is not None and path.stat().st_size >= PROGRESS_MIN_BYTES:
                    with progress(con, f"ingesting {path.name}", True):
                        con.execute(_insert_sql(), params)
                else:
                    con.execute(_insert_sql(), params)
        except duckdb.Error as e:
            raise csv_read_error(str(path), info.names, e, read_as=list(cols)) from e
        n = con.execute("SELECT count(*) FROM attempt_records WHERE ingest_id = ?", [ingest_id]).fetchall()[0][0]
        sha = digest.result()
    finally:
        digest.cancel()
    seen = _seen(con, experiment, sha)
    if seen:
        con.execute("DELETE FROM attempt_records WHERE ingest_id = ?", [ingest_id])
        result.skipped = True
        result.warnings.append(f"{path}: same content as {seen}, already in experiment {experiment!r}: skipped")
        return
    result.header_version = info.version
    if info.unknown:
        result.warnings.append(
            f"{path}: ignoring {len(info.unknown)} unknown column(s): {', '.join(info.unknown)}")
    if n == 0:      # a header and no row: nothing to register (tests/...::test_header_only_file)
        result.skipped = True
        result.warnings.append(f"{path}: only a header, no attempt: nothing ingested")
        return
    con.execute("INSERT INTO ingests (ingest_id, experiment, source_path, source_sha256, source_kind,"
                " header_version, n_rows) VALUES (?, ?, ?, ?, 'csv', ?, 0)",
                [ingest_id, experiment, str(path.resolve()), sha, info.version])
    con.execute((queries_dir() / "ingest" / "number_csv_lines.sql").read_text(encoding="utf-8"),
                {"ingest_id": ingest_id})
    exact_csv_lines(con, ingest_id, path, n)
    stored = {v[0]: k for k, v in COLUMNS.items() if v[0]}
    reject_infinite_times(con, ingest_id, path, list(info.names), stored)
    _finish(con, ingest_id, result, path, strict, assign=False)


def assign_resources(con: duckdb.DuckDBPyConnection, ingest_id: int | None) -> None:
    """(Re)assign attempt_records.resource from resource_rules (one ingest, or all rows)."""
    sql = (queries_dir() / "ingest" / "assign_resources.sql").read_text(encoding="utf-8")
    con.execute(sql, {"ingest_id": ingest_id})


def derive_epochs(con: duckdb.DuckDBPyConnection, experiment: str) -> None:
    """Recompute one experiment's cross-attempt flags (merge with event logs, RESCUED, copied GPU
    details: queries/ingest/derive_flags.sql), the CSV facts a merged log attempt keeps
    (merge_csv_facts.sql), the per-row facts the attempts view reads (store_row_facts.sql:
    outcome, waste_kind, run_key), then its epoch credit (derive_epochs.sql)."""
    for name in ("derive_flags.sql", "merge_csv_facts.sql", "store_row_facts.sql", "derive_epochs.sql"):
        sql = (queries_dir() / "ingest" / name).read_text(encoding="utf-8")
        con.execute(sql, {"experiment": experiment})


def _finish(con: duckdb.DuckDBPyConnection, ingest_id: int, result: IngestResult, path: Path,
            strict: bool, assign: bool = True) -> None:
    """Flag implausible attempts, replace older rows of the same attempts, assign resources
    (``assign``; a CSV's INSERT already did) and store the file's row count (ingest_checks.py)."""
    result.ingest_id = ingest_id
    result.implausible = flag_implausible(con, ingest_id, path, strict)
    if result.implausible:
        result.warnings.append(
            f"{path}: {result.implausible:,} implausible attempt(s) flagged and left out of every "
            "total (see the data_issues view; --strict refuses them)")
    kept = keep_richer_rows(con, ingest_id)
    if kept:
        result.warnings.append(
            f"{path}: {kept:,} row(s) not taken: experiment {result.experiment!r} already holds these "
            "attempts from a file of a newer header version, which records more")
    result.replaced = replace_older_rows(con, ingest_id, result.experiment)
    if assign:
        assign_resources(con, ingest_id)
    con.execute((queries_dir() / "ingest" / "record_coverage.sql").read_text(encoding="utf-8"),
                {"ingest_id": ingest_id})
    n = con.execute("SELECT count(*) FROM attempt_records WHERE ingest_id = ?", [ingest_id]).fetchall()[0][0]
    con.execute("UPDATE ingests SET n_rows = ? WHERE ingest_id = ?", [n, ingest_id])
    result.attempts = n


def _count(con: duckdb.DuckDBPyConnection, results: list[IngestResult]) -> None:
    """Runs and epochs each file brought (epochs whose first success is in the file)."""
    for r in results:
        if r.skipped:
            continue
        r.runs, r.epochs = con.execute(
            "SELECT count(DISTINCT run_key), coalesce(sum(epochs_credited), 0)"
            " FROM attempts WHERE ingest_id = ?", [r.ingest_id]).fetchall()[0]


def ingest_files(con: duckdb.DuckDBPyConnection, files: list[Path], *, experiment: str | None = None,
                 replace: bool = False, dags: list[Path] | None = None,
                 progress: Callable | None = None, strict: bool = False,
                 create: bool = False) -> list[IngestResult]:
    """Ingest ``files`` in ONE transaction; returns a result per file.

    CSV and HTCondor event logs are told apart by content. ``experiment`` defaults to
    each file's folder name. ``replace`` deletes the named experiments' rows first; the
    experiment must exist unless ``create`` (a typo must not start a new experiment). ``strict``
    refuses implausible attempts instead of flagging them. A row for an attempt an older ingest
    of the experiment already holds replaces it (ingest_checks.replace_older_rows).
    """
    if not files:
        raise ExpreportError("nothing to ingest: give at least one file.")
    heads = {p: _check_readable(p) for p in files}
    targets = {p: experiment or default_experiment(p) for p in files}
    from .ingest_eventlog import ParseAhead, limit_memory, stage_logs
    from .scope import reset_scope
    reset_scope(con)
    logs = [p for p in files if _is_event_log(heads[p])]
    ahead = ParseAhead(logs, dags or [])
    if logs:
        limit_memory(con)
    try:
        staged = stage_logs(con, logs, targets, dags or [], ahead,
                            digest_of=sha256_file, seen=None if replace else _seen)
        return _ingest_all(con, files, heads, targets, replace, create, dags, progress, strict, staged)
    finally:
        ahead.close()
        if logs:
            restore_memory(con)


def _ingest_all(con, files, heads, targets, replace, create, dags, progress, strict, staged) -> list[IngestResult]:
    con.execute("BEGIN TRANSACTION")
    try:
        if replace:
            _check_replace_targets(con, sorted(set(targets.values())), create)
            for exp in sorted(set(targets.values())):
                for table in ("attempt_records", "queue_only_jobs", "eventlog_issues", "ingests"):
                    con.execute(f"DELETE FROM {table} WHERE experiment = ?", [exp])  # fixed names
        results = []
        for path in files:
            t0 = time.perf_counter()
            exp = targets[path]
            result = IngestResult(path=path, experiment=exp)
            if not _is_event_log(heads[path]):
                _ingest_csv(con, path, heads[path], exp, result, progress, strict)
            elif seen := _seen(con, exp, digest := staged[path][1]):
                result.skipped = True
                result.warnings.append(f"{path}: same content as {seen}, already in experiment {exp!r}: skipped")
            else:
                result.kind = "eventlog"
                _ingest_event_log(con, path, exp, digest, result, dags or [], strict, staged[path])
            result.seconds = time.perf_counter() - t0
            results.append(result)
        t0 = time.perf_counter()
        changed = sorted({r.experiment for r in results if not r.skipped})
        if staged:     # the derive steps read whole experiments: 1M CSV rows ran out of 128 MB
            restore_memory(con)
        for exp in changed:
            derive_epochs(con, exp)
        for r in results:   # spread the shared step over the files, for honest timings
            if not r.skipped:
                r.seconds += (time.perf_counter() - t0) / max(1, len([x for x in results if not x.skipped]))
        _count(con, results)
        if staged:
            clear_staged(con)      # moved, or of a file skipped as a repeat
        con.execute("COMMIT")
    except BaseException:
        try:
            con.execute("ROLLBACK")
        except duckdb.Error:   # a failed COMMIT already ended it: keep the real cause
            pass               # (test_error_disk_full_at_commit)
        if staged:
            _best_effort(clear_staged, con)
        _reclaim(con)
        raise
    return results


def _check_replace_targets(con: duckdb.DuckDBPyConnection, names: list[str], create: bool) -> None:
    have = [r[0] for r in con.execute("SELECT DISTINCT experiment FROM ingests ORDER BY 1").fetchall()]
    missing = [n for n in names if n not in have]
    if missing and not create:
        raise ExpreportError(
            f"--replace: no experiment {', '.join(map(repr, missing))} to replace (the database has "
            f"{', '.join(map(repr, have)) or 'none'}); check the name, or drop --replace to create it.")


def _best_effort(step, con: duckdb.DuckDBPyConnection) -> None:
    try:
        step(con)
    except duckdb.Error:       # the ingest's own error matters
        pass


def _reclaim(con: duckdb.DuckDBPyConnection) -> None:
    """After a rollback, give back the blocks the failed ingest wrote (a failed 1M-row ingest
    otherwise leaves the file ~140 MB bigger); best effort: the ingest's own error matters."""
    try:
        con.execute("CHECKPOINT")
    except duckdb.Error:
        pass


def _is_event_log(head: bytes) -> bool:
    """An HTCondor event log starts with an event header: ``000 (123.000.000) 2026-...``."""
    import re
    return re.match(rb"^\s*\d{3} \(\d+\.\d+\.\d+\) ", head) is not None


def _ingest_event_log(con: duckdb.DuckDBPyConnection, path: Path, experiment: str, digest: str,
                      result: IngestResult, dags: list[Path], strict: bool, staged: tuple) -> None:
    """Inside the transaction: the file's ingest row, then its staged rows (ingest_eventlog.stage_logs)."""
    ingest_id = con.execute(
        "INSERT INTO ingests (experiment, source_path, source_sha256, source_kind, header_version, n_rows)"
        " VALUES (?, ?, ?, 'eventlog', NULL, 0) RETURNING ingest_id",
        [experiment, str(path.resolve()), digest]).fetchall()[0][0]
    token, _, counts, issues = staged
    if token is None:          # not staged (content seen before the transaction): parse it now
        token = f"late-{ingest_id}"
        counts, issues = stage_event_log(con, path, token, experiment, dags)
    counts = load_staged(con, token, ingest_id, experiment, counts, issues)
    if counts["queue_only"]:
        result.warnings.append(f"{path}: {counts['queue_only']} job(s) never ran (queue-only, kept apart)")
    if counts["issues"]:
        result.warnings.append(f"{path}: {counts['issues']} event-log problem(s) recorded "
                               "(see the eventlog_issues table / the report's data quality section)")
    _finish(con, ingest_id, result, path, strict)
