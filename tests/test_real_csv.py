"""The real CSVs of ../shared/real, checked against an independent reading with csv/datetime.

Skipped when ../shared/real is absent. The files are read in place, never copied."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import datetime

import pytest
from helpers import REAL, by, ingest, one, scoped

pytestmark = pytest.mark.skipif(not REAL.exists(), reason="../shared/real not present")

FILES = sorted(REAL.glob("*/job_summary*.csv")) if REAL.exists() else []


def independent(path):
    """Attempts, statuses, resources, completed epochs and run hours, read with the csv module.

    Definitions (README glossary): annex_helper is a service job, not an attempt; a row with a
    GLIDEIN Resource Name ran on the OSPool; a standalone job (no '_epochN') that completed
    credits its Epochs Completed once (v4+ files)."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    n_rows = len(rows)
    rows = [r for r in rows if r["Job Name"] != "annex_helper"]
    t = lambda s: datetime.fromisoformat(s) if s else None  # noqa: E731
    hours = 0.0
    longest = 0.0
    for r in rows:
        stops = [t(r.get(c, "")) for c in ("End Time", "Evicted Time", "Held Time", "Aborted Time")]
        stops = [s for s in stops if s]
        if stops and r["Start Time"] and min(stops) >= t(r["Start Time"]):
            h = (min(stops) - t(r["Start Time"])).total_seconds() / 3600
            hours += h
            longest = max(longest, h)
    done = {((r.get("Run UUID") or r["DAG Source"] + "/" + r["Job Name"].split("-")[0]),
             r["Job Name"].rsplit("_epoch", 1)[-1])
            for r in rows if r["Final Status"] == "completed" and "_epoch" in r["Job Name"]}
    standalone = {r["Job Name"]: int(r["Epochs Completed"]) for r in rows
                  if r["Final Status"] == "completed" and "_epoch" not in r["Job Name"]
                  and "-" not in r["Job Name"] and r.get("Epochs Completed")}
    res = Counter("ospool" if r.get("GLIDEIN Resource Name") else
                  (r.get("Targeted Resource") or "unknown").lower() for r in rows)
    return {"rows": n_rows, "attempts": len(rows), "status": Counter(r["Final Status"] for r in rows),
            "resources": res, "epochs": len(done) + sum(standalone.values()), "hours": hours,
            "longest": longest}


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_real_csv_counts_match_independent_reading(db, path):
    exp = independent(path)
    res = ingest(db, path, experiment="real")
    assert res[0].attempts == exp["rows"]            # rows stored from the file, service jobs too
    scoped(db)
    tot = one(db, "FROM campaign_totals")
    assert tot["attempts"] == exp["attempts"]
    assert tot["epochs"] == exp["epochs"]
    assert tot["run_hours"] == pytest.approx(exp["hours"], rel=1e-9)
    st = {k: v for k, v in db.execute("SELECT coalesce(status, ''), count(*) FROM attempts GROUP BY 1").fetchall()}
    assert st == dict(exp["status"])
    per = {k: v["attempts"] for k, v in by(db, "FROM compute_time_by_resource").items()}
    assert per == dict(exp["resources"])


@pytest.mark.skipif(not (REAL / "global_pretraining" / "job_summary.csv").exists(), reason="file absent")
def test_aborted_attempts_end_at_first_stop(db):
    path = REAL / "global_pretraining" / "job_summary.csv"
    ingest(db, path, experiment="gp")
    scoped(db)
    # the generator's Execution Duration shows 700+ hours on some aborted attempts
    gen_max = one(db, "SELECT max(exec_seconds) / 3600 AS h FROM attempt_records WHERE final_status = 'aborted'")["h"]
    assert gen_max > 700
    ours = one(db, "SELECT max(run_hours) AS h FROM attempts WHERE outcome = 'aborted'")["h"]
    assert ours < 48
    assert one(db, "SELECT max(run_hours) AS h FROM attempts")["h"] == pytest.approx(independent(path)["longest"])
