"""iter_attempts on small logs written here, one scenario per test."""
from datetime import datetime
from pathlib import Path

import pytest

from expreport.eventlog import RECORD_KEYS, DagInfo, DagNode, SubmitDescription

from . import logtext as L

NODE = "run3-train_epoch12"
DAG = DagInfo("campaign", "campaign.dag", nodes={
    NODE: DagNode(NODE, "campaign", "delta.sub",
                  {"run_uuid": "abcd1234", "ResourceName": "delta", "epoch": "13"}),
    "annex_helper": DagNode("annex_helper", "campaign", "delta.sub", {"epoch": "7"}),
}, submit_descriptions={"delta.sub": SubmitDescription("delta.sub", "8", "200GB", "100GB", "4",
                                                        "32000")})
T = datetime.fromisoformat
BIG_SENT, BIG_RECV = 40_000_000_123, 42_949_672_999   # > 2**32 and not float32-representable


def attempts(recs):
    return [r for r in recs if r["kind"] == "attempt"]


def test_full_attempt_with_two_gpus(parse):
    recs, issues = parse([
        L.submit(100, "2026-05-04 14:09:47", NODE),
        L.xfer(100, "2026-05-04 14:15:00"),
        L.xfer(100, "2026-05-04 14:16:20", "Finished transferring input files"),
        L.execute(100, "2026-05-04 14:16:22", gpus=L.TWO_GPUS),
        L.image(100, "2026-05-04 14:16:30"),
        L.terminated(100, "2026-05-04 15:53:58", run_sent=BIG_SENT, run_recv=BIG_RECV),
    ], [DAG])
    assert not issues.counts
    (r,) = recs
    assert list(r) == list(RECORD_KEYS)
    assert r["kind"] == "attempt"
    assert (r["job_name"], r["dag_source"], r["run_uuid"], r["dag_resource_name"]) == \
        (NODE, "campaign", "abcd1234", "delta")
    assert (r["cluster_id"], r["proc"], r["attempt_seq"], r["node_attempt"]) == (100, 0, 1, 1)
    assert r["submit_time"] == T("2026-05-04 14:09:47")
    assert r["start_time"] == T("2026-05-04 14:16:22")
    assert r["end_time"] == T("2026-05-04 15:53:58")
    assert r["run_seconds"] == 5856
    assert (r["outcome_event"], r["final_status"], r["exit_code"], r["exit_signal"]) == \
        ("terminated", "completed", 0, None)
    assert r["epoch"] == 12                       # from the node name, not VARS epoch=13
    assert r["source_line"] == 9                  # submit: 3 lines, transfers: 3 + 2
    assert r["execute_host"] == "gpua025.delta.ncsa.illinois.edu"
    assert r["slot"] == "slot1_1@gpua025.delta.ncsa.illinois.edu"
    assert r["glidein_site"] is None
    assert r["n_gpus"] == 2
    assert (r["gpu_name"], r["gpu_names"]) == ("NVIDIA A100-SXM4-40GB", "NVIDIA A100-SXM4-40GB")
    assert (r["gpu_memory_mb"], r["gpu_device_memory_mb"]) == (2 * 40442, 40442)
    assert (r["gpu_capability"], r["gpu_driver"], r["gpu_ecc"]) == (8.0, "12.8", True)
    assert r["gpu_uuid"] == "8684ab34-b524-ad94-6ed5-53490423bfe3"
    assert (r["gpu_id"], r["gpu_pci_bus"]) == ("GPU-8684ab34", "0000:07:00.0")
    # table: Request column beats the DAG (8 cpus / 200GB); GpusMemory request falls back to DAG
    assert (r["request_cpus"], r["request_memory_mb"], r["request_disk_kb"], r["request_gpus"]) == \
        (4, 220000, 104857600, 2)
    assert r["request_gpu_memory_mb"] == 32000
    assert (r["cpu_usage"], r["peak_memory_mb"], r["disk_usage_kb"]) == (0.45, 26744, 75885982)
    assert (r["gpu_usage"], r["gpu_memory_usage_mb"]) == (None, 4628)  # blank usage cell
    assert (r["alloc_cpus"], r["alloc_memory_mb"], r["alloc_disk_kb"], r["alloc_gpus"]) == \
        (4, 220032, 104857600, 2)
    assert (r["bytes_sent"], r["bytes_received"]) == (BIG_SENT, BIG_RECV)
    assert (r["xfer_in_start"], r["xfer_in_end"]) == (T("2026-05-04 14:15:00"),
                                                      T("2026-05-04 14:16:20"))


