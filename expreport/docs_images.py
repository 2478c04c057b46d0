"""Regenerate the README's pictures from the example data.

    python -m expreport.docs_images                 # writes docs/*.png, docs/example_summary.txt
                                                    # and the summary lines on the README's first screen
    python -m expreport.docs_images --out /tmp/d --csv path/to/job_summary.csv

The example campaign is ingested into an in-memory database, the report's own code draws
the figures shown on the README's first screen, and they are shrunk to a width a README
shows (a few hundred KB at most). The terminal summary of the same report is saved beside
them, so the numbers on the first screen come from the same run as the pictures.
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


def update_readme(summary: str, readme: Path = README) -> bool:
    """Write the quoted summary lines into ``readme``; True when it changed."""
    old = readme.read_text(encoding="utf-8")
    new = with_summary_lines(old, summary)
    if new != old:
        readme.write_text(new, encoding="utf-8")
    return new != old


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m expreport.docs_images", description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="folder for the images (default: docs/)")
    parser.add_argument("--csv", type=Path, default=EXAMPLE_CSV, help="job_summary.csv (default: the example data)")
    args = parser.parse_args(argv)
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
