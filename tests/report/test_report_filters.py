"""Each filter of ``expreport report`` changes the numbers as worked out in conftest.py.

HAND (exp1) + EXP2 in one database. Days: exp1 attempts #1-#7 and #12 start on 2026-02-01,
#8-#11 on 2026-02-02; exp2's one attempt (aws, 2 GPU-h, 1 epoch) on 2026-02-01.
"""

from __future__ import annotations

import json

import pytest
from conftest import metric, run_cli

approx = pytest.approx


def report(hand_db, tmp_path, capsys, *args):
    out = tmp_path / "out"
    code, stdout, err = run_cli(["--db", str(hand_db), "report", *args, "--out", str(out)], capsys)
    assert code == 0, err
    return json.loads((out / "metrics.json").read_text()), out, stdout


def totals(m) -> tuple:
    return tuple(metric(m, n)["value"] for n in ("attempts", "gpu_hours", "epochs", "redone_epochs"))


@pytest.mark.parametrize("args, expected", [
    # everything: exp1 (11 attempts: #12 annex_helper is a service job; 32.1 GPU-h, 5 epochs,
    # 1 re-done) + exp2 (1, 2, 1, 0)
    ((), (12, 34.1, 6, 1)),
    (("--experiment", "exp1"), (11, 32.1, 5, 1)),
    (("-e", "exp2"), (1, 2, 1, 0)),
    # from 2026-02-02: #8 #9 #10 #11: 0.1 + 2 + 2 + 6 GPU-h; epochs (run2,1) #10, (run2,2) #11
    (("-e", "exp1", "--since", "2026-02-02"), (4, 10.1, 2, 0)),
    # up to 2026-02-01 inclusive: #1-#7 (#12 is a service job): 4+3+1+4+2+2+6 GPU-h; epochs #1 #4 #7
    (("-e", "exp1", "--until", "2026-02-01"), (7, 22, 3, 1)),
    # one day, inclusive at both ends: 2026-02-02 only
    (("-e", "exp1", "--since", "2026-02-02", "--until", "2026-02-02"), (4, 10.1, 2, 0)),
    # delta: #4 #5 #11: 12 GPU-h, epochs 2, #5 re-done
    (("-e", "exp1", "--resource", "delta"), (3, 12, 2, 1)),
    (("-r", "DELTA", "-r", "aws"), (4, 14, 3, 1)),   # resource names are case-insensitive
])
def test_filters_change_the_numbers(hand_db, tmp_path, capsys, no_figures, args, expected):
    m, out, _ = report(hand_db, tmp_path, capsys, *args)
    got = totals(m)
    assert got[0] == expected[0] and got[2:] == expected[2:]
    assert got[1] == approx(expected[1])


def test_resource_filter_keeps_only_that_resource(hand_db, tmp_path, capsys, no_figures):
    m, out, _ = report(hand_db, tmp_path, capsys, "-e", "exp1", "--resource", "ospool")
    assert {e["resource"] for e in m["metrics"] if e["group"] == "resource"} == {"ospool"}
    assert metric(m, "gpu_hours", "resource", resource="ospool")["value"] == approx(8.1)
    # the re-done epoch #5 ran on delta: out of scope
    assert not [r for r in m["recommendations"] if r["rule"] == "redone_epochs"]


def test_header_states_the_filters(hand_db, tmp_path, capsys, no_figures):
    from expreport.scope import make_scope
    args = ("-e", "exp1", "--since", "2026-02-02", "--until", "2026-02-02", "-r", "ospool")
    m, out, stdout = report(hand_db, tmp_path, capsys, *args)
    described = make_scope(["exp1"], "2026-02-02", "2026-02-02", ["ospool"]).describe()
    assert "2026-02-02 to 2026-02-02" in described
    for name in ("summary.txt", "report.md", "report.html"):
        assert described in (out / name).read_text(), name
    assert m["scope_text"] == described
    assert m["scope"] == {"experiments": ["exp1"], "since": "2026-02-02", "until": "2026-02-02",
                          "resources": ["ospool"]}
    assert described in stdout                       # the terminal summary too
    assert stdout.strip().splitlines()[-1] == str(out.resolve())   # folder printed at the end


@pytest.mark.parametrize("args, words", [
    (("--resource", "nowhere"), "no resource 'nowhere'; known: "),
    (("--since", "2027-01-01"), "the data in scope starts on 2026-"),
    (("-e", "exp1", "-r", "aws"), "no resource 'aws' in experiment(s) exp1; known: "),          # aws is exp2's only
    (("-e", "nosuch"), "unknown experiment 'nosuch'"),
    (("--since", "2026-13-01"), "expected a date YYYY-MM-DD"),
])
def test_filter_matching_nothing_exits_1(hand_db, tmp_path, capsys, no_figures, args, words):
    out = tmp_path / "out"
    code, stdout, err = run_cli(["--db", str(hand_db), "report", *args, "--out", str(out)], capsys)
    assert code == 1
    assert words in err and "Traceback" not in err
    assert not (out / "metrics.json").exists()
