"""The hand-worked campaign: ten attempts whose every number is worked out in comments.

Used by tests/test_definitions.py (and reusable by report tests). All on 2026-01-01.

 #  job                  cl  seq status        resource  GPUs start  stop (why)              run h  GPU-h  outcome / kind
 1  run1-train_epoch0    100 1   completed     expanse   4    00:00  02:00 end               2      8      success
 2  run1-train_epoch1    101 1   evicted       ospool    2    00:00  01:00 evicted           1      2      evicted
 3  run1-train_epoch1    101 2   aborted       ospool    2    02:00  03:00 evicted; End and
                                                                      Aborted 2026-01-20 (quirk) 1      2      aborted
 4  run1-train_epoch1    102 1   checkpointed  delta     4    04:00  05:00 end               1      4      checkpoint
 5  run1-train_epoch1    103 1   completed     aws       2    06:00  09:00 end               3      6      success
 6  run1-train_epoch0    104 1   completed     CHTC      1    03:00  04:00 end               1      1      success (re-done)
 7  run2-train_epoch0    200 1   released      expanse   4    00:00  00:30 held, released 01:00, no End
                                                                                          0.5    2      held/released
 8  run2-train_epoch0    200 2   failed        expanse   4    01:10  01:16 end               0.1    0.4    failed
 9  run2-train_epoch0    201 1   (blank)       (blank)   0    02:00  none                    NULL   NULL   unknown
10  annex_helper         300 1   completed     ospool    0    00:00  10:00 end               10     0      service job:
                                                                      listed apart (service_attempts), not compute

Totals: GPU-hours 8+2+2+4+6+1+2+0.4 = 25.4; productive 8+4+6+1 = 19; wasted 6.4
(evicted 2, aborted 2, held/released 2, failed 0.4); productive % = 19/25.4 = 74.8031%.
Epochs: (run1, 0) first success #1 at 02:00 on expanse (#6 at 04:00 re-does it);
(run1, 1) success #5 on aws; (run2, 0) never succeeded -> 2 epochs, 3 completions, 1 re-done.
Epoch-equivalents: (run1,0) productive GPU-h expanse 8, chtc 1 -> 8/9 and 1/9;
(run1,1) delta 4 (checkpoint), aws 6 -> 0.4 and 0.6.
Attempts: 9 (#10 is a service job). Per resource: expanse 3 attempts, 10.4 GPU-h, 8 productive,
main waste held/released (2 > 0.4); ospool 2 attempts (0 successful), 2 run hours, 4 GPU-h all wasted.
Queue: cluster 100 submitted 2025-12-31T23:00 -> 3600 s for attempt #1.
Bytes: #1 received 27e9, sent 2e9 (terminated rows only).
"""

from __future__ import annotations

from helpers import row

D = "2026-01-01T"

HAND_ROWS = [
    row("run1-train_epoch0", 100, 1, "completed", "expanse", 4, D + "00:00:00", D + "02:00:00",
        uuid="aaaa1111", submit="2025-12-31T23:00:00", gpu="Tesla V100-SXM2-32GB", gpu_mb=131072,
        received=27_000_000_000, sent=2_000_000_000, xfer_start="2025-12-31T23:57:00",
        xfer_end=D + "00:00:00", xfer_s=180),
    row("run1-train_epoch1", 101, 1, "evicted", "ospool", 2, D + "00:00:00", D + "01:00:00",
        uuid="aaaa1111", site="CHTC-Spark-CE1", evicted=D + "01:00:00", gpu="NVIDIA A40", gpu_mb=92136),
    row("run1-train_epoch1", 101, 2, "aborted", "ospool", 2, D + "02:00:00", "2026-01-20T00:00:00",
        uuid="aaaa1111", site="CHTC-Spark-CE1", evicted=D + "03:00:00", aborted="2026-01-20T00:00:00",
        gpu="NVIDIA A40", gpu_mb=92136),
    row("run1-train_epoch1", 102, 1, "checkpointed", "delta", 4, D + "04:00:00", D + "05:00:00",
        uuid="aaaa1111", gpu="NVIDIA A100-SXM4-40GB", gpu_mb=163840),
    row("run1-train_epoch1", 103, 1, "completed", "aws", 2, D + "06:00:00", D + "09:00:00",
        uuid="aaaa1111", gpu="NVIDIA L40S", gpu_mb=92136),
    row("run1-train_epoch0", 104, 1, "completed", "CHTC", 1, D + "03:00:00", D + "04:00:00",
        uuid="aaaa1111", gpu="NVIDIA A40", gpu_mb=46068),
    row("run2-train_epoch0", 200, 1, "released", "expanse", 4, D + "00:00:00", None,
        uuid="bbbb2222", held=D + "00:30:00", released=D + "01:00:00", gpu="Tesla V100-SXM2-32GB",
        gpu_mb=131072),
    row("run2-train_epoch0", 200, 2, "failed", "expanse", 4, D + "01:10:00", D + "01:16:00",
        uuid="bbbb2222", gpu="Tesla V100-SXM2-32GB", gpu_mb=131072),
    row("run2-train_epoch0", 201, 1, "", "", 0, D + "02:00:00", None, uuid="bbbb2222"),
    row("annex_helper", 300, 1, "completed", "ospool", 0, D + "00:00:00", D + "10:00:00"),
]
