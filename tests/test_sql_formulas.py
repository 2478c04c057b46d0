"""The formulas of queries/views/001_formulas.sql: each typed once, and each worked by hand.

A unit conversion or a percent typed again in another .sql file fails the first test: use the
macro (gib_of_bytes, gib_of_mb, gib_of_kb, hours_of, minutes_of, pct_of, gpu_hours_of,
productive_pct, attempt_success_pct, epochs_per_100_gpu_hours)."""

from __future__ import annotations

import math
import re

import duckdb
import pytest

from expreport.store import queries_dir

FORMULAS = queries_dir() / "views" / "001_formulas.sql"

# raw forms of the formulas: a unit divisor or a "times 100" outside the macro file
RAW_FORMS = {
    "bytes -> GiB (gib_of_bytes)": re.compile(r"1073741824|2\s*\^\s*30"),
    "KB -> GiB (gib_of_kb)": re.compile(r"1048576|1024\s*\^\s*2"),
    "MB -> GiB (gib_of_mb)": re.compile(r"/\s*1024(\.0)?\b"),
    "seconds -> hours (hours_of)": re.compile(r"/\s*3600(\.0)?\b"),
    "seconds -> minutes (minutes_of)": re.compile(r"/\s*60(\.0)?\b"),
    "percent (pct_of)": re.compile(r"\b100(\.0)?\s*\*|\*\s*100(\.0)?\b"),
}


def _code(line: str) -> str:
    """The line without its string literals and -- comment (descriptions show formulas in
    words)."""
    return re.sub(r"'[^']*'", "''", line).split("--", 1)[0]


def test_no_formula_typed_outside_the_macro_file():
    found = []
    for path in sorted(queries_dir().rglob("*.sql")):
        if path == FORMULAS:
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for what, pattern in RAW_FORMS.items():
                if pattern.search(_code(line)):
                    found.append(f"{path.relative_to(queries_dir())}:{n}: {what}: {line.strip()}")
    assert not found, "formula typed again; use the macro:\n" + "\n".join(found)


def test_the_raw_form_check_catches_a_formula():
    assert RAW_FORMS["percent (pct_of)"].search(_code("    100.0 * a / nullif(b, 0) AS x,"))
    assert RAW_FORMS["seconds -> hours (hours_of)"].search(_code("s / 3600.0 AS h"))
    assert not RAW_FORMS["seconds -> hours (hours_of)"].search(_code("-- seconds / 3600.0"))
    assert not RAW_FORMS["bytes -> GiB (gib_of_bytes)"].search(_code("(27, 'bytes / 2^30'),"))


@pytest.fixture(scope="module")
def con():
    c = duckdb.connect()
    c.execute((FORMULAS.parent / "000_helpers.sql").read_text(encoding="utf-8"))  # if_recorded
    c.execute(FORMULAS.read_text(encoding="utf-8"))
    yield c
    c.close()


def one(con, expr):
    return con.execute(f"SELECT {expr}").fetchone()[0]


@pytest.mark.parametrize("expr, expected", [
    ("gib_of_bytes(2147483648)", 2.0),          # 2 x 2^30 bytes
    ("gib_of_bytes(536870912)", 0.5),
    ("gib_of_bytes(0)", 0.0),
    ("gib_of_bytes(NULL)", None),
    ("gib_of_mb(3072)", 3.0),
    ("gib_of_mb(NULL)", None),
    ("gib_of_kb(2097152)", 2.0),                # 2 x 1024^2 KB
    ("hours_of(5400)", 1.5),
    ("hours_of(0)", 0.0),
    ("hours_of(NULL)", None),
    ("minutes_of(90)", 1.5),
    ("gpu_hours_of(1800, 4)", 2.0),             # half an hour on 4 GPUs
    ("gpu_hours_of(1800, 0)", 0.0),
    ("gpu_hours_of(NULL, 4)", None),
    ("gpu_hours_of(1800, NULL)", None),
    ("pct_of(1, 4)", 25.0),
    ("pct_of(3, 3)", 100.0),
    ("pct_of(0, 5)", 0.0),
    ("pct_of(5, 0)", None),                     # a share of nothing: unknown, not infinite
    ("pct_of(5, NULL)", None),
    ("pct_of(NULL, 5)", None),
    ("pct_of(-2, 8)", -25.0),
    ("productive_pct(30, 40)", 75.0),           # 30 productive of 40 settled GPU-hours
    ("productive_pct(0, 0)", None),
    ("attempt_success_pct(7, 8)", 87.5),
    ("attempt_success_pct(0, 8)", 0.0),
    ("epochs_per_100_gpu_hours(3, 12)", 25.0),  # 3 epochs in 12 GPU-hours
    ("epochs_per_100_gpu_hours(3, 0)", None),
    ("epochs_per_100_gpu_hours(3, NULL)", None),
])
def test_formula_by_hand(con, expr, expected):
    got = one(con, expr)
    if expected is None:
        assert got is None
    else:
        assert math.isclose(float(got), expected, rel_tol=0, abs_tol=1e-12)


def test_pct_of_keeps_the_decimal_arithmetic_of_the_typed_form(con):
    """The macro is inlined: same types and the same bits as 100.0 * n / nullif(d, 0)."""
    for n, d in ((1, 3), (2, 7), (12345, 678901)):
        typed = con.execute("SELECT 100.0 * ? / nullif(?, 0)", [n, d]).fetchone()[0]
        assert con.execute("SELECT pct_of(?, ?)", [n, d]).fetchone()[0] == typed


def test_pct_of_with_an_aggregate_and_filter(con):
    got = con.execute(
        "SELECT pct_of(count(*) FILTER (WHERE x > 1), count(*)) FROM range(4) t(x)").fetchone()[0]
    assert got == 50.0


def test_productive_gpu_pct_by_hand(con):
    rows = "VALUES (true, 3.0, true), (true, 1.0, false), (true, 5.0, NULL), (true, NULL, true)"
    # settled: 3 productive + 1 wasted; the running 5 GPU-hours are neither: 3 / 4 = 75 %
    got = con.execute(f"SELECT productive_gpu_pct(f, h, p) FROM ({rows}) t(f, h, p)").fetchone()[0]
    assert got == 75.0
    # no file recorded GPU columns: unknown
    assert con.execute(f"SELECT productive_gpu_pct(false, h, p) FROM ({rows}) t(f, h, p)").fetchone()[0] is None
    # only running attempts: nothing settled
    assert con.execute("SELECT productive_gpu_pct(true, 2.0, NULL::BOOLEAN)").fetchone()[0] is None
