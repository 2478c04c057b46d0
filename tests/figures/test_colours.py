"""Issue 11: an outcome or waste-kind colour never looks like a resource colour (evicted was
aws's vermillion, held delta's orange, productive anvil's green, failed chtc's red), measured as
the CIE76 distance in Lab."""

from __future__ import annotations

import itertools

import pytest

from expreport import style

MIN_FROM_RESOURCE = 30.0   # clearly another colour side by side on a slide
MIN_BETWEEN_KINDS = 20.0


def _lab(hex_colour: str) -> tuple[float, float, float]:
    h = hex_colour.lstrip("#")
    rgb = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    x = (0.4124 * lin[0] + 0.3576 * lin[1] + 0.1805 * lin[2]) / 0.95047
    y = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    z = (0.0193 * lin[0] + 0.1192 * lin[1] + 0.9505 * lin[2]) / 1.08883

    def f(t):
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116
    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def _distance(a: str, b: str) -> float:
    return sum((p - q) ** 2 for p, q in zip(_lab(a), _lab(b))) ** 0.5


def test_lab_distance_is_the_usual_one():
    assert _distance("#000000", "#FFFFFF") == pytest.approx(100.0, abs=0.1)
    assert _distance("#E69F00", "#E69F00") == 0


def test_every_kind_colour_is_far_from_every_resource_colour():
    close = [(kind, kc, res, rc, round(_distance(kc, rc), 1))
             for (kind, kc), (res, rc) in itertools.product(style.KIND_COLORS.items(),
                                                            style.RESOURCE_COLORS.items())
             if _distance(kc, rc) < MIN_FROM_RESOURCE]
    assert close == []


def test_kind_colours_differ_from_each_other():
    kinds = {c: k for k, c in style.KIND_COLORS.items()}       # success = productive on purpose
    close = [(kinds[a], kinds[b]) for a, b in itertools.combinations(kinds, 2)
             if _distance(a, b) < MIN_BETWEEN_KINDS]
    assert close == []
