"""The analyses event logs make possible, on a hand-worked event log: requests vs usage and
the right-sizing rule, wasted GPU-hours by cause, OSPool sites, data quality, byte scope.

LOG (experiment 'logs'), 2026-05-04, every attempt on ONE GPU (GPU-hours = run hours):

 cluster  where (site)      runs         end                          outcome      cause
 101-106  delta             10:00-12:00  terminated rv 0              success      -
 201 #1   ospool (SITE-A)   10:00-13:00  evicted 'Startd was shutdown' evicted     machine shutdown/preemption
 201 #2   ospool (SITE-A)   14:00-16:00  terminated rv 0              success      -   (input 13:50-14:00)
 202      ospool (SITE-A)   10:00-11:00  held code 34                 held         memory over request
 203      ospool (SITE-B)   10:00-14:00  held code 47                 held         runtime limit
 204      ospool (SITE-B)   10:00-10:30  terminated rv 1              failed       non-zero exit (input 09:50-10:00)
 205      ospool (SITE-B)   10:00-11:00  024 reconnect failed (+004)  reconnect... reconnect failure
 300      never ran: aborted; 301 never ran: still queued; 302 never ran: a 005 without an 001
          (an end_without_execute issue)

Delta usage tables (Usage / Request): Cpus 1.0 / 4; Memory MB 1024, 2048, 2048, 2048, 3072,
4096 / 10240; Disk KB 9 GiB / 10 GiB; GPUs 0.5 / 1; GpusMemory 20000 MB / none.
  memory GiB used 1, 2, 2, 2, 3, 4: median 2; efficiency 10, 20, 20, 20, 30, 40 %: median 20
  P95 (quantile_cont, position 0.95 x 5 = 4.75) = 3 + 0.75 x 1 = 3.75 GiB; suggested x 1.1 =
  4.125 GiB; median request 10 -> 10 / 4.125 = 2.4242 > 1.25: fires; freed = 6 attempts x
  (10 - 4.125) GiB x 2 h = 70.5 GiB-hours
  cpu: P95 1.0 x 1.1 = 1.1 -> 2 whole cores; 4 / 2 = 2 > 1.25: fires; freed 6 x 2 x 2 = 24 core-hours
  disk: P95 9 x 1.1 = 9.9 GiB; 10 / 9.9 = 1.0101: does not fire; freed 6 x 0.1 x 2 = 1.2 GiB-hours
OSPool usage tables (201 #1, 201 #2, 204, and 205's follow-up 004): 4 attempts with use and
request < min_attempts 5: not judged.
Wasted GPU-hours 9.5: runtime limit 4, machine shutdown 3, memory over request 1, reconnect
failure 1, non-zero exit 0.5.
Sites: SITE-A 3 attempts, 6 h, productive 2, success 1/3, 1 epoch, input 6e9 B / 600 s = 10 MB/s,
main waste machine shutdown (3); SITE-B 3 attempts, 5.5 h, success 0, 0 epochs, 3e9 B / 600 s =
5 MB/s, main waste runtime limit (4).
"""

from __future__ import annotations

import json
import shutil

import pytest
from eventlog import logtext as L
from helpers import by, one, scoped

approx = pytest.approx
GIB_KB = 1024 * 1024
DELTA_MEM = [1024, 2048, 2048, 2048, 3072, 4096]
OS_ROWS = {"Cpus": (2.0, 2, 2), "Disk (KB)": (1048576, 2097152, 2097152), "GPUs": (0.8, 1, 1),
           "GpusMemory (MB)": (10240, None, None), "Memory (MB)": (4096, 8192, 8192)}
OS_HOST = "gpu01.example.edu"


def gpu(tag, name="NVIDIA A100-SXM4-40GB"):
    return [L.gpu_ad(tag, name=name)]


def delta_rows(mem):
    return {"Cpus": (1.0, 4, 4), "Disk (KB)": (9 * GIB_KB, 10 * GIB_KB, 10 * GIB_KB),
            "GPUs": (0.5, 1, 1), "GpusMemory (MB)": (20000, None, None), "Memory (MB)": (mem, 10240, 10240)}


