"""The inputs users have: compressed CSVs and folders of files.

- :func:`open_input` opens a file for reading its bytes, decompressing ``.gz`` (and ``.zst``
  when the ``zstandard`` package is installed) so that the header sniff, the physical line
  count and error messages see the same text DuckDB's reader sees (it decompresses ``.gz``
  and ``.zst`` itself, chosen by the file's extension). The identity of a compressed file is
  the sha256 of its compressed bytes.
- :func:`expand_inputs` turns a folder argument into the CSVs and event logs in it
  (``*.csv``, ``*.csv.gz``, ``*.csv.zst``, ``*.log``, not recursive, sorted by name).
"""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import BinaryIO, cast

from .errors import ExpreportError

FOLDER_PATTERNS = ("*.csv", "*.csv.gz", "*.csv.zst", "*.log")


def compression(path: Path) -> str | None:
    """'gzip', 'zstd' or None, from the file name (as DuckDB's reader decides)."""
    name = path.name.lower()
    return "gzip" if name.endswith(".gz") else "zstd" if name.endswith(".zst") else None


def open_input(path: Path) -> BinaryIO:
    """``path`` opened for reading bytes, decompressed when its name says it is compressed."""
    kind = compression(path)
    if kind == "gzip":
        return cast(BinaryIO, gzip.open(path, "rb"))   # a GzipFile: typeshed's class is no BinaryIO
    if kind == "zstd":
        try:
            import zstandard
        except ImportError:
            raise ExpreportError(
                f"{path}: reading a .zst file needs the zstandard package (pip install zstandard); "
                "or decompress it first (zstd -d) or compress it with gzip instead. "
                "Nothing was written.") from None
        return zstandard.ZstdDecompressor().stream_reader(path.open("rb"), closefd=True)
    return path.open("rb")


def read_head(path: Path, n: int) -> bytes:
    """The first ``n`` (decompressed) bytes of ``path``; a corrupt compressed file is an error
    naming the file."""
    try:
        with open_input(path) as f:
            return f.read(n)
    except (OSError, EOFError) as e:
        if compression(path) is None:
            raise
        raise ExpreportError(f"{path}: not a readable {compression(path)} file ({e}); "
                             "check the file or decompress it first. Nothing was written.") from e


def expand_inputs(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """Files to ingest from the arguments: a folder stands for its CSVs and event logs.
    Returns the files and, per folder, one line saying which files were taken. A folder with
    none is an error."""
    files: list[Path] = []
    notes: list[str] = []
    for p in paths:
        if not p.is_dir():
            files.append(p)
            continue
        found = sorted({f for pat in FOLDER_PATTERNS for f in p.glob(pat) if f.is_file()})
        if not found:
            raise ExpreportError(
                f"{p}: the folder holds no file to ingest (looked for "
                f"{', '.join(FOLDER_PATTERNS)}; subfolders are not searched). Give the files "
                "themselves, or the folder that holds them.")
        names = ", ".join(f.name for f in found)
        notes.append(f"{p}: taking {len(found)} file{'s' if len(found) != 1 else ''}: {names}")
        files.extend(found)
    return list(dict.fromkeys(files)), notes
