"""Damaged logs: nothing crashes, every problem is reported through on_issue."""
import sys
import tracemalloc

import pytest

from expreport.eventlog import EventLogError, IssueLog, iter_attempts

from . import logtext as L

JOB1 = [L.submit(1, "2026-05-01 10:00:00", "run0-train_epoch1"),
        L.execute(1, "2026-05-01 10:05:00", gpus=L.TWO_GPUS),
        L.terminated(1, "2026-05-01 11:05:00")]
JOB2 = [L.submit(2, "2026-05-01 10:00:01"), L.execute(2, "2026-05-01 10:06:00"),
        L.evicted(2, "2026-05-01 10:30:00"), L.execute(2, "2026-05-01 10:40:00"),
        L.held(2, "2026-05-01 12:00:00"), L.released(2, "2026-05-01 12:10:00")]


def nlines(parts):
    return sum(p.count("\n") for p in parts)


def strip_lines(recs):
    return [{k: v for k, v in r.items() if k != "source_line"} for r in recs]


def test_duplicate_events_are_dropped(parse):
    recs, issues = parse([JOB1[0], JOB1[1], JOB1[1], JOB1[2], JOB1[2]])
    assert len(recs) == 1 and recs[0]["attempt_seq"] == 1 and recs[0]["final_status"] == "completed"
    assert issues.counts == {"duplicate_event": 2}
    # lines of the repeated 001 and 005
    assert [i[1] for i in issues.items] == [nlines(JOB1[:2]) + 1, nlines(JOB1 + JOB1[1:2]) + 1]


def test_truncated_last_event(parse):
    cut = JOB1[2][: JOB1[2].index("Run Bytes Received")]   # the 005 stops mid-line, no "..."
    recs, issues = parse([JOB1[0], JOB1[1], cut])
    (r,) = recs
    assert r["kind"] == "attempt" and r["outcome_event"] is None and r["end_time"] is None
    assert issues.counts == {"truncated_event": 1}
    assert "is cut off" in issues.items[0][2]


def test_header_spliced_into_a_cut_line_is_recovered(parse, write_log):
    """As in the real ospool_pretraining.dag.nodes.log: an eviction cut after 'Run Bytes Sent
    By' and the next event's header glued to it. The bindings lose the glued event."""
    import htcondor2
    cut = L.evicted(2, "2026-05-15 11:37:55")
    cut = cut[: cut.index("Job\n\t28866754885")]
    parts = [JOB2[0], JOB2[1], cut, L.aborted(2, "2026-06-09 10:40:31"), L.submit(3, "2026-06-09 11:00:00")]
    codes = [int(e["EventTypeNumber"]) for e in htcondor2.JobEventLog(write_log(parts)).events(stop_after=0)]
    assert codes == [0, 1, 4, 0]                       # the bindings skipped the 009
    recs, issues = parse(parts)
    r = next(r for r in recs if r["cluster_id"] == 2)
    assert (r["outcome_event"], r["final_status"]) == ("evicted", "evicted")
    assert r["aborted_time"].isoformat() == "2026-06-09T10:40:31"   # recovered from text
    assert r["bytes_received"] is None                              # the cut line is lost
    assert issues.counts == {"truncated_event": 1, "recovered_from_text": 1}


def test_garbage_in_the_middle(parse):
    clean, _ = parse(JOB1 + JOB2)
    recs, issues = parse(JOB1 + ["this is not an event\nnor is this\n...\n"] + JOB2)
    assert strip_lines(recs) == strip_lines(clean) and len(recs) == 3
    assert issues.counts == {"junk_text": 1, "bindings_stopped": 1}
    assert issues.items[0][:2] == ("junk_text", nlines(JOB1) + 1)


def test_unknown_event_type(parse):
    clean, _ = parse(JOB1 + JOB2)
    odd = L.ev(99, 2, "2026-05-01 10:31:00", "Some event from the future", ["\tfoo = 1"])
    recs, issues = parse(JOB1 + JOB2[:3] + [odd] + JOB2[3:])
    assert strip_lines(recs) == strip_lines(clean)
    assert issues.counts == {"unknown_event_type": 1}


def test_end_without_execute(parse):
    recs, issues = parse([L.submit(5, "2026-05-01 10:00:00"), L.terminated(5, "2026-05-01 11:00:00"),
                          L.reconnect_failed(6, "2026-05-01 11:00:00")])
    assert [r["kind"] for r in recs] == ["queue_only", "queue_only"]
    assert issues.counts == {"end_without_execute": 2, "missing_submit": 1}


def test_out_of_order_times(parse):
    recs, issues = parse([L.submit(7, "2026-05-01 10:00:00"), L.execute(7, "2026-05-01 12:00:00"),
                          L.terminated(7, "2026-05-01 11:00:00")])
    assert recs[0]["run_seconds"] == -3600
    assert issues.counts == {"out_of_order": 1, "negative_duration": 1}


