"""Attempts still running when their event log ends: outcome 'running', run time up to the
log's last event, counted apart (neither productive nor wasted).

LOG, all on delta (default execute host), 2026-05-04 = day 04:
 cluster node               GPUs  execute  end                         outcome   run h  GPU-h
 500     run1-train_epoch0  2     10:00    none (log ends 05 04:00)    running   18     36
 501     run1-train_epoch1  1     09:00    none                        running   19     19
 502     run1-train_epoch0  2     08:00    terminated 12:00 rv 0       success    4      8
 503     run1-train_epoch1  2     08:00    evicted 09:00               evicted    1      2
 505 #1  run1-train_epoch2  0     08:30    none, but executes again    unknown   NULL   NULL
 505 #2  run1-train_epoch2  0     09:30    terminated 10:30            success    1      0
 504     run1-train_epoch3  -     never executes; submitted 05 04:00 = the log's LAST event
The log's last event time is 2026-05-05 04:00 (504's submit), so running_until = that.
505 #1 is followed by another execute of its job: it did end (we do not know when), it is not
running at the log's end: outcome unknown, no hours (as before).
Totals: attempts 6; GPU-hours 36 + 19 + 8 + 2 + 0 = 65; productive 8 (+0), wasted 2,
running 2 attempts / 55 GPU-hours; productive % = 8 / (8 + 2) = 80 % (not 8 / 65).
Per day (hours spread at midnight): 500 runs 14 h on day 04 (28 GPU-h) and 4 h on day 05
(8 GPU-h); 501 15 h on 04 (15) and 4 h on 05 (4): running 43 on 04, 12 on 05.
Epoch credit: (run1, 0) is done by 502; 500 is running on the same epoch: no epoch share
(only productive attempts share an epoch's credit) -> 502 gets 1.0.
Before this change: 500 and 501 were outcome 'unknown' with NULL run time (0 GPU-hours
counted) and productive % was 8 / 10 only by accident of the missing hours.
"""
from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from eventlog import logtext as L
from helpers import REAL, by, ingest, one, scoped

D, E = "2026-05-04 ", "2026-05-05 "
ONE_GPU = [L.gpu_ad("c0a1")]
LOG = [
    L.submit(502, D + "07:00:00", "run1-train_epoch0"), L.execute(502, D + "08:00:00", gpus=L.TWO_GPUS),
    L.submit(503, D + "07:00:00", "run1-train_epoch1"), L.execute(503, D + "08:00:00", gpus=L.TWO_GPUS),
    L.submit(505, D + "07:00:00", "run1-train_epoch2"), L.execute(505, D + "08:30:00"),
    L.evicted(503, D + "09:00:00"),
    L.submit(501, D + "08:00:00", "run1-train_epoch1"), L.execute(501, D + "09:00:00", gpus=ONE_GPU),
    L.execute(505, D + "09:30:00"),
    L.submit(500, D + "09:00:00", "run1-train_epoch0"), L.execute(500, D + "10:00:00", gpus=L.TWO_GPUS),
    L.terminated(505, D + "10:30:00"),
    L.terminated(502, D + "12:00:00"),
    L.submit(504, E + "04:00:00", "run1-train_epoch3"),
]
END = datetime(2026, 5, 5, 4)


def test_parser_marks_attempts_running_at_the_log_end(tmp_path):
    from expreport.eventlog import IssueLog, iter_attempts
    path = tmp_path / "camp.dag.nodes.log"
    path.write_text("".join(LOG))
    issues = IssueLog()
    recs = list(iter_attempts(path, on_issue=issues))
    att = {(r["cluster_id"], r["attempt_seq"]): r for r in recs if r["kind"] == "attempt"}
    assert {k: r["running_until"] for k, r in att.items()} == {
        (500, 1): END, (501, 1): END, (502, 1): None, (503, 1): None, (505, 1): None, (505, 2): None}
    assert att[(500, 1)]["end_time"] is None and att[(500, 1)]["final_status"] is None
    assert issues.counts == {"execute_without_end": 1}          # 505's first attempt


@pytest.fixture
def logs(db, tmp_path):
    path = tmp_path / "camp.dag.nodes.log"
    path.write_text("".join(LOG))
    ingest(db, path, experiment="logs")
    return scoped(db)


def test_running_outcome_and_run_time(logs):
    a = by(logs, "SELECT cluster_id * 10 + attempt_seq AS k, outcome, productive, waste_kind, "
                 "waste_cause, stop_time, run_seconds, gpu_hours, epoch_share FROM attempts", key="k")
    assert (a[5001]["outcome"], a[5011]["outcome"], a[5051]["outcome"]) == ("running", "running", "unknown")
    assert a[5001]["productive"] is None and a[5001]["waste_kind"] is None
    assert a[5001]["waste_cause"] is None
    assert (a[5001]["stop_time"], a[5001]["run_seconds"], a[5001]["gpu_hours"]) == (END, 18 * 3600, 36)
    assert (a[5011]["run_seconds"], a[5011]["gpu_hours"]) == (19 * 3600, 19)
    assert a[5051]["run_seconds"] is None and a[5051]["productive"] is False
    assert a[5001]["epoch_share"] is None and a[5021]["epoch_share"] == 1.0


