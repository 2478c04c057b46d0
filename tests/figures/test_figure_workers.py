"""Drawing figures in worker processes (expreport.figures.pool) and saving them cheaply:
the SQL stays in this process, the drawing goes to forked workers, results keep their order,
a worker's exception comes back with its type; PNGs are saved at the figure's size (no tight
bbox) with the cheaper compression level, and no text of any figure leaves the canvas."""

from __future__ import annotations

import os

import matplotlib.pyplot as plt
import pytest
from PIL import Image

from expreport import style
from expreport.errors import ExpreportError
from expreport.figures import REGISTRY, render
from expreport.figures.base import PNG_COMPRESS_LEVEL, Figure, prepare
from expreport.figures.pool import ENV, figure_workers
from expreport.report.build import render_figures


def _pid_figure(name, pid_dir, fail=False):
    def draw(data, fig):
        (pid_dir / f"{name}.pid").write_text(str(os.getpid()))
        if fail:
            raise ValueError(f"boom in {name}")
        fig.subplots().bar([1, 2], [3, 4])
    return Figure(name=name, title=name, views=("resource_summary",), draw=draw, size=(4, 3))


def test_figures_draw_in_worker_processes_in_order(campaign_db, tmp_path, monkeypatch):
    monkeypatch.setenv(ENV, "2")
    names = ["f_a", "f_b", "f_c", "f_d"]
    figs = [_pid_figure(n, tmp_path, fail=(n == "f_c")) for n in names]
    out = tmp_path / "out"
    results = render_figures(campaign_db, figs, out)
    assert [r.name for r in results] == names
    pids = {int((tmp_path / f"{n}.pid").read_text()) for n in names}
    assert os.getpid() not in pids                      # drawn elsewhere
    assert results[2].skipped == "failed: ValueError: boom in f_c"
    assert results[2].png is None and not (out / "f_c.png").exists()
    for r in results[:2] + results[3:]:
        assert r.skipped is None and r.png.exists() and r.table.exists()


def test_one_worker_draws_here(campaign_db, tmp_path, monkeypatch):
    monkeypatch.setenv(ENV, "1")
    figs = [_pid_figure(n, tmp_path) for n in ("f_a", "f_b")]
    results = render_figures(campaign_db, figs, tmp_path / "out")
    assert all(r.png.exists() for r in results)
    assert {int((tmp_path / f"{n}.pid").read_text()) for n in ("f_a", "f_b")} == {os.getpid()}


def test_worker_count(monkeypatch):
    monkeypatch.setenv(ENV, "3")
    assert figure_workers(15) == 3 and figure_workers(1) == 0
    monkeypatch.setenv(ENV, "many")
    with pytest.raises(ExpreportError, match=ENV):
        figure_workers(15)


def test_png_at_figure_size_and_cheaper_compression(campaign_db, tmp_path, monkeypatch):
    """No tight bbox: the PNG is exactly the figure's size, written by write_png (not Pillow's
    five-filter encoder) at the cheaper zlib level, with the dpi recorded."""
    import zlib
    monkeypatch.setattr(style, "DPI", 50)
    levels = []
    real_compress = zlib.compress

    def spy(data, level=-1, **kw):
        levels.append(level)
        return real_compress(data, level, **kw)
    monkeypatch.setattr(zlib, "compress", spy)
    fig = next(f for f in REGISTRY if f.name == "gpu_efficiency")
    r = render(campaign_db, fig, tmp_path)
    img = Image.open(r.png)
    assert img.size == (fig.size[0] * 50, fig.size[1] * 50)
    assert img.mode == "RGB"                          # opaque: no alpha channel
    assert round(img.info["dpi"][0]) == 50
    assert levels == [PNG_COMPRESS_LEVEL]


