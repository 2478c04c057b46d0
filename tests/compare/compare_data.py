"""Three small experiments for the comparison tests, every number worked out by hand.

PILOT (experiment pilot, CSV v6), 2026-01-0D HH:MM, run uuid p1:
 #  job                cl status     res     GPUs      start    stop       GPU-h  xfer s  GPU use  peak MB
 1  run1-train_epoch0  1  completed  expanse 2 A100 01 00:00 01 02:00 end   4      120     1.6/2    1000
 2  run1-train_epoch1  2  evicted    ospool  1 A40  01 00:00 01 03:00 evict 3      600     -        -
 3  run1-train_epoch1  3  completed  ospool  1 A40  01 04:00 01 06:00 end   2      300     0.9/1    3000
 4  run1-train_epoch0  4  completed  ospool  1 A40  02 00:00 02 01:00 end   1      60      1.0/1    2000
Bytes in: #1 2 GiB, #3 1 GiB = 3 GiB; out: #1 1 GiB.
attempts 4, runs 1; epochs (run1,0) #1 02:00 + (run1,1) #3 06:00 = 2; completions 3 -> 1 re-done (#4);
success 3/4 = 75 %; run hours 2+3+2+1 = 8; GPU-h 4+3+2+1 = 10; productive 7 (70 %); wasted 3
(evicted); epochs per 100 GPU-h 2/10x100 = 20; median h/epoch of #1 #3 #4 (2, 2, 1) = 2;
median input (120, 600, 300, 60) s -> (120+300)/2 = 210 s = 3.5 min; GPU use (0.8, 0.9, 1.0)
median 0.9; P95 peak memory of (1000, 2000, 3000): position 0.95 x 2 = 1.9 -> 2000 + 0.9 x 1000
= 2900; period 01 00:00 to 02 01:00 = 25 h = 25/24 days.
GPU-hours per epoch (all attempts of the node): (run1,0) #1 4 + #4 1 (re-done) = 5; (run1,1) #2 3
(evicted) + #3 2 = 5 -> 10 / 2 = 5.
Per resource: expanse 1 attempt, 4 GPU-h, 1 epoch, 100 %, 25 epochs per 100 GPU-h, 40 % of GPU-h;
ospool 3 attempts, 6 GPU-h (3 productive, 3 evicted), epochs 1, re-done 1, success 2/3,
1/6 x 100 = 16.667 epochs per 100 GPU-h, 60 % of GPU-h.
GPU mix: A100 4/10 = 40 %, A40 6/10 = 60 %.
Relative days (first attempt 01 00:00, last stop 02 01:00 -> days 0 and 1): day 0: 2 epochs; day 1: 0.

MAIN (experiment main, CSV v6), 2026-03-0D, run uuid m1:
 #  job                cl status     res     GPUs      start    stop       GPU-h  xfer s  GPU use  peak MB
 1  run1-train_epoch0  10 completed  expanse 2 A100 01 00:00 01 01:00 end   2      60      1.8/2    1000
 2  run1-train_epoch1  11 completed  expanse 2 A100 01 01:00 01 02:00 end   2      60      2.0/2    2000
 3  run1-train_epoch2  12 failed     ospool  1 A40  01 00:00 01 00:30 end   0.5    120     -        -
 4  run1-train_epoch2  13 completed  ospool  1 A40  02 12:00 02 14:00 end   2      180     0.7/1    4000
Bytes in: #1 1 GiB, #4 1 GiB = 2 GiB; out: #4 2 GiB.
attempts 4, runs 1, epochs 3, completions 3, re-done 0; success 3/4 = 75 %; GPU-h 2+2+0.5+2 = 6.5;
productive 6 (6/6.5 = 92.3077 %); wasted 0.5 (failed); epochs per 100 GPU-h 3/6.5x100 = 46.1538;
median h/epoch (1, 1, 2) = 1; median input (60, 60, 120, 180) s -> 90 s = 1.5 min; GPU use
(0.9, 1.0, 0.7) median 0.9; P95 memory (1000, 2000, 4000) -> 2000 + 0.9 x 2000 = 3800;
period 01 00:00 to 02 14:00 = 38 h. GPU-hours per epoch (all attempts of the node):
(run1,0) 2, (run1,1) 2, (run1,2) 0.5 (failed) + 2 = 2.5 -> 6.5 / 3 = 2.16667.
Per resource: expanse 2 attempts, 4 GPU-h, 2 epochs -> 50 per 100 GPU-h; ospool 2 attempts,
2.5 GPU-h, 1 epoch, success 1/2 = 50 % -> 40 per 100 GPU-h.
Relative days: epochs at 01:00 and 02:00 (day 0), 02 14:00 = 38 h (day 1): cumulative 2, 3.

MAIN vs PILOT (main minus pilot; % of pilot's value):
  attempts 0 (0 %); epochs +1 (+50 %); re-done -1 (-100 %); GPU-h -3.5 (-35 %);
  productive % +22.3077 points (+31.868 %); wasted -2.5 (-83.333 %); evicted -3 (-100 %);
  failed +0.5 (no %: pilot's is 0); epochs per 100 GPU-h +26.1538 (+130.769 %);
  GPU-hours per epoch 6.5/3 - 5 = -2.83333 (-56.667 %);
  median h/epoch -1 (-50 %); GiB in -1 (-33.333 %); GiB out +1 (+100 %);
  median input -2 min (-57.143 %).

OLD (experiment old, CSV v1: no Targeted Resource, no transfer times, no usage), 2025-10-01:
 1  run1-train_epoch0  20 completed  2 GPUs A100 00:00-04:00 -> 8 GPU-h   (resource 'unknown')
 2  run1-train_epoch1  21 evicted    2 GPUs A100 04:00-05:00 (Evicted 05:00) -> 2 GPU-h
attempts 2, epochs 1, GPU-h 10, productive 8 (80 %), epochs per 100 GPU-h 10; input transfer and
usage: not recorded (NULL, never 0).
"""