def log_parts() -> list[str]:
    d = "2026-05-04 "
    parts = []
    for i, mem in enumerate(DELTA_MEM):
        c = 101 + i
        parts += [L.submit(c, d + "09:00:00", f"run1-train_epoch{i}"),
                  L.execute(c, d + "10:00:00", gpus=gpu(f"d{i}")),
                  L.terminated(c, d + "12:00:00", run_recv=1_000_000_000, run_sent=100_000_000,
                               rows=delta_rows(mem))]
    a40 = dict(host=OS_HOST, gpus=gpu("a40", "NVIDIA A40"))
    parts += [
        L.submit(201, d + "09:00:00", "run2-train_epoch0"),
        L.execute(201, d + "10:00:00", glidein="SITE-A", **a40),
        L.evicted(201, d + "13:00:00", run_recv=2_000_000_000, rows=OS_ROWS),
        L.xfer(201, d + "13:50:00"),
        L.xfer(201, d + "14:00:00", "Finished transferring input files"),
        L.execute(201, d + "14:00:00", glidein="SITE-A", **a40),
        L.terminated(201, d + "16:00:00", run_recv=6_000_000_000, run_sent=100_000_000, rows=OS_ROWS),
        L.submit(202, d + "09:00:00", "run2-train_epoch1"),
        L.execute(202, d + "10:00:00", glidein="SITE-A", **a40),
        L.held(202, d + "11:00:00", reason="Error from slot1_1@glidein_1@gpu01: memory usage "
                                          "exceeded request_memory", code=34),
        L.submit(203, d + "09:00:00", "run2-train_epoch2"),
        L.execute(203, d + "10:00:00", glidein="SITE-B", **a40),
        L.held(203, d + "14:00:00"),                               # code 47: runtime limit
        L.submit(204, d + "09:00:00", "run2-train_epoch3"),
        L.xfer(204, d + "09:50:00"),
        L.xfer(204, d + "10:00:00", "Finished transferring input files"),
        L.execute(204, d + "10:00:00", glidein="SITE-B", **a40),
        L.terminated(204, d + "10:30:00", rv=1, run_recv=3_000_000_000, run_sent=0, rows=OS_ROWS),
        L.submit(205, d + "09:00:00", "run2-train_epoch4"),
        L.execute(205, d + "10:00:00", glidein="SITE-B", **a40),
        L.reconnect_failed(205, d + "11:00:00"),
        L.evicted(205, d + "11:00:10", code=1008, run_recv=1_000_000_000,
                  reason="Job disconnected too long: JobLeaseDuration (2400 seconds) expired",
                  rows=OS_ROWS),
        L.submit(300, d + "09:00:00", "run3-train_epoch0"),
        L.aborted(300, d + "09:30:00", reason="via condor_rm (by user someone)"),
        L.submit(301, d + "09:00:00", "run3-train_epoch1"),
        L.submit(302, d + "09:00:00", "run3-train_epoch2"),
        L.terminated(302, d + "09:40:00"),                         # no execute: a data issue
    ]
    return parts


@pytest.fixture(scope="module")
def logdb(tmp_path_factory, template_db):
    """The LOG ingested (experiment 'logs') and the figure campaign as a v6 CSV ('csv')."""
    from expreport.ingest import ingest_files
    from expreport.store import connect
    from figures.figdata import campaign_rows, write_csv
    d = tmp_path_factory.mktemp("analyses")
    (d / "campaign.dag.nodes.log").write_text("".join(log_parts()))
    shutil.copyfile(template_db, d / "a.duckdb")
    con = connect(d / "a.duckdb", write=True)
    ingest_files(con, [d / "campaign.dag.nodes.log"], experiment="logs")
    ingest_files(con, [write_csv(d / "job_summary.csv", campaign_rows(runs=3))], experiment="csv")
    scoped(con, experiments=["logs"])
    yield con
    con.close()