def test_bindings_round_big_byte_counts(write_log):
    """The bindings' float32 counters are wrong in the last digits; the text is exact."""
    import htcondor2
    path = write_log([L.submit(1, "2026-05-04 14:09:47"), L.execute(1, "2026-05-04 14:16:22"),
                      L.terminated(1, "2026-05-04 15:53:58", run_sent=BIG_SENT, run_recv=BIG_RECV)])
    ev = list(htcondor2.JobEventLog(path).events(stop_after=0))[-1]
    assert int(ev["SentBytes"]) != BIG_SENT and abs(ev["SentBytes"] - BIG_SENT) < BIG_SENT * 1e-6
    assert int(ev["ReceivedBytes"]) != BIG_RECV
    assert f"{BIG_SENT}  -  Run Bytes Sent By Job" in Path(path).read_text()
    assert f"{BIG_SENT}  -  Run Bytes Sent By Job" not in str(ev)   # re-rendered, rounded


@pytest.mark.parametrize("rv,signal,status", [
    (0, None, "completed"), (85, None, "checkpointed"), (1, None, "failed"),
    (2, None, "failed"), (127, None, "failed"), (None, 9, "failed")])
def test_final_status_of_terminated(parse, rv, signal, status):
    recs, _ = parse([L.submit(7, "2026-05-01 10:00:00"), L.execute(7, "2026-05-01 10:01:00"),
                     L.terminated(7, "2026-05-01 11:00:00", rv=rv, signal=signal)])
    (r,) = recs
    assert (r["final_status"], r["exit_code"], r["exit_signal"]) == (status, rv, signal)


def test_eviction_table_and_per_attempt_glidein(parse):
    recs, issues = parse([
        L.submit(200, "2026-05-06 11:06:58", NODE),
        L.execute(200, "2026-05-06 13:02:59", glidein="CHTC-Spark-CE1",
                  slot="slot1_1@glidein_1_2@gpu01", gpus=[L.gpu_ad("c28625f2", "NVIDIA A40", 45739)]),
        L.evicted(200, "2026-05-06 13:13:12", code=21, subcode=102,
                  reason="Error from slot1_1@gpu01: memory usage exceeded request_memory"),
        L.execute(200, "2026-05-06 14:00:00", host="exp-3-60.expanse.sdsc.edu"),
        L.terminated(200, "2026-05-06 15:00:00", rv=85),
    ], [DAG])
    assert not issues.counts
    a1, a2 = attempts(recs)
    assert (a1["attempt_seq"], a2["attempt_seq"], a1["node_attempt"], a2["node_attempt"]) == (1, 2, 1, 2)
    assert (a1["outcome_event"], a1["final_status"]) == ("evicted", "evicted")
    assert a1["end_time"] == a1["evicted_time"] == T("2026-05-06 13:13:12")
    assert a1["evict_reason"] == "Error from slot1_1@gpu01: memory usage exceeded request_memory"
    assert (a1["cpu_usage"], a1["peak_memory_mb"], a1["disk_usage_kb"], a1["gpu_usage"]) == \
        (1.51, 56, 64138803, 0)
    assert (a1["request_cpus"], a1["request_memory_mb"], a1["alloc_gpus"]) == (4, 80000, 1)
    assert (a1["bytes_sent"], a1["bytes_received"]) == (0, 28866754885)
    assert a1["glidein_site"] == "CHTC-Spark-CE1" and a1["gpu_name"] == "NVIDIA A40"
    # the second execute has no GLIDEIN_ResourceName and no GPU: nothing is copied over
    assert a2["glidein_site"] is None and a2["gpu_name"] is None and a2["n_gpus"] == 0
    assert a2["execute_host"] == "exp-3-60.expanse.sdsc.edu"
    assert a2["final_status"] == "checkpointed" and a2["evicted_time"] is None


