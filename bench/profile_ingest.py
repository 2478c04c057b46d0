"""Where does ``expreport ingest`` spend its time? Every SQL statement of one ingest, timed.

    python -m bench.profile_ingest --db BASE.duckdb FILE.csv -e EXPERIMENT [--copy-to WORK.duckdb]
                                   [--explain DIR]

Runs the product's :func:`expreport.ingest.ingest_files` in-process on a connection proxy that
times every ``execute`` (and, with ``--explain DIR``, writes DuckDB's JSON profile of each
statement there: ``EXPLAIN ANALYZE`` of the real statement, operator by operator). With
``--copy-to`` the base database is copied first (not timed) so the base stays untouched;
without ``--db`` the database is a new file. Prints one line per statement, slowest first.
Read-only for the product: nothing of expreport is changed.
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import time
from pathlib import Path


class TimedConnection:
    """Forwards everything to a DuckDB connection; records the time of each execute()."""

    def __init__(self, con, explain_dir: Path | None = None):
        self._con = con
        self.calls: list[tuple[float, float, str]] = []     # (wall s, process CPU s, statement)
        self._explain = explain_dir
        if explain_dir:
            explain_dir.mkdir(parents=True, exist_ok=True)
            con.execute("PRAGMA enable_profiling = 'json'")

    def execute(self, sql, *args, **kwargs):
        if self._explain:
            out = self._explain / f"{len(self.calls):03d}.json"
            self._con.execute(f"PRAGMA profiling_output = '{out}'")
        t0, c0 = time.perf_counter(), time.process_time()
        res = self._con.execute(sql, *args, **kwargs)
        self.calls.append((time.perf_counter() - t0, time.process_time() - c0, label(sql)))
        return res

    def __getattr__(self, name):
        return getattr(self._con, name)


def label(sql: str) -> str:
    lines = [ln.strip() for ln in sql.splitlines() if ln.strip() and not ln.strip().startswith("--")]
    text = re.sub(r"\s+", " ", " ".join(lines))
    return text[:110]


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(prog="python -m bench.profile_ingest", description=__doc__.split("\n")[0])
    ap.add_argument("file")
    ap.add_argument("--db", default=None, help="existing database to add to (default: a new file)")
    ap.add_argument("--copy-to", default=None, help="copy --db here first and ingest into the copy")
    ap.add_argument("-e", "--experiment", default="profile")
    ap.add_argument("--explain", default=None, help="folder for DuckDB's JSON profile of every statement")
    a = ap.parse_args(argv)

    from expreport.ingest import ingest_files
    from expreport.store import connect

    db = Path(a.copy_to or a.db or "profile_ingest.duckdb")
    if a.copy_to and a.db:
        shutil.copyfile(a.db, db)
    t0 = time.perf_counter()
    raw = connect(db, write=True)
    t_open = time.perf_counter() - t0
    con = TimedConnection(raw, Path(a.explain) if a.explain else None)
    t0 = time.perf_counter()
    results = ingest_files(con, [Path(a.file)], experiment=a.experiment)
    t_ingest = time.perf_counter() - t0
    t0 = time.perf_counter()
    raw.close()
    t_close = time.perf_counter() - t0
    print(f"open {t_open:.3f} s, ingest_files {t_ingest:.3f} s, close (checkpoint) {t_close:.3f} s; "
          f"{results[0].attempts:,} attempts")
    print(f"process CPU (user+sys, all threads) {time.process_time():.2f} s; per statement: wall, CPU")
    for secs, cpu, text in sorted(con.calls, reverse=True)[:12]:
        print(f"{secs:9.3f} s {cpu:7.2f} cpu  {text}")
    if a.explain:
        for i, (secs, _cpu, text) in enumerate(con.calls):
            p = Path(a.explain) / f"{i:03d}.json"
            if secs > 0.05 and p.exists():
                print(f"\n{p}: {text[:60]}")
                print_profile(json.loads(p.read_text()))


def print_profile(prof: dict) -> None:
    """The operators of a DuckDB 2.0 JSON profile with their own time (s) and rows, indented."""
    q, sysinfo = prof.get("query", {}), prof.get("system", {})
    print(f"  cpu_time {q.get('cpu_time', 0):.2f} s, blocked threads {sysinfo.get('blocked_thread_time', 0):.2f} s, "
          f"peak buffer memory {sysinfo.get('peak_buffer_memory', 0) / 2**20:,.0f} MiB")

    def walk(node: dict, depth: int) -> None:
        t = node.get("timing", 0) or 0
        if t > 0.01:
            info = node.get("extra_info", {})
            extra = info.get("Function") or info.get("Table") or info.get("Join Type") or ""
            print(f"  {'  ' * depth}{t:8.3f} s  {node.get('name', '?')} {extra} rows={node.get('intermediate_rows', '')}")
        for c in node.get("children", []):
            walk(c, depth + 1)

    for root in prof.get("operator", []):
        walk(root, 0)


if __name__ == "__main__":
    main()
