"""Issue 11: figures for papers: ``report --format png,pdf,svg`` writes PDF/SVG beside the PNG
(PNG stays the default and is always written: report.html embeds it), ``--dpi`` sets the PNG's
resolution, a wrong format or dpi is a clear error."""

from __future__ import annotations

import struct

from conftest import run_cli

from expreport.figures.base import Figure


def _bars(data, fig):
    df = data["resource_summary"]
    ax = fig.subplots()
    ax.bar(df["resource"], df["gpu_hours"])
    ax.set_ylabel("GPU-hours")


ONE = [Figure("tiny_bars", "GPU-hours per resource", ("resource_summary",), _bars)]


def _png_size(path):
    w, h = struct.unpack(">II", path.read_bytes()[16:24])
    return w, h


def _only_tiny(monkeypatch):
    import expreport.report.build as build
    monkeypatch.setattr(build, "registered_figures", lambda: list(ONE))


def test_pdf_and_svg_beside_the_png(hand_db, tmp_path, monkeypatch, capsys):
    _only_tiny(monkeypatch)
    out = tmp_path / "rep"
    code, _, err = run_cli(["--db", str(hand_db), "report", "-e", "exp1", "-o", str(out),
                           "--format", "png,pdf,svg"], capsys)
    assert code == 0, err
    assert (out / "tiny_bars.png").read_bytes()[:4] == b"\x89PNG"
    assert (out / "tiny_bars.pdf").read_bytes()[:5] == b"%PDF-"
    assert b"<svg" in (out / "tiny_bars.svg").read_bytes()[:2000]


def test_default_is_png_only_and_dpi_scales_it(hand_db, tmp_path, monkeypatch, capsys):
    _only_tiny(monkeypatch)
    code, _, err = run_cli(["--db", str(hand_db), "report", "-e", "exp1", "-o", str(tmp_path / "a")], capsys)
    assert code == 0, err
    assert sorted(p.suffix for p in (tmp_path / "a").glob("tiny_bars.*")) == [".png"]
    code, _, err = run_cli(["--db", str(hand_db), "report", "-e", "exp1", "-o", str(tmp_path / "b"),
                           "--dpi", "65"], capsys)
    assert code == 0, err
    w130, _ = _png_size(tmp_path / "a" / "tiny_bars.png")     # the default, 130 dpi
    w65, _ = _png_size(tmp_path / "b" / "tiny_bars.png")
    assert w65 * 2 == w130


def test_wrong_format_or_dpi_is_an_error(hand_db, tmp_path, capsys):
    for args, words in ((["--format", "gif"], "expected png, pdf, svg"), (["--dpi", "5"], "--dpi 5")):
        code, _, err = run_cli(["--db", str(hand_db), "report", "-o", str(tmp_path / "x")] + args, capsys)
        assert code == 1 and words in err and "Traceback" not in err
        assert not (tmp_path / "x").exists()
