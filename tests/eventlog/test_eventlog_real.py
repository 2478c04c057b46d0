"""The parser on the real logs of ../shared/real (skipped when absent), checked against
independent line-by-line reading of the same files and against the generator's CSV."""
import csv
import re
from collections import defaultdict
from datetime import datetime

import pytest

from expreport.eventlog import IssueLog, iter_attempts, parse_dag

from .conftest import REAL

pytestmark = pytest.mark.skipif(not REAL.exists(), reason="../shared/real is absent")

LOGS = sorted(REAL.glob("*/*.log")) + sorted(REAL.glob("*/*/*.log")) if REAL.exists() else []
HDR = re.compile(r"(\d{3}) \((\d+)\.(\d+)\.\d+\) (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)")


@pytest.fixture(scope="module")
def parsed():
    dags = [parse_dag(p) for p in sorted(REAL.glob("*/*.dag"))]
    out = {}
    for log in LOGS:
        issues = IssueLog()
        out[log] = (list(iter_attempts(log, dags, on_issue=issues)), issues)
    return out


def headers(path):
    """(code, cluster, time, line) of every event header, also one glued mid-line."""
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        for m in HDR.finditer(line):
            yield int(m.group(1)), int(m.group(2)), m.group(4), no


def blocks(path, code):
    """{(cluster, time): text} of every event with this code (read independently)."""
    out, cur, key = {}, None, None
    for line in path.read_text(encoding="utf-8").splitlines(True):
        m = HDR.match(line)
        if m:
            cur = [] if int(m.group(1)) == code else None
            key = (int(m.group(2)), m.group(4))
        elif line.strip() == "..." and cur is not None:
            out[key] = "".join(cur)
            cur = None
        elif cur is not None:
            cur.append(line)
    return out


def ts(s):
    return datetime.fromisoformat(s) if s else None


def test_one_attempt_per_execute_event(parsed):
    total = 0
    for log, (recs, _) in parsed.items():
        execs = sorted((c, t) for code, c, t, _ in headers(log) if code == 1)
        got = sorted((r["cluster_id"], r["start_time"].isoformat(" ")) for r in recs
                     if r["kind"] == "attempt")
        assert got == execs, log.name
        total += len(execs)
    assert total == 197


def test_queue_only_are_the_jobs_that_never_executed(parsed):
    for log, (recs, _) in parsed.items():
        seen, ran = set(), set()
        for code, c, _, _ in headers(log):
            seen.add(c)
            if code == 1:
                ran.add(c)
        assert {r["cluster_id"] for r in recs if r["kind"] == "queue_only"} == seen - ran, log.name


def test_glidein_site_is_read_per_attempt(parsed):
    n_sites = 0
    for log, (recs, _) in parsed.items():
        lines = log.read_text(encoding="utf-8").split("\n")
        for r in (r for r in recs if r["kind"] == "attempt"):
            i = r["source_line"] - 1
            assert lines[i].startswith("001 (%d." % r["cluster_id"])
            block = []
            while lines[i + 1] != "...":
                i += 1
                block.append(lines[i])
            m = re.search(r'GLIDEIN_ResourceName = "([^"]*)"', "\n".join(block))
            assert r["glidein_site"] == (m.group(1) if m else None)
            n_sites += m is not None
    assert n_sites > 100
    recs = parsed[REAL / "global_pretraining/ospool_pretraining.dag.nodes.log"][0]
    c = [r for r in recs if r["cluster_id"] == 14736943]
    assert [(r["glidein_site"], r["n_gpus"], r["gpu_name"]) for r in c] == [
        ("PDX-Coeus-CE1", 2, "NVIDIA A40"), ("UIUC-TGI-RAILS-CE1", 1, "NVIDIA A100 80GB PCIe")]
    text = (REAL / "global_pretraining/job_summary.csv").read_text()
    rows = [row for row in csv.DictReader(text.splitlines())
            if row["HTCondor Cluster ID"] == "14736943"]
    # the generator copied one site and one GPU model onto both attempts
    assert {row["GLIDEIN Resource Name"] for row in rows} == {"UIUC-TGI-RAILS-CE1"}
    assert {row["GPU Device Name"] for row in rows} == {"NVIDIA A40"}


def test_bytes_are_the_exact_run_bytes_of_the_end_event(parsed):
    checked = 0
    for log, (recs, _) in parsed.items():
        ends = {**blocks(log, 4), **blocks(log, 5)}
        for r in recs:
            if r["outcome_event"] not in ("terminated", "evicted"):
                continue
            text = ends[(r["cluster_id"], r["end_time"].isoformat(" "))]
            sent = re.search(r"(\d+)  -  Run Bytes Sent By Job", text)
            recv = re.search(r"(\d+)  -  Run Bytes Received By Job", text)
            assert r["bytes_sent"] == (int(sent.group(1)) if sent else None)
            assert r["bytes_received"] == (int(recv.group(1)) if recv else None)
            checked += 1
    assert checked > 150