def test_hold_release_then_run_again(parse):
    recs, issues = parse([
        L.submit(300, "2026-05-10 08:00:00", NODE),
        L.xfer(300, "2026-05-10 08:01:00"),
        L.xfer(300, "2026-05-10 08:02:00", "Finished transferring input files"),
        L.execute(300, "2026-05-10 08:02:01"),
        L.held(300, "2026-05-10 10:37:27", "Transfer input files failure at execution point "
               "slot1_4@glidein_2072133@rails09 using protocol osdf.", 13, 256),
        L.released(300, "2026-05-10 11:00:00"),
        L.xfer(300, "2026-05-10 11:05:00"),
        L.xfer(300, "2026-05-10 11:06:00", "Finished transferring input files"),
        L.execute(300, "2026-05-10 11:06:01"),
        L.terminated(300, "2026-05-10 12:00:00", rv=1),
    ], [DAG])
    assert not issues.counts
    a1, a2 = attempts(recs)
    assert (a1["outcome_event"], a1["final_status"]) == ("held", "released")
    assert a1["end_time"] == a1["held_time"] == T("2026-05-10 10:37:27")
    assert a1["run_seconds"] == 2 * 3600 + 35 * 60 + 26
    assert (a1["hold_code"], a1["hold_subcode"]) == (13, 256)
    assert a1["hold_reason"].startswith("Transfer input files failure")
    assert a1["released_time"] == T("2026-05-10 11:00:00")
    assert a1["bytes_sent"] is None and a1["cpu_usage"] is None   # a hold carries neither
    assert a1["alloc_cpus"] == 4                                  # from the execute event
    assert a1["xfer_in_start"] == T("2026-05-10 08:01:00")
    assert (a2["xfer_in_start"], a2["xfer_in_end"]) == (T("2026-05-10 11:05:00"),
                                                        T("2026-05-10 11:06:00"))
    assert a2["final_status"] == "failed" and a2["exit_code"] == 1


def test_hold_then_abort_keeps_hold_as_end(parse):
    recs, _ = parse([L.submit(301, "2026-05-10 08:00:00"), L.execute(301, "2026-05-10 08:02:01"),
                     L.held(301, "2026-05-10 10:00:00"),
                     L.aborted(301, "2026-06-09 10:40:31", "The system macro SYSTEM_PERIODIC_REMOVE")])
    (r,) = recs
    assert (r["outcome_event"], r["final_status"]) == ("held", "held")
    assert r["end_time"] == T("2026-05-10 10:00:00") and r["run_seconds"] == 7079
    assert r["aborted_time"] == T("2026-06-09 10:40:31")
    assert (r["hold_code"], r["hold_subcode"]) == (47, 0)


def test_evicted_then_removed_stays_evicted(parse):
    recs, _ = parse([L.submit(302, "2026-05-10 08:00:00"), L.execute(302, "2026-05-10 09:00:00"),
                     L.evicted(302, "2026-05-10 10:00:00"), L.aborted(302, "2026-06-10 10:00:00")])
    (r,) = recs
    assert (r["final_status"], r["run_seconds"]) == ("evicted", 3600)
    assert r["aborted_time"] == T("2026-06-10 10:00:00")


def test_abort_while_running(parse):
    recs, _ = parse([L.submit(303, "2026-05-10 08:00:00"), L.execute(303, "2026-05-10 09:00:00"),
                     L.aborted(303, "2026-05-10 09:30:00")])
    (r,) = recs
    assert (r["outcome_event"], r["final_status"], r["run_seconds"]) == ("aborted", "aborted", 1800)
    assert r["end_time"] == r["aborted_time"]


