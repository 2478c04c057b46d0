"""compare-sources: a CSV and the event log it was made from, attempt by attempt.

The fixture is one small campaign written twice: as an event log (the truth) and as the CSV
its generator would make, with each of the generator's quirks planted once; every difference
must come out with the planted reason. Then the CLI, and the real campaigns when present."""

from __future__ import annotations

import json
import shutil

import pytest
from eventlog import logtext as L
from helpers import REAL, ingest, row, write_csv

from expreport.errors import ExpreportError
from expreport.sources import compare_sources

D = "2026-05-04"


def ts(hm: str, day: str = D) -> str:          # log time
    return f"{day} {hm}:00" if len(hm) == 5 else f"{day} {hm}"


def ct(hm: str, day: str = D) -> str:          # CSV time
    return ts(hm, day).replace(" ", "T")


A40 = [L.gpu_ad("a401", name="NVIDIA A40", mem=46068), L.gpu_ad("a402", name="NVIDIA A40", mem=46068)]
A100 = [L.gpu_ad("c0a1", name="NVIDIA A100-SXM4-80GB", mem=81156)]
CHTC = "spark-agpu225.chtc.wisc.edu"
NO_BYTES = {"run_recv": 0, "run_sent": 0}
TERM_USAGE = {"cpu": 0.45, "mem": 26744, "GPU Memory Usage MB": 4628, "Disk Usage KB": 75885982}
TERM_BYTES = {"received": 27255831925, "sent": 699656242}


def job(cluster, node, events):
    return [L.submit(cluster, ts("09:00"), node)] + events


LOG = (
    # 100: evicted on a PDX glidein with 2 A40s, completes on CHTC with one A100
    job(100, "run1-train_epoch0", [
        L.execute(100, ts("10:10"), host="gpu02", glidein="PDX-Coeus-CE1", gpus=A40),
        L.evicted(100, ts("11:10")),
        L.execute(100, ts("12:00"), host=CHTC, glidein="CHTC-Spark-CE1", gpus=A100),
        L.terminated(100, ts("14:00"), run_recv=1000, total_recv=28866755885, run_sent=5)])
    # 101: evicted, removed two weeks later
    + job(101, "run1-train_epoch1", [L.execute(101, ts("10:20")), L.evicted(101, ts("12:20")),
                                     L.aborted(101, ts("09:00", "2026-05-20"))])
    # 102: held at the runtime limit, released, then completes
    + job(102, "run1-train_epoch2", [
        L.execute(102, ts("10:30"), host="exp-1-01.expanse.sdsc.edu"), L.held(102, ts("12:30")),
        L.released(102, ts("13:00")), L.execute(102, ts("13:30"), host="exp-1-01.expanse.sdsc.edu"),
        L.terminated(102, ts("15:30"))])
    # 103: exit code 2; 104: reconnect failed (024, then the 004 ten seconds later)
    + job(103, "run1-train_epoch3", [L.execute(103, ts("10:35")), L.terminated(103, ts("11:35"), rv=2)])
    + job(104, "run1-train_epoch4", [
        L.execute(104, ts("10:40"), host="v018.pvt.bridges2.psc.edu"), L.reconnect_failed(104, ts("11:40:00")),
        L.evicted(104, ts("11:40:10"), code=1008)])
    # 105: evicted; 3 h later an input-transfer eviction + hold with no execute; removed later
    + job(105, "run1-train_epoch5", [
        L.execute(105, ts("10:50"), host="epyc15", glidein="UTC-Epyc"), L.evicted(105, ts("11:50")),
        L.evicted(105, ts("14:50"), code=13, subcode=256, reason=None),
        L.held(105, ts("14:50"), reason="Transfer input files failure", code=13),
        L.aborted(105, ts("10:00", "2026-05-20"))])
    # 106 running, 107 evicted; 106's abort is glued into the cut line of 107's eviction
    + job(106, "run1-train_epoch6", [L.execute(106, ts("11:00"))])
    + job(107, "run1-train_epoch7", [L.execute(107, ts("11:05"))])
    + [L.evicted(107, ts("15:59:59")).split("Job\n\t28866754885")[0], L.aborted(106, ts("16:00"))]
    # 108: a hand-run job the CSV does not list; 110: two executions, the CSV lists one;
    # 111: the log lost the first execution of two
    + [L.submit(108, ts("09:00")), L.execute(108, ts("11:10")), L.terminated(108, ts("12:10"))]
    + job(110, "run1-train_epoch10", [L.execute(110, ts("11:15")), L.evicted(110, ts("12:15"), **NO_BYTES),
                                      L.execute(110, ts("12:30")), L.terminated(110, ts("13:30"))])
    + job(111, "run1-train_epoch11", [L.execute(111, ts("11:20")), L.terminated(111, ts("12:20"))])
    # 112: a standalone job; 113: a helper on the access point (no GPU, no resource evidence)
    + [L.submit(112, ts("09:00")), L.execute(112, ts("11:25")), L.terminated(112, ts("12:25"))]
    + job(113, "annex_helper", [L.execute(113, ts("09:00:05"), host="ap40.uw.osg-htc.org"),
                                L.evicted(113, ts("18:00:00"), reason=None, **NO_BYTES),
                                L.aborted(113, ts("18:00:01"))])
    # 114: one GPU (the CSV says 2); 115: the usage table's GPUs Usage cell is empty
    + job(114, "run1-train_epoch14", [L.execute(114, ts("11:30"), gpus=A100), L.terminated(114, ts("12:30"))])
    + job(115, "run1-train_epoch15", [L.execute(115, ts("11:35"), gpus=L.TWO_GPUS), L.terminated(115, ts("12:35"))])
)


