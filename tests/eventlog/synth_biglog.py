"""Reproduce the throughput measurement of the event-log parser (not a test).

    python -m tests.eventlog.synth_biglog /tmp/big.log [BYTES]   # default 1 GiB

Writes a synthetic log made of copies of the real logs in ../shared/real (each copy gets new,
increasing cluster ids below 2**31 and prefixed DAG node names), then times
``sum(1 for _ in iter_attempts(path))`` and prints wall/CPU time and peak RSS. The file is
meant for /tmp: never commit it.
"""
import re
import resource
import sys
import time
from pathlib import Path

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "real"


def write(out: str, target: int) -> int:
    src = "".join(p.read_text() for p in sorted(REAL.glob("*/*.log")) + sorted(REAL.glob("*/*/*.log")))
    hdr = re.compile(r"(\d{3}) \((\d+)\.")
    ids = {c: i for i, c in enumerate(sorted({int(m.group(2)) for m in hdr.finditer(src)}))}
    node = re.compile(r'(DAG Node: |DAGNodeName = ")')
    n = k = 0
    with open(out, "w") as fh:
        while n < target:
            base = 20_000_000 + k * 1000
            text = hdr.sub(lambda m: f"{m.group(1)} ({base + ids[int(m.group(2))]}.", src)
            text = node.sub(lambda m: f"{m.group(1)}rep{k}-", text)
            fh.write(text)
            n += len(text)
            k += 1
    return k


def main() -> None:
    out = sys.argv[1]
    target = int(sys.argv[2]) if len(sys.argv) > 2 else 1 << 30
    copies = write(out, target)
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from expreport.eventlog import IssueLog, iter_attempts
    issues = IssueLog()
    t, c = time.perf_counter(), time.process_time()
    n = sum(1 for _ in iter_attempts(out, on_issue=issues))
    print(f"{copies} copies, {Path(out).stat().st_size} bytes: {n} records in "
          f"{time.perf_counter() - t:.1f} s wall, {time.process_time() - c:.1f} s CPU, peak RSS "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB; "
          f"issues {dict(issues.counts)}")


if __name__ == "__main__":
    main()
