"""The everyday run writes the same report to the same folder again: a figure whose frames,
title, size, dpi and drawing code are unchanged is copied from the previous report's PNG
(expreport/figures/reuse.py), not drawn again; any change draws it; EXPREPORT_FIGURE_CACHE=0
and --format pdf/svg always draw."""

from __future__ import annotations

from conftest import run_cli

import expreport.figures.pool as pool
from expreport.figures.base import Figure
from expreport.figures.reuse import png_key


def _bars(data, fig):
    df = data["resource_summary"]
    ax = fig.subplots()
    ax.bar(df["resource"], df["gpu_hours"])
    ax.set_ylabel("GPU-hours")


def _setup(monkeypatch, title="GPU-hours per resource"):
    import expreport.report.build as build
    figs = [Figure("tiny_bars", title, ("resource_summary",), _bars),
            Figure("tiny_bars2", "GPU-hours again", ("resource_summary",), _bars)]
    monkeypatch.setattr(build, "registered_figures", lambda: list(figs))
    drawn = []
    real = pool.draw_png

    def spy(fig, *a, **kw):
        drawn.append(fig.name)
        return real(fig, *a, **kw)
    monkeypatch.setattr(pool, "draw_png", spy)
    return drawn


def _report(db, out, capsys, *extra):
    code, _, err = run_cli(["--db", str(db), "report", "-o", str(out), *extra], capsys)
    assert code == 0, err


def test_same_report_again_copies_the_pngs(hand_db, tmp_path, monkeypatch, capsys):
    drawn = _setup(monkeypatch)
    out = tmp_path / "rep"
    _report(hand_db, out, capsys, "-e", "exp1")
    assert drawn == ["tiny_bars", "tiny_bars2"]
    first = (out / "tiny_bars.png").read_bytes()
    assert png_key(out / "tiny_bars.png") is not None
    _report(hand_db, out, capsys, "-e", "exp1")
    assert drawn == ["tiny_bars", "tiny_bars2"]            # nothing drawn the second time
    assert (out / "tiny_bars.png").read_bytes() == first


def test_a_change_draws_again(hand_db, tmp_path, monkeypatch, capsys):
    drawn = _setup(monkeypatch)
    out = tmp_path / "rep"
    _report(hand_db, out, capsys, "-e", "exp1")
    _report(hand_db, out, capsys, "-e", "exp1", "-e", "exp2")          # other frames
    assert drawn == ["tiny_bars", "tiny_bars2"] * 2
    _report(hand_db, out, capsys, "-e", "exp1", "-e", "exp2", "--dpi", "60")   # other dpi
    assert len(drawn) == 6
    drawn = _setup(monkeypatch, title="another title")                  # other title: one figure
    _report(hand_db, out, capsys, "-e", "exp1", "-e", "exp2", "--dpi", "60")
    assert drawn == ["tiny_bars"]


def test_off_switch_and_vector_formats_draw(hand_db, tmp_path, monkeypatch, capsys):
    drawn = _setup(monkeypatch)
    out = tmp_path / "rep"
    _report(hand_db, out, capsys, "-e", "exp1")
    monkeypatch.setenv("EXPREPORT_FIGURE_CACHE", "0")
    _report(hand_db, out, capsys, "-e", "exp1")
    assert len(drawn) == 4
    monkeypatch.delenv("EXPREPORT_FIGURE_CACHE")
    _report(hand_db, out, capsys, "-e", "exp1", "--format", "png,pdf")
    assert len(drawn) == 6 and (out / "tiny_bars.pdf").exists()


def test_another_draw_function_draws_again(hand_db, tmp_path, monkeypatch, capsys):
    """Same name, title and frames, but a different draw function (code or closure): drawn."""
    import expreport.report.build as build
    drawn = _setup(monkeypatch)
    out = tmp_path / "rep"
    _report(hand_db, out, capsys, "-e", "exp1")

    def make(color):
        def draw(data, fig):
            fig.subplots().bar([1, 2], [3, 4], color=color)
        return draw
    for color in ("red", "blue"):
        figs = [Figure("tiny_bars", "GPU-hours per resource", ("resource_summary",), make(color))]
        monkeypatch.setattr(build, "registered_figures", lambda figs=figs: list(figs))
        _report(hand_db, out, capsys, "-e", "exp1")
    assert drawn == ["tiny_bars", "tiny_bars2", "tiny_bars", "tiny_bars"]


def test_key_ignores_float_noise_only():
    """DuckDB's parallel sums differ in the last bits between runs (26.983729246487858 vs
    26.98372924648787): the same key; a change a chart could show: another key."""
    import pandas as pd
    from expreport.figures.reuse import figure_key
    fig = Figure("f", "t", ("v",), _bars)
    key = lambda x: figure_key(fig, {"v": pd.DataFrame({"r": ["a"], "x": [x]})}, 130)  # noqa: E731
    assert key(26.983729246487858) == key(26.98372924648787)
    assert key(26.983729246487858) != key(26.9837)
    assert key(26.983729246487858) != figure_key(fig, {"v": pd.DataFrame({"r": ["b"], "x": [26.983729246487858]})}, 130)
