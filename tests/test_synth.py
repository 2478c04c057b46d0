"""Tests of the synthetic campaign generator (expreport.synth)."""
from __future__ import annotations

import collections
import csv
import datetime as dt
import re
from pathlib import Path

import pytest

from expreport import synth

ROOT = Path(__file__).resolve().parents[1]
FORMAT_DOC = ROOT.parent / "shared" / "csv-format.md"
TS = "%Y-%m-%dT%H:%M:%S"
V6 = (
    "Job Name,DAG Source,Run UUID,HTCondor Cluster ID,Attempt Sequence,Final Status,Targeted Resource,"
    "GLIDEIN Resource Name,Submit Time,Start Time,End Time,Execution Duration (seconds),"
    "Execution Duration (human),Total Duration (seconds),Total Duration (human),Total Bytes Sent,"
    "Total Bytes Received,Number of GPUs,GPU Device Name,GPU Memory MB,GPU Capability,GPU Driver Version,"
    "GPU ECC Enabled,GPU UUID,GPU ID,GPU PCI Bus ID,GPU Usage,GPU Memory Usage MB,CPU Usage,"
    "Peak Memory Usage MB,Disk Usage KB,Held Time,Released Time,Evicted Time,Aborted Time,"
    "Transfer Input Start Time,Transfer Input End Time,Transfer Input Duration (seconds),"
    "Transfer Input Duration (human),Epochs Completed"
)
TERMINATED = {"completed", "failed", "checkpointed"}


TS_RE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")  # no zone, no fraction


def _ts(s: str) -> dt.datetime | None:
    if not s:
        return None
    assert TS_RE.fullmatch(s), s
    return dt.datetime.fromisoformat(s)