@pytest.fixture
def csv_only(logdb):
    scoped(logdb, experiments=["csv"])
    yield logdb
    scoped(logdb, experiments=["logs"])


def rs(con, what):
    return by(con, f"FROM right_sizing WHERE what = '{what}'")


def test_requests_vs_usage_distributions(logdb):
    got = {(r["resource"], r["what"], r["series"]): r for r in
           logdb.execute("FROM requests_vs_usage").df().to_dict("records")}
    mem = {s: got[("delta", "memory", s)] for s in ("used", "requested", "efficiency")}
    assert (mem["used"]["n"], mem["used"]["median"], mem["used"]["max"]) == (6, 2, 4)
    assert (mem["requested"]["n"], mem["requested"]["median"]) == (6, 10)
    assert mem["efficiency"]["median"] == approx(20) and mem["efficiency"]["series_unit"] == "%"
    assert got[("delta", "cpus", "efficiency")]["median"] == approx(25)
    assert got[("delta", "disk", "efficiency")]["median"] == approx(90)
    assert got[("delta", "gpus", "efficiency")]["median"] == approx(50)
    gm = got[("delta", "gpu_memory", "efficiency")]
    assert gm["n"] == 0 and not gm["requests_recorded"]          # no GPU memory request
    assert got[("ospool", "memory", "used")]["n"] == 4            # held and 024-only: no table
    u = by(logdb, "FROM usage_by_resource WHERE resource = 'delta'", key="metric")
    assert (u["peak_memory"]["requested"], u["cpu_cores"]["requested"]) == (10, 4)
    assert u["disk"]["requested"] == approx(10) and u["disk"]["requests_recorded"]
    assert u["gpu_utilisation"]["requested"] is None


def test_right_sizing_numbers(logdb):
    m, c, k = rs(logdb, "memory")["delta"], rs(logdb, "cpu")["delta"], rs(logdb, "disk")["delta"]
    assert (m["attempts_with_both"], m["median_request"], m["unit"]) == (6, 10, "GiB")
    assert m["p95_used"] == approx(3.75) and m["suggested_request"] == approx(4.125)
    assert m["request_over_suggested"] == approx(10 / 4.125)
    assert m["freed_unit_hours"] == approx(70.5) and m["freed_unit"] == "GiB-hours"
    assert m["median_efficiency_pct"] == approx(20) and m["run_hours_with_request"] == approx(12)
    assert (c["suggested_request"], c["request_over_suggested"]) == (2, 2)
    assert c["freed_unit_hours"] == approx(24) and c["freed_unit"] == "core-hours"
    assert k["suggested_request"] == approx(9.9) and k["freed_unit_hours"] == approx(1.2)
    assert rs(logdb, "memory")["ospool"]["attempts_with_both"] == 4


def test_right_sizing_rule_fires_with_evidence(logdb):
    got = logdb.execute("SELECT subject, evidence, message FROM rec_right_sizing").fetchall()
    ev = {(s, {e["name"]: e for e in evs}["what"]["text"]): {e["name"]: e for e in evs}
          for s, evs, _ in got}
    assert set(ev) == {("delta", "memory"), ("delta", "cpu")}      # not disk (1.01x), not ospool (n=4)
    mem = ev[("delta", "memory")]
    assert mem["freed"]["value"] == approx(70.5) and mem["freed"]["unit"] == "GiB-hours"
    assert mem["suggested_request"]["value"] == approx(4.125)
    assert mem["request_over_suggested"]["value"] == approx(10 / 4.125)
    assert ev[("delta", "cpu")]["freed"]["value"] == approx(24)
    assert any("70 GiB-hours" in msg or "71 GiB-hours" in msg for *_, msg in got)
    # the CSV stand-in rule leaves resources whose requests are recorded to this one
    assert logdb.execute("SELECT count(*) FROM rec_request_headroom").fetchone() == (0,)


