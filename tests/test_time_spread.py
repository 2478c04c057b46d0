"""Hours over time are spread over the days an attempt ran (gpu_hours_by_day); bytes stay on
the stop day (transfer_by_day); last_stop is a stop time, never a start time.

Hand case (all 2026-01-0x, a v6 CSV):
 #  job               cl  status     res      GPUs start        stop (why)         hours  GPU-h
 1  r1-train_epoch0   10  evicted    ospool   2    01 20:00     03 12:00 evicted    40     80
 2  r1-train_epoch1   11  completed  expanse  4    02 22:00     03 00:00 end         2      8
 3  r1-train_epoch2   12  (blank)    expanse  1    04 05:00     none                NULL   NULL
Spread of #1: day 01 20:00-24:00 = 4 h x 2 = 8; day 02 = 24 h x 2 = 48; day 03 00:00-12:00 =
12 h x 2 = 24 (8 + 48 + 24 = 80, all wasted). #2 ends exactly at midnight: 2 h x 4 = 8 on
day 02, nothing on day 03. #3 has no run time: it counts as an attempt started on day 04 and
adds no hours. So per (day, resource):
  01 ospool 1 attempt 8 h; 02 ospool 0 / 48, expanse 1 / 8 (productive); 03 ospool 0 / 24;
  04 expanse 1 attempt, 0 h. Total 88 = 80 + 8.
The old view put all 80 GPU-hours of #1 on day 01.
last_stop: the latest stop is #1's 03 12:00, though #3 STARTED later (04 05:00); the old
view's max(coalesce(stop, start)) gave 04 05:00.
"""
from __future__ import annotations

import csv
from collections import defaultdict
from datetime import date, datetime, timedelta

import pytest
from helpers import REAL, ingest, one, row, scoped, write_csv

D = "2026-01-0"
ROWS = [
    row("r1-train_epoch0", 10, 1, "evicted", "ospool", 2, D + "1T20:00:00", None,
        evicted=D + "3T12:00:00"),
    row("r1-train_epoch1", 11, 1, "completed", "expanse", 4, D + "2T22:00:00", D + "3T00:00:00"),
    row("r1-train_epoch2", 12, 1, "", "expanse", 1, D + "4T05:00:00", None),
]


@pytest.fixture
def spread(db, tmp_path):
    ingest(db, write_csv(tmp_path / "s" / "job_summary.csv", ROWS), experiment="s")
    return scoped(db)


def test_gpu_hours_are_spread_over_the_days_the_attempt_ran(spread):
    got = spread.execute(
        "SELECT day, resource, attempts, gpu_hours, productive_gpu_hours, wasted_gpu_hours "
        "FROM gpu_hours_by_day WHERE attempts > 0 OR gpu_hours > 0").fetchall()
    want = [(date(2026, 1, 1), "ospool", 1, 8, 0, 8),
            (date(2026, 1, 2), "expanse", 1, 8, 8, 0), (date(2026, 1, 2), "ospool", 0, 48, 0, 48),
            (date(2026, 1, 3), "ospool", 0, 24, 0, 24),
            (date(2026, 1, 4), "expanse", 1, 0, 0, 0)]
    assert [r[:3] for r in got] == [w[:3] for w in want]
    for g, w in zip(got, want):
        assert g[3:] == pytest.approx(w[3:]), (g, w)


def test_days_add_up_to_the_totals(spread):
    days = one(spread, "SELECT sum(gpu_hours) AS g, sum(attempts) AS n FROM gpu_hours_by_day")
    tot = one(spread, "SELECT gpu_hours AS g, attempts AS n FROM campaign_totals")
    assert days["g"] == pytest.approx(88) and tot["g"] == pytest.approx(88)
    assert days["n"] == tot["n"] == 3


def test_last_stop_is_a_stop_time_and_null_without_one(db, tmp_path):
    ingest(db, write_csv(tmp_path / "s" / "job_summary.csv", ROWS), experiment="s")
    ingest(db, write_csv(tmp_path / "n" / "job_summary.csv", ROWS[2:]), experiment="n")
    con = scoped(db, experiments=["s"])
    assert one(con, "SELECT last_stop FROM campaign_totals")["last_stop"] == \
        datetime(2026, 1, 3, 12)
    con = scoped(db, experiments=["n"])          # no attempt has a stop time: not recorded
    assert one(con, "SELECT last_stop FROM campaign_totals")["last_stop"] is None
    con = scoped(db)
    ov = dict(con.execute("SELECT experiment, last_stop FROM experiments_overview").fetchall())
    assert ov == {"s": datetime(2026, 1, 3, 12), "n": None}
    con.execute("SET VARIABLE expreport_experiments = ['s', 'n']")
    cmp = dict(con.execute("SELECT experiment, last_stop FROM experiment_comparison").fetchall())
    assert cmp == {"s": datetime(2026, 1, 3, 12), "n": None}


# ---------------------------------------------------------------- real data

def _ts(s):
    return datetime.fromisoformat(s) if s and s.strip() else None


def _plain_daily_gpu_hours(path):
    """Independent reading: csv module; run = Start to the earliest of End/Evicted/Held/Aborted
    Time, cut at midnight in Python."""
    daily: dict[date, float] = defaultdict(float)
    last_stop = None
    with open(path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["Job Name"] == "annex_helper":      # a service job: not compute (glossary)
                continue
            start = _ts(r["Start Time"])
            stops = [t for t in (_ts(r[c]) for c in ("End Time", "Evicted Time", "Held Time",
                                                     "Aborted Time")) if t]
            stop = min(stops) if stops else None
            if stop and (last_stop is None or stop > last_stop):
                last_stop = stop
            gpus = int(r["Number of GPUs"] or 0)
            if not start or not stop or stop <= start:
                continue
            t = start
            while t < stop:
                nxt = min(stop, datetime.combine(t.date() + timedelta(days=1), datetime.min.time()))
                daily[t.date()] += (nxt - t).total_seconds() * gpus / 3600
                t = nxt
    return daily, last_stop


@pytest.mark.skipif(not REAL.exists(), reason="real data absent")
@pytest.mark.parametrize("folder", ["global_pretraining", "ospool_misconfigured"])
def test_real_daily_gpu_hours_match_a_plain_reading(db, folder):
    path = REAL / folder / "job_summary.csv"
    ingest(db, path, experiment="r")
    con = scoped(db)
    want, last_stop = _plain_daily_gpu_hours(path)
    got = dict(con.execute("SELECT day, sum(gpu_hours) FROM gpu_hours_by_day GROUP BY day "
                           "HAVING sum(gpu_hours) > 0").fetchall())
    assert set(got) == {d for d, v in want.items() if v > 0}
    for d, v in want.items():
        assert got[d] == pytest.approx(v, abs=1e-6), d
    # no day can hold more GPU-hours than 24 x the GPUs of the attempts running on it
    assert max(got.values()) <= 24 * sum(int(r["Number of GPUs"] or 0) for r in
                                         csv.DictReader(open(path, encoding="utf-8")))
    assert one(con, "SELECT last_stop FROM campaign_totals")["last_stop"] == last_stop
    tot = one(con, "SELECT sum(gib_in) AS i, sum(gib_out) AS o FROM transfer_by_day")
    vol = one(con, "SELECT sum(gib_in) AS i, sum(gib_out) AS o FROM transfer_volumes")
    assert (tot["i"], tot["o"]) == pytest.approx((vol["i"], vol["o"]))
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert tot["i"] == pytest.approx(sum(int(r["Total Bytes Received"] or 0) for r in rows) / 2**30)
