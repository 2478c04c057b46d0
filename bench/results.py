"""The harness's outputs: the pandas-vs-expreport check and the markdown results table."""
from __future__ import annotations

import math
import sys

CHECK_INT = ("attempts", "epochs")
CHECK_FLOAT = ("run_hours", "gpu_hours", "gib_in", "gib_out")


def compare(pandas_numbers: dict, sql_rows: list[dict]) -> list[str]:
    """Differences between the pandas reference and expreport's resource_summary."""
    sql = {r["resource"]: r for r in sql_rows}
    diffs = []
    for res in sorted(set(pandas_numbers) | set(sql)):
        if res not in sql or res not in pandas_numbers:
            diffs.append(f"{res}: only in {'pandas' if res in pandas_numbers else 'expreport'}")
            continue
        p, s = pandas_numbers[res], sql[res]
        for c in CHECK_INT:
            if int(p[c]) != int(s[c] or 0):
                diffs.append(f"{res}.{c}: pandas {p[c]} != expreport {s[c]}")
        for c in CHECK_FLOAT:
            if not math.isclose(float(p[c]), float(s[c] or 0), rel_tol=1e-9, abs_tol=1e-6):
                diffs.append(f"{res}.{c}: pandas {p[c]!r} != expreport {s[c]!r}")
    return diffs


def command_line() -> str:
    return "python -m bench " + " ".join(sys.argv[1:])


def _s(v: float) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "—"
    return f"{v:.3f}" if v < 1 else f"{v:.2f}" if v < 100 else f"{v:.0f}"


def markdown(data: dict) -> str:
    m = data["machine"]
    lines = [
        f"Run {data['started']} — `{data['command']}`",
        "",
        f"Machine: {m['cores']} cores ({m['cpu']}), {m['memory_gib']} GiB; {m['platform']}; "
        f"Python {m['python']}, DuckDB {m['duckdb']}, pandas {m['pandas']}, numpy {m['numpy']}, "
        f"matplotlib {m['matplotlib']}; expreport at {m.get('source', '?')}. Peak RSS via {data['rss_method']}; "
        f"{data['repeat']} run(s) per cell, median (min–max).",
        "",
        "| size | measure | median s | min s | max s | peak RSS MB | ratio | target | load | note |",
        "|---|---|---:|---:|---:|---:|---|---|---:|---|",
    ]
    for r in data["rows"]:
        target = ""
        if "target" in r:
            target = f"{r['target']}: {'met' if r['met'] else '**MISSED**'}"
        note = r["note"]
        if r["failed"]:
            note = (note + "; " if note else "") + f"{r['failed']} run(s) FAILED: " + "; ".join(r["errors"])[:300]
        rss = f"{r['rss_mb']:,.0f}" if r["rss_mb"] is not None else "—"
        size = "empty" if r["n"] == 0 else r["size"]
        lines.append(f"| {size} | {r['measure']} | {_s(r['median'])} | {_s(r['min'])} | {_s(r['max'])} "
                     f"| {rss} | {r['ratio_text']} | {target} | {r['load']:.2f} | {note} |")
    if data["db_sizes"]:
        lines += ["", "| size | CSV MB | database MB | MB per 1M attempts | floor database MB | floor MB per 1M |",
                  "|---|---:|---:|---:|---:|---:|"]
        for s in data["db_sizes"]:
            lines.append(f"| {s['size']} | {s['csv_mb']:,.1f} | {s['db_mb']:,.1f} | {s['db_mb_per_m']:,.1f} "
                         f"| {s['floor_mb']:,.1f} | {s['floor_mb_per_m']:,.1f} |")
    for c in data["checks"]:
        if c["ok"]:
            lines.append(f"\nCheck {c['size']}: pandas and expreport give the same headline numbers "
                         f"({c['resources']} resources x attempts, run_hours, gpu_hours, epochs, gib_in, "
                         f"gib_out; floats to 1e-9 relative).")
        else:
            lines.append(f"\nCheck {c['size']}: **DIFFERENT**:\n" + "\n".join(f"- {d}" for d in c["diffs"]))
    return "\n".join(lines) + "\n"