def r(node, cluster, seq, status, res, start, stop=None, gpus=0, **kw):
    extra = {k: kw.pop(k) for k in list(kw) if k[0].isupper()}
    d = row(node, cluster, seq, status, res, gpus, ct(start), ct(stop) if stop and len(stop) <= 8 else stop,
            submit=ct("09:00"), dag=kw.pop("dag", ""), epochs=1, **kw)
    d.update(extra)
    return d


SITE_MEM = {"site": "CHTC-Spark-CE1", "gpu": "NVIDIA A40", "gpu_mb": 2 * 46068 + 81156}
CSV_ROWS = [
    r("run1-train_epoch0", 100, 1, "evicted", "ospool", "10:10", "11:10", 2, evicted=ct("11:10"),
      received=0, sent=0, **SITE_MEM),
    r("run1-train_epoch0", 100, 2, "completed", "ospool", "12:00", "14:00", 2, received=28866755885, sent=5,
      **SITE_MEM, **TERM_USAGE),
    r("run1-train_epoch1", 101, 1, "aborted", "delta", "10:20", ct("09:00", "2026-05-20"),
      evicted=ct("12:20"), aborted=ct("09:00", "2026-05-20"), received=0, sent=0),
    r("run1-train_epoch2", 102, 1, "released", "expanse", "10:30", held=ct("12:30"), released=ct("13:00"),
      received=0, sent=0),
    r("run1-train_epoch2", 102, 2, "completed", "expanse", "13:30", "15:30", **TERM_BYTES, **TERM_USAGE),
    r("run1-train_epoch3", 103, 1, "completed", "delta", "10:35", "11:35", dag="camp", **TERM_BYTES, **TERM_USAGE),
    r("run1-train_epoch4", 104, 1, "evicted", "bridges2", "10:40", "11:40:10", evicted=ct("11:40:10"),
      received=0, sent=0),
    r("run1-train_epoch5", 105, 1, "aborted", "ospool", "10:50", ct("10:00", "2026-05-20"), site="UTC-Epyc",
      evicted=ct("14:50"), held=ct("14:50"), aborted=ct("10:00", "2026-05-20"), received=0, sent=0),
    r("run1-train_epoch6", 106, 1, "", "delta", "11:00"),
    r("run1-train_epoch7", 107, 1, "evicted", "delta", "11:05", "15:59:59", evicted=ct("15:59:59"),
      received=0, sent=0),
    r("run1-train_epoch9", 109, 1, "completed", "delta", "11:12", "12:12", **TERM_BYTES, **TERM_USAGE),
    r("run1-train_epoch10", 110, 1, "evicted", "delta", "11:15", "12:15", evicted=ct("12:15"),
      received=0, sent=0, cpu=1.51, mem=56, gpu_use=0, **{"GPU Memory Usage MB": 771, "Disk Usage KB": 64138803}),
    r("run1-train_epoch11", 111, 1, "evicted", "delta", "10:20", "11:00", evicted=ct("11:00"),
      received=0, sent=0),
    r("run1-train_epoch11", 111, 2, "completed", "delta", "11:20", "12:20", **TERM_BYTES, **TERM_USAGE),
    r("standalone_train_uuid_abc123_cluster_112", 112, 1, "completed", "delta", "11:25", "12:25",
      dag="standalone_abc123", **TERM_BYTES, **TERM_USAGE),
    r("annex_helper", 113, 1, "aborted", "ospool", "09:00:05", "18:00:01", 1, evicted=ct("18:00:00"),
      aborted=ct("18:00:01"), received=0, sent=0, gpu="NVIDIA A100-SXM4-80GB", gpu_mb=81156,
      **{"GPU UUID": "c0a1-b524-ad94-6ed5-53490423bfe3"}),
    r("run1-train_epoch14", 114, 1, "completed", "delta", "11:30", "12:30", 2, gpu="NVIDIA A100-SXM4-80GB",
      gpu_mb=81156, **TERM_BYTES, **TERM_USAGE),
    r("run1-train_epoch15", 115, 1, "completed", "delta", "11:35", "12:35", 2, gpu="NVIDIA A100-SXM4-40GB",
      gpu_mb=80884, gpu_use=2.0, **TERM_BYTES, **TERM_USAGE),
]

