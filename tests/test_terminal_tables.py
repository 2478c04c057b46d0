"""Issue 11, terminal tables: tables fit the terminal (no forced 160 columns), a file or pipe
gets $COLUMNS or 120 columns, and a long cell (a GPU name) wraps or folds, never cut."""

from __future__ import annotations

import io
import re

from expreport.render import FILE_WIDTH, print_rows

GPU = "NVIDIA A100-SXM4-80GB-MIG-3g.40gb-with-a-very-long-suffix"
COLS = ["resource", "attempts", "GPU-hours", "success %", "median input minutes",
        "wasted GPU-hours", "epochs completed", "re-done epochs", "GPU model"]
ROWS = [("delta", 12345, 1234.5, 97.2, 3.25, 120.5, 9876, 12, GPU),
        ("expanse", 7, 0.25, 100.0, None, 0.0, 7, 0, "NVIDIA A40")]


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def _squash(text: str) -> str:
    return re.sub(r"[\s│┃━─┏┓┗┛┡┩└┘┌┐╇╈┳┻┼┬┴╋├┤]", "", text)


def test_table_fits_the_terminal(monkeypatch):
    monkeypatch.setenv("COLUMNS", "72")
    out = _Tty()
    print_rows(COLS, ROWS, out=out)
    lines = re.sub(r"\x1b\[[0-9;]*m", "", out.getvalue()).splitlines()   # a terminal gets colours
    assert max(len(line) for line in lines) <= 72
    assert "…" not in out.getvalue()


def test_pipe_gets_120_columns_and_gpu_name_whole(monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)
    out = io.StringIO()
    print_rows(COLS, ROWS, out=out)
    text = out.getvalue()
    assert max(len(line) for line in text.splitlines()) <= FILE_WIDTH == 120
    assert "…" not in text
    # the long name (last column) is folded across lines of its cell, never truncated
    assert _squash(GPU) in _squash(text)
    assert "12,345" in text and "1,234" in text     # thousands separators


def test_columns_env_sets_the_pipe_width(monkeypatch):
    monkeypatch.setenv("COLUMNS", "90")
    out = io.StringIO()
    print_rows(COLS, ROWS, out=out)
    assert max(len(line) for line in out.getvalue().splitlines()) <= 90


def test_too_wide_table_prints_in_blocks_with_every_value_whole(monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    out = io.StringIO()
    print_rows(COLS[:-1], [r[:-1] for r in ROWS], title="Per resource", out=out)
    text = out.getvalue()
    assert max(len(line) for line in text.splitlines()) <= 60
    assert "Per resource (1/" in text
    for value in ("12,345", "1,234", "97.2", "3.2", "120", "9,876", "0.25"):
        assert f" {value} " in text           # never squeezed onto two lines
    assert text.count("delta") >= 2            # the key column starts every block