def test_reconnect_failed_with_follow_up_eviction(parse):
    recs, issues = parse([
        L.submit(400, "2026-06-19 10:00:00"), L.execute(400, "2026-06-19 11:00:00"),
        L.disconnected(400, "2026-06-19 14:10:00"),
        L.reconnect_failed(400, "2026-06-19 14:51:46"),
        L.evicted(400, "2026-06-19 14:51:56", code=1008,
                  reason="Job disconnected too long: JobLeaseDuration (2400 seconds) expired"),
        L.execute(400, "2026-06-19 16:00:00"),
        L.terminated(400, "2026-06-19 17:00:00"),
    ])
    assert not issues.counts
    a1, a2 = attempts(recs)
    assert (a1["outcome_event"], a1["final_status"]) == ("reconnect_failed", "reconnect_failed")
    assert a1["end_time"] == T("2026-06-19 14:51:46")
    assert a1["evict_reason"] == "Job disconnected too long: JobLeaseDuration (2400 seconds) expired"
    assert a1["evicted_time"] == T("2026-06-19 14:51:56")     # the follow-up 004
    assert a1["disk_usage_kb"] == 64138803                      # its table fills the attempt
    assert a2["attempt_seq"] == 2 and a2["final_status"] == "completed"


def test_follow_up_eviction_table_request_wins(parse):
    """Issue 9 item 2. Real case: cluster 14655617 of ospool_pretraining, after its 024 the 004 table
    says Memory (MB) 97657 used / 120000 requested where the DAG says 80000. Here the DAG's submit
    description asks 8 CPUs, 200 GB memory, 100 GB disk; the table's Request column (4 CPUs,
    120000 MB) is the attempt's own request and replaces it (before: 8 and 204800 stayed); the
    disk request, absent from this table, stays the DAG's 100 GB."""
    recs, _ = parse([
        L.submit(400, "2026-06-19 10:00:00", node=NODE), L.execute(400, "2026-06-19 11:00:00"),
        L.reconnect_failed(400, "2026-06-19 14:51:46"),
        L.evicted(400, "2026-06-19 14:51:56", rows={"Cpus": (0.75, 4, 4),
                                                    "Memory (MB)": (97657, 120000, 120000)}),
    ], dags=[DAG])
    (a1,) = attempts(recs)
    assert a1["request_memory_mb"] == 120000 and a1["peak_memory_mb"] == 97657
    assert a1["request_cpus"] == 4 and a1["request_disk_kb"] == 100 * 1024 * 1024


def test_shadow_exception(parse):
    recs, _ = parse([L.submit(500, "2026-05-01 10:00:00"), L.execute(500, "2026-05-01 10:01:00"),
                     L.shadow_exception(500, "2026-05-01 10:05:00")])
    (r,) = recs
    assert (r["outcome_event"], r["final_status"]) == ("shadow_exception", "shadow_exception")
    assert r["evict_reason"] == "Error from slot1_1@host: starter died"
    assert (r["bytes_sent"], r["bytes_received"]) == (0, 1234)


def test_starter_error_explains_an_eviction_without_reason(parse):
    recs, _ = parse([L.submit(501, "2025-05-19 08:00:00"), L.execute(501, "2025-05-19 08:05:00"),
                     L.starter_error(501, "2025-05-19 09:08:37"),
                     L.evicted(501, "2025-05-19 09:08:37", code=1007, reason=None)])
    assert recs[0]["evict_reason"] == "Input File transfer stalled for 3620 seconds"


