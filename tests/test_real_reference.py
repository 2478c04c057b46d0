"""expreport's numbers on ../shared/real against an independent reference reading.

The reference (tests/real_reference.py, tests/real_reference_sums.py) reads the raw event logs,
DAG files and CSVs with the standard library only, from the definitions; these tests compare
what expreport's views say with it (definitions of issue 9 included: glidein -> ospool,
service jobs apart, standalone epochs, user removals, copied GPU details, CSV + log merged).

Experiments (one database, ingested once per module):
  gp_log / gp_csv    global_pretraining: its 3 nodes logs + 3 DAGs / job_summary.csv (v6)
  om_log / om_csv    ospool_misconfigured: 2 nodes logs + standalone/*.log + 2 DAGs / its CSV
  gp_merged          the gp CSV and the gp logs ingested into ONE experiment
"""

from __future__ import annotations

import shutil

import pytest
import real_reference as ref
import real_reference_sums as sums
from helpers import REAL, built_once, scoped

pytestmark = pytest.mark.skipif(not REAL.exists(), reason="../shared/real not present")

GP, OM = REAL / "global_pretraining", REAL / "ospool_misconfigured"
LOGS = {"gp_log": (sorted(GP.glob("*.dag.nodes.log")), sorted(GP.glob("*.dag"))),
        "om_log": (sorted(OM.glob("*.dag.nodes.log")) + sorted((OM / "standalone").glob("*.log")),
                   sorted(OM.glob("*.dag")))}
CSVS = {"gp_csv": GP / "job_summary.csv", "om_csv": OM / "job_summary.csv"}
EXPERIMENTS = ["gp_log", "gp_csv", "om_log", "om_csv", "gp_merged"]


@pytest.fixture(scope="module")
def reference():
    """{experiment: the reference's items (log attempts or CSV rows)}."""
    out = {name: ref.eventlog_attempts(*LOGS[name]) for name in LOGS}
    out.update({name: ref.csv_rows(path) for name, path in CSVS.items()})
    out["gp_merged"] = sums.merged(out["gp_log"], out["gp_csv"])
    return out


@pytest.fixture(scope="module")
def con(tmp_path_factory, template_db):
    """One database holding the five experiments."""
    from expreport.store import connect
    c = connect(built_once(tmp_path_factory, "realref", lambda p: _build(p, template_db)), write=True)
    yield c
    c.close()


def _build(path, template_db):
    from expreport.ingest import ingest_files
    from expreport.store import connect
    shutil.copyfile(template_db, path)
    c = connect(path, write=True)
    try:
        for name, (logs, dags) in LOGS.items():
            ingest_files(c, logs, experiment=name, dags=dags)
        for name, csv in CSVS.items():
            ingest_files(c, [csv], experiment=name)
        ingest_files(c, [CSVS["gp_csv"]], experiment="gp_merged")
        ingest_files(c, LOGS["gp_log"][0], experiment="gp_merged", dags=LOGS["gp_log"][1])
    finally:
        c.close()


def q(con, exp, sql, params=None):
    """Rows of ``sql`` with the scope set to one experiment."""
    scoped(con, experiments=[exp])
    return con.execute(sql, params or []).fetchall()


# ------------------------------------------------------------------ per resource and totals

@pytest.mark.parametrize("exp", EXPERIMENTS)
def test_attempts_per_resource(con, reference, exp):
    want = {r: v["attempts"] for r, v in sums.per_resource(reference[exp]).items()}
    assert dict(q(con, exp, "SELECT resource, attempts FROM resource_summary")) == want
    assert dict(q(con, exp, "SELECT resource, count(*) FROM attempts GROUP BY 1")) == want


@pytest.mark.parametrize("exp", EXPERIMENTS)
def test_gpu_hours_per_resource(con, reference, exp):
    want = {r: round(v["gpu_hours"], 2) for r, v in sums.per_resource(reference[exp]).items()}
    got = {r: round(h, 2) for r, h in q(con, exp, "SELECT resource, gpu_hours FROM resource_summary")}
    assert got == want


@pytest.mark.parametrize("exp", EXPERIMENTS)
def test_epochs_per_resource(con, reference, exp):
    want = {r: v["epochs"] for r, v in sums.per_resource(reference[exp]).items()}
    assert dict(q(con, exp, "SELECT resource, epochs FROM epochs_by_resource")) == want
    assert dict(q(con, exp, "SELECT resource, epochs FROM resource_summary")) == want


