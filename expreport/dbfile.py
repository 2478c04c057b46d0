"""What ``--db`` may point at, and waiting for another process's lock on it.

- An existing ``--db`` must be a DuckDB database: its header holds ``DUCK`` at byte 8.
  Anything else (a CSV given by mistake, an empty file) is refused before DuckDB sees
  it: DuckDB 2.0 "opens" a CSV file as a read-only view of it, so an ingest went into
  memory and exited 0 (test_db_that_is_a_csv_is_refused, tests/test_store_hardening.py).
- A new ``--db`` must be in an existing folder: creating folders for a mistyped path
  hid the typo (test_db_in_missing_folder_is_refused).
- DuckDB lets one process hold a file for writing (or several for reading) and fails
  at once otherwise. :func:`open_waiting` retries with a short back-off for up to
  ``wait`` seconds, says once who holds the lock (DuckDB's message names the program and
  PID), then fails with one clear sentence (test_second_writer_waits_then_gives_up,
  test_second_writer_waits_for_the_lock).
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Callable, TypeVar

import duckdb

from .errors import ExpreportError

T = TypeVar("T")
_HOLDER_RE = re.compile(r"Conflicting lock is held in (?P<prog>.+?) \(PID (?P<pid>\d+)\)")


def check_db_path(db: Path) -> bool:
    """True when ``db`` is an existing DuckDB file, False when it is a new path in an
    existing folder; an :class:`ExpreportError` for anything else."""
    if db.is_dir():
        raise ExpreportError(f"{db} is a folder, not a database file: give a database file or a new path.")
    if db.exists():
        try:
            with open(db, "rb") as f:
                head = f.read(16)
        except OSError as e:
            raise ExpreportError(f"cannot read database {db}: {e.strerror or e}.") from e
        if len(head) < 12 or head[8:12] != b"DUCK":
            what = "it is empty" if not head else f"it starts with {head.decode('utf-8', 'replace')!r}"
            raise ExpreportError(f"{db} is not a DuckDB database ({what}): give a database file or a new path.")
        return True
    folder = db.parent if str(db.parent) else Path(".")
    if not folder.is_dir():
        raise ExpreportError(f"cannot create database {db}: folder {folder} does not exist "
                             "(create it first or give another path).")
    return False


def lock_holder(message: str) -> str | None:
    """``PID N (program)`` from DuckDB's lock error, None when it is not a lock error."""
    if "Could not set lock" not in message:
        return None
    m = _HOLDER_RE.search(message)
    if not m:
        return "another process (DuckDB's message names no PID)"
    return f"PID {m['pid']} ({m['prog']})"


def open_waiting(opener: Callable[[], T], db: Path, wait: float,
                 on_wait: Callable[[str], None] | None = None) -> T:
    """``opener()``, retried while another process holds the lock, for up to ``wait`` s."""
    deadline = time.monotonic() + max(wait, 0.0)
    delay, told = 0.05, False
    while True:
        try:
            return opener()
        except duckdb.Error as e:
            holder = lock_holder(str(e))
            if holder is None:
                raise
            left = deadline - time.monotonic()
            if left <= 0:
                raise ExpreportError(
                    f"database {db} is locked by {holder}; gave up after {wait:g} s "
                    "(--wait SECONDS waits longer).") from e
            if not told and on_wait is not None:
                on_wait(f"waiting for the database lock held by {holder}, up to {wait:g} s")
                told = True
            time.sleep(min(delay, left))
            delay = min(delay * 2, 0.5)