def test_never_started_jobs_are_queue_only(parse):
    recs, issues = parse([
        L.submit(600, "2026-05-11 22:00:00", NODE),
        L.held(600, "2026-05-11 22:17:01", "TransferInputSizeMB (5072) is greater than "
               "MAX_TRANSFER_INPUT_MB (5000) at submit time", 32, 0),
        L.aborted(600, "2026-06-10 22:17:14"),
        L.submit(601, "2026-05-11 23:00:00"),                        # still idle at EOF
        L.submit(602, "2025-07-03 15:09:48"), L.xfer(602, "2025-07-03 15:09:49"),
        L.xfer(602, "2025-07-03 15:10:01", "Finished transferring input files"),
        L.evicted(602, "2025-07-03 15:10:01", reason=None), L.aborted(602, "2025-07-03 15:10:01"),
    ], [DAG])
    q = {r["cluster_id"]: r for r in recs}
    assert all(r["kind"] == "queue_only" for r in recs) and len(recs) == 3
    assert (q[600]["job_name"], q[600]["dag_source"], q[600]["run_uuid"]) == (NODE, "campaign", "abcd1234")
    assert (q[600]["final_status"], q[600]["hold_code"]) == ("aborted", 32)
    assert q[600]["held_time"] == T("2026-05-11 22:17:01")
    assert q[600]["start_time"] is None and q[600]["attempt_seq"] is None
    assert (q[600]["outcome_event"], q[600]["end_time"]) == ("aborted", T("2026-06-10 22:17:14"))
    assert q[601]["final_status"] is None and q[601]["job_name"] == "cluster601"
    assert q[601]["outcome_event"] is None and q[601]["end_time"] is None
    assert q[602]["evicted_time"] == T("2025-07-03 15:10:01")
    assert q[602]["xfer_in_start"] == T("2025-07-03 15:09:49")
    assert issues.counts == {"end_without_execute": 1}            # the 004 of cluster 602


def test_node_attempt_counts_across_dagman_retries(parse):
    parts = []
    for i, cluster in enumerate((700, 701, 702)):
        parts += [L.submit(cluster, f"2026-05-0{i + 1} 10:00:00", NODE),
                  L.execute(cluster, f"2026-05-0{i + 1} 10:05:00"),
                  L.evicted(cluster, f"2026-05-0{i + 1} 11:00:00"),
                  L.execute(cluster, f"2026-05-0{i + 1} 12:00:00"),
                  L.terminated(cluster, f"2026-05-0{i + 1} 13:00:00", rv=1)]
    recs, _ = parse(parts, [DAG])
    assert [(r["cluster_id"], r["attempt_seq"], r["node_attempt"]) for r in recs] == \
        [(700, 1, 1), (700, 2, 2), (701, 1, 3), (701, 2, 4), (702, 1, 5), (702, 2, 6)]


def test_structured_notes_and_batch_name_pick_the_dag(parse):
    other = DagInfo("other", "other.dag", nodes={NODE: DagNode(NODE, "other", None, {"run_uuid": "zz"})})
    recs, issues = parse([L.submit(800, "2026-06-18 09:05:50", NODE, structured="campaign"),
                          L.execute(800, "2026-06-18 09:10:00"), L.terminated(800, "2026-06-18 10:00:00")],
                         [other, DAG])
    assert (recs[0]["job_name"], recs[0]["dag_source"], recs[0]["run_uuid"]) == (NODE, "campaign", "abcd1234")
    assert not issues.counts


def test_node_in_two_dags_prefers_the_log_name(parse):
    other = DagInfo("other", "other.dag", nodes={NODE: DagNode(NODE, "other", None, {})})
    parts = [L.submit(801, "2026-06-18 09:05:50", NODE), L.execute(801, "2026-06-18 09:10:00")]
    recs, _ = parse(parts, [other, DAG], name="campaign.dag.nodes.log")
    assert recs[0]["dag_source"] == "campaign" and recs[0]["outcome_event"] is None
    recs, issues = parse(parts, [other, DAG], name="unrelated.log")
    assert recs[0]["dag_source"] == "other" and issues.counts == {"ambiguous_dag_node": 1}


def test_standalone_job_and_procs(parse):
    recs, _ = parse([L.submit(900, "2025-04-16 12:00:00"), L.execute(900, "2025-04-16 12:01:00"),
                     L.submit(901, "2025-04-16 12:00:00", proc=1),
                     L.execute(901, "2025-04-16 12:02:00", proc=1),
                     L.terminated(901, "2025-04-16 12:03:00", proc=1)])
    by = {r["cluster_id"]: r for r in recs}
    assert (by[900]["job_name"], by[900]["dag_source"], by[900]["epoch"]) == ("cluster900", None, None)
    assert by[900]["final_status"] is None and by[900]["end_time"] is None   # still running
    assert (by[901]["job_name"], by[901]["proc"]) == ("cluster901.1", 1)
