"""Fixtures of the report tests: hand-worked CSVs written by the tests.

HAND (experiment exp1, v6) — every number worked out by hand. Times are 2026-02-0D HH:MM.

 #  job                cl seq status       res     GPUs start    stop (why)               run h GPU-h kind        xfer s
 1  run1-train_epoch0  10 1   completed    expanse 2 A100 01 00:00 01 02:00 end           2     4     success     60
 2  run1-train_epoch1  11 1   evicted      ospool  1 A40  01 00:00 01 03:00 evicted       3     3     evicted     900
 3  run1-train_epoch1  11 2   aborted      ospool  1 A40  01 04:00 01 05:00 evicted; End and Aborted
                                                                   02-10 (quirk: aborted after evicted)
                                                                                          1     1     aborted     900
 4  run1-train_epoch1  12 1   completed    delta   1 A100 01 06:00 01 10:00 end           4     4     success     120
 5  run1-train_epoch0  13 1   completed    delta   1 A100 01 03:00 01 05:00 end           2     2     success (re-done: #1
                                                                                          stopped at 02:00 first)  120
 6  run2-train_epoch0  20 1   released     expanse 2 A100 01 00:00 01 01:00 held, released 01:30, no End
                                                                                          1     2     held/released 60
 7  run2-train_epoch0  20 2   completed    expanse 2 A100 01 02:00 01 05:00 end           3     6     success     120
 8  run2-train_epoch1  21 1   failed       ospool  1 A40  02 00:00 02 00:06 end           0.1   0.1   failed      600
 9  run2-train_epoch1  22 1   checkpointed ospool  1 A40  02 01:00 02 03:00 end           2     2     checkpoint  1200
10  run2-train_epoch1  23 1   completed    ospool  1 A40  02 04:00 02 06:00 end           2     2     success     900
11  run2-train_epoch2  24 1   completed    delta   2 A100 02 00:00 02 03:00 end           3     6     success     180
12  annex_helper       30 1   completed    ospool  0      01 00:00 01 01:00 end           1     0     service job: not an attempt

Bytes (terminated rows only; GiB = 2^30 bytes): in #1 2, #4 1, #5 1, #7 2, #10 3, #11 1 = 10 GiB;
out #1 1, #4 0.5, #10 1 = 2.5 GiB.

Totals: attempts 12; run hours 2+3+1+4+2+1+3+0.1+2+2+3+1 = 24.1;
GPU-hours 4+3+1+4+2+2+6+0.1+2+2+6+0 = 32.1; productive (success + checkpoint)
4+4+2+6+2+2+6 = 26; wasted 6.1 = evicted 3 + aborted 1 + held/released 2 + failed 0.1;
productive % = 26 / 32.1 = 80.99688 %; attempt success 7/12 = 58.333 %.
Epochs (first success): (run1,0) #1, (run1,1) #4, (run2,0) #7, (run2,1) #10, (run2,2) #11 -> 5;
completions #1 #4 #5 #7 #10 #11 = 6 -> 1 re-done (#5, 2 GPU-hours on delta). Runs: 2.
Node cost (GPU-hours of all attempts of the epoch's node, credited to the first success):
(run1,0) #1 4 + #5 2 = 6 expanse; (run1,1) #2 3 + #3 1 + #4 4 = 8 delta; (run2,0) #6 2 + #7 6 = 8
expanse; (run2,1) #8 0.1 + #9 2 + #10 2 = 4.1 ospool; (run2,2) 6 delta -> GPU-hours per epoch:
expanse (6 + 8) / 2 = 7, delta (8 + 6) / 2 = 7, ospool 4.1; A100 28 / 4 = 7, A40 4.1.

Per resource:
  expanse #1 #6 #7: 3 attempts, success 2/3, run h 6, GPU-h 12, productive 10 (83.33 %), wasted 2
          (held/released), epochs 2, re-done 0, median h/epoch (2, 3) 2.5, GiB in 4, out 1,
          input minutes (1, 1, 2) median 1, epoch-equivalents 4/6 (run1,0) + 1 (run2,0) = 1.6667
  delta   #4 #5 #11: 3 attempts, success 3/3, run h 9, GPU-h 12, productive 12 (100 %), wasted 0,
          epochs 2 (#4, #11), completions 3 -> re-done 1, median h/epoch (4, 2, 3) 3, GiB in 3,
          out 0.5, input minutes (2, 2, 3) median 2, epoch-equivalents 2/6 + 1 + 1 = 2.3333
  ospool  #2 #3 #8 #9 #10 #12: 6 attempts, success 2/6, run h 9.1, GPU-h 8.1, productive 4
          (49.383 %), wasted 4.1 (evicted 3 > aborted 1 > failed 0.1), epochs 1, median h/epoch 2,
          GiB in 3, out 1, input minutes (15, 15, 10, 20, 15) median 15, epoch-equivalents 1
GPU models: A100 (#1 #4 #5 #6 #7 #11) 24 GPU-h, 4 epochs -> 16.667 per 100 GPU-h;
            A40 (#2 #3 #8 #9 #10) 8.1 GPU-h, 1 epoch -> 12.346; none (#12) 0 GPU-h.
Rules that fire: high_waste (ospool 4.1/8.1 = 50.6 % > 30 %, main kind evicted 3 GPU-h);
redone_epochs (1, 2 GPU-h); slow_input (ospool median 15 min > 10; delta 2 min is not > 3 x 1).
Not: quick_failures (1 failed), gpu_underused (median use >= 0.8), request_headroom (< 5
attempts with usage per resource), rank_resources / rank_gpu_models (every resource and model
has fewer than 5 epochs: too small a sample to rank).

EXP2 (experiment exp2, v6): one attempt run9-train_epoch0 completed on aws, 1 GPU L40S,
2026-02-01 00:00-02:00: 2 GPU-h, 1 epoch.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from expreport.csv_versions import VERSIONS

A100, A40 = "NVIDIA A100-SXM4-40GB", "NVIDIA A40"
GIB = 1024 ** 3


def t(day: int, hm: str) -> str:
    return f"2026-02-{day:02d}T{hm}:00"


def att(job, cl, seq, status, res, gpus, model, start, *, end="", uuid="", evicted="", aborted="",
        held="", released="", bin=0, bout=0, xfer=None, gpu_use=None, cpu=None, mem=None) -> dict:
    r = {"Job Name": job, "DAG Source": "d", "Run UUID": uuid, "HTCondor Cluster ID": cl,
         "Attempt Sequence": seq, "Final Status": status, "Targeted Resource": res,
         "Submit Time": start, "Start Time": start, "End Time": end, "Number of GPUs": gpus,
         "GPU Device Name": model if gpus else "", "GPU Memory MB": 40960 * gpus if gpus else "",
         "Total Bytes Received": bin, "Total Bytes Sent": bout, "Evicted Time": evicted,
         "Aborted Time": aborted, "Held Time": held, "Released Time": released,
         "Epochs Completed": 1, "GPU Usage": gpu_use if gpu_use is not None else "",
         "CPU Usage": cpu if cpu is not None else "", "Peak Memory Usage MB": mem if mem is not None else ""}
    if xfer is not None:
        r["Transfer Input Duration (seconds)"] = xfer
    return r


def hand_rows() -> list[dict]:
    u1, u2 = "r1", "r2"
    return [
        att("run1-train_epoch0", 10, 1, "completed", "expanse", 2, A100, t(1, "00:00"), end=t(1, "02:00"),
            uuid=u1, bin=2 * GIB, bout=1 * GIB, xfer=60, gpu_use=1.8, cpu=2, mem=4000),
        att("run1-train_epoch1", 11, 1, "evicted", "ospool", 1, A40, t(1, "00:00"), end=t(1, "03:00"),
            uuid=u1, evicted=t(1, "03:00"), xfer=900),
        att("run1-train_epoch1", 11, 2, "aborted", "ospool", 1, A40, t(1, "04:00"),
            end="2026-02-10T00:00:00", uuid=u1, evicted=t(1, "05:00"), aborted="2026-02-10T00:00:00", xfer=900),
        att("run1-train_epoch1", 12, 1, "completed", "delta", 1, A100, t(1, "06:00"), end=t(1, "10:00"),
            uuid=u1, bin=1 * GIB, bout=GIB // 2, xfer=120, gpu_use=0.9, cpu=2, mem=4000),
        att("run1-train_epoch0", 13, 1, "completed", "delta", 1, A100, t(1, "03:00"), end=t(1, "05:00"),
            uuid=u1, bin=1 * GIB, xfer=120, gpu_use=0.95, cpu=2, mem=4000),
        att("run2-train_epoch0", 20, 1, "released", "expanse", 2, A100, t(1, "00:00"),
            uuid=u2, held=t(1, "01:00"), released=t(1, "01:30"), xfer=60),
        att("run2-train_epoch0", 20, 2, "completed", "expanse", 2, A100, t(1, "02:00"), end=t(1, "05:00"),
            uuid=u2, bin=2 * GIB, xfer=120, gpu_use=1.9, cpu=2, mem=4000),
        att("run2-train_epoch1", 21, 1, "failed", "ospool", 1, A40, t(2, "00:00"), end=t(2, "00:06"),
            uuid=u2, xfer=600, gpu_use=0.1, cpu=1, mem=1000),
        att("run2-train_epoch1", 22, 1, "checkpointed", "ospool", 1, A40, t(2, "01:00"), end=t(2, "03:00"),
            uuid=u2, xfer=1200, gpu_use=0.9, cpu=2, mem=4000),
        att("run2-train_epoch1", 23, 1, "completed", "ospool", 1, A40, t(2, "04:00"), end=t(2, "06:00"),
            uuid=u2, bin=3 * GIB, bout=1 * GIB, xfer=900, gpu_use=0.8, cpu=2, mem=4000),
        att("run2-train_epoch2", 24, 1, "completed", "delta", 2, A100, t(2, "00:00"), end=t(2, "03:00"),
            uuid=u2, bin=1 * GIB, xfer=180, gpu_use=1.8, cpu=2, mem=4000),
        att("annex_helper", 30, 1, "completed", "ospool", 0, "", t(1, "00:00"), end=t(1, "01:00")),
    ]


def exp2_rows() -> list[dict]:
    return [att("run9-train_epoch0", 90, 1, "completed", "aws", 1, "NVIDIA L40S", t(1, "00:00"),
                end=t(1, "02:00"), uuid="r9", xfer=60)]


def trigger_rows() -> list[dict]:
    """anvil: 6 failed attempts of 5 minutes (quick failures: >= 5 with median < 15 min), then
    20 completed epochs. All 26 report usage: GPU 20 % busy (median 0.2 < 0.5); peak memory
    1000 MB except one of 10000 MB: P95 (quantile_cont, position 0.95 x 25 = 23.75) = 1000 MB,
    suggested 1000 x 1.1 = 1100 MB, largest 10000 > 1.5 x 1100. CPU is 1 core everywhere
    (largest = P95: no CPU finding)."""
    rows = []
    for i in range(6):
        rows.append(att(f"run5-train_epoch{i}", 500 + i, 1, "failed", "anvil", 1, A100, t(3, f"{i:02d}:00"),
                        end=t(3, f"{i:02d}:05"), uuid="r5", cpu=1, gpu_use=0.2, mem=1000))
    for i in range(20):
        rows.append(att(f"run5-train_epoch{i}", 600 + i, 1, "completed", "anvil", 1, A100,
                        t(4 + i // 10, f"{(i % 10) * 2:02d}:00"), end=t(4 + i // 10, f"{(i % 10) * 2 + 1:02d}:00"),
                        uuid="r5", cpu=1, gpu_use=0.2, mem=10000 if i == 7 else 1000))
    return rows


def clean_rows() -> list[dict]:
    """One resource, every attempt succeeds, GPUs busy, usage even: no rule may fire."""
    return [att(f"run7-train_epoch{i}", 700 + i, 1, "completed", "delta", 1, A100, t(5, f"{i:02d}:00"),
                end=t(5, f"{i:02d}:50"), uuid="r7", xfer=30, cpu=2, gpu_use=0.95, mem=3000)
            for i in range(8)]


def write_csv(path: Path, rows: list[dict], version: int = 6) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    cols = VERSIONS[version]
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(cols)
        for r in rows:
            w.writerow([r.get(c, "") for c in cols])
    return path


def make_db(folder: Path, files: dict[str, list[dict]], version: int = 6,
            versions: dict[str, int] | None = None) -> Path:
    """Ingest {experiment: rows} (one CSV each, of ``version`` or ``versions[experiment]``)
    into folder/t.duckdb; returns the db path."""
    from expreport.ingest import ingest_files
    from expreport.store import connect
    db = folder / "t.duckdb"
    con = connect(db, write=True)
    try:
        for exp, rows in files.items():
            v = (versions or {}).get(exp, version)
            ingest_files(con, [write_csv(folder / exp / "job_summary.csv", rows, v)], experiment=exp)
    finally:
        con.close()
    return db


@pytest.fixture(scope="session")
def hand_db(tmp_path_factory) -> Path:
    return make_db(tmp_path_factory.mktemp("hand"), {"exp1": hand_rows(), "exp2": exp2_rows()})


def run_cli(args: list[str], capsys) -> tuple[int, str, str]:
    """``expreport.cli.main(args)``: (exit code, stdout, stderr)."""
    from expreport.cli import main
    code = 0
    try:
        main(args)
    except SystemExit as e:
        code = e.code or 0
    out = capsys.readouterr()
    return code, out.out, out.err


def metric(metrics: dict, name: str, group: str = "campaign", **dims):
    """The metrics.json entry of one metric (dims: resource=..., gpu_model=..., kind=...)."""
    hits = [m for m in metrics["metrics"] if m["name"] == name and m["group"] == group
            and all(m.get(k) == v for k, v in dims.items())]
    assert len(hits) == 1, (name, group, dims, len(hits))
    return hits[0]


@pytest.fixture
def no_figures(monkeypatch):
    """The registered figures replaced by none (the filter tests need only the numbers)."""
    import expreport.report.build as build
    monkeypatch.setattr(build, "registered_figures", lambda: [])