def test_running_counted_apart_in_the_totals(logs):
    t = one(logs, "SELECT attempts, gpu_hours, productive_gpu_hours, wasted_gpu_hours, "
                  "running_attempts, running_gpu_hours, productive_pct, last_stop FROM campaign_totals")
    assert t == {"attempts": 6, "gpu_hours": pytest.approx(65), "productive_gpu_hours": pytest.approx(8),
                 "wasted_gpu_hours": pytest.approx(2), "running_attempts": 2,
                 "running_gpu_hours": pytest.approx(55), "productive_pct": pytest.approx(80),
                 "last_stop": END}
    r = one(logs, "SELECT running_attempts, running_gpu_hours, productive_pct, wasted_gpu_hours "
                  "FROM compute_time_by_resource WHERE resource = 'delta'")
    assert r == {"running_attempts": 2, "running_gpu_hours": pytest.approx(55),
                 "productive_pct": pytest.approx(80), "wasted_gpu_hours": pytest.approx(2)}
    kinds = {k for (k,) in logs.execute("SELECT kind FROM report_waste_by_kind").fetchall()}
    assert kinds == {"evicted", "unknown"}                       # running is not a waste kind
    days = logs.execute("SELECT day, running_gpu_hours, productive_gpu_hours, wasted_gpu_hours "
                        "FROM gpu_hours_by_day ORDER BY day").fetchall()
    assert days == [(date(2026, 5, 4), pytest.approx(43), pytest.approx(8), pytest.approx(2)),
                    (date(2026, 5, 5), pytest.approx(12), 0, 0)]


def test_summary_says_running_apart(logs, capsys):
    from expreport.scope import make_scope
    from expreport.summary import print_summary
    print_summary(logs, make_scope())
    out = capsys.readouterr().out
    assert "80.0% productive; 2 attempts still running when the event log ended (55.0 GPU-hours" in out


# ---------------------------------------------------------------- real data

_HDR = re.compile(r"^(\d{3}) \((\d+)\.(\d+)\.\d+\) (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)")
_END = {"004", "005", "007", "009", "012", "024"}


def plain_running(text: str):
    """Independent reading of a log's text: execute events (001) with no end event of the same
    job after them; their GPUs ('GPUs = N' in the execute event) and GPU-hours up to the
    latest event time of the file. -> (count, GPU-hours, last event time)."""
    open_: dict[tuple, tuple] = {}
    last, cur = None, None
    for line in text.splitlines():
        m = _HDR.match(line)
        if m:
            code, c, p, t = m.groups()
            t = datetime.fromisoformat(t)
            last = t if last is None or t > last else last
            cur = (c, p) if code == "001" else None
            if code == "001":
                open_[(c, p)] = (t, 0)
            elif code in _END:
                open_.pop((c, p), None)
            continue
        g = re.match(r"^\s+GPUs = (\d+)\s*$", line)
        if g and cur in open_:
            open_[cur] = (open_[cur][0], int(g.group(1)))
    hours = sum((last - t).total_seconds() * n / 3600 for t, n in open_.values())
    return len(open_), hours, last


@pytest.mark.skipif(not (REAL / "global_pretraining").exists(), reason="real data absent")
def test_real_logs_have_no_running_attempt(db):
    """The complete real logs: every execute event has its end, by plain reading and in the DB."""
    logs = sorted(REAL.glob("*/*.dag.nodes.log")) + sorted(REAL.glob("*/standalone/*.log"))
    assert {plain_running(p.read_text(errors="replace"))[0] for p in logs} == {0}
    from expreport.ingest import ingest_files
    for i, p in enumerate(logs):
        ingest_files(db, [p], experiment=f"e{i}")
    assert one(scoped(db), "SELECT running_attempts FROM campaign_totals")["running_attempts"] == 0


@pytest.mark.skipif(not (REAL / "global_pretraining").exists(), reason="real data absent")
def test_real_log_cut_while_attempts_run(db, tmp_path):
    """The real ospool_pretraining log cut at its 83rd event header (30 % of 276): the attempts
    running there, counted and summed with the regex above, are the DB's running attempts."""
    src = (REAL / "global_pretraining" / "ospool_pretraining.dag.nodes.log").read_text(errors="replace")
    lines = src.splitlines(keepends=True)
    heads = [i for i, line in enumerate(lines) if _HDR.match(line)]
    cut = tmp_path / "ospool_pretraining.dag.nodes.log"
    cut.write_text("".join(lines[:heads[int(len(heads) * 0.3)]]))
    n, hours, last = plain_running(cut.read_text())
    assert n == 5
    from expreport.ingest import ingest_files
    ingest_files(db, [cut], experiment="cut")
    t = one(scoped(db), "SELECT running_attempts, running_gpu_hours, last_stop FROM campaign_totals")
    assert (t["running_attempts"], t["last_stop"]) == (n, last)
    assert t["running_gpu_hours"] == pytest.approx(hours)
