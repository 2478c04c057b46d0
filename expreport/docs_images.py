"""Regenerate the README's pictures from the example data.

    python -m expreport.docs_images                 # writes docs/*.png, docs/example_summary.txt
                                                    # and the summary lines on the README's first screen
    python -m expreport.docs_images --out /tmp/d --csv path/to/job_summary.csv
    python -m expreport.docs_images --glossary      # only the README's metric glossary

The example campaign is ingested into an in-memory database, the report's own code draws
the figures shown on the README's first screen, and they are shrunk to a width a README
shows (a few hundred KB at most). The terminal summary of the same report is saved beside
them, so the numbers on the first screen come from the same run as the pictures. The README's
metric glossary (between GLOSSARY_START and GLOSSARY_END) is written from the metric catalogue
(queries/views/007_metric_catalogue.sql), so it cannot drift from what the outputs say.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_CSV = ROOT / "data" / "example" / "job_summary.csv"
FIGURES = ("gpu_hours_by_resource", "epochs_over_time")   # what the README shows first
WIDTH = 900                                                # pixels, a README column
SUMMARY = "example_summary.txt"
SUMMARY_WIDTH = 110                                        # columns: the file is the same in any terminal
README = ROOT / "README.md"
README_MARK = "<!-- summary lines: written by python -m expreport.docs_images -->"
README_LINES = ("period ", "1. ", "5. ")                 # the summary lines the README quotes
GLOSSARY_START = "<!-- metric glossary: written by python -m expreport.docs_images from the metric catalogue -->"
GLOSSARY_END = "<!-- end of the metric glossary -->"


def readme_lines(summary: str) -> list[str]:
    """The lines of the terminal summary the README's first screen quotes, in summary order."""
    return [line for line in summary.splitlines() if line.startswith(README_LINES)]


def with_summary_lines(readme: str, summary: str) -> str:
    """``readme`` with the code block after README_MARK replaced by readme_lines(summary)."""
    head, mark, rest = readme.partition(README_MARK)
    if not mark:
        raise ValueError(f"README.md has no line {README_MARK!r}")
    start = rest.index("```\n") + 4
    end = rest.index("```", start)
    return head + mark + rest[:start] + "\n".join(readme_lines(summary)) + "\n" + rest[end:]


def _md(text: object) -> str:
    return str(text).replace("|", "\\|")


def glossary_markdown() -> str:
    """The metric catalogue as Markdown: per group its title, view and rows, then one table row
    per metric (name, label, unit, what it needs, definition)."""
    from .report.metrics import catalogue_rows
    rows, reqs = catalogue_rows()
    needs = {r["requires"]: r["recorded_by"] for r in reqs}
    out: list[str] = []
    for key in dict.fromkeys(r["metric_group"] for r in rows):
        group = [r for r in rows if r["metric_group"] == key]
        g = group[0]
        per = " × ".join(g["dims"]) or "campaign"
        out += [f"**{_md(g['title'])}** (`{key}`: view `{g['view']}`, one row per {per})", "",
                "| metric | label | unit | needs | definition |", "|---|---|---|---|---|"]
        out += [f"| `{r['metric']}` | {_md(r['label'])} | {_md(r['unit'])} | "
                f"{_md(needs.get(r['requires'], 'any file'))} | {_md(r['description'])} |" for r in group]
        out.append("")
    return "\n".join(out)


def with_glossary(readme: str) -> str:
    """``readme`` with the text between GLOSSARY_START and GLOSSARY_END replaced by
    glossary_markdown()."""
    head, mark, rest = readme.partition(GLOSSARY_START)
    if not mark or GLOSSARY_END not in rest:
        raise ValueError(f"README.md has no lines {GLOSSARY_START!r} ... {GLOSSARY_END!r}")
    return head + mark + "\n\n" + glossary_markdown() + "\n" + GLOSSARY_END + rest.split(GLOSSARY_END, 1)[1]


def make_docs_images(out: Path, csv: Path = EXAMPLE_CSV) -> list[Path]:
    """Ingest ``csv`` into memory, draw FIGURES and the terminal summary into ``out``; returns
    the files written."""
    from PIL import Image

    from .figures import REGISTRY
    from .ingest import ingest_files
    from .report.build import build_report, print_terminal_summary
    from .scope import make_scope
    from .store import connect

    out.mkdir(parents=True, exist_ok=True)
    con = connect(":memory:")
    try:
        ingest_files(con, [csv], experiment="example")
        figures = [f for f in REGISTRY if f.name in FIGURES]
        with tempfile.TemporaryDirectory() as tmp:
            result = build_report(con, make_scope(), Path(tmp) / "report", figures=figures)
            written = []
            for r in result.rendered:
                if r.png is None:
                    continue
                img = Image.open(r.png).convert("RGB")
                img = img.resize((WIDTH, round(img.height * WIDTH / img.width)), Image.Resampling.LANCZOS)
                target = out / r.png.name
                img.quantize(colors=128).save(target, optimize=True)
                written.append(target)
            text = io.StringIO()
            print_terminal_summary(result, out=text, width=SUMMARY_WIDTH)
    finally:
        con.close()
    summary = out / SUMMARY
    summary.write_text(text.getvalue(), encoding="utf-8")
    return written + [summary]


def update_readme(summary: str | None, readme: Path = README) -> bool:
    """Write the quoted summary lines (and the metric glossary) into ``readme``; True when it
    changed. ``summary`` None: the glossary only."""
    old = readme.read_text(encoding="utf-8")
    new = with_glossary(old if summary is None else with_summary_lines(old, summary))
    if new != old:
        readme.write_text(new, encoding="utf-8")
    return new != old


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m expreport.docs_images", description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="folder for the images (default: docs/)")
    parser.add_argument("--csv", type=Path, default=EXAMPLE_CSV, help="job_summary.csv (default: the example data)")
    parser.add_argument("--glossary", action="store_true",
                        help="only rewrite the README's metric glossary from the catalogue (no images)")
    args = parser.parse_args(argv)
    if args.glossary:
        if update_readme(None):
            print(f"{README}: metric glossary updated")
        return 0
    from .errors import ExpreportError
    try:
        files = make_docs_images(args.out, args.csv)
    except ExpreportError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    for f in files:
        print(f"{f} ({f.stat().st_size // 1024} KB)")
    if args.out.resolve() == (ROOT / "docs").resolve() and args.csv.resolve() == EXAMPLE_CSV.resolve():
        if update_readme((args.out / SUMMARY).read_text(encoding="utf-8")):
            print(f"{README}: summary lines updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
