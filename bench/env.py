"""Helpers of the harness: sizes, the machine and versions, files, the expreport command."""
from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024


def parse_size(text: str) -> int:
    t = text.strip().lower().replace("_", "")
    mult = {"k": 1_000, "m": 1_000_000}.get(t[-1:], 1)
    return int(float(t[:-1] if mult > 1 else t) * mult)


def size_label(n: int | None) -> str:
    if n is None:
        return "-"
    for unit, div in (("M", 1_000_000), ("k", 1_000)):
        if n >= div and n % div == 0:
            return f"{n // div}{unit}"
    return str(n)


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def version(pkg: str) -> str:
    try:
        return metadata.version(pkg)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine() -> dict:
    mem = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return {"cores": os.cpu_count(), "memory_gib": mem, "platform": platform.platform(),
            "cpu": _cpu_model(), "python": platform.python_version(),
            "duckdb": version("duckdb"), "pandas": version("pandas"), "numpy": version("numpy"),
            "matplotlib": version("matplotlib"), "expreport": version("expreport"),
            "source": source_state()}


def source_state() -> str:
    """The product's commit and whether the tree has uncommitted changes (read-only git)."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "expreport", "queries"], cwd=ROOT,
                               capture_output=True, text=True, timeout=10).stdout.splitlines()
    except (OSError, subprocess.SubprocessError):
        return "unknown (no git)"
    if not head:
        return "unknown (no git)"
    return head + (f" + {len(dirty)} uncommitted file(s) in expreport/, queries/" if dirty else "")


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def file_mb(path: Path) -> float:
    total = 0
    for p in (path, path.with_name(path.name + ".wal")):
        if p.exists():
            total += p.stat().st_size
    return total / MB


def remove_db(path: Path) -> None:
    for p in (path, path.with_name(path.name + ".wal")):
        p.unlink(missing_ok=True)


def expreport_cmd(option: str | None) -> list[str]:
    if option:
        return option.split()
    script = Path(sys.executable).with_name("expreport")
    if script.exists():
        return [str(script)]
    found = shutil.which("expreport")
    return [found] if found else [sys.executable, "-m", "expreport"]


def floor_columns(csv_path: Path) -> str:
    """JSON {header name: type} of the file, with the types expreport's ingest uses."""
    import csv
    from expreport.csv_versions import COLUMNS
    with csv_path.open(newline="", encoding="utf-8") as f:
        names = [n.strip() for n in next(csv.reader(f))]
    return json.dumps({n: COLUMNS.get(n, (None, "VARCHAR"))[1] for n in names})


# ----------------------------------------------------------------------------- the harness