def test_write_png_round_trip(tmp_path):
    """write_png keeps every pixel: RGBA when some pixel is see-through, RGB when none is."""
    import numpy as np
    from expreport.figures.base import write_png
    rng = np.random.default_rng(1)
    px = rng.integers(0, 256, (7, 5, 4), dtype=np.uint8)
    write_png(tmp_path / "a.png", px, 170)
    img = Image.open(tmp_path / "a.png")
    assert img.mode == "RGBA" and (np.asarray(img) == px).all()
    assert round(img.info["dpi"][0]) == 170
    px[..., 3] = 255
    write_png(tmp_path / "b.png", px, 96)
    img = Image.open(tmp_path / "b.png")
    assert img.mode == "RGB" and (np.asarray(img) == px[..., :3]).all()


def _outside(mf):
    """The bbox a tight save would use (inches) when it leaves the figure, else None."""
    b = mf.get_tightbbox(mf.canvas.get_renderer())
    w, h = mf.get_size_inches()          # some figures size themselves to their rows
    if b.x0 < -0.01 or b.y0 < -0.01 or b.x1 > w + 0.01 or b.y1 > h + 0.01:
        return [round(v, 2) for v in (b.x0, b.y0, b.x1, b.y1)]
    return None


def _titles_over_ticks(mf):
    """Titles of axes that have tick labels or a label above them, or overlap a tick label."""
    r = mf.canvas.get_renderer()
    out = []
    for ax in mf.axes:
        title = ax.title.get_window_extent(r)
        if not ax.title.get_text():
            continue
        top = ax.get_window_extent(r).y1
        above = [t for t in ax.xaxis.get_ticklabels() + [ax.xaxis.label]
                 if t.get_visible() and t.get_text() and t.get_window_extent(r).y1 > top + 1]
        if above or any(title.overlaps(t.get_window_extent(r)) for t in
                        ax.xaxis.get_ticklabels() + ax.yaxis.get_ticklabels()
                        if t.get_visible() and t.get_text()):
            out.append(ax.title.get_text())
    return out


@pytest.fixture(scope="module")
def drawn_campaign(campaign_db, tmp_path_factory):
    """Every registered figure drawn once on the campaign (without a tight bbox, as saved), and
    what the layout checks below find on it: {name: (bbox outside the figure, titles over tick
    labels)}. Drawing them all is the slow part, so the checks share one drawing."""
    style.apply()
    tmp = tmp_path_factory.mktemp("drawn")
    found = {}
    for f in REGISTRY:
        p = prepare(campaign_db, f, tmp)
        if not p.to_draw:
            continue
        mf = plt.figure(figsize=f.size, layout="constrained")
        try:
            f.draw(p.data, mf)
            mf.suptitle(f.title)
            mf.canvas.draw()
            found[f.name] = (_outside(mf), _titles_over_ticks(mf))
        finally:
            plt.close(mf)
    return found


def test_nothing_drawn_outside_the_canvas(drawn_campaign):
    """Without a tight bbox a title or label wider than its panel would be cut off: what
    every figure draws (the bbox a tight save would use, in inches) lies inside the figure."""
    assert len(drawn_campaign) >= 10                 # the campaign draws (nearly) every figure
    outside = {name: box for name, (box, _) in drawn_campaign.items() if box is not None}
    assert outside == {}, outside


def test_no_axes_title_over_its_tick_labels(drawn_campaign):
    """The style fixes titles at the top of their axes (axes.titley, no automatic lift above
    top tick labels): that holds while no axes has tick labels or a label above it."""
    import matplotlib
    style.apply()
    assert matplotlib.rcParams["axes.titley"] == 1.0
    overlaps = {name: titles for name, (_, titles) in drawn_campaign.items() if titles}
    assert overlaps == {}, overlaps


def test_default_dpi_is_130(campaign_db, tmp_path):
    """The default resolution: an 11 x 6 in figure is 1430 x 780 px (sharp on a 1920 px slide);
    --dpi asks for more."""
    assert style.DPI == 130
    fig = next(f for f in REGISTRY if f.name == "gpu_hours_by_resource")
    img = Image.open(render(campaign_db, fig, tmp_path).png)
    assert img.size == (1430, 780) and round(img.info["dpi"][0]) == 130
