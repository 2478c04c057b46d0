"""Errors the CLI turns into one clear paragraph and a non-zero exit (no traceback).

:func:`storage_error` names the cause of a failed write first (no space left, read-only,
permission denied) and where, instead of the symptom DuckDB or Python reports later
(test_error_disk_full_at_commit, test_error_report_out_*).
"""

from __future__ import annotations

import errno


class ExpreportError(Exception):
    """A user-facing error: its message says what went wrong and where (file, line, column)."""

    exit_code = 1


class NoMatchError(ExpreportError):
    """A filter matched nothing."""


# (errno, words DuckDB uses in its IOException text, what the user reads)
_CAUSES = (
    (errno.ENOSPC, "no space left on device", "no space left on device"),
    (errno.EDQUOT, "disk quota exceeded", "disk quota exceeded"),
    (errno.EROFS, "read-only file system", "read-only file system"),
    (errno.EACCES, "permission denied", "permission denied"),
    (errno.EPERM, "operation not permitted", "permission denied"),
)


def storage_cause(exc: BaseException) -> str | None:
    """'no space left on device', 'read-only file system', ... for a failed write, else None."""
    if isinstance(exc, OSError):
        for code, _, words in _CAUSES:
            if exc.errno == code:
                return words
        return None
    text = str(exc).lower()
    return next((words for _, needle, words in _CAUSES if needle in text), None)


def storage_error(exc: BaseException, path, consequence: str) -> ExpreportError | None:
    """One paragraph, cause first: '<cause> at PATH: <consequence>'; None when ``exc`` is no
    storage failure."""
    cause = storage_cause(exc)
    if cause is None:
        return None
    where = getattr(exc, "filename", None) or path
    return ExpreportError(f"{cause} at {where}: {consequence}")
