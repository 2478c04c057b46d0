"""``expreport summary``: numbers the files cannot give say "not recorded" (table and JSON), and
what the headline rests on is said under it (expreport/summary.py, view campaign_caveats)."""

from __future__ import annotations

import json

from helpers import row, write_csv
from test_cli import run

D = "2026-02-01T"


def test_v1_zero_gpu_and_byte_columns_are_not_recorded(capsys, tmp_path, fresh_db_path):
    """Issue 9 item 6: the v1 generator wrote 0 GPUs and 0 bytes on every row. Before, the summary
    said '0 GPU-hours' and GiB in 0; now the JSON cells are null with a note saying "not recorded"
    and why, in the words of metrics.json (view recorded_requirements), never a bare null; the CSV
    cells say "not recorded" (run hours stay: 1 h)."""
    p = write_csv(tmp_path / "old" / "job_summary.csv",
                  [row("run1-train_epoch0", 1, 1, "completed", "", 0, D + "10:00:00", D + "11:00:00",
                       sent=0, received=0)], version=1)
    db = str(fresh_db_path)
    assert run(capsys, "--db", db, "-q", "ingest", str(p))[0] == 0
    code, out, _ = run(capsys, "--db", db, "summary", "-f", "json")
    (r,) = json.loads(out)
    assert code == 0 and r["run_hours"] == 1.0 and r["epochs"] == 1
    gpus = ("not recorded: the source files hold no GPU counts (the CSV v1 generator wrote 0 GPUs "
            "on every row; CSV v2+ or an event log has them)")
    byts = ("not recorded: the source files hold no transfer bytes (the CSV v1 generator wrote 0 "
            "bytes on every row; CSV v2+ or an event log has them)")
    timing = "not recorded: the source files have no input-transfer times (CSV v4+ or an event log has them)"
    assert r["notes"] == {"gpu_hours": gpus, "productive_pct": gpus, "wasted_gpu_hours": gpus,
                          "gpu_hours_per_epoch": gpus, "gib_in": byts, "gib_out": byts,
                          "median_input_minutes": timing}
    assert all(r[c] is None for c in r["notes"])
    code, out, _ = run(capsys, "--db", db, "summary", "-f", "csv")
    head, cells = out.splitlines()[:2]
    assert dict(zip(head.split(","), cells.split(",")))["gpu_hours"] == "not recorded"
    code, out, _ = run(capsys, "--db", db, "summary")
    assert "GPU-hours not recorded" in out and "0 GPU-hours" not in out


def test_caveats_under_the_headline(capsys, tmp_path, fresh_db_path):
    """Cluster 7: two attempts with one GPU model and 92136 MB but 2 then 1 GPUs: the generator
    copied the details (2 attempts, 2 x 1 h x 2 GPUs + 1 h x 1 GPU = 3 GPU-hours of 3: 100%);
    annex_helper: a service job of 2 h, left out."""
    rows = [row("run1-train_epoch0", 7, 1, "evicted", "ospool", 2, D + "10:00:00", D + "11:00:00",
                evicted=D + "11:00:00", gpu="NVIDIA A40", gpu_mb=92136, site="S1"),
            row("run1-train_epoch0", 7, 2, "completed", "ospool", 1, D + "12:00:00", D + "13:00:00",
                gpu="NVIDIA A40", gpu_mb=92136, site="S1"),
            row("annex_helper", 8, 1, "aborted", "ospool", 0, D + "09:00:00", D + "11:00:00",
                aborted=D + "11:00:00")]
    db = str(fresh_db_path)
    assert run(capsys, "--db", db, "-q", "ingest", str(write_csv(tmp_path / "c" / "job_summary.csv", rows)))[0] == 0
    code, out, _ = run(capsys, "--db", db, "summary")
    assert code == 0
    assert "caution: 2 attempts (3.0 GPU-hours, 100%) rest on GPU details the CSV generator copied" in out
    assert "1 service-job attempts (2.0 h) left out of every number" in out
    assert "2 attempts, 1 runs, 1 epochs" in out
