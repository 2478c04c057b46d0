"""Errors the CLI turns into one clear paragraph and a non-zero exit (no traceback)."""


class ExpreportError(Exception):
    """A user-facing error: its message says what went wrong and where (file, line, column)."""

    exit_code = 1


class NoMatchError(ExpreportError):
    """A filter matched nothing."""
