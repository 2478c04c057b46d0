"""GPU-hours per epoch over all attempts of the epoch's node, on the real global_pretraining CSV,
against an independent reading with the csv module (own code, not expreport's).

Independent definitions: run time = Start Time to the EARLIEST of End / Evicted / Held / Aborted
Time (an aborted row's End Time can be weeks late), no time without a stop or for a negative span;
GPU-hours = run hours x Number of GPUs; a node = (Run UUID, epoch N of a `<run>-<type>_epochN`
name); a completed epoch = a node with a `completed` row; its first success = the completed row
that stopped first (then started first); the node cost = GPU-hours of all the node's rows.

What the file says about run0-train_epoch7 (Run UUID b10af4cb): an eviction after 0.17 h on
2 A40s (13:02:59-13:13:12, 0.34 GPU-h), then a success of 11.39 h on 1 A40 (21:32:03-08:55:18):
node cost 0.3403 + 11.3875 = 11.73 GPU-hours.
Skipped when ../shared/real is absent; read in place, never copied.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from datetime import datetime

import pytest
from helpers import REAL, by, ingest, one, scoped

GP = REAL / "global_pretraining" / "job_summary.csv"
pytestmark = pytest.mark.skipif(not GP.exists(), reason="../shared/real not present")


def _t(s):
    return datetime.fromisoformat(s) if s else None


def node_costs(path):
    """{(run uuid, epoch): dict(cost, resource, model, success_hours)} of the completed epochs."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    nodes = defaultdict(list)
    for r in rows:
        m = re.search(r"_epoch(\d+)$", r["Job Name"])
        if m:
            nodes[(r["Run UUID"], int(m.group(1)))].append(r)
    out = {}
    for key, rs in nodes.items():
        cost, done = 0.0, []
        for r in rs:
            start = _t(r["Start Time"])
            stops = [_t(r[c]) for c in ("End Time", "Evicted Time", "Held Time", "Aborted Time") if r[c]]
            hours = None
            if start and stops and min(stops) >= start:
                hours = (min(stops) - start).total_seconds() / 3600
                cost += hours * int(r["Number of GPUs"] or 0)
            if r["Final Status"] == "completed":
                done.append((min(stops) if stops else start, start, hours, r))
        if done:
            _, _, hours, first = min(done, key=lambda d: (d[0], d[1]))
            res = (first["Targeted Resource"] or ("ospool" if first["GLIDEIN Resource Name"] else "unknown")).lower()
            out[key] = dict(cost=cost, resource=res, model=first["GPU Device Name"], success_hours=hours)
    return out


def test_run0_epoch7_node_cost(db):
    mine = node_costs(GP)[("b10af4cb", 7)]
    assert mine["cost"] == pytest.approx(613 / 3600 * 2 + 40995 / 3600 * 1)   # 11.73 GPU-hours
    ingest(db, GP, experiment="gp")
    e = one(scoped(db), "FROM epochs WHERE run_key = 'b10af4cb' AND epoch = 7")
    assert e["gpu_hours"] == pytest.approx(mine["cost"])
    assert e["success_run_hours"] == pytest.approx(mine["success_hours"])
    assert (e["resource"], e["gpu_model"], e["attempts"]) == ("ospool", "NVIDIA A40", 2)


def test_gpu_hours_per_epoch_per_resource_and_model(db):
    mine = node_costs(GP)
    ingest(db, GP, experiment="gp")
    scoped(db)
    # every epoch's node cost
    got = {(r[0], r[1]): r[2] for r in db.execute("SELECT run_key, epoch, gpu_hours FROM epochs").fetchall()}
    assert got == pytest.approx({k: v["cost"] for k, v in mine.items()})
    for level, view, key in (("resource", "epochs_by_resource", "resource"),
                             ("model", "report_gpu_models", "gpu_model")):
        want = defaultdict(list)
        for v in mine.values():
            want[v[level]].append(v["cost"])
        rows = by(db, f"FROM {view} WHERE epochs > 0", key=key)
        assert {k: r["epochs"] for k, r in rows.items()} == {k: len(c) for k, c in want.items()}
        assert {k: r["gpu_hours_per_epoch"] for k, r in rows.items()} == pytest.approx(
            {k: sum(c) / len(c) for k, c in want.items()})
    # the headline moves: the success alone (median 11.5 h) is far from what an epoch cost
    s = by(db, "FROM resource_summary")["ospool"]
    assert s["gpu_hours_per_epoch"] > 1.5 * s["median_hours_per_epoch"]
