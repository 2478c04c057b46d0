"""Turning DuckDB's CSV reader errors into one clear paragraph: file, line, column, value."""

from __future__ import annotations

import io
import re
from pathlib import Path

from .errors import ExpreportError
from .inputs import open_input

_LINE = re.compile(r"CSV Error on Line: (\d+)")
_ORIGINAL = re.compile(r"Original Line: (.*)")
_COLUMN = re.compile(r'converting column "([^"]+)"')
_VALUE = re.compile(r"Could not convert string \"(.*?)\" to '([A-Z ]+)'")
_COUNT = re.compile(r"Expected Number of Columns: (\d+) Found: (\d+)")

_TYPE_WORDS = {
    "TIMESTAMP": "a timestamp YYYY-MM-DDTHH:MM:SS",
    "BIGINT": "an integer",
    "INTEGER": "an integer",
    "DOUBLE": "a number",
    "BOOLEAN": "True or False",
}


_EVENT_HEADER = re.compile(r"^\s*\d{3} \(\d+\.\d+\.\d+\) ")
SNIFF_LINES = 20


def damaged_event_log(path, head: bytes, first: str) -> ExpreportError | None:
    """The error for a file whose line 1 is no header of either kind but whose next lines
    (the first :data:`SNIFF_LINES`) hold an HTCondor event header; None when none does.

    Such a log used to be called "not a CSV file" (test_error_garbage_first_line_of_log).
    """
    lines = head.decode("utf-8", "replace").splitlines()[1:SNIFF_LINES]
    event = next((i for i, t in enumerate(lines, 2) if _EVENT_HEADER.match(t)), None)
    if event is not None:
        return ExpreportError(
            f"{path}, line 1: line 1 is not an HTCondor event header and not a CSV header "
            f"({first[:80]!r}), though line {event} starts an event ({lines[event - 2][:60]!r}): "
            "the file looks like an event log with a damaged start. An event log starts with "
            "'000 (cluster.proc.subproc) date time ...'; remove or fix line 1 and ingest again. "
            "Nothing was written.")
    return None


def not_a_csv_header(path, head: bytes, first: str, why: str) -> ExpreportError:
    """Line 1 is not a usable CSV header (``why``): say what the file looks like instead."""
    return damaged_event_log(path, head, first) or ExpreportError(
        f"{path}, line 1: not a CSV file and not an HTCondor event log: {why}; expected a "
        "job_summary.csv header starting with 'Job Name', or an event log's first line "
        "'000 (cluster.proc.subproc) date time ...'. Nothing was written.")


def _open_quote(path, line_no: int) -> tuple[int, int] | None:
    """(column, field) of the quote on line ``line_no`` of ``path`` that the line leaves open
    (1-based; column counts characters), or None."""
    try:
        with io.TextIOWrapper(open_input(Path(path)), encoding="utf-8", errors="replace", newline="") as f:
            for i, text in enumerate(f, 1):  # noqa: B007 (text is read after the break)
                if i == line_no:
                    break
            else:
                return None
    except OSError:
        return None
    start, field, at_start, quoted, just_closed = 0, 1, True, False, False
    for col, ch in enumerate(text.rstrip("\r\n"), 1):
        if quoted:
            quoted = ch != '"'
            just_closed = not quoted
        elif ch == '"' and (at_start or just_closed):     # opens a value, or "" inside one
            quoted, just_closed = True, False
            start = col if at_start else start
        else:
            just_closed = False
            field += ch == ","
        at_start = ch == "," and not quoted
    return (start, field) if quoted else None


def unterminated_quote(path: str, names: list[str], line: str) -> ExpreportError:
    """An opening quote no quote closes (test_error_unterminated_quote)."""
    n = int(line)
    found = _open_quote(path, n)
    if found:
        col, field = found
        name = f" ({names[field - 1]!r})" if field <= len(names) else ""
        where = f"line {n}, column {col}, field {field}{name}"
    else:
        where = f"line {n}"
    return ExpreportError(
        f"{path}, line {n}: unterminated quoted field starting at {where}: a '\"' opens a value "
        "that no closing '\"' ends before the end of the file. Close the quote (a quote inside "
        "a value is written twice: \"\") and ingest again; nothing was written.")


def csv_read_error(path: str, names: list[str], exc: Exception,
                   read_as: list[str] | None = None) -> ExpreportError:
    """Explain a DuckDB read_csv failure on ``path`` (header ``names``) in one paragraph.

    ``read_as`` are the names the reader gave the columns (file order), when renamed.
    """
    text = str(exc)
    line = _LINE.search(text)
    where = f"{path}, line {line.group(1)}" if line else path
    col = _COLUMN.search(text)
    val = _VALUE.search(text)
    count = _COUNT.search(text)
    if line and "unterminated quote" in text.lower():
        return unterminated_quote(path, names, line.group(1))
    if col and val:
        keys = read_as or names
        pos = keys.index(col.group(1)) + 1 if col.group(1) in keys else None
        name = names[pos - 1] if pos else col.group(1)
        at: int | str = pos or "?"
        want = _TYPE_WORDS.get(val.group(2), val.group(2))
        return ExpreportError(
            f"{where}, column {at} ({name!r}): value {val.group(1)!r} is not {want}. "
            "Fix or blank that value and ingest again; nothing was written.")
    if count:
        orig = _ORIGINAL.search(text)
        shown = f" The line reads: {orig.group(1)[:120]!r}." if orig else ""
        return ExpreportError(
            f"{where}: expected {count.group(1)} comma-separated fields as in the header, "
            f"found {count.group(2)}.{shown} Nothing was written.")
    if "unicode" in text.lower() or "utf-8" in text.lower():
        return ExpreportError(
            f"{where}: the file is not valid UTF-8 text (is it a binary file or another "
            "encoding?). Re-export it as UTF-8; nothing was written.")
    first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    return ExpreportError(f"{where}: cannot read the CSV: {first}. Nothing was written.")
