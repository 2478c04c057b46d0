"""summary.txt: the document as plain text (tables drawn by expreport.render.print_rows).

Plain text is not interpreted, so values stay as they are (no backslashes), minus control
characters and escape sequences (:func:`expreport.safe.clean_text`, on the whole text)."""

from __future__ import annotations

import io
import textwrap

from ..render import FILE_WIDTH, print_rows
from ..safe import clean_text
from .document import Document, Figs, Para, Recs, Table


def _listing(t: Table) -> str:
    lines = [t.title] if t.title else []
    for r in t.rows:
        head, rest = str(r[0]), [f"{c}: {v}" for c, v in zip(t.columns[1:], r[1:]) if v not in (None, "")]
        lines.append(textwrap.fill(f"- {head}: " + "; ".join(rest), 100, subsequent_indent="    "))
    return "\n".join(lines) + "\n"


def _table(t: Table) -> str:
    if t.listing:
        return _listing(t)
    buf = io.StringIO()
    print_rows(t.columns, t.rows, "table", title=t.title, out=buf, width=FILE_WIDTH)
    text = buf.getvalue()
    if t.note:
        text += t.note + "\n"
    return text


def _recs(r: Recs) -> str:
    if not r.items:
        return "No rule fired: no recommendation under these filters.\n"
    out = []
    for i, rec in enumerate(r.items, 1):
        out.append(textwrap.fill(f"{i}. {rec.headline}", 100, subsequent_indent="   "))
        out.append(textwrap.fill(f"Evidence: {rec.evidence_text()}", 100,
                                 initial_indent="   ", subsequent_indent="   "))
        out.append(textwrap.fill(f"Advice: {rec.rule.advice}", 100,
                                 initial_indent="   ", subsequent_indent="   "))
    return "\n".join(out) + "\n"


def _figs(f: Figs) -> str:
    if not f.rendered:
        return "No figures are registered.\n"
    lines = []
    for r in f.rendered:
        lines.append(f"- {r.name}.png: {r.title}" if r.png else f"- {r.name}: skipped ({r.skipped})")
    return "\n".join(lines) + "\n"


def render_text(doc: Document) -> str:
    parts = [doc.title.upper(), "=" * len(doc.title), ""]
    parts += [f"{k}: {v}" for k, v in doc.facts]
    for n in doc.notes:
        parts.append(textwrap.fill(f"Note: {n}", 100, subsequent_indent="  "))
    parts.append("")
    for s in doc.sections:
        parts += [s.title, "-" * len(s.title)]
        for b in s.blocks:
            if isinstance(b, Para):
                parts.append(textwrap.fill(b.text, 100))
            elif isinstance(b, Table):
                parts.append(_table(b).rstrip("\n"))
            elif isinstance(b, Recs):
                parts.append(_recs(b).rstrip("\n"))
            elif isinstance(b, Figs):
                parts.append(_figs(b).rstrip("\n"))
        parts.append("")
    return clean_text("\n".join(parts))
