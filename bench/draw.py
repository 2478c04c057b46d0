"""CPU of drawing the report's figures alone, for comparing drawing levers (issue 11).

    python -m bench.draw DB                      # 3 rounds at the style's dpi
    python -m bench.draw DB --dpi 170,130 --rounds 5

The figures' SQL runs once (scope: everything in DB); then each round draws and saves every
figure that is not skipped, serially in this process, once per dpi, the dpis interleaved so
that a change of machine load hits them alike. Prints the median CPU seconds (user + system
of this process) of each full set, and per figure with ``--per-figure``. The PNGs are
written to a temporary folder (``--keep DIR`` to look at them).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.draw", description=__doc__.split("\n")[0])
    ap.add_argument("db", type=Path)
    ap.add_argument("--dpi", default="", help="comma-separated dpis (default: the style's)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--per-figure", action="store_true")
    ap.add_argument("--keep", type=Path, default=None, help="write the PNGs here")
    args = ap.parse_args(argv)
    os.environ.setdefault("MPLBACKEND", "Agg")

    from expreport import style
    from expreport.figures import REGISTRY
    from expreport.figures.base import SaveAs, draw_png, prepare
    from expreport.scope import apply_scope, make_scope
    from expreport.store import connect

    style.apply()
    dpis = [int(d) for d in args.dpi.split(",") if d.strip()] or [style.DPI]
    con = connect(args.db, write=False, must_exist=True)
    apply_scope(con, make_scope([], None, None, []))
    with tempfile.TemporaryDirectory(prefix="bench-draw-") as tmp:
        out = args.keep or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        preps = [p for p in (prepare(con, f, out) for f in REGISTRY) if p.to_draw]
        con.close()
        total = {d: [] for d in dpis}
        per = {d: {} for d in dpis}
        for _ in range(args.rounds):
            for d in dpis:
                t_set = time.process_time()
                for p in preps:
                    t = time.process_time()
                    draw_png(p.fig, p.data, out / f"{p.fig.name}-{d}.png", SaveAs(dpi=d))
                    per[d].setdefault(p.fig.name, []).append(time.process_time() - t)
                total[d].append(time.process_time() - t_set)
    load = os.getloadavg()[0]
    print(f"{len(preps)} figures, {args.rounds} rounds, load {load:.2f} at the end\n")
    print("| dpi | median CPU s | min | max |")
    print("|---:|---:|---:|---:|")
    for d in dpis:
        print(f"| {d} | {statistics.median(total[d]):.2f} | {min(total[d]):.2f} | {max(total[d]):.2f} |")
    if args.per_figure:
        print("\n| figure | " + " | ".join(f"{d} dpi" for d in dpis) + " |")
        print("|---|" + "---:|" * len(dpis))
        for name in per[dpis[0]]:
            print(f"| {name} | " + " | ".join(f"{statistics.median(per[d][name]):.3f}" for d in dpis) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
