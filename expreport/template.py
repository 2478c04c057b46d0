"""New databases copied from a cached, migrated, empty one.

Creating the ~60 views of a new database binds each of them (DuckDB resolves every view
they read, recursively): about 1.3 CPU-s, most of a small ingest. The views depend only on
the code, so the first new database made by a given expreport is also kept, empty, as
``empty-<key>.duckdb`` in the cache folder (``$EXPREPORT_CACHE_DIR``, else
``$XDG_CACHE_HOME/expreport``, else ``~/.cache/expreport``); later new databases are copies
of it. The key covers this expreport's version, DuckDB's version, the storage format and
every migration and view file, so a changed file makes a new template. A copy is opened
like any existing database (migrations and views are checked, nothing is re-applied).
When the cache folder cannot be written, databases are created as before.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import shutil
from pathlib import Path

import duckdb

log = logging.getLogger(__name__)


def cache_dir() -> Path:
    if os.environ.get("EXPREPORT_CACHE_DIR"):
        return Path(os.environ["EXPREPORT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "expreport"


def template_key() -> str:
    from . import __version__
    from .store import STORAGE_COMPATIBILITY, sql_files, views_fingerprint
    h = hashlib.sha256()
    for part in (__version__, duckdb.__version__, STORAGE_COMPATIBILITY, views_fingerprint()):
        h.update(part.encode() + b"\0")
    for f in sql_files("schema"):
        h.update(f.name.encode() + b"\0" + f.sha256.encode() + b"\0")
    return h.hexdigest()[:20]


def _template() -> Path | None:
    """The cached empty database for this code, made now if missing; None if impossible."""
    from .store import _open_for_writing
    folder = cache_dir()
    path = folder / f"empty-{template_key()}.duckdb"
    if path.is_file():
        return path
    tmp = folder / f".{path.name}.{os.getpid()}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _remove(tmp)
        _open_for_writing(tmp, True, 0.0, None).close()
        os.replace(tmp, path)           # atomic: another process sees all of it or nothing
    except Exception as e:              # no template: databases are created as before
        log.info("no database template in %s: %s", folder, e)
        return None
    finally:
        _remove(tmp)
        _remove(Path(f"{tmp}.wal"))
    return path


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def copy_template(db: Path) -> bool:
    """Make ``db`` (which does not exist) a copy of the template: True when ``db`` exists
    afterwards (a copy, or a file another process made meanwhile, never overwritten)."""
    src = _template()
    if src is None:
        return False
    tmp = db.parent / f".{db.name}.{os.getpid()}.tmp"
    try:
        shutil.copyfile(src, tmp)
        try:
            os.link(tmp, db)            # fails if db appeared meanwhile: never overwrite
        except FileExistsError:
            pass
        return True
    except OSError as e:
        log.info("database template not copied to %s: %s", db, e)
        return db.exists()
    finally:
        _remove(tmp)