T, E = "csv_bytes_terminated_only", "csv_eviction_without_execute"
U, S, X = "csv_usage_terminated_only", "spliced_line", "sequence_shift"
EXPECTED = {   # (cluster, attempt, field) -> reason: every difference planted above
    (100, 1, "glidein_site"): "copied_across_cluster", (100, 1, "gpu_memory_mb"): "gpu_memory_cluster_sum",
    (100, 1, "bytes_received"): T, (100, 1, "usage"): U,
    # (100, 2) ran in a CHTC-Spark-CE1 glidein on a chtc.wisc.edu host: ospool in both (issue 9)
    (100, 2, "n_gpus"): "copied_across_cluster",
    (100, 2, "gpu_name"): "copied_across_cluster", (100, 2, "gpu_memory_mb"): "gpu_memory_cluster_sum",
    (100, 2, "bytes_received"): "csv_bytes_cluster_total",
    (101, 1, "end_time"): "csv_end_is_removal", (101, 1, "final_status"): "csv_abort_wins",
    (101, 1, "bytes_received"): T, (101, 1, "usage"): U,
    (102, 1, "end_time"): "csv_held_no_end", (102, 1, "bytes_received"): "no_bytes_in_end_event",
    (102, 1, "bytes_sent"): "no_bytes_in_end_event",
    (103, 1, "dag_source"): "dag_not_given", (103, 1, "final_status"): "csv_nonzero_exit_completed",
    (104, 1, "end_time"): "reconnect_end", (104, 1, "run_seconds"): "reconnect_end",
    (104, 1, "final_status"): "no_reconnect_status", (104, 1, "bytes_received"): T, (104, 1, "usage"): U,
    (105, 1, "end_time"): "csv_end_is_removal", (105, 1, "run_seconds"): E, (105, 1, "evicted_time"): E,
    (105, 1, "final_status"): "csv_abort_wins", (105, 1, "bytes_received"): T, (105, 1, "usage"): U,
    (106, 1, "end_time"): S, (106, 1, "run_seconds"): S, (106, 1, "aborted_time"): S, (106, 1, "final_status"): S,
    (107, 1, "bytes_received"): "no_bytes_in_end_event", (107, 1, "bytes_sent"): "no_bytes_in_end_event",
    (108, 1, "attempt"): "cluster_not_in_csv", (109, 1, "attempt"): "cluster_not_in_log",
    (110, 2, "attempt"): "attempt_not_in_csv",
    (111, 1, "start_time"): X, (111, 1, "end_time"): X, (111, 1, "run_seconds"): X,
    (111, 1, "evicted_time"): X, (111, 1, "final_status"): X, (111, 1, "bytes_received"): X,
    (111, 1, "bytes_sent"): X, (111, 1, "usage"): X, (111, 2, "attempt"): "missing_execute_in_log",
    (112, 1, "job_name"): "standalone_identity", (112, 1, "dag_source"): "standalone_identity",
    (113, 1, "end_time"): "csv_end_is_removal", (113, 1, "final_status"): "csv_abort_wins",
    (113, 1, "resource"): "log_no_resource", (113, 1, "n_gpus"): "csv_gpu_from_other_job",
    (113, 1, "gpu_name"): "csv_gpu_from_other_job", (113, 1, "gpu_memory_mb"): "csv_gpu_from_other_job",
    (113, 1, "usage"): U,
    (114, 1, "n_gpus"): "csv_gpu_count_unsupported", (115, 1, "usage"): "csv_usage_shifted",
}


