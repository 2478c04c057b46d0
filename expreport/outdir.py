"""Writing an output folder all or nothing: into a temporary sibling, then renamed over.

``report --out DIR`` and ``compare --out DIR`` used to write into DIR file by file: a full
disk, a read-only place or Ctrl-C left it half old, half new, and DIR naming an existing file
gave a bare traceback. Now everything is written into ``.DIR.new-XXXX`` beside DIR; only when
it is complete is the old DIR moved aside and the new one renamed into place (the old one is
deleted last). On any failure the temporary folder is removed and DIR is as it was.

An existing DIR is replaced whole, so it must hold nothing but report outputs (PNG figures,
``tables/`` and the text, Markdown, HTML and JSON files): ``--out .`` or a folder with other
files is refused rather than emptied. Guarded by tests/test_output_hardening.py
(test_error_report_out_*).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, overload

from .errors import ExpreportError, storage_error

OUTPUT_NAMES = {"tables", "summary.txt", "report.md", "report.html", "metrics.json",
                "compare.md", "compare.html", "compare.json"}


def _foreign(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir()
                  if p.name not in OUTPUT_NAMES and not (p.suffix == ".png" and p.is_file()))


def _check_target(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise ExpreportError(f"{out}: exists and is not a folder: --out names the folder the "
                             "outputs are written into. Give a new or an earlier output folder; "
                             "nothing was written.")
    if out.is_dir():
        other = _foreign(out)
        if other:
            shown = ", ".join(other[:5]) + (", ..." if len(other) > 5 else "")
            raise ExpreportError(
                f"{out}: the folder holds files that are not report outputs ({shown}); it is "
                "replaced whole, so give a new folder or an earlier output folder. Nothing was "
                "written.")


@contextmanager
def staged_dir(out: Path, what: str = "report") -> Iterator[Path]:
    """Yield a temporary folder beside ``out``; on success it replaces ``out``."""
    out = Path(os.path.abspath(out))
    _check_target(out)
    consequence = f"the {what} was not written and {out} was left as it was."
    tmp = None
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o777 & ~mask)          # as a plain mkdir would
        yield tmp
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            os.rename(out, old / out.name)
            try:
                os.rename(tmp, out)
            except BaseException:
                os.rename(old / out.name, out)
                raise
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(tmp, out)
        tmp = None
    except OSError as e:
        raise (storage_error(e, out, consequence) or ExpreportError(
            f"cannot write {getattr(e, 'filename', None) or out}: {e.strerror or e}; "
            f"{consequence}")) from e
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


@overload
def moved(path: Path, tmp: Path, out: Path) -> Path: ...
@overload
def moved(path: Path | None, tmp: Path, out: Path) -> Path | None: ...


def moved(path: Path | None, tmp: Path, out: Path) -> Path | None:
    """``path`` (inside ``tmp``) where it is after the rename: inside ``out``."""
    if path is None:
        return None
    return Path(os.path.abspath(out)) / Path(path).relative_to(tmp)
