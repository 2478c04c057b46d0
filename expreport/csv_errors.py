"""Turning DuckDB's CSV reader errors into one clear paragraph: file, line, column, value."""

from __future__ import annotations

import re

from .errors import ExpreportError

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
    if col and val:
        keys = read_as or names
        pos = keys.index(col.group(1)) + 1 if col.group(1) in keys else None
        name = names[pos - 1] if pos else col.group(1)
        pos = pos or "?"
        want = _TYPE_WORDS.get(val.group(2), val.group(2))
        return ExpreportError(
            f"{where}, column {pos} ({name!r}): value {val.group(1)!r} is not {want}. "
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