@pytest.fixture(scope="module")
def campaign_db(tmp_path_factory, template_db):
    """The fixture campaign ingested once (as 'csv' and 'log'); each test gets a copy."""
    from expreport.store import connect
    tmp = tmp_path_factory.mktemp("sources")
    path = tmp / "campaign.duckdb"
    shutil.copyfile(template_db, path)
    log = tmp / "campaign.dag.nodes.log"
    log.write_text("".join(LOG))
    con = connect(path, write=True)
    ingest(con, write_csv(tmp / "job_summary.csv", CSV_ROWS), experiment="csv")
    ingest(con, log, experiment="log")
    con.close()
    return path


@pytest.fixture
def sources(campaign_db, fresh_db_path):
    from expreport.store import connect
    shutil.copyfile(campaign_db, fresh_db_path)
    con = connect(fresh_db_path, write=True)
    yield con
    con.close()


def found(res):
    return {(d["cluster_id"], d["attempt_seq"], d["field"]): d["reason"] for d in res.difference_dicts()}


def test_every_planted_difference_has_its_reason(sources):
    res = compare_sources(sources, "csv", "log")
    assert found(res) == EXPECTED
    o = res.overview
    assert (o["attempts_a"], o["attempts_b"], o["paired"], o["only_a"], o["only_b"]) == (18, 18, 16, 2, 2)
    assert (o["same_start"], o["differences"], o["unexplained"]) == (15, len(EXPECTED), 0)
    d = {(x["cluster_id"], x["field"]): x for x in res.difference_dicts()}
    e = d[(101, "end_time")]                     # values, B - A in seconds, source lines
    assert (e["value_a"], e["value_b"], e["difference"]) == ("2026-05-20 09:00:00", "2026-05-04 12:20:00",
                                                             -(15 * 86400 + 20 * 3600 + 40 * 60))
    assert e["line_a"] == 4 and e["line_b"] > 1
    assert d[(105, "run_seconds")]["value_a"] == str(4 * 3600) and d[(105, "run_seconds")]["value_b"] == "3600"


def test_reversed_order_swaps_values_not_reasons(sources):
    fwd, rev = compare_sources(sources, "csv", "log"), compare_sources(sources, "log", "csv")
    assert found(rev) == found(fwd)
    a = {(x["cluster_id"], x["attempt_seq"], x["field"]): x for x in fwd.difference_dicts()}
    for x in rev.difference_dicts():
        y = a[(x["cluster_id"], x["attempt_seq"], x["field"])]
        assert (x["value_a"], x["value_b"]) == (y["value_b"], y["value_a"])
        assert x["difference"] == (None if y["difference"] is None else -y["difference"])


def test_summary_counts_per_field_and_reason(sources):
    res = compare_sources(sources, "csv", "log")
    s = {(x["field"], x["reason"]): x for x in res.summary_dicts()}
    assert s[("bytes_received", T)]["differences"] == 4 and s[("bytes_received", T)]["clusters"] == 4
    assert s[("end_time", "csv_end_is_removal")]["example"] == \
        "101.1: 2026-05-20 09:00:00 -> 2026-05-04 12:20:00"
    assert "removal time" in s[("end_time", "csv_end_is_removal")]["explanation"]
    assert sum(x["differences"] for x in s.values()) == len(EXPECTED)


