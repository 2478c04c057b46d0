"""What an ingest checks and settles after its rows are inserted (issue 13), each step a SQL file
under ``queries/ingest/`` run inside the ingest's transaction:

- :func:`reject_infinite_times`: an ``infinity`` timestamp is refused with file, line, column and
  value (DuckDB's CSV reader accepts it; every later subtraction would fail);
  tests/test_ingest_hardening.py::test_infinite_timestamp_is_refused.
- :func:`flag_implausible`: attempts outside ``plausibility_bounds`` are flagged, kept out of every
  total, listed in data_issues; ``strict`` makes the first one an error;
  ::test_implausible_values_are_flagged_and_left_out, ::test_strict_refuses_implausible.
- :func:`replace_older_rows`: a row of this ingest replaces the same attempt from an older ingest
  of the experiment (newest wins), so a re-export never counts twice;
  ::test_reexport_replaces_instead_of_adding, ::test_crlf_copy_does_not_double.
- :func:`exact_csv_lines`: ``source_line`` is the file's physical line even after blank lines or
  quoted newlines; ::test_source_line_after_blank_lines_and_quoted_newlines.
- :func:`safe_read_path`: a file name with glob characters is read as exactly that file;
  ::test_glob_characters_in_a_file_name.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import duckdb

from .errors import ExpreportError
from .inputs import compression, open_input
from .paths import queries_dir

_GLOB = set("*?[]{}")


def _sql(name: str) -> str:
    return (queries_dir() / "ingest" / name).read_text(encoding="utf-8")


@contextmanager
def safe_read_path(path: Path) -> Iterator[str]:
    """A path DuckDB's reader takes literally: ``job[1].csv`` or ``star*.csv`` would be globs that
    read OTHER files, so such a file is read through a symlink with a plain name."""
    if not (_GLOB & set(str(path))):
        yield str(path)
        return
    with tempfile.TemporaryDirectory(prefix="expreport-") as d:
        link = os.path.join(d, "input.csv" + "".join(Path(path).suffixes[-1:])
                            if compression(Path(path)) else "input.csv")   # keeps .gz for DuckDB
        os.symlink(os.path.abspath(path), link)
        yield link


def reject_infinite_times(con: duckdb.DuckDBPyConnection, ingest_id: int, path: Path,
                          header: list[str], stored_to_header: dict[str, str]) -> None:
    row = con.execute(_sql("find_infinite_times.sql"), {"ingest_id": ingest_id}).fetchone()
    if row is None:
        return
    line, col, val = row
    name = stored_to_header.get(col, col)
    where = f", column {header.index(name) + 1} ({name!r})" if name in header else f", column {name!r}"
    raise ExpreportError(f"{path}, line {line}{where}: {val!r} is not a usable time (an infinite "
                         "timestamp); give a date and time like 2026-05-04T14:09:47 or leave it empty.")


def flag_implausible(con: duckdb.DuckDBPyConnection, ingest_id: int, path: Path,
                     strict: bool) -> int:
    """Flag this ingest's attempts outside plausibility_bounds; returns how many."""
    now = con.execute("SELECT ingested_at FROM ingests WHERE ingest_id = ?", [ingest_id]).fetchall()[0][0]
    con.execute(_sql("check_plausibility.sql"), {"ingest_id": ingest_id, "now": now})
    n, line, why = con.execute(
        "SELECT count(*), arg_min(source_line, source_line), arg_min(implausible, source_line) "
        "FROM attempt_records WHERE ingest_id = ? AND implausible IS NOT NULL", [ingest_id]).fetchall()[0]
    if n and strict:
        raise ExpreportError(f"{path}, line {line}: implausible attempt ({why}); --strict refuses "
                             f"it ({n:,} such attempt(s) in the file; bounds: FROM plausibility_bounds).")
    return n


def keep_richer_rows(con: duckdb.DuckDBPyConnection, ingest_id: int) -> int:
    """Drop this ingest's rows for attempts stored from a newer CSV header version (a v1
    re-export must not replace v6 rows); returns how many (keep_richer_rows.sql;
    tests/test_ingest_hardening.py::test_older_csv_version_does_not_replace_newer_rows)."""
    return con.execute(_sql("keep_richer_rows.sql"), {"ingest_id": ingest_id}).fetchall()[0][0]


def replace_older_rows(con: duckdb.DuckDBPyConnection, ingest_id: int, experiment: str) -> int:
    """Delete older rows of the same attempts (natural key); returns how many were replaced."""
    n = con.execute(_sql("replace_older_rows.sql"), {"ingest_id": ingest_id}).fetchall()[0][0]
    if n:
        con.execute("UPDATE ingests SET n_rows = (SELECT count(*) FROM attempt_records a "
                    "WHERE a.ingest_id = ingests.ingest_id) WHERE experiment = ? AND ingest_id <> ?",
                    [experiment, ingest_id])
    return n


def _newline_count(path: Path) -> tuple[int, bool]:
    n, last = 0, b"\n"
    with open_input(path) as f:
        while chunk := f.read(8 * 1024 * 1024):
            n += chunk.count(b"\n")
            last = chunk[-1:]
    return n, last == b"\n"


def exact_csv_lines(con: duckdb.DuckDBPyConnection, ingest_id: int, path: Path, rows: int) -> None:
    """Correct source_line where the rowid numbering (queries/ingest/number_csv_lines.sql) is off:
    a file with blank lines (DuckDB skips them) or quoted newlines has more physical lines than
    records + header. Only then is the file read again, with the csv module, for each record's
    first physical line."""
    newlines, ends_nl = _newline_count(path)
    if newlines + (0 if ends_nl else 1) == rows + 1:
        return
    import pandas as pd
    starts = []     # a record starts on the line after the previous one ends; blank lines are
    with io.TextIOWrapper(open_input(path), newline="", encoding="utf-8-sig",
                          errors="replace") as f:   # empty records
        reader = csv.reader(f)
        end = 0
        for i, rec in enumerate(reader):
            first, end = end + 1, reader.line_num
            if i and rec:
                starts.append(first)
    if len(starts) != rows:
        return              # the csv module reads the file differently: keep the rowid numbering
    con.register("csv_lines", pd.DataFrame({"i": range(rows), "line": starts}))
    try:
        con.execute("UPDATE attempt_records AS a SET source_line = l.line FROM csv_lines l, "
                    "(SELECT min(rowid) AS r0 FROM attempt_records WHERE ingest_id = $id) m "
                    "WHERE a.ingest_id = $id AND a.rowid - m.r0 = l.i", {"id": ingest_id})
    finally:
        con.unregister("csv_lines")