def test_no_right_sizing_without_requests(csv_only):
    rows = csv_only.execute("SELECT requests_recorded, median_request, p95_used FROM right_sizing").fetchall()
    assert rows and all(not r[0] and r[1] is None and r[2] is not None for r in rows)
    assert csv_only.execute("SELECT count(*) FROM rec_right_sizing").fetchone() == (0,)


def test_waste_causes(logdb):
    got = logdb.execute("SELECT cause, attempts, gpu_hours, share_of_wasted_pct, waste_kinds, "
                        "main_resource, example_reason FROM waste_causes").fetchall()
    assert [(c, n, h) for c, n, h, *_ in got] == [
        ("runtime limit", 1, 4), ("machine shutdown/preemption", 1, 3), ("memory over request", 1, 1),
        ("reconnect failure", 1, 1), ("non-zero exit", 1, 0.5)]
    c = {r[0]: r for r in got}
    assert c["runtime limit"][3] == approx(400 / 9.5)
    assert c["machine shutdown/preemption"][6] == "Startd was shutdown"
    assert c["memory over request"][4] == "held/released" and "memory usage exceeded" in c["memory over request"][6]
    assert c["non-zero exit"][6] == "exit code 1"
    assert c["reconnect failure"][6].startswith("Job disconnected too long")
    by_res = logdb.execute("SELECT resource, cause, waste_kind, gpu_hours, share_of_resource_waste_pct "
                           "FROM wasted_hours_by_cause").fetchall()
    assert {r[0] for r in by_res} == {"ospool"}
    assert ("ospool", "runtime limit", "held/released", 4, approx(400 / 9.5)) in by_res


def test_ospool_sites(logdb):
    s = by(logdb, "FROM ospool_sites", key="site")
    a, b = s["SITE-A"], s["SITE-B"]
    assert (a["attempts"], a["run_hours"], a["productive_gpu_hours"], a["epochs"]) == (3, 6, 2, 1)
    assert a["attempt_success_pct"] == approx(100 / 3) and a["median_input_mb_per_s"] == approx(10)
    assert (a["main_waste_cause"], a["main_waste_gpu_hours"]) == ("machine shutdown/preemption", 3)
    assert (b["attempts"], b["gpu_hours"], b["attempt_success_pct"], b["epochs"]) == (3, 5.5, 0, 0)
    assert b["median_input_mb_per_s"] == approx(5) and b["main_waste_cause"] == "runtime limit"
    assert a["resource"] == "ospool" and a["gpu_models"] == "NVIDIA A40"
    assert list(s) == ["SITE-A", "SITE-B"]                       # most GPU-hours first


def test_data_quality(logdb):
    rows = logdb.execute("SELECT area, kind, count, unit, example FROM data_quality").fetchall()
    got = {(a, k): (n, u, ex) for a, k, n, u, ex in rows}
    line = "".join(log_parts()).splitlines().index("005 (302.000.000) 2026-05-04 09:40:00 Job terminated.") + 1
    n, unit, ex = got[("event log", "end_without_execute")]
    assert (n, unit) == (1, "events") and ex.startswith(f"campaign.dag.nodes.log line {line}: ")
    assert got[("queue-only jobs", "never ran: aborted")][:2] == (1, "jobs")
    assert got[("queue-only jobs", "never ran: still queued")][2].startswith("run3-train_epoch1 (cluster 301")
    assert ("queue-only jobs", "never ran: terminated") in got
    assert [a for a, *_ in rows] == sorted((a for a, *_ in rows),
                                           key=["event log", "queue-only jobs", "attempts"].index)
    scoped(logdb, experiments=["csv"])             # the experiment filter applies to all areas
    try:
        assert {r[0] for r in logdb.execute("SELECT area FROM data_quality").fetchall()} <= {"attempts"}
    finally:
        scoped(logdb, experiments=["logs"])