@pytest.mark.parametrize("exp", EXPERIMENTS)
def test_campaign_totals(con, reference, exp):
    want = sums.totals(reference[exp])
    (got,) = q(con, exp, "SELECT attempts, round(gpu_hours, 2), epochs FROM campaign_totals")
    assert got == (want["attempts"], round(want["gpu_hours"], 2), want["epochs"])


@pytest.mark.parametrize("exp", EXPERIMENTS)
def test_gpu_hours_per_gpu_model_top3(con, reference, exp):
    want = [(m, round(h, 2)) for m, h in sums.top(sums.gpu_hours_by_model(reference[exp]))]
    got = q(con, exp, "SELECT gpu_model, round(sum(gpu_hours), 2) AS h FROM gpu_mix "
                      "GROUP BY 1 ORDER BY h DESC, gpu_model LIMIT 3")
    assert got == want


# ------------------------------------------------------------------ single definitions

def test_reference_reads_every_execute_event(reference):
    """197 execute events in the real logs (118 gp, 79 om), none left running; 118 + 57 CSV rows."""
    assert (len(reference["gp_log"]), len(reference["om_log"])) == (118, 79)
    assert (len(reference["gp_csv"]), len(reference["om_csv"])) == (118, 57)
    assert not [a for e in LOGS for a in reference[e] if a["outcome"] == "running"]


@pytest.mark.parametrize("exp", ["gp_log", "om_log"])
def test_starts_and_sites_of_log_attempts(con, reference, exp):
    """Every execute event is one attempt: same (cluster, n-th execution, start, OSPool site)."""
    want = sorted((a["cluster"], a["seq"], a["start"], a["site"]) for a in reference[exp]
                  if not a["service"])
    got = q(con, exp, "SELECT cluster_id, attempt_seq, start_time, site FROM attempts "
                      "WHERE job_name IS DISTINCT FROM 'annex_helper' ORDER BY ALL")
    assert got == want


def test_gp_logs_have_no_chtc_and_43_ospool_epochs(con, reference):
    per = sums.per_resource(reference["gp_log"])
    assert "chtc" not in per and per["ospool"]["epochs"] == 43     # the reference agrees
    got = dict(q(con, "gp_log", "SELECT resource, epochs FROM epochs_by_resource"))
    assert "chtc" not in got and got["ospool"] == 43


def test_glidein_attempts_are_ospool_with_their_site(con, reference):
    want = sorted((a["cluster"], a["seq"], a["resource"], a["site"]) for a in reference["gp_log"])
    got = q(con, "gp_log", "SELECT cluster_id, attempt_seq, resource, site FROM attempts ORDER BY ALL")
    assert got == want


def test_request_memory_of_cluster_14655617(con, reference):
    want = [a["request_memory_mb"] for a in sorted(reference["gp_log"], key=lambda a: a["seq"])
            if a["cluster"] == 14655617]
    # the usage tables say 120000 MB (retry_request_memory) after the first eviction; the held
    # last attempt has no table and falls back to the DAG's request_memory = 80000
    assert want == [80000, 120000, 120000, 120000, 120000, 120000, 120000, 120000, 80000]
    got = q(con, "gp_log", "SELECT request_memory_mb FROM attempts WHERE cluster_id = 14655617 "
                           "ORDER BY attempt_seq")
    assert [g for (g,) in got] == want


@pytest.mark.parametrize("exp", ["gp_log", "om_log"])
def test_user_removal_by_resource(con, reference, exp):
    """A user's condor_hold is a user removal too (README glossary): the reference adds the 3 om
    attempts evicted and then held 'via condor_hold (by user ...)' (228.16 GPU-hours)."""
    want = {r: (v["attempts"], round(v["gpu_hours"], 2))
            for r, v in sums.user_removals(reference[exp]).items()}
    got = q(con, exp, "SELECT resource, count(*), round(sum(gpu_hours), 2) FROM attempts "
                      "WHERE waste_cause = 'user removal' GROUP BY 1")
    assert {r: (n, h) for r, n, h in got} == want


def test_user_removals_in_the_real_logs(reference):
    """Only the standalone om logs have user removals: an eviction without reason and an abort
    'via condor_rm' within a minute (9 attempts, 8.62 GPU-hours; 1 on AWS, 0.14 GPU-hours), and
    3 evictions without reason followed at once by 'via condor_hold (by user ...)' (228.16)."""
    assert sums.user_removals(reference["gp_log"]) == {}
    got = {r: (v["attempts"], round(v["gpu_hours"], 2)) for r, v in
           sums.user_removals(reference["om_log"]).items()}
    assert got == {"delta": (8, 147.24), "expanse": (3, 89.4), "aws": (1, 0.14)}


