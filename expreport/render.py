"""Printing query results in the terminal: rich tables, CSV or JSON (no pandas needed).

Values from data go through :mod:`expreport.safe` (rich ``Text`` cells, strict JSON)."""

from __future__ import annotations

import csv
import math
import os
import sys
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Sequence

from .safe import json_dumps, rich_text


def fmt_cell(v: Any) -> str:
    """A value as shown in tables: NULL as '—', floats with sensible precision."""
    if v is None:
        return "—"
    if isinstance(v, float):
        if math.isnan(v):
            return "—"
        a = abs(v)
        if a == 0:
            return "0"
        if a >= 100:
            return f"{v:,.0f}"
        if a >= 1:
            return f"{v:,.1f}"
        return f"{v:.3g}"
    if isinstance(v, Decimal):
        return fmt_cell(float(v))
    if isinstance(v, int) and not isinstance(v, bool):
        return f"{v:,}"
    if isinstance(v, datetime):
        return v.strftime("%Y-%m-%d %H:%M")
    return str(v)


FILE_WIDTH = 120   # width of tables written to files and pipes (summary.txt, `| less`)


def table_width(out) -> int | None:
    """The width a table is drawn at: the terminal's own (None: rich measures it) when ``out``
    is a terminal, else $COLUMNS, else FILE_WIDTH."""
    isatty = getattr(out, "isatty", None)
    if isatty is not None and isatty():
        return None
    cols = os.environ.get("COLUMNS", "")
    return int(cols) if cols.isdigit() and int(cols) > 0 else FILE_WIDTH


def print_rows(columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str = "table",
               title: str | None = None, out=None, width: int | None = None) -> None:
    """Rows as a table (fitted to ``width``, default :func:`table_width`: long cells wrap, a word
    too long for its column folds, never cut with an ellipsis), CSV or JSON."""
    out = out or sys.stdout
    if fmt == "csv":
        w = csv.writer(out, lineterminator="\n")
        w.writerow(columns)
        for r in rows:
            w.writerow(["" if v is None else (v.isoformat() if isinstance(v, (datetime, date)) else v)
                        for v in r])
    elif fmt == "json":
        out.write(json_dumps([dict(zip(columns, r)) for r in rows]) + "\n")
    else:
        _print_table(columns, rows, title, out, width or table_width(out))


def _col_width(header: str, cells: list[str]) -> int:
    """A column's width: its longest value, or its header's longest word (headers wrap)."""
    return max([len(w) for w in header.split()] + [len(c) for c in cells] + [1])


def _blocks(widths: list[int], space: int) -> list[list[int]]:
    """Column indices per printed block: the first (key) column in every block, then as many
    columns as fit in ``space`` characters (one column per block at least)."""
    blocks: list[list[int]] = []
    cur: list[int] = []
    used = widths[0] + 4
    for i in range(1, len(widths)):
        if cur and used + widths[i] + 3 > space:
            blocks.append(cur)
            cur, used = [], widths[0] + 4
        cur.append(i)
        used += widths[i] + 3
    return [[0] + b for b in blocks + [cur]] if len(widths) > 1 else [[0]]


def _print_table(columns, rows, title, out, width: int | None) -> None:
    """A table as wide as its values; wider than the terminal, it is printed in blocks of
    columns, each repeating the first (key) column: no value is ever squeezed or cut, a value
    longer than the whole width folds onto more lines."""
    from rich.console import Console
    from rich.table import Table
    console = Console(file=out, width=width)
    cells = [[fmt_cell(v) for v in r] for r in rows]
    cols = [[r[i] for r in cells] for i in range(len(columns))]
    widths = [max([len(c)] + [len(v) for v in col]) for c, col in zip(columns, cols)]
    if sum(w + 3 for w in widths) + 1 > console.width:     # too wide: headers wrap at words
        widths = [_col_width(c, col) for c, col in zip(columns, cols)]
    widths = [min(w, console.width - 4) for w in widths]
    blocks = _blocks(widths, console.width)
    for n, block in enumerate(blocks):
        name = title if len(blocks) == 1 or not title else f"{title} ({n + 1}/{len(blocks)})"
        # Cells, headers and title as Text: data is never parsed as markup (safe.py)
        t = Table(title=rich_text(name) if name else None, title_justify="left")
        for i in block:
            numeric = any(isinstance(r[i], (int, float, Decimal)) and not isinstance(r[i], bool)
                          for r in rows)
            t.add_column(rich_text(columns[i]), justify="right" if numeric else "left",
                         overflow="fold", width=widths[i])
        for r in cells:
            t.add_row(*(rich_text(r[i]) for i in block))
        console.print(t)