def test_same_kind_sources_are_not_classified(sources, tmp_path):
    ingest(sources, write_csv(tmp_path / "b.csv", CSV_ROWS[:2]), experiment="csv2")
    res = compare_sources(sources, "csv", "csv2")
    assert set(found(res).values()) == {"same_kind"} and "same_kind" in res.note()
    assert res.overview["only_a"] == len(CSV_ROWS) - 2


def test_bad_experiments(sources):
    with pytest.raises(ExpreportError, match="unknown experiment 'lgo'. Known experiments: log"):
        compare_sources(sources, "csv", "lgo")
    with pytest.raises(ExpreportError, match="two different experiments"):
        compare_sources(sources, "csv", "csv")


def _cli(capsys, *args):
    from expreport.cli import main
    with pytest.raises(SystemExit) as e:
        main(list(args))
    out = capsys.readouterr()
    return e.value.code, out.out, out.err


def test_cli_table_csv_json(sources, fresh_db_path, tmp_path, capsys):
    sources.close()
    db = ["--db", str(fresh_db_path)]
    code, out, _ = _cli(capsys, *db, "compare-sources", "csv", "log")
    assert code == 0 and "16 paired" in out and "0 unexplained" in out
    assert "csv_gpu_from_other_job" in out and "Reasons:" in out and "113" in out
    code, out, err = _cli(capsys, *db, "compare-sources", "csv", "log", "--format", "csv")
    lines = out.splitlines()
    assert code == 0 and lines[0].startswith("experiment_a,experiment_b,cluster_id,attempt_seq")
    assert len(lines) == 1 + len(EXPECTED) and "0 unexplained" in err
    target = tmp_path / "out" / "diff.json"
    code, out, _ = _cli(capsys, *db, "compare-sources", "log", "csv", "-f", "json", "--out", str(target))
    assert code == 0 and out.strip() == str(target.resolve())
    doc = json.loads(target.read_text())
    assert doc["overview"]["experiment_a"] == "log" and len(doc["differences"]) == len(EXPECTED)
    assert {x["reason"] for x in doc["summary"]} == set(EXPECTED.values())
    code, _, err = _cli(capsys, *db, "compare-sources", "csv", "nope")
    assert code == 1 and "unknown experiment 'nope'" in err
    code, _, err = _cli(capsys, *db, "compare-sources", "csv", "log", "-f", "xml")
    assert code == 1 and "--format" in err


def _real(db, folder, standalone=()):
    from expreport.ingest import ingest_files
    ingest_files(db, [folder / "job_summary.csv"], experiment="csv")
    ingest_files(db, sorted(folder.glob("*.dag.nodes.log")), experiment="log", dags=sorted(folder.glob("*.dag")))
    if standalone:
        ingest_files(db, standalone, experiment="log")       # hand-run jobs: no DAG
    return compare_sources(db, "csv", "log")


@pytest.mark.skipif(not (REAL / "global_pretraining").exists(), reason="../shared/real not present")
def test_real_global_pretraining(db):
    gp = REAL / "global_pretraining"
    res = _real(db, gp)
    o = res.overview
    assert o["attempts_a"] == o["attempts_b"] == o["paired"] == o["same_start"] == 118
    assert o["unexplained"] == 0 and o["differences"] > 0
    reasons = {(x["field"], x["reason"]) for x in res.summary_dicts()}
    assert {("end_time", "csv_end_is_removal"), ("final_status", "csv_abort_wins"),
            ("glidein_site", "copied_across_cluster"),
            ("aborted_time", "spliced_line"), ("run_seconds", "csv_eviction_without_execute")} <= reasons
    assert not any(f in ("attempt", "start_time") for f, _ in reasons)
    # a glidein on a chtc.wisc.edu host is ospool in the log too: no resource differs (issue 9)
    assert not any(f == "resource" for f, _ in reasons)


@pytest.mark.skipif(not (REAL / "ospool_misconfigured").exists(), reason="../shared/real not present")
def test_real_ospool_misconfigured(db):
    om = REAL / "ospool_misconfigured"
    res = _real(db, om, sorted((om / "standalone").glob("*.log")))
    o = res.overview
    assert (o["attempts_a"], o["paired"], o["same_start"], o["only_a"]) == (57, 57, 57, 0)
    assert o["unexplained"] == 0
