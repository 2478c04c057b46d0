"""A file's sha256, the identity of its content for "the same file twice never double-counts"
(ingests.source_sha256): hashed directly, or in a thread while DuckDB reads the file."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path


def sha256_file(path: Path, stop: threading.Event | None = None) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(4 * 1024 * 1024):
            if stop is not None and stop.is_set():
                return ""
            h.update(chunk)
    return h.hexdigest()


class Digest:
    """sha256 of a file hashed in a thread while DuckDB reads it (hashlib releases the GIL): 3.5 s
    at 10M attempts that no longer come before the INSERT. ``cancel()`` stops it early."""

    def __init__(self, path: Path):
        self._stop = threading.Event()
        self._value: str | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(path,), name="sha256", daemon=True)
        self._thread.start()

    def _run(self, path: Path) -> None:
        try:
            self._value = sha256_file(path, self._stop)
        except BaseException as e:      # re-raised in the ingest's thread by result()
            self._error = e

    def result(self) -> str:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value or ""

    def cancel(self) -> None:
        self._stop.set()
        self._thread.join()
