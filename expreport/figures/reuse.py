"""Reusing a figure's PNG from the previous report written to the same folder.

The everyday run writes the same report again and again; when nothing a figure depends on
changed, drawing it again gives the same pixels. A figure's key is a SHA-256 of: its name,
title and size, the dpi, every frame it draws (dtypes and CSV text, floats to 12 digits), matplotlib's version, the source
of the drawing code (``expreport/figures/*.py`` and ``expreport/style.py``) and the figure's
draw function (its code and closure). :func:`write_png`
(``base.py``) stores the key in the PNG (a ``tEXt`` chunk); :func:`~.base.prepare` copies the
previous report's PNG when its key matches instead of drawing the figure again. Only for the
PNG alone (``--format pdf``/``svg`` always draws). ``EXPREPORT_FIGURE_CACHE=0`` turns it off.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import struct
import types
from pathlib import Path

ENV = "EXPREPORT_FIGURE_CACHE"
KEYWORD = b"expreport-figure-key"


def enabled() -> bool:
    return os.environ.get(ENV, "").strip() != "0"


@functools.lru_cache(maxsize=1)
def _code_hash() -> bytes:
    import matplotlib
    h = hashlib.sha256(f"matplotlib {matplotlib.__version__}".encode())
    pkg = Path(__file__).resolve().parent.parent
    for path in sorted((pkg / "figures").glob("*.py")) + [pkg / "style.py"]:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.digest()


def _draw_code(draw) -> bytes:
    """The figure's draw function itself: its code and the values it closes over (a figure
    defined outside expreport/figures, e.g. in a test, is not in _code_hash)."""
    code = getattr(draw, "__code__", None)
    if code is None:
        return repr(draw).encode()
    cells = [c.cell_contents for c in (draw.__closure__ or ())]
    return _code_bytes(code) + repr((draw.__module__, draw.__qualname__, cells)).encode()


def _code_bytes(code: types.CodeType) -> bytes:
    """Bytecode, constants and names, nested code (comprehensions, lambdas) included; the same
    in every process (not marshal, whose bytes follow reference counts; not repr, which holds
    addresses)."""
    parts = [code.co_code, repr(code.co_names).encode()]
    for c in code.co_consts:
        parts.append(_code_bytes(c) if isinstance(c, types.CodeType) else repr(c).encode())
    return b"\0".join(parts)


def _frame_bytes(df) -> bytes:
    """A frame's content: dtypes and CSV text, floats to 12 significant digits (DuckDB's
    parallel sums differ in the last bits from run to run; a chart shows 2-4 digits). Not
    pickle: its bytes depend on which values are one object in memory, not only on the values."""
    if not hasattr(df, "to_csv"):
        return pickle.dumps(df, protocol=5)
    return (repr([str(t) for t in df.dtypes]) + df.to_csv(index=True, float_format="%.12g")).encode()


def figure_key(fig, data: dict, dpi: float) -> str:
    """What the figure's pixels depend on, as a hex SHA-256."""
    h = hashlib.sha256(_code_hash())
    h.update(_draw_code(fig.draw))
    h.update(repr((fig.name, fig.title, tuple(fig.size), float(dpi))).encode())
    for view in sorted(data):
        h.update(view.encode())
        h.update(_frame_bytes(data[view]))
    return h.hexdigest()


def png_key(path: Path) -> str | None:
    """The key stored in a PNG written by write_png, None for any other file (or none)."""
    try:
        with open(path, "rb") as f:
            if f.read(8) != b"\x89PNG\r\n\x1a\n":
                return None
            while True:
                head = f.read(8)
                if len(head) < 8:
                    return None
                size, tag = struct.unpack(">I4s", head)
                if tag in (b"IDAT", b"IEND"):      # write_png puts the key before the pixels
                    return None
                body = f.read(size)
                f.seek(4, 1)                       # CRC
                if tag == b"tEXt" and body.startswith(KEYWORD + b"\0"):
                    return body[len(KEYWORD) + 1:].decode("latin-1")
    except OSError:
        return None
