"""Where the project's SQL files live, installed or not."""

from __future__ import annotations

from pathlib import Path


def queries_dir() -> Path:
    """The ``queries/`` folder: bundled in the wheel as ``expreport/_queries``, else the repo's."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_queries", here.parent / "queries"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("queries/ folder not found next to the expreport package")
