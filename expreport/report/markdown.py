"""report.md: the document as Markdown, figures referenced as the PNGs beside it.

Every value from data is escaped by :func:`expreport.safe.md_escape` (paragraphs the code
wrote by :func:`~expreport.safe.md_para`, which keeps their code spans): a resource named
``a|b*c`` or ``<script>`` reads as it is (test_markup_in_data_report_files)."""

from __future__ import annotations

from ..safe import md_escape as _esc, md_para
from .document import Document, Figs, Para, Recs, Table, cell


def _table(t: Table) -> list[str]:
    out = []
    if t.title:
        out += [f"**{_esc(t.title)}**", ""]
    out.append("| " + " | ".join(_esc(c) for c in t.columns) + " |")
    out.append("|" + "|".join("---:" if n else "---" for n in t.numeric) + "|")
    for r in t.rows:
        out.append("| " + " | ".join(_esc(cell(v)) for v in r) + " |")
    if t.note:
        out += ["", f"_{_esc(t.note)}_"]
    return out + [""]


def _recs(r: Recs) -> list[str]:
    if not r.items:
        return ["No rule fired: no recommendation under these filters.", ""]
    out = []
    for i, rec in enumerate(r.items, 1):
        out.append(f"{i}. **{_esc(rec.rule.title)}** ({_esc(rec.subject)}): {md_para(rec.message)}.  ")
        out.append(f"   Evidence: {md_para(rec.evidence_text())}.  ")
        out.append(f"   Advice: {md_para(rec.rule.advice)}")
    return out + [""]


def _figs(f: Figs) -> list[str]:
    if not f.rendered:
        return ["No figures are registered.", ""]
    out = []
    for r in f.rendered:
        if r.png:
            out += [f"### {_esc(r.title)}", "", f"![{_esc(r.title)}]({r.png.name})", ""]
            if r.caption:
                out += [md_para(r.caption), ""]
            out += [f"Data: `tables/{r.table.name}`" if r.table else "", ""]
    skipped = [r for r in f.rendered if not r.png]
    if skipped:
        out += ["**Skipped figures**", ""]
        out += [f"- `{r.name}` ({_esc(r.title)}): {_esc(r.skipped)}" for r in skipped]
        out.append("")
    return out


def render_markdown(doc: Document) -> str:
    out = [f"# {_esc(doc.title)}", ""]
    out += [f"- **{_esc(k)}:** {_esc(v)}" for k, v in doc.facts]
    out.append("")
    for n in doc.notes:
        out += [f"> Note: {md_para(n)}", ""]
    out += ["Contents: " + ", ".join(f"[{s.title}](#{s.anchor})" for s in doc.sections), ""]
    for s in doc.sections:
        out += [f"## {s.title}", ""]
        for b in s.blocks:
            if isinstance(b, Para):
                out += [md_para(b.text), ""]
            elif isinstance(b, Table):
                out += _table(b)
            elif isinstance(b, Recs):
                out += _recs(b)
            elif isinstance(b, Figs):
                out += _figs(b)
    return "\n".join(out).rstrip("\n") + "\n"