def test_execute_again_without_end(parse):
    recs, issues = parse([L.submit(8, "2026-05-01 10:00:00"), L.execute(8, "2026-05-01 10:01:00"),
                          L.execute(8, "2026-05-01 11:00:00"), L.terminated(8, "2026-05-01 12:00:00")])
    assert [(r["attempt_seq"], r["outcome_event"]) for r in recs] == [(1, None), (2, "terminated")]
    assert issues.counts == {"execute_without_end": 1}


def test_release_without_hold(parse):
    recs, issues = parse([L.submit(9, "2026-05-01 10:00:00"), L.released(9, "2026-05-01 10:01:00")])
    assert recs[0]["released_time"] is None and issues.counts == {"release_without_hold": 1}


def test_not_an_event_log(write_log):
    csv = write_log("Job Name,DAG Source,Run UUID\nrun0-train_epoch1,dag,abc\n", "job_summary.csv")
    with pytest.raises(EventLogError, match=r"job_summary\.csv:1: not an HTCondor job event log"):
        iter_attempts(csv)                      # raised at call time, not at first next()
    blank = write_log("\n\nnot an event\n", "bad.log")
    with pytest.raises(EventLogError, match=r"bad\.log:3:"):
        iter_attempts(blank)


def test_missing_bindings(monkeypatch, write_log):
    path = write_log(JOB1)
    monkeypatch.setitem(sys.modules, "htcondor2", None)     # import htcondor2 -> ImportError
    with pytest.raises(EventLogError, match="pip install htcondor"):
        iter_attempts(path)


def test_default_issue_handler_logs(write_log, caplog):
    list(iter_attempts(write_log([JOB1[0], JOB1[0], JOB1[0]])))
    assert [r.message.split(": ")[1] for r in caplog.records] == ["duplicate_event"]


def test_streaming_memory_does_not_grow_with_the_log(write_log):
    """Python-side peak memory stays far below the file size (nothing accumulates)."""
    def log_of(n):
        parts = []
        for c in range(10, 10 + n):
            parts += [L.submit(c, "2026-05-01 10:00:00", "run0-train_epoch1"),
                      L.execute(c, "2026-05-01 10:05:00", gpus=L.TWO_GPUS),
                      *[L.image(c, f"2026-05-01 10:{m:02d}:00") for m in range(10, 20)],
                      L.terminated(c, "2026-05-01 11:05:00")]
        return write_log(parts, f"big{n}.log")

    sum(1 for _ in iter_attempts(log_of(5), on_issue=IssueLog()))   # warm-up: imports, caches
    peaks, sizes = {}, {}
    for n in (150, 600):
        path = log_of(n)
        sizes[n] = __import__("os").path.getsize(path)
        tracemalloc.start()
        count = sum(1 for _ in iter_attempts(path, on_issue=IssueLog()))
        peaks[n] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert count == n
    assert peaks[600] < sizes[600] / 4
    assert peaks[600] < 2 * peaks[150] + 200_000   # 4x the events, not 4x the memory


def test_cluster_ids_beyond_int32_come_from_the_text(parse, write_log):
    """The bindings report cluster -1 past 2**31-1; the text keeps the real id."""
    import htcondor2
    big = 2**31 + 5
    parts = [L.submit(big, "2026-05-01 10:00:00"), L.execute(big, "2026-05-01 10:01:00"),
             L.terminated(big, "2026-05-01 11:00:00")]
    assert {e.cluster for e in htcondor2.JobEventLog(write_log(parts)).events(stop_after=0)} == {-1}
    recs, issues = parse(parts)
    assert [(r["cluster_id"], r["job_name"], r["final_status"]) for r in recs] == \
        [(big, f"cluster{big}", "completed")]
    assert not issues.counts


def test_parse_timestamp_forms():
    """The fast path (plain 'YYYY-MM-DD HH:MM:SS') and the zone-dropping path agree."""
    from datetime import datetime
    from expreport.eventlog.textlog import parse_timestamp
    t = datetime(2026, 5, 4, 14, 9, 47)
    assert parse_timestamp("2026-05-04 14:09:47") == t
    assert parse_timestamp("2026-05-04T14:09:47") == t
    assert parse_timestamp("2026-05-04T14:09:47Z") == t
    assert parse_timestamp("2026-05-04T14:09:47-05:00") == t
    assert parse_timestamp("2026-05-04 14:09:47.250") == datetime(2026, 5, 4, 14, 9, 47, 250000)
    assert parse_timestamp("05/04 14:09:47") is None          # no year
    assert parse_timestamp("2026-13-04 14:09:47") is None     # not a date
    assert parse_timestamp("None") is None


def test_resource_table_cells_go_to_the_nearest_column():
    from expreport.eventlog.textlog import resource_table
    lines = ["\tPartitionable Resources :    Usage  Request Allocated",
             "\t   Cpus                 :     0.98        1         1",
             "\t   Disk (KB)            :       12      100           ",
             "\t   Memory (MB)          :              2048      2048"]
    assert resource_table(lines) == {
        "Cpus": {"usage": 0.98, "request": 1, "allocated": 1},
        "Disk (KB)": {"usage": 12, "request": 100},
        "Memory (MB)": {"request": 2048, "allocated": 2048}}