def _read(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> tuple[Path, list[dict[str, str]], dict]:
    path = tmp_path_factory.mktemp("synth") / "job_summary.csv"
    facts = synth.write_campaign(path, 20_000, seed=11)
    return path, _read(path), facts


def test_header_is_v6_of_the_format_doc(big):
    path, _, _ = big
    assert synth.HEADER == V6 and len(synth.COLUMNS) == 40
    assert path.read_bytes().split(b"\n", 1)[0].decode() == V6
    if FORMAT_DOC.exists():  # the doc is the reference; it sits in shared/ beside the project
        m = re.search(r"v6 in full:\s*\n`([^`]+)`", FORMAT_DOC.read_text(encoding="utf-8"))
        assert m and m.group(1) == V6


def test_same_seed_same_bytes_other_seed_differs(tmp_path):
    a, b, c = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "c.csv"
    synth.write_campaign(a, 2500, seed=5)
    synth.write_campaign(b, 2500, seed=5)
    synth.write_campaign(c, 2500, seed=6)
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != c.read_bytes()
    assert len(c.read_bytes().splitlines()) == 2501


@pytest.mark.parametrize("n", [0, 1, 7, 250, 1234])
def test_exact_row_count_utf8_lf(tmp_path, n):
    path = tmp_path / "x.csv"
    facts = synth.write_campaign(path, n, seed=3)
    data = path.read_bytes()
    assert b"\r" not in data and data.endswith(b"\n")
    assert data.count(b"\n") == n + 1
    assert len(_read(path)) == n and facts["rows"] == n


def test_status_shares(big):
    _, rows, _ = big
    share = collections.Counter(r["Final Status"] for r in rows)
    targets = {"completed": (.432, .02), "failed": (.206, .02), "evicted": (.148, .015),
               "aborted": (.138, .015), "released": (.039, .008), "RESCUED": (.019, .006),
               "checkpointed": (.009, .004), "held": (.005, .003), "": (.004, .003)}
    assert set(share) == set(targets)
    for status, (target, tol) in targets.items():
        assert abs(share[status] / len(rows) - target) <= tol, (status, share[status] / len(rows))


def test_resource_shares_and_case(big):
    _, rows, _ = big
    raw = collections.Counter(r["Targeted Resource"] for r in rows)
    assert "CHTC" in raw and "chtc" not in raw  # a rare resource spelled in capitals
    share = collections.Counter(r["Targeted Resource"].lower() for r in rows)
    targets = {"ospool": (.637, .03), "expanse": (.15, .02), "aws": (.14, .02), "bridges2": (.03, .01),
               "delta": (.03, .01), "anvil": (.006, .004), "chtc": (.004, .003), "": (.003, .003)}
    assert set(share) == set(targets)
    for res, (target, tol) in targets.items():
        assert abs(share[res] / len(rows) - target) <= tol, (res, share[res] / len(rows))


def test_gpu_columns_follow_the_resource(big):
    _, rows, _ = big
    per_device = {"Tesla V100-SXM2-32GB": 32768, "NVIDIA L40S": 46068, "NVIDIA A100-SXM4-80GB": 81920,
                  "NVIDIA H200": 143771, "NVIDIA H100 80GB HBM3": 81559, "NVIDIA A40": 46068,
                  "NVIDIA A100-SXM4-40GB": 40960}
    zero = 0
    for r in rows:
        n, res = int(r["Number of GPUs"]), r["Targeted Resource"]
        assert bool(r["GLIDEIN Resource Name"]) == (res == "ospool")
        if n == 0:
            zero += 1
            assert r["GPU Device Name"] == r["GPU UUID"] == r["GPU Usage"] == r["GPU Memory MB"] == ""
            continue
        assert int(r["GPU Memory MB"]) == n * per_device[r["GPU Device Name"]]
        assert r["GPU ID"] == "GPU-" + r["GPU UUID"][:8] and r["GPU ECC Enabled"] in ("True", "False")
        if res == "expanse":
            assert (n, r["GPU Device Name"], r["GPU Capability"]) == (4, "Tesla V100-SXM2-32GB", "7.0")
        elif res == "aws":
            assert (n, r["GPU Device Name"]) == (2, "NVIDIA L40S")
        elif res == "ospool":
            assert n in (1, 2)
    assert 0.003 < zero / len(rows) < 0.02


def test_aborted_quirk_present(big):
    _, rows, _ = big
    aborted = [r for r in rows if r["Final Status"] == "aborted"]
    quirky = [r for r in aborted if r["Evicted Time"] or r["Held Time"]]
    assert 0.2 < len(quirky) / len(aborted) < 0.4
    for r in aborted:
        assert r["End Time"] == r["Aborted Time"] != ""
    for r in quirky:  # removed hours to weeks after the eviction / hold
        earlier = max(t for t in (_ts(r["Evicted Time"]), _ts(r["Held Time"])) if t)
        assert (_ts(r["End Time"]) - earlier).total_seconds() >= 3 * 3600 - 1
    assert max(int(r["Execution Duration (seconds)"]) for r in quirky) > 100 * 3600


def test_bytes_and_usage_only_on_terminated_rows(big):
    _, rows, _ = big
    for r in rows:
        if r["Final Status"] in TERMINATED:
            seq = int(r["Attempt Sequence"])  # cumulative over the cluster's executions
            assert 26.0e9 < int(r["Total Bytes Received"]) / seq < 28.5e9
            assert int(r["Total Bytes Sent"]) > 0 and r["CPU Usage"] and r["Disk Usage KB"]
        else:
            assert r["Total Bytes Sent"] == r["Total Bytes Received"] == "0"
            assert r["GPU Usage"] == r["CPU Usage"] == r["Peak Memory Usage MB"] == r["Disk Usage KB"] == ""


def test_timestamps_and_durations_consistent(big):
    _, rows, _ = big
    has_ti = 0
    for r in rows:
        for col in synth.COLUMNS:
            if col.endswith("Time") and r[col]:
                assert _ts(r[col]).strftime(TS) == r[col]  # parses back to the same text
        sub, start, end = _ts(r["Submit Time"]), _ts(r["Start Time"]), _ts(r["End Time"])
        assert sub <= start and r["Epochs Completed"] == "1"
        if r["Transfer Input Duration (seconds)"]:
            has_ti += 1
            d = int(r["Transfer Input Duration (seconds)"])
            assert (_ts(r["Transfer Input End Time"]) - _ts(r["Transfer Input Start Time"])).total_seconds() == d
            assert r["Transfer Input Duration (human)"] == str(dt.timedelta(seconds=d))
            assert sub <= _ts(r["Transfer Input Start Time"]) and _ts(r["Transfer Input End Time"]) <= start
        if end is None:
            assert r["Execution Duration (seconds)"] == r["Total Duration (human)"] == ""
            assert r["Final Status"] in ("held", "released", "RESCUED", "")
            continue
        ex, tot = max(0, int((end - start).total_seconds())), int((end - sub).total_seconds())
        assert int(r["Execution Duration (seconds)"]) == ex and int(r["Total Duration (seconds)"]) == tot
        assert r["Execution Duration (human)"] == str(dt.timedelta(seconds=ex))
        assert r["Total Duration (human)"] == str(dt.timedelta(seconds=tot))
        if r["Final Status"] == "evicted":
            assert r["Evicted Time"] == r["End Time"]
    assert 0.9 < has_ti / len(rows) < 0.99


def test_medians_and_campaign_span(big):
    _, rows, facts = big

    def med(status):
        xs = sorted(int(r["Execution Duration (seconds)"]) for r in rows
                    if r["Final Status"] == status and r["Execution Duration (seconds)"])
        return xs[len(xs) // 2]

    assert abs(med("completed") / 3600 - 10.6) < 0.8
    assert abs(med("failed") / 60 - 8) < 1.5
    assert abs(med("evicted") / 3600 - 5.5) < 0.8
    first = min(_ts(r["Submit Time"]) for r in rows)
    last = max(_ts(r["End Time"]) for r in rows if r["End Time"])
    assert 35 <= (last - first).days <= 60 and first >= _ts(synth.EXAMPLE_START)
    assert facts["runs"] > 100 and facts["dags"] > 10


def test_sorted_by_job_name_and_clusters(big):
    _, rows, _ = big
    names = [r["Job Name"] for r in rows]
    assert names == sorted(names)
    assert any(n == "annex_helper" for n in names) and any(n.endswith("-eval") for n in names)
    clusters = collections.defaultdict(list)
    for r in rows:
        clusters[int(r["HTCondor Cluster ID"])].append(r)
    by_submit = sorted(clusters, key=lambda c: (clusters[c][0]["Submit Time"], c))
    assert by_submit == sorted(clusters)  # 8-digit ids increase with submit time
    assert all(10**7 <= c < 10**8 for c in clusters)
    for rs in clusters.values():
        assert len({(r["Job Name"], r["DAG Source"], r["Submit Time"]) for r in rs}) == 1
        assert sorted(int(r["Attempt Sequence"]) for r in rs) == list(range(1, len(rs) + 1))
        if any(r["Final Status"] == "RESCUED" for r in rs):
            assert all(r["Final Status"] == "RESCUED" for r in rs)
    assert any(len(rs) >= 2 and rs[0]["Final Status"] == "evicted" for rs in clusters.values())


def test_epochs_end_with_one_completion(big):
    _, rows, _ = big
    done = collections.Counter()
    nodes = set()
    for r in rows:
        if "-train_epoch" in r["Job Name"]:
            assert re.fullmatch(r"run\d+-train_epoch([0-9]|[12][0-9])", r["Job Name"])
            assert re.fullmatch(r"[0-9a-f]{8}", r["Run UUID"])
            nodes.add(r["Job Name"])
            done[r["Job Name"]] += r["Final Status"] == "completed"
    counts = collections.Counter(done[n] for n in nodes)
    assert set(counts) <= {0, 1, 2}
    assert counts[1] / len(nodes) > 0.93 and 0.015 < counts[2] / len(nodes) < 0.05
    assert 0 < counts[0] / len(nodes) < 0.02  # a few epochs never completed
    dags = collections.defaultdict(set)  # a run moved to a second DAG: same node name in both
    for r in rows:
        dags[r["Job Name"]].add(r["DAG Source"])
    assert any(len(d) == 2 for d in dags.values())


def test_checkpoint_then_completed_elsewhere(big):
    _, rows, _ = big
    moved = 0
    for prev, cur in zip(rows, rows[1:]):
        if (prev["Final Status"] == "checkpointed" and cur["HTCondor Cluster ID"] == prev["HTCondor Cluster ID"]):
            assert cur["Targeted Resource"] != prev["Targeted Resource"]
            moved += 1
    assert moved > 10


def test_example_file_is_a_regeneration(tmp_path):
    example = ROOT / synth.EXAMPLE_PATH
    out = tmp_path / "example.csv"
    synth.write_campaign(out, synth.EXAMPLE_ATTEMPTS, seed=synth.EXAMPLE_SEED, start=synth.EXAMPLE_START)
    assert example.read_bytes() == out.read_bytes()
    assert f"--attempts {synth.EXAMPLE_ATTEMPTS} --seed {synth.EXAMPLE_SEED}" in synth.__doc__


def test_cli_main(tmp_path, capsys):
    out = tmp_path / "cli.csv"
    synth.main(["--attempts", "40", "--seed", "2", "--out", str(out)])
    assert out.read_bytes().count(b"\n") == 41
    assert '"rows": 40' in capsys.readouterr().out
