"""The benchmark harness of issue 6: ``python -m bench`` from the project root.

    python -m bench                                  # 10k, 100k, 1M, 10M; 3 runs each
    python -m bench --sizes 10k,100k --repeat 3
    python -m bench --sizes 1M --measures ingest,report
    python -m bench --sizes 1k --repeat 1 --measures help,ingest,summary,sql,pandas   # smoke

For each size it generates (once; cached under --cache) a seeded campaign with the project's
generator (``python -m expreport.synth``), then measures, each as the median/min/max of
``--repeat`` runs of a child process (wall time, peak RSS; see bench/measure.py):

  ingest     ``expreport ingest`` of the campaign into a fresh database file, interleaved with
             (a) floor: bare DuckDB ``CREATE TABLE t AS FROM read_csv(...)`` with the same
             explicit types into a fresh database file (bench/floor.py)
  summary    ``expreport summary``
  sql        ``expreport sql`` of the headline numbers (resource_summary) as JSON
  report     ``expreport report`` (every figure) into a fresh folder
  help       ``expreport --help`` (once, independent of size)
  pandas     (b) pandas ``read_csv`` of the whole file + groupbys for the same headline numbers
             (bench/pandas_ref.py); the numbers are CHECKED against the ``sql`` output
  incremental  ``expreport ingest`` of a different 10k-attempt campaign as a NEW experiment into a
             copy of this size's database, against the same file into an empty database
             (``incr_empty``, measured once); and ``incr_same``: the same file added to the
             EXISTING experiment (whose epoch credit is recomputed by design)

Results: a markdown report (machine, versions, command, table, database sizes, check) printed
and written with a JSON of every sample to ``<cache>/results/``.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

from . import measure
from .env import MB, ROOT, expreport_cmd, file_mb, floor_columns, log, machine, parse_size, remove_db, size_label
from .results import CHECK_FLOAT, CHECK_INT, command_line, compare, markdown

BENCH = Path(__file__).resolve().parent
ALL_MEASURES = ("help", "ingest", "summary", "sql", "report", "pandas", "incremental")
DEFAULT_SIZES = "10k,100k,1M,10M"
HEADLINE_SQL = ("SELECT resource, attempts, run_hours, gpu_hours, epochs, gib_in, gib_out "
                "FROM resource_summary")
EXPERIMENT, INCR_EXPERIMENT = "bench", "increment"

# Targets of issues 6 and 11 (the stricter of the two): (measure, size) -> (test on the row, text)
TARGETS = {
    ("help", None): (lambda r: r["median"] < 0.3, "< 0.3 s"),
    ("ingest", 1_000_000): (lambda r: r["ratio"] is not None and r["ratio"] <= 1.5, "<= 1.5x floor"),
    ("ingest", 10_000_000): (lambda r: r["ratio"] is not None and r["ratio"] <= 1.5, "<= 1.5x floor"),
    ("report", 1_000_000): (lambda r: r["median"] < 30 and (r["rss_mb"] or 0) < 1536,
                            "< 30 s, < 1.5 GB"),
    ("report", 10_000_000): (lambda r: r["median"] < 180 and (r["rss_mb"] or 0) < 4096,
                             "< 180 s, < 4 GB"),
    ("summary", 10_000_000): (lambda r: r["median"] < 3, "< 3 s"),
    ("pandas", 1_000_000): (lambda r: r["ratio"] is not None and r["ratio"] >= 10, ">= 10x sql"),
}


# ----------------------------------------------------------------------------- helpers

class Harness:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.cache = Path(args.cache).resolve()
        self.work = self.cache / "work"
        self.method = measure.resolve_method(args.rss)
        self.exp = expreport_cmd(args.expreport)
        self.env = {k: v for k, v in os.environ.items() if k != "EXPREPORT_DB"}
        self.env.setdefault("MPLBACKEND", "Agg")
        self.rows: list[dict] = []
        self.sizes: list[dict] = []      # database sizes
        self.checks: list[dict] = []     # pandas vs expreport
        self.started = datetime.now()

    # -- files
    def campaign(self, n: int, seed: int) -> Path:
        path = self.cache / f"campaign_{n}_s{seed}.csv"
        if path.exists():
            return path
        self.cache.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        log(f"generating {path.name} ({n:,} attempts, seed {seed}) ...")
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "expreport.synth", "--attempts", str(n),
                        "--seed", str(seed), "--out", str(tmp)], check=True, cwd=ROOT,
                       stdout=subprocess.DEVNULL)
        tmp.rename(path)
        log(f"  generated in {time.perf_counter() - t0:.1f} s ({path.stat().st_size / MB:,.0f} MB)")
        return path

    def base_db(self, n: int) -> Path:
        return self.cache / f"db_{n}_s{self.args.seed}.duckdb"

    # -- measuring
    def sample(self, label: str, n: int | None, cmd: list[str], *, stdout: Path | None = None,
               cwd: Path | None = None) -> measure.Sample:
        s = measure.run(cmd, method=self.method, cwd=cwd or self.work, env=self.env,
                        timeout=self.args.timeout, stdout_path=stdout)
        rss = f"{s.rss_mb:,.0f} MB" if s.rss_mb is not None else "? MB"
        status = "" if s.rc == 0 else f"  FAILED: {s.error}"
        log(f"  [{size_label(n)}] {label}: {s.wall:.3f} s, {rss} (load {s.load:.2f}){status}")
        return s

    def row(self, measure_name: str, n: int | None, samples: list[measure.Sample], note: str = "") -> dict:
        ok = [s for s in samples if s.rc == 0]
        walls = [s.wall for s in ok]
        rss = [s.rss_mb for s in ok if s.rss_mb is not None]
        r = {"measure": measure_name, "n": n, "size": size_label(n), "runs": len(ok),
             "failed": len(samples) - len(ok),
             "median": statistics.median(walls) if walls else math.nan,
             "min": min(walls) if walls else math.nan, "max": max(walls) if walls else math.nan,
             "rss_mb": max(rss) if rss else None,
             "rss_median_mb": statistics.median(rss) if rss else None,
             "cpu_median": statistics.median([s.cpu for s in ok if s.cpu is not None] or [math.nan]),
             "load": statistics.mean([s.load for s in samples]) if samples else math.nan,
             "ratio": None, "ratio_text": "", "note": note,
             "errors": sorted({s.error for s in samples if s.error}),
             "samples": [s.as_dict() for s in samples]}
        self.rows.append(r)
        return r

    def find(self, measure_name: str, n: int | None) -> dict | None:
        for r in self.rows:
            if r["measure"] == measure_name and r["n"] == n and r["runs"]:
                return r
        return None

    # -- the measures
    def measure_help(self) -> None:
        log("expreport --help")
        self.row("help", None, [self.sample("help", None, self.exp + ["--help"])
                                for _ in range(self.args.repeat)])

    def measure_ingest(self, n: int, csv_path: Path) -> None:
        cols = floor_columns(csv_path)
        floor_db, db = self.work / "floor.duckdb", self.work / "ingest.duckdb"
        floors, ingests, floor_mb, db_mb = [], [], [], []
        for i in range(self.args.repeat):
            remove_db(floor_db)
            floors.append(self.sample(f"floor {i + 1}", n, [sys.executable, str(BENCH / "floor.py"),
                                                             str(csv_path), str(floor_db), cols]))
            floor_mb.append(file_mb(floor_db))
            remove_db(floor_db)
            remove_db(db)
            ingests.append(self.sample(f"ingest {i + 1}", n, self.exp + [
                "--db", str(db), "-q", "ingest", str(csv_path), "-e", EXPERIMENT]))
            db_mb.append(file_mb(db))
        f = self.row("floor", n, floors, "bare DuckDB CREATE TABLE AS read_csv, explicit types")
        r = self.row("ingest", n, ingests)
        if f["runs"] and r["runs"]:
            r["ratio"] = r["median"] / f["median"]
            r["ratio_text"] = f"{r['ratio']:.2f}x floor"
        if ingests[-1].rc == 0:
            remove_db(self.base_db(n))
            db.rename(self.base_db(n))
        self.sizes.append({"n": n, "size": size_label(n), "csv_mb": csv_path.stat().st_size / MB,
                           "db_mb": db_mb[-1], "floor_mb": floor_mb[-1],
                           "db_mb_per_m": db_mb[-1] / (n / 1e6),
                           "floor_mb_per_m": floor_mb[-1] / (n / 1e6)})

    def ensure_db(self, n: int, csv_path: Path) -> Path:
        db = self.base_db(n)
        if not db.exists():
            log(f"  [{size_label(n)}] ingesting once (not timed) for the queries")
            subprocess.run(self.exp + ["--db", str(db), "-q", "ingest", str(csv_path), "-e", EXPERIMENT],
                           check=True, cwd=self.work, env=self.env, stdout=subprocess.DEVNULL)
        return db

    def measure_queries(self, n: int, db: Path, which: list[str]) -> Path | None:
        """summary / sql / report, interleaved; returns the last sql output (JSON)."""
        out = {m: [] for m in which}
        sql_out = self.work / f"sql_{n}.json"
        rep = self.work / "report"
        for i in range(self.args.repeat):
            if "summary" in which:
                out["summary"].append(self.sample(f"summary {i + 1}", n, self.exp + [
                    "--db", str(db), "-q", "summary"], stdout=self.work / "summary.txt"))
            if "sql" in which:
                out["sql"].append(self.sample(f"sql {i + 1}", n, self.exp + [
                    "--db", str(db), "-q", "sql", self.args.sql, "--format", "json"], stdout=sql_out))
            if "report" in which:
                shutil.rmtree(rep, ignore_errors=True)
                out["report"].append(self.sample(f"report {i + 1}", n, self.exp + [
                    "--db", str(db), "-q", "report", "--out", str(rep)], stdout=self.work / "report.txt"))
        for m in which:
            note = {"sql": "headline numbers of resource_summary, --format json"
                    if self.args.sql == HEADLINE_SQL else self.args.sql,
                    "report": "every figure"}.get(m, "")
            r = self.row(m, n, out[m], note)
            if m == "report" and r["runs"]:
                figs = len(list(rep.glob("*.png")))
                r["note"] = f"{figs} PNG figures"
        return sql_out if out.get("sql") and out["sql"][-1].rc == 0 else None

    def measure_pandas(self, n: int, csv_path: Path, sql_out: Path | None) -> None:
        res = self.work / "pandas.json"
        samples = []
        for i in range(self.args.repeat):
            res.unlink(missing_ok=True)
            samples.append(self.sample(f"pandas {i + 1}", n, [sys.executable, str(BENCH / "pandas_ref.py"),
                                                              str(csv_path), str(res)]))
        r = self.row("pandas", n, samples, "read_csv of the whole file + groupbys")
        sql = self.find("sql", n)
        if r["runs"] and sql:
            r["ratio"] = r["median"] / sql["median"]
            r["ratio_text"] = f"{r['ratio']:.1f}x sql"
            ing = self.find("ingest", n)
            if ing:
                both = r["median"] / (ing["median"] + sql["median"])
                r["ratio_text"] += f", {both:.1f}x ingest+sql"
        if samples and samples[-1].rc == 0 and sql_out is not None and res.exists():
            pandas_numbers = json.loads(res.read_text())["resources"]
            diffs = compare(pandas_numbers, json.loads(sql_out.read_text()))
            self.checks.append({"n": n, "size": size_label(n), "ok": not diffs, "diffs": diffs,
                                "resources": len(pandas_numbers)})
            if diffs:
                log(f"  [{size_label(n)}] CHECK FAILED: pandas and expreport differ:")
                for d in diffs:
                    log(f"    {d}")
            else:
                log(f"  [{size_label(n)}] check: pandas and expreport agree "
                    f"({len(pandas_numbers)} resources x {len(CHECK_INT + CHECK_FLOAT)} numbers)")
        elif samples and samples[-1].rc == 0:
            self.checks.append({"n": n, "size": size_label(n), "ok": None,
                                "diffs": ["no sql output to check against (measure sql too)"]})

    def increment_csv(self) -> Path:
        return self.campaign(parse_size(self.args.increment), self.args.seed + 1)

    def empty_db(self) -> Path:
        """A migrated database without attempts (made by expreport.store.connect), to copy."""
        path = self.work / "empty_template.duckdb"
        remove_db(path)
        subprocess.run([sys.executable, "-c", "import sys; from expreport.store import connect; "
                        "connect(sys.argv[1], write=True).close()", str(path)],
                       check=True, cwd=self.work, env=self.env)
        return path

    def measure_incr_empty(self) -> None:
        """The increment into an empty (already migrated) database: what it costs on its own."""
        inc, template = self.increment_csv(), self.empty_db()
        db = self.work / "incr.duckdb"
        samples = []
        for i in range(self.args.repeat):
            remove_db(db)
            shutil.copyfile(template, db)   # not timed: schema and views exist, no attempts
            samples.append(self.sample(f"+{self.args.increment} into an empty db {i + 1}", 0, self.exp + [
                "--db", str(db), "-q", "ingest", str(inc), "-e", INCR_EXPERIMENT]))
        self.row("incr_empty", 0, samples,
                 f"+{self.args.increment} attempts into an empty (migrated) database")
        remove_db(db)
        remove_db(template)

    def measure_incremental(self, n: int, base: Path) -> None:
        inc = self.increment_csv()
        db = self.work / "incr.duckdb"
        empty = self.find("incr_empty", 0)
        for name, exp, note in (("incr_new", INCR_EXPERIMENT, "as a new experiment"),
                                ("incr_same", EXPERIMENT, "into the existing experiment")):
            samples = []
            for i in range(self.args.repeat):
                remove_db(db)
                shutil.copyfile(base, db)   # not timed
                samples.append(self.sample(f"{name} {i + 1}", n, self.exp + [
                    "--db", str(db), "-q", "ingest", str(inc), "-e", exp]))
            r = self.row(name, n, samples, f"+{self.args.increment} attempts {note}")
            if empty and r["runs"]:
                r["ratio"] = r["median"] / empty["median"]
                r["ratio_text"] = f"{r['ratio']:.2f}x into empty"
        remove_db(db)

    # -- run everything
    def run(self) -> None:
        a = self.args
        self.work.mkdir(parents=True, exist_ok=True)
        measures = a.measures
        log(f"bench: sizes {', '.join(size_label(n) for n in a.sizes)}; repeat {a.repeat}; "
            f"measures {', '.join(measures)}; RSS via {self.method}; cache {self.cache}")
        if "help" in measures:
            self.measure_help()
        if "incremental" in measures:
            self.measure_incr_empty()
        for n in a.sizes:
            log(f"size {size_label(n)}")
            csv_path = self.campaign(n, a.seed)
            if "ingest" in measures:
                self.measure_ingest(n, csv_path)
            queries = [m for m in ("summary", "sql", "report") if m in measures]
            if "pandas" in measures and "sql" not in queries and n <= a.pandas_max:
                queries.append("sql")  # the check needs expreport's numbers
            sql_out = None
            if queries or "incremental" in measures:
                db = self.ensure_db(n, csv_path)
            if queries:
                sql_out = self.measure_queries(n, db, queries)
            if "pandas" in measures:
                if n <= a.pandas_max:
                    self.measure_pandas(n, csv_path, sql_out)
                else:
                    log(f"  [{size_label(n)}] pandas skipped (above --pandas-max {size_label(a.pandas_max)})")
            if "incremental" in measures:
                self.measure_incremental(n, db)
            self.save(partial=True)
        for t in ("ingest.duckdb", "floor.duckdb", "incr.duckdb", "empty_template.duckdb"):
            remove_db(self.work / t)
        self.evaluate_targets()

    def evaluate_targets(self) -> None:
        for r in self.rows:
            key = (r["measure"], r["n"])
            if key in TARGETS and r["runs"]:
                test, text = TARGETS[key]
                r["target"] = text
                r["met"] = bool(test(r))

    # -- output
    def save(self, partial: bool = False) -> Path:
        out = self.cache / "results"
        out.mkdir(parents=True, exist_ok=True)
        stem = out / f"run-{self.started:%Y%m%d-%H%M%S}"
        data = {"command": command_line(), "started": self.started.isoformat(timespec="seconds"),
                "finished": None if partial else datetime.now().isoformat(timespec="seconds"),
                "machine": machine(), "rss_method": self.method, "expreport": self.exp,
                "repeat": self.args.repeat, "rows": self.rows, "db_sizes": self.sizes,
                "checks": self.checks}
        stem.with_suffix(".json").write_text(json.dumps(data, indent=1, default=str))
        stem.with_suffix(".md").write_text(markdown(data))
        return stem


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default=DEFAULT_SIZES, help=f"attempts per campaign (default {DEFAULT_SIZES})")
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement (median, min, max); default 3")
    ap.add_argument("--measures", default=",".join(ALL_MEASURES),
                    help=f"comma-separated subset of {','.join(ALL_MEASURES)} (default all)")
    ap.add_argument("--seed", type=int, default=6, help="generator seed (default 6; the increment uses seed+1)")
    ap.add_argument("--increment", default="10k", help="attempts of the incremental-ingest campaign (default 10k)")
    ap.add_argument("--pandas-max", default="1M", help="largest size the pandas reference runs on (default 1M)")
    ap.add_argument("--sql", default=HEADLINE_SQL, help="query of the sql measure (default: the headline numbers)")
    ap.add_argument("--cache", default=str(BENCH / "cache"), help="campaigns, databases, results (default bench/cache)")
    ap.add_argument("--rss", choices=("auto", "time", "python"), default="auto",
                    help="peak RSS via /usr/bin/time -v or a python getrusage wrapper (default auto)")
    ap.add_argument("--timeout", type=float, default=3600, help="seconds per child process (default 3600)")
    ap.add_argument("--expreport", default=None, help="command to run expreport (default: the venv's script)")
    a = ap.parse_args(argv)
    a.sizes = [parse_size(s) for s in a.sizes.split(",") if s.strip()]
    a.pandas_max = parse_size(a.pandas_max)
    a.measures = [m.strip() for m in a.measures.split(",") if m.strip()]
    unknown = set(a.measures) - set(ALL_MEASURES)
    if unknown:
        ap.error(f"unknown measure(s) {', '.join(sorted(unknown))}; expected {', '.join(ALL_MEASURES)}")
    if a.repeat < 1:
        ap.error("--repeat must be >= 1")
    return a


def main(argv: list[str] | None = None) -> int:
    h = Harness(parse_args(argv))
    h.run()
    stem = h.save()
    text = stem.with_suffix(".md").read_text()
    print(text)
    log(f"results: {stem}.md, {stem}.json")
    failed = [r for r in h.rows if r["failed"]]
    bad_check = [c for c in h.checks if c["ok"] is False]
    return 1 if failed or bad_check else 0
