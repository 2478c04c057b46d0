"""Values from data, made safe for each output format: one helper per format, used everywhere.

Resource, site and job names come from the input files, so they may carry anything: rich
markup (``site[/]`` made ``summary`` crash with a MarkupError, ``[red]x`` changed colour),
terminal escape sequences (``ESC ] 0 ; title BEL`` retitles the terminal), Markdown or HTML
(``a|b*c``, ``<script>``). And DuckDB divides by zero into ``inf`` and takes medians of NaN:
Python's json writes those as ``Infinity``/``NaN``, which strict parsers reject.

- :func:`clean_text`: every output. Drops ESC sequences (CSI, OSC, two-character) and C0/C1
  control characters and DEL; keeps newline and tab.
- :func:`rich_text`: terminal tables and lines (a rich ``Text``: never parsed as markup).
- :func:`md_escape`: Markdown (report.md, compare.md): HTML as entities, Markdown punctuation
  backslash-escaped. :func:`md_para` does the same but keeps the code spans the code writes.
- :func:`html_escape`: HTML (report.html, compare.html).
- Plain text (summary.txt) keeps a value as it is, minus control characters: a .txt file is
  not interpreted, and ``\\|`` there would misquote the name.
- :func:`json_value` / :func:`json_dumps`: every JSON writer (metrics.json, compare.json,
  ``-f json`` of summary/sql/compare-sources): inf and NaN become null, and the writer refuses
  (``allow_nan=False``) rather than write something that is not JSON.

Guarded by tests/test_output_hardening.py (test_markup_in_data_*, test_json_*).
"""

from __future__ import annotations

import json
import math
import re
from datetime import date, datetime
from decimal import Decimal
from html import escape as _html_escape
from typing import Any

# ESC [ ... final byte (CSI); ESC ] ... BEL or ESC \ (OSC, also DCS/PM/APC/SOS strings);
# ESC and one character; the 8-bit CSI/OSC introducers are C1 characters, dropped below.
_ESC_SEQ = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[ -~]?")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(s: Any) -> str:
    """``s`` as text without terminal escape sequences and control characters (newline and
    tab kept)."""
    s = str(s)
    if "\x1b" in s:
        s = _ESC_SEQ.sub("", s)
    return _CONTROL.sub("", s)


def rich_text(s: Any, style: str = ""):
    """A rich ``Text`` of ``s`` (cleaned): printed as it reads, never parsed as markup."""
    from rich.text import Text
    return Text(clean_text(s), style=style)


# Characters that act anywhere in a line; "(" only after "]" and "!" only before "[" (both
# escaped), "#", ">" and "-" only at the start of a block (a value never starts one: cells sit in
# table rows, values inside sentences), "_" only at a word's edge (snake_case stays readable).
_MD_SPECIAL = re.compile(r"([\\`*\[\]|~]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z]))")


def md_escape(s: Any) -> str:
    """``s`` for Markdown: cleaned, ``&<>`` as entities, Markdown punctuation escaped,
    newlines as spaces (a value must not end a table row or start a block)."""
    s = _html_escape(clean_text(s), quote=False).replace("\n", " ").replace("\t", " ")
    return _MD_SPECIAL.sub(r"\\\1", s)


_CODE_SPAN = re.compile(r"(`[^`\n]+`)")


def md_para(s: str) -> str:
    """A paragraph the code wrote, with values in it, for Markdown: like :func:`md_escape`, but
    the code spans (`expreport views`) stay code spans."""
    parts = _CODE_SPAN.split(clean_text(s))
    return "".join(p if i % 2 else md_escape(p) for i, p in enumerate(parts))


def html_escape(s: Any) -> str:
    """``s`` for HTML text and attribute values: cleaned, ``&<>"'`` escaped."""
    return _html_escape(clean_text(s), quote=True)


def finite(v: Any) -> Any:
    """``v`` with inf and NaN as None (JSON has neither)."""
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v


def json_value(v: Any) -> Any:
    """A value as JSON can carry it: dates as ISO text, Decimal as float, inf/NaN as null;
    lists and dicts element by element."""
    if isinstance(v, (datetime, date)):
        return v.isoformat()
    if isinstance(v, Decimal):
        v = float(v)
    if isinstance(v, list | tuple):
        return [json_value(x) for x in v]
    if isinstance(v, dict):
        return {k: json_value(x) for k, x in v.items()}
    return finite(v)


def non_finite_note(v: Any) -> str | None:
    """The note written beside a null that was inf or NaN, else None."""
    if isinstance(v, Decimal):
        v = float(v)
    if isinstance(v, float) and not math.isfinite(v):
        what = "NaN" if math.isnan(v) else ("-" if v < 0 else "") + "infinity"
        return (f"not a number: the computation gave {what} (a ratio over a zero or tiny "
                "denominator, or a median of NaN); written as null")
    return None


def json_dumps(doc: Any, **kw) -> str:
    """``doc`` as strict JSON text (inf/NaN as null; never ``Infinity`` or ``NaN``)."""
    kw.setdefault("indent", 2)
    return json.dumps(json_value(doc), allow_nan=False, **kw)
