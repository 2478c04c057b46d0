"""Smoke test of the benchmark harness (bench/, issue 6): it runs end to end on 1k attempts.

The harness itself is not part of the test suite (an hour at 10M attempts); this checks that it
generates, measures and checks on a tiny campaign. ``report`` is left out (its figures take
~15 s even at 1k attempts and have their own tests).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def test_bench_runs_on_1k_attempts(tmp_path, capsys):
    from bench.run import main
    rc = main(["--sizes", "1k", "--repeat", "1", "--cache", str(tmp_path), "--increment", "1k",
               "--measures", "help,ingest,summary,sql,pandas,incremental"])
    assert rc == 0, capsys.readouterr().err
    (result,) = (tmp_path / "results").glob("run-*.json")
    data = json.loads(result.read_text())
    got = {(r["measure"], r["n"]) for r in data["rows"]}
    assert {("help", None), ("floor", 1000), ("ingest", 1000), ("summary", 1000), ("sql", 1000),
            ("pandas", 1000), ("incr_empty", 0), ("incr_new", 1000), ("incr_same", 1000)} <= got
    for r in data["rows"]:
        assert r["runs"] == 1 and r["failed"] == 0, r
        assert r["median"] > 0 and r["rss_mb"] and r["rss_mb"] > 5, r
    (check,) = data["checks"]
    assert check["ok"] is True and check["diffs"] == [], check
    assert data["db_sizes"][0]["db_mb"] > 0
    assert "| 1k | ingest |" in capsys.readouterr().out


def test_peak_rss_without_gnu_time(tmp_path):
    """The fallback when /usr/bin/time is absent: a python wrapper reading RUSAGE_CHILDREN."""
    from bench.measure import run
    child = [sys.executable, "-c", "b = bytearray(200 * 1024 * 1024); b[::4096] = b'x' * len(b[::4096])"]
    s = run(child, method="python", cwd=tmp_path)
    assert s.rc == 0 and s.error is None
    assert 200 <= s.rss_mb < 400 and 0 < s.wall < 30


def test_everyday_harness_table(tmp_path, capsys):
    """bench.everyday (issue 11) on a 30-attempt campaign, with `true` standing in for
    expreport (the real report takes seconds): every sample measured, one row per measure."""
    from bench.everyday import main
    rc = main(["--attempts", "30", "--repeat", "2", "--expreport", "true", "--cache", str(tmp_path),
               "--cold-template"])
    out = capsys.readouterr()
    assert rc == 0, out.err
    assert (tmp_path / "everyday-30-s6.csv").stat().st_size > 0
    assert out.out.count("| ingest && report |") == 1 and out.out.count("| report (existing db) |") == 1
    assert "run 2/2: both" in out.err and "cold template" in out.out
