"""report.md: the document as Markdown, figures referenced as the PNGs beside it."""

from __future__ import annotations

from .document import Document, Figs, Para, Recs, Table, cell


def _esc(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


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
        out.append(f"{i}. **{rec.rule.title}** ({rec.subject}): {rec.message}.  ")
        out.append(f"   Evidence: {rec.evidence_text()}.  ")
        out.append(f"   Advice: {rec.rule.advice}")
    return out + [""]


def _figs(f: Figs) -> list[str]:
    if not f.rendered:
        return ["No figures are registered.", ""]
    out = []
    for r in f.rendered:
        if r.png:
            out += [f"### {r.title}", "", f"![{r.title}]({r.png.name})", ""]
            if r.caption:
                out += [r.caption, ""]
            out += [f"Data: `tables/{r.table.name}`" if r.table else "", ""]
    skipped = [r for r in f.rendered if not r.png]
    if skipped:
        out += ["**Skipped figures**", ""]
        out += [f"- `{r.name}` ({r.title}): {r.skipped}" for r in skipped]
        out.append("")
    return out


def render_markdown(doc: Document) -> str:
    out = [f"# {doc.title}", ""]
    out += [f"- **{k}:** {v}" for k, v in doc.facts]
    out.append("")
    for n in doc.notes:
        out += [f"> Note: {n}", ""]
    out += ["Contents: " + ", ".join(f"[{s.title}](#{s.anchor})" for s in doc.sections), ""]
    for s in doc.sections:
        out += [f"## {s.title}", ""]
        for b in s.blocks:
            if isinstance(b, Para):
                out += [b.text, ""]
            elif isinstance(b, Table):
                out += _table(b)
            elif isinstance(b, Recs):
                out += _recs(b)
            elif isinstance(b, Figs):
                out += _figs(b)
    return "\n".join(out).rstrip("\n") + "\n"
