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
        from rich.console import Console
        from rich.table import Table
        # Cells, headers and title as Text: data is never parsed as markup (safe.py)
        t = Table(title=rich_text(title) if title else None, title_justify="left")
        for i, c in enumerate(columns):
            numeric = any(isinstance(r[i], (int, float, Decimal)) and not isinstance(r[i], bool)
                          for r in rows)
            t.add_column(rich_text(c), justify="right" if numeric else "left", overflow="fold")
        for r in rows:
            t.add_row(*(rich_text(fmt_cell(v)) for v in r))
        Console(file=out, width=width or table_width(out)).print(t)
