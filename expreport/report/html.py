"""report.html: ONE self-contained file (inline CSS, figures as base64 data URIs).

It opens offline, needs no other file, and prints well: figures and tables are kept whole
on a page, sections start cleanly, links print without their URLs. Every text goes through
:func:`expreport.safe.html_escape` (test_markup_in_data_report_files).
"""

from __future__ import annotations

import base64

from ..safe import html_escape as escape

from .document import Document, Figs, Para, Recs, Table, cell

CSS = """
:root { --fg: #1b1f24; --muted: #5b636e; --line: #d8dde3; --head: #f3f5f7; --accent: #0072B2; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
       color: var(--fg); max-width: 1200px; margin: 2em auto; padding: 0 1.5em; }
h1 { font-size: 1.9em; margin-bottom: .2em; }
h2 { font-size: 1.4em; border-bottom: 2px solid var(--line); padding-bottom: .2em; margin-top: 1.8em; }
h3 { font-size: 1.1em; margin: 1.2em 0 .4em; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2em 1em; margin: 1em 0; }
dl.facts dt { font-weight: 600; color: var(--muted); }
dl.facts dd { margin: 0; }
.note { border-left: 4px solid #E69F00; background: #fff8ea; padding: .5em .8em; margin: .6em 0; }
nav.toc { font-size: .95em; color: var(--muted); }
nav.toc a { color: var(--accent); text-decoration: none; margin-right: .8em; }
.tablewrap { overflow-x: auto; margin: .6em 0 1.2em; }
table { border-collapse: collapse; font-size: .88em; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding: .3em 0; }
th, td { border: 1px solid var(--line); padding: .28em .55em; vertical-align: top; }
th { background: var(--head); text-align: left; }
td.num { text-align: right; white-space: nowrap; }
td.nr { color: var(--muted); font-style: italic; }
p.tnote { color: var(--muted); font-size: .88em; margin-top: .3em; }
ol.recs li { margin-bottom: .8em; }
ol.recs .ev, ol.recs .adv { display: block; color: var(--muted); font-size: .92em; }
ol.recs .warning { color: #C62828; font-weight: 600; }
ol.recs .info { color: #0072B2; font-weight: 600; }
figure { margin: 1.2em 0 2em; }
figure img { max-width: 100%; height: auto; border: 1px solid var(--line); }
figcaption { color: var(--muted); font-size: .92em; margin-top: .3em; }
ul.skipped li { color: var(--muted); }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
  nav.toc { display: none; }
  a { color: inherit; text-decoration: none; }
  h2 { page-break-after: avoid; break-after: avoid; }
  h2.pagebreak { page-break-before: always; break-before: page; }
  figure, table, .tablewrap, ol.recs li, .note { page-break-inside: avoid; break-inside: avoid; }
  .tablewrap { overflow: visible; }
  table { font-size: 8pt; }
  figure img { max-height: 23cm; border: none; }
}
@page { size: A4; margin: 1.5cm; }
"""


def _table(t: Table) -> str:
    out = ['<div class="tablewrap"><table>']
    if t.title:
        out.append(f"<caption>{escape(t.title)}</caption>")
    out.append("<thead><tr>" + "".join(f"<th>{escape(c)}</th>" for c in t.columns) + "</tr></thead><tbody>")
    for r in t.rows:
        tds = []
        for v, num in zip(r, t.numeric):
            cls = "nr" if str(v) == "not recorded" else ("num" if num else "")
            tds.append(f'<td class="{cls}">{escape(cell(v))}</td>' if cls else f"<td>{escape(cell(v))}</td>")
        out.append("<tr>" + "".join(tds) + "</tr>")
    out.append("</tbody></table></div>")
    if t.note:
        out.append(f'<p class="tnote">{escape(t.note)}</p>')
    return "\n".join(out)


def _recs(r: Recs) -> str:
    if not r.items:
        return "<p>No rule fired: no recommendation under these filters.</p>"
    items = []
    for rec in r.items:
        sev = f'<span class="{escape(rec.severity)}">{escape(rec.rule.title)}</span>'
        items.append(f"<li>{sev} ({escape(rec.subject)}): {escape(rec.message)}."
                     f'<span class="ev">Evidence: {escape(rec.evidence_text())}</span>'
                     f'<span class="adv">Advice: {escape(rec.rule.advice)}</span></li>')
    return '<ol class="recs">' + "\n".join(items) + "</ol>"


def _data_uri(path) -> str:
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def _figs(f: Figs) -> str:
    if not f.rendered:
        return "<p>No figures are registered.</p>"
    out = []
    for r in f.rendered:
        if r.png:
            cap = escape(r.caption) + (" " if r.caption else "")
            table = f"Data: tables/{escape(r.table.name)}" if r.table else ""
            out.append(f'<figure id="fig-{escape(r.name)}"><img src="{_data_uri(r.png)}" '
                       f'alt="{escape(r.title)}"><figcaption><strong>{escape(r.title)}.</strong> '
                       f"{cap}{table}</figcaption></figure>")
    skipped = [r for r in f.rendered if not r.png]
    if skipped:
        out.append("<h3>Skipped figures</h3><ul class=\"skipped\">" + "".join(
            f"<li><code>{escape(r.name)}</code> ({escape(r.title)}): {escape(r.skipped or '')}</li>"
            for r in skipped) + "</ul>")
    return "\n".join(out)


def render_html(doc: Document) -> str:
    body = [f"<h1>{escape(doc.title)}</h1>", '<dl class="facts">']
    body += [f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in doc.facts]
    body.append("</dl>")
    body += [f'<p class="note">Note: {escape(n)}</p>' for n in doc.notes]
    body.append('<nav class="toc">' + "".join(
        f'<a href="#{s.anchor}">{escape(s.title)}</a>' for s in doc.sections) + "</nav>")
    for s in doc.sections:
        cls = ' class="pagebreak"' if s.title in ("Figures", "Glossary") else ""
        body.append(f'<section><h2 id="{s.anchor}"{cls}>{escape(s.title)}</h2>')
        for b in s.blocks:
            if isinstance(b, Para):
                body.append(f"<p>{escape(b.text)}</p>")
            elif isinstance(b, Table):
                body.append(_table(b))
            elif isinstance(b, Recs):
                body.append(_recs(b))
            elif isinstance(b, Figs):
                body.append(_figs(b))
        body.append("</section>")
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{escape(doc.title)}: {escape(doc.scope_text)}</title>\n"
            f"<style>{CSS}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n")
