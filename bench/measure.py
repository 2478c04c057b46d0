"""Running one child process and measuring its wall time and peak RSS.

Peak RSS is the child's maximum resident set size as the kernel reports it at exit:
- with GNU time (``/usr/bin/time -v``, Debian package ``time``): "Maximum resident set size";
- without it, a fresh ``python -c`` wrapper per measurement runs the child and reads
  ``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`` (its only child is the measured one, so
  there is no delta to take and no earlier child to hide a smaller peak).
Wall time is taken around the child only (the harness's clock for GNU time, whose overhead is
~1 ms; the wrapper's own clock otherwise, so Python's start-up of the wrapper is not counted).
Every child runs in its own session, so a timeout kills the whole process group. The wait is
a blocking one (``Popen.wait`` with a timeout polls in steps of up to 50 ms).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

GNU_TIME = "/usr/bin/time"

WRAPPER = r"""
import json, resource, subprocess, sys, time
t0 = time.perf_counter()
rc = subprocess.call(sys.argv[2:])
wall = time.perf_counter() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as f:
    json.dump({"rc": rc, "wall": wall, "maxrss_kb": ru.ru_maxrss,
               "user": ru.ru_utime, "sys": ru.ru_stime}, f)
"""


@dataclass
class Sample:
    wall: float                 # seconds
    rss_mb: float | None        # peak RSS of the child, MiB
    rc: int
    load: float                 # 1-minute load average when the child started
    cpu: float | None = None    # user + system seconds of the child
    error: str | None = None    # tail of stderr when rc != 0, or "timeout"
    extra: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def gnu_time_available() -> bool:
    """True when /usr/bin/time is GNU time (supports -v and -o)."""
    if not (os.path.exists(GNU_TIME) and os.access(GNU_TIME, os.X_OK)):
        return False
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        try:
            subprocess.run([GNU_TIME, "-v", "-o", t.name, "true"], capture_output=True, timeout=10)
        except (OSError, subprocess.SubprocessError):
            return False
        return "Maximum resident set size" in Path(t.name).read_text(errors="replace")


def resolve_method(method: str) -> str:
    if method == "auto":
        return "time" if gnu_time_available() else "python"
    if method == "time" and not gnu_time_available():
        raise SystemExit(f"--rss time: {GNU_TIME} is not GNU time (apt-get install -y time)")
    return method


def _parse_gnu_time(text: str) -> dict:
    out = {}
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    if m:
        out["maxrss_kb"] = int(m.group(1))
    u = re.search(r"User time \(seconds\): ([\d.]+)", text)
    s = re.search(r"System time \(seconds\): ([\d.]+)", text)
    if u and s:
        out["cpu"] = float(u.group(1)) + float(s.group(1))
    m = re.search(r"Exit status: (\d+)", text)
    if m:
        out["rc"] = int(m.group(1))
    return out


def run(cmd: list[str], *, method: str, cwd: Path, env: dict | None = None,
        timeout: float = 3600, stdout_path: Path | None = None) -> Sample:
    """Run ``cmd`` once as a measured child; its stdout goes to ``stdout_path`` (or nowhere)."""
    cwd.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bench-measure-") as tmp:
        report = Path(tmp) / "rusage"
        if method == "time":
            full = [GNU_TIME, "-v", "-o", str(report)] + cmd
        else:
            full = [sys.executable, "-c", WRAPPER, str(report)] + cmd
        err_path = Path(tmp) / "stderr"
        out_f = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
        try:
            with open(err_path, "wb") as err_f:
                t0 = time.perf_counter()
                p = subprocess.Popen(full, cwd=cwd, env=env, stdout=out_f, stderr=err_f,
                                     stdin=subprocess.DEVNULL, start_new_session=True)
                # A blocking wait: Popen.wait(timeout=...) polls with sleeps of up to 50 ms,
                # which would round every wall time up to the next 50 ms. The timeout is a timer.
                expired = threading.Event()

                def kill() -> None:
                    expired.set()
                    try:
                        os.killpg(p.pid, signal.SIGKILL)  # the group of the child we started
                    except ProcessLookupError:
                        pass

                timer = threading.Timer(timeout, kill)
                timer.start()
                try:
                    p.wait()
                finally:
                    timer.cancel()
                wall = time.perf_counter() - t0
                if expired.is_set():
                    return Sample(wall, None, -9, load, error="timeout")
        finally:
            if stdout_path:
                out_f.close()
        info = {}
        if report.exists():
            text = report.read_text(errors="replace")
            info = _parse_gnu_time(text) if method == "time" else json.loads(text or "{}")
        rc = info.get("rc", p.returncode)
        if method == "python" and "wall" in info:
            wall = info["wall"]
            info["cpu"] = info.get("user", 0) + info.get("sys", 0)
        rss = info.get("maxrss_kb")
        error = None
        if rc != 0:
            tail = err_path.read_text(errors="replace").strip().splitlines()[-5:]
            error = " | ".join(tail) or f"exit {rc}"
        return Sample(wall, rss / 1024 if rss is not None else None, rc, load,
                      cpu=info.get("cpu"), error=error)


def which(name: str) -> str | None:
    return shutil.which(name)