def test_bindings_round_the_real_byte_counts(parsed):
    import htcondor2
    log = REAL / "global_pretraining/global_pretraining.dag.nodes.log"
    (r,) = parsed[log][0]
    assert (r["bytes_sent"], r["bytes_received"]) == (699656242, 27255831925)   # as printed
    (end,) = [e for e in htcondor2.JobEventLog(str(log)).events(stop_after=0) if e["EventTypeNumber"] == 5]
    assert (end["SentBytes"], end["ReceivedBytes"]) == (699656256.0, 27255832576.0)  # float32


def test_usage_table_matches_the_bindings_on_every_terminated_event(parsed):
    """Where the bindings do read the table (005 only), the text parser agrees with them."""
    import htcondor2
    n = 0
    for log, (recs, _) in parsed.items():
        by_end = {(r["cluster_id"], r["end_time"]): r for r in recs if r["outcome_event"] == "terminated"}
        for e in htcondor2.JobEventLog(str(log)).events(stop_after=0):
            if e["EventTypeNumber"] != 5:
                continue
            r = by_end[(e.cluster, ts(e["EventTime"]))]
            for key, attr in (("request_cpus", "RequestCpus"), ("request_memory_mb", "RequestMemory"),
                              ("request_disk_kb", "RequestDisk"), ("cpu_usage", "CpusUsage"),
                              ("peak_memory_mb", "MemoryUsage"), ("disk_usage_kb", "DiskUsage"),
                              ("gpu_usage", "GPUsUsage"), ("gpu_memory_usage_mb", "GpusMemoryUsage"),
                              ("alloc_cpus", "Cpus"), ("alloc_memory_mb", "Memory")):
                assert r[key] == e.get(attr), (log.name, key)
            n += 1
    assert n == 89


def test_evictions_carry_usage(parsed):
    ev = [r for recs, _ in parsed.values() for r in recs if r["outcome_event"] == "evicted"]
    assert len(ev) > 80
    assert sum(r["disk_usage_kb"] is not None for r in ev) > 80
    assert sum(r["cpu_usage"] is not None for r in ev) > 60


def test_spliced_abort_is_recovered(parsed):
    log = REAL / "global_pretraining/ospool_pretraining.dag.nodes.log"
    recs, issues = parsed[log]
    a2 = next(r for r in recs if r["cluster_id"] == 14736943 and r["attempt_seq"] == 2)
    assert (a2["outcome_event"], a2["final_status"]) == ("held", "held")
    assert a2["hold_code"] == 47 and a2["aborted_time"] == ts("2026-06-09 10:40:31")
    assert ("recovered_from_text", 3101) in [i[:2] for i in issues.items]


def test_dag_join_and_counters(parsed):
    for log, (recs, _) in parsed.items():
        if not log.name.endswith(".dag.nodes.log"):
            continue
        dag = log.name[: -len(".dag.nodes.log")]
        per_node, per_cluster = defaultdict(list), defaultdict(list)
        for r in recs:
            assert r["dag_source"] == dag and r["job_name"] and r["submit_time"]
            if r["job_name"] != "annex_helper":
                assert r["run_uuid"] and r["dag_resource_name"]
                assert r["epoch"] == int(r["job_name"].rsplit("epoch", 1)[1])
            if r["kind"] == "attempt":
                per_node[r["job_name"]].append((r["start_time"], r["node_attempt"]))
                per_cluster[r["cluster_id"]].append((r["start_time"], r["attempt_seq"]))
        for seqs in list(per_node.values()) + list(per_cluster.values()):
            assert [n for _, n in sorted(seqs)] == list(range(1, len(seqs) + 1))
    # DAGMan retries: run9-train_epoch23 failed in 4 clusters (RETRY 3) -> node_attempt 1..4
    recs = parsed[REAL / "global_pretraining/bigger_global_pretraining.dag.nodes.log"][0]
    node = [r for r in recs if r["job_name"] == "run9-train_epoch23"]
    assert [(r["attempt_seq"], r["node_attempt"], r["final_status"]) for r in node] == \
        [(1, 1, "failed"), (1, 2, "failed"), (1, 3, "failed"), (1, 4, "failed")]
    assert len({r["cluster_id"] for r in node}) == 4


def test_agrees_with_the_generator_csv_on_identity_and_times(parsed):
    ours = {(r["cluster_id"], r["attempt_seq"]): r for recs, _ in parsed.values() for r in recs
            if r["kind"] == "attempt"}
    n = 0
    for path in sorted(REAL.glob("*/job_summary.csv")):
        for row in csv.DictReader(path.read_text().splitlines()):
            r = ours[(int(row["HTCondor Cluster ID"]), int(row["Attempt Sequence"]))]
            assert r["start_time"] == ts(row["Start Time"])
            assert r["submit_time"] == ts(row["Submit Time"])
            if not row["Job Name"].startswith("standalone_"):
                assert (r["job_name"], r["dag_source"]) == (row["Job Name"], row["DAG Source"])
            if row["Final Status"] == "completed" and r["exit_code"] == 0:
                assert r["final_status"] == "completed"
            n += 1
    assert n == 175