@pytest.mark.parametrize("exp", list(CSVS))
def test_copied_gpu_details(con, reference, exp):
    rows = sums.copied_gpu_rows(reference[exp])
    want = (len(rows), round(sum(r["gpu_hours"] for r in rows), 2))
    assert want == {"gp_csv": (79, 1170.36), "om_csv": (6, 19.17)}[exp]
    assert q(con, exp, "SELECT count(*), round(sum(gpu_hours), 2) FROM attempts "
                       "WHERE gpu_details_copied") == [want]


def test_standalone_epochs(con, reference):
    want = sums.standalone_epochs(reference["om_csv"])
    assert want == {"expanse": 6, "delta": 4}
    got = dict(q(con, "om_csv", "SELECT resource, epochs FROM epochs_by_resource"))
    assert {r: got.get(r) for r in want} == want


@pytest.mark.parametrize("exp", [pytest.param(e, id=e) for e in ("om_log", "om_csv")])
def test_service_jobs(con, reference, exp):
    want = sorted((a["cluster"], a["seq"]) for a in reference[exp] if a["service"])
    assert want == [(12650920, 1)]                                   # annex_helper
    assert q(con, exp, "SELECT cluster_id, attempt_seq FROM service_attempts ORDER BY ALL") == want
    assert q(con, exp, "SELECT count(*) FROM attempts WHERE job_name = 'annex_helper'") == [(0,)]


def test_merged_experiment_takes_the_log_values(con, reference):
    m = reference["gp_merged"]
    assert len(m) == 118                                    # every CSV row has its log attempt
    want = {k: round(v, 2) for k, v in sums.gpu_hours_by_model(m).items()}
    got = q(con, "gp_merged", "SELECT gpu_model, round(sum(gpu_hours), 2) FROM gpu_mix GROUP BY 1")
    assert dict(got) == want
    assert q(con, "gp_merged", "SELECT count(*) FROM attempts") == [(118,)]


def test_standalone_logs_map_by_execute_host(con, reference):
    """The standalone metl logs have no glidein and no DAG: their hosts give expanse, delta,
    anvil, bridges2 and aws."""
    want = sorted((a["cluster"], a["seq"], a["resource"]) for a in reference["om_log"]
                  if a["log"].startswith("metl_"))
    assert {r for _, _, r in want} == {"expanse", "delta", "anvil", "bridges2", "aws"}
    got = q(con, "om_log", "SELECT cluster_id, attempt_seq, resource FROM attempts "
                           "WHERE ingest_id IN (SELECT ingest_id FROM ingests "
                           "WHERE source_path LIKE '%metl_%') ORDER BY ALL")
    assert got == want


@pytest.mark.parametrize("exp", ["gp_log", "om_log"])
def test_request_memory_of_every_log_attempt(con, reference, exp):
    want = sorted((a["cluster"], a["seq"], a["request_memory_mb"]) for a in reference[exp]
                  if not a["service"])
    got = q(con, exp, "SELECT cluster_id, attempt_seq, request_memory_mb FROM attempts "
                      "WHERE job_name IS DISTINCT FROM 'annex_helper' ORDER BY ALL")
    assert got == want


def test_copied_gpu_flag_against_the_logs(reference):
    """The flag catches every gp CSV row whose GPU details differ from its execute event except
    16 single-attempt clusters where the CSV says 2 GPUs and the log 1 (GPU Memory MB is one
    device's): 281.19 CSV GPU-hours for 140.59 real ones."""
    log = {(a["cluster"], a["seq"]): a for a in reference["gp_log"]}
    flagged = {id(r) for r in sums.copied_gpu_rows(reference["gp_csv"])}
    differs = [r for r in reference["gp_csv"]
               if (r["gpus"], r["GPU Device Name"], int(r["GPU Memory MB"] or 0)) !=
               (log[r["cluster"], r["seq"]]["gpus"], log[r["cluster"], r["seq"]]["gpu_model"],
                log[r["cluster"], r["seq"]]["gpu_memory_mb"])]
    missed = [r for r in differs if id(r) not in flagged]
    assert len(differs) == 95 and not flagged - {id(r) for r in differs}
    assert {(r["gpus"], log[r["cluster"], r["seq"]]["gpus"]) for r in missed} == {(2, 1)}
    assert (len(missed), round(sum(r["gpu_hours"] for r in missed), 2),
            round(sum(log[r["cluster"], r["seq"]]["gpu_hours"] for r in missed), 2)) == (16, 281.19, 140.59)