from __future__ import annotations

from pathlib import Path

from helpers import ingest, row, write_csv

A100, A40 = "NVIDIA A100-SXM4-40GB", "NVIDIA A40"
GIB = 1024 ** 3


def d(day: int, hm: str, month: int = 1, year: int = 2026) -> str:
    return f"{year}-{month:02d}-{day:02d}T{hm}:00"


def pilot_rows() -> list[dict]:
    return [
        row("run1-train_epoch0", 1, 1, "completed", "expanse", 2, d(1, "00:00"), d(1, "02:00"), uuid="p1",
            gpu=A100, received=2 * GIB, sent=GIB, xfer_s=120, gpu_use=1.6, mem=1000),
        row("run1-train_epoch1", 2, 1, "evicted", "ospool", 1, d(1, "00:00"), d(1, "03:00"), uuid="p1",
            gpu=A40, evicted=d(1, "03:00"), xfer_s=600),
        row("run1-train_epoch1", 3, 1, "completed", "ospool", 1, d(1, "04:00"), d(1, "06:00"), uuid="p1",
            gpu=A40, received=GIB, xfer_s=300, gpu_use=0.9, mem=3000),
        row("run1-train_epoch0", 4, 1, "completed", "ospool", 1, d(2, "00:00"), d(2, "01:00"), uuid="p1",
            gpu=A40, xfer_s=60, gpu_use=1.0, mem=2000),
    ]


def main_rows() -> list[dict]:
    return [
        row("run1-train_epoch0", 10, 1, "completed", "expanse", 2, d(1, "00:00", 3), d(1, "01:00", 3),
            uuid="m1", gpu=A100, received=GIB, xfer_s=60, gpu_use=1.8, mem=1000),
        row("run1-train_epoch1", 11, 1, "completed", "expanse", 2, d(1, "01:00", 3), d(1, "02:00", 3),
            uuid="m1", gpu=A100, xfer_s=60, gpu_use=2.0, mem=2000),
        row("run1-train_epoch2", 12, 1, "failed", "ospool", 1, d(1, "00:00", 3), d(1, "00:30", 3),
            uuid="m1", gpu=A40, xfer_s=120),
        row("run1-train_epoch2", 13, 1, "completed", "ospool", 1, d(2, "12:00", 3), d(2, "14:00", 3),
            uuid="m1", gpu=A40, received=GIB, sent=2 * GIB, xfer_s=180, gpu_use=0.7, mem=4000),
    ]


def old_rows() -> list[dict]:
    return [
        row("run1-train_epoch0", 20, 1, "completed", "", 2, d(1, "00:00", 10, 2025), d(1, "04:00", 10, 2025),
            gpu=A100),
        row("run1-train_epoch1", 21, 1, "evicted", "", 2, d(1, "04:00", 10, 2025), d(1, "05:00", 10, 2025),
            gpu=A100, evicted=d(1, "05:00", 10, 2025)),
    ]


def ingest_all(con, folder: Path) -> None:
    """pilot and main as CSV v6, old as CSV v1."""
    ingest(con, write_csv(folder / "pilot" / "job_summary.csv", pilot_rows()), "pilot")
    ingest(con, write_csv(folder / "main" / "job_summary.csv", main_rows()), "main")
    ingest(con, write_csv(folder / "old" / "job_summary.csv", old_rows(), version=1), "old")