def test_bytes_scope(logdb, csv_only):
    assert one(csv_only, "SELECT DISTINCT bytes_scope FROM transfer_bytes_scope WHERE attempts_with_bytes > 0") == \
        {"bytes_scope": "cluster totals on the terminated attempt (CSV)"}
    scoped(logdb, experiments=["logs"])
    s = by(logdb, "FROM transfer_bytes_scope")
    assert (s["delta"]["attempts_with_exact_bytes"], s["ospool"]["attempts_with_exact_bytes"]) == (6, 4)
    assert s["ospool"]["bytes_scope"] == "exact per attempt (event log)"
    scoped(logdb, experiments=None)                 # both experiments: delta has both kinds
    both = by(logdb, "FROM transfer_bytes_scope")["delta"]
    assert both["bytes_scope"] == (f"mixed: 6 attempts exact (event log), "
                                   f"{both['attempts_with_cluster_bytes']} cluster totals (CSV)")
    scoped(logdb, experiments=["csv"])


def test_report_shows_the_analyses(logdb, tmp_path):
    from expreport.report.build import build_report
    from expreport.scope import make_scope
    res = build_report(logdb, make_scope(["logs"]), tmp_path, figures=[])
    m = json.loads((tmp_path / "metrics.json").read_text())
    assert {r["kind"] for r in m["data_quality"]} >= {"end_without_execute", "never ran: aborted"}
    right = [r for r in res.recommendations if r.rule.id == "right_sizing"]
    assert [r.subject for r in right] == ["delta", "delta"]
    e = [x for x in m["metrics"] if x["group"] == "requests" and x["name"] == "freed_unit_hours"
         and x["resource"] == "delta" and x["what"] == "memory"]
    assert e[0]["value"] == approx(70.5) and e[0]["unit"] == "GiB-hours"
    sites = {x["site"] for x in m["metrics"] if x["group"] == "site"}
    assert sites == {"SITE-A", "SITE-B"}
    for name in ("report.md", "summary.txt", "report.html"):
        text = (tmp_path / name).read_text()
        for want in ("Data quality", "end_without_execute", "Requests vs use", "OSPool sites",
                     "SITE-A", "runtime limit", "exact per attempt"):
            assert want in text, (name, want)
    assert (tmp_path / "tables" / "summary__data_quality.csv").read_text().count("\n") >= 4
    scoped(logdb, experiments=["logs"])


@pytest.fixture
def low_dpi(monkeypatch):
    from expreport import style
    monkeypatch.setattr(style, "DPI", 40)


def test_figures_on_logs_and_csv(logdb, tmp_path, low_dpi):
    from expreport.figures import REGISTRY, render
    figs = {f.name: f for f in REGISTRY}
    names = ("requests_vs_usage", "wasted_hours_by_cause", "ospool_sites")
    for name in names:
        r = render(logdb, figs[name], tmp_path / "logs")
        assert r.skipped is None and r.png.exists(), name
    scoped(logdb, experiments=["csv"])
    try:
        for name in names:
            r = render(logdb, figs[name], tmp_path / "csv")
            assert r.skipped is None and r.png.exists(), name
        data = {v: logdb.execute(f"FROM {v}").df() for v in figs["requests_vs_usage"].views}
        import matplotlib.pyplot as plt
        from expreport.figures import usage
        f = plt.figure()
        usage._draw(data, f)                     # CSV: the use alone, and why
        assert len(f.axes) == 4 and "not recorded" in f._supxlabel.get_text()
        plt.close(f)
    finally:
        scoped(logdb, experiments=["logs"])


def test_requests_figures_fit_a_slide(logdb, tmp_path, low_dpi):
    """requests_vs_usage was one 15 x 18 inch column of ten panels: now used vs requested and
    used / requested are two 16:9 figures."""
    import matplotlib.image as mpimg
    from expreport.figures import REGISTRY, render
    figs = {f.name: f for f in REGISTRY}
    for name in ("requests_vs_usage", "request_efficiency"):
        r = render(logdb, figs[name], tmp_path)
        h, w = mpimg.imread(r.png).shape[:2]
        assert 1.5 <= w / h <= 2.0, (name, w, h)
