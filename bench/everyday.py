"""The everyday run (issue 11): ``expreport ingest X && expreport report`` on a small campaign.

    python -m bench.everyday                               # 900 attempts, 5 runs
    python -m bench.everyday --repeat 7 --attempts 3000
    python -m bench.everyday --cold-template               # every database as the very first one
    python -m bench.everyday --expreport "python -m expreport" --code DIR   # another checkout

Each run makes a new database: ``both`` times ``ingest`` then ``report`` as one shell command,
then ``report`` alone runs again on that database. Wall time, CPU seconds (user + system of the
command and its children: the figure workers count) and the 1-minute load at the start of each
sample; medians, minima and maxima as a markdown table. The campaign comes from
``python -m expreport.synth`` (seed 6) and is cached in ``bench/cache/``.
``--cold-template`` gives each run an empty cache folder, so the new database binds every view
(the first run of a new expreport version); by default the cached empty database is used.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from . import measure
from .env import ROOT, expreport_cmd, log

CACHE = ROOT / "bench" / "cache"


def campaign(attempts: int, seed: int, cache: Path = CACHE) -> Path:
    path = cache / f"everyday-{attempts}-s{seed}.csv"
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        subprocess.run([sys.executable, "-m", "expreport.synth", "--attempts", str(attempts),
                        "--seed", str(seed), "--out", str(tmp)], check=True, cwd=ROOT,
                       stdout=subprocess.DEVNULL)
        tmp.replace(path)
    return path


def _stats(samples: list[measure.Sample]) -> dict:
    walls = [s.wall for s in samples]
    cpus = [s.cpu for s in samples if s.cpu is not None]
    return {"median": statistics.median(walls), "min": min(walls), "max": max(walls),
            "cpu": statistics.median(cpus) if cpus else None,
            "rss": max((s.rss_mb or 0) for s in samples),
            "load": statistics.median(s.load for s in samples)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.everyday", description=__doc__.split("\n")[0])
    ap.add_argument("--attempts", type=int, default=900)
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--expreport", default=None,
                    help="command to run expreport (default: this checkout's, python -m expreport)")
    ap.add_argument("--code", type=Path, default=ROOT,
                    help="checkout whose expreport runs (PYTHONPATH; default: this one)")
    ap.add_argument("--cold-template", action="store_true",
                    help="an empty cache folder per run: new databases bind every view")
    ap.add_argument("--cache", type=Path, default=CACHE, help="folder of the generated campaign")
    ap.add_argument("--rss", choices=("auto", "time", "python"), default="auto")
    args = ap.parse_args(argv)

    exp = expreport_cmd(args.expreport or f"{sys.executable} -m expreport")
    method = measure.resolve_method(args.rss)
    csv = campaign(args.attempts, args.seed, args.cache)
    env = {k: v for k, v in os.environ.items() if k != "EXPREPORT_DB"}
    env["PYTHONPATH"] = str(args.code.resolve())
    env.setdefault("MPLBACKEND", "Agg")
    both, alone = [], []
    with tempfile.TemporaryDirectory(prefix="bench-everyday-") as tmp:
        work = Path(tmp)
        for i in range(args.repeat):
            run_dir = work / f"run{i}"
            if args.cold_template:
                env["EXPREPORT_CACHE_DIR"] = str(work / f"cache{i}")
            db = run_dir / "e.duckdb"
            e = " ".join(shlex.quote(c) for c in exp + ["--db", str(db), "-q"])
            cmd = ["sh", "-c", f"{e} ingest {shlex.quote(str(csv))} >/dev/null && "
                               f"{e} report --out {shlex.quote(str(run_dir / 'r1'))} >/dev/null"]
            s = measure.run(cmd, method=method, cwd=run_dir, env=env)
            both.append(s)
            a = measure.run(exp + ["--db", str(db), "-q", "report", "--out", str(run_dir / "r2")],
                            method=method, cwd=run_dir, env=env)
            alone.append(a)
            for name, x in (("ingest && report", s), ("report", a)):
                if x.rc != 0:
                    log(f"run {i + 1}: {name} FAILED: {x.error}")
                    return 1
            log(f"run {i + 1}/{args.repeat}: both {s.wall:.2f} s (cpu {s.cpu or 0:.2f}, load {s.load:.2f}), "
                f"report {a.wall:.2f} s (cpu {a.cpu or 0:.2f}, load {a.load:.2f})")
            shutil.rmtree(run_dir, ignore_errors=True)
    print(f"{args.attempts} attempts (seed {args.seed}), {args.repeat} runs, "
          f"{'cold' if args.cold_template else 'cached'} template, code {args.code.resolve()}\n")
    print("| measure | median s | min s | max s | median CPU s | peak RSS MB | median load |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, samples in (("ingest && report", both), ("report (existing db)", alone)):
        st = _stats(samples)
        cpu = f"{st['cpu']:.2f}" if st["cpu"] is not None else "-"
        print(f"| {name} | {st['median']:.2f} | {st['min']:.2f} | {st['max']:.2f} | {cpu} | "
              f"{st['rss']:.0f} | {st['load']:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
