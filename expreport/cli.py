"""The ``expreport`` command: a thin typer layer over the library.

Each command opens the database, makes one library call and prints. Library errors
(:class:`~expreport.errors.ExpreportError`) become one paragraph on stderr and exit 1;
anything unexpected exits 2 with a one-line message (``-v`` shows the traceback).
Heavy modules (duckdb, pandas, matplotlib) are imported inside commands so that
``expreport --help`` stays fast.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import List, Optional, TypedDict

import typer

from .errors import ExpreportError

app = typer.Typer(
    name="expreport",
    help="Final statistics and figures of HTCondor ML training campaigns "
         "(job_summary.csv and HTCondor event logs -> DuckDB views -> reports).",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

_GLOBAL_FLAGS = {"-v", "--verbose", "-q", "--quiet"}
_GLOBAL_VALUED = ("--db", "--wait")


class _Options(TypedDict):
    """The global options, set by the app callback before any command runs."""
    db: Path | None
    verbose: bool
    quiet: bool
    wait: float


_state: _Options = {"db": None, "verbose": False, "quiet": False, "wait": 30.0}


def _hoist_globals(argv: list[str]) -> list[str]:
    """Allow the global options anywhere on the line (``expreport report -v``)."""
    front, rest, i = [], [], 0
    while i < len(argv):
        a = argv[i]
        if a == "--":
            rest.extend(argv[i:])
            break
        if a in _GLOBAL_FLAGS:
            front.append(a)
        elif a in _GLOBAL_VALUED and i + 1 < len(argv):
            front.extend(argv[i:i + 2])
            i += 1
        elif a.startswith(tuple(f"{o}=" for o in _GLOBAL_VALUED)):
            front.append(a)
        else:
            rest.append(a)
        i += 1
    return front + rest


@app.callback()
def _global(
    db: Optional[Path] = typer.Option(
        None, "--db", metavar="PATH",
        help="Database file. Default: $EXPREPORT_DB, else ./expreport.duckdb."),
    verbose: bool = typer.Option(False, "-v", "--verbose", help="Log queries with their times; tracebacks on errors."),
    quiet: bool = typer.Option(False, "-q", "--quiet", help="Print only errors and results."),
    wait: float = typer.Option(
        30.0, "--wait", metavar="SECONDS", min=0,
        help="Wait up to this long for another process's lock on the database (default 30)."),
) -> None:
    _state.update({"db": db or Path(os.environ.get("EXPREPORT_DB") or "expreport.duckdb"),
                   "verbose": verbose, "quiet": quiet, "wait": wait})
    level = logging.INFO if verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(message)s", stream=sys.stderr, force=True)
    if not verbose:
        logging.getLogger("matplotlib").setLevel(logging.WARNING)


def say(msg: str) -> None:
    """A progress/status line on stderr, unless -q."""
    if not _state["quiet"]:
        typer.echo(msg, err=True)


def db_path() -> Path:
    db = _state["db"]
    if db is None:      # only before the app callback ran (it always sets one)
        from .store import default_db_path
        db = default_db_path()
    return db


def open_db(write: bool = False, must_exist: bool = True):
    """The database: read-only unless ``write`` (readers never change it), waiting
    ``--wait`` seconds for another process's lock."""
    from .store import connect
    con = connect(db_path(), write=write, must_exist=must_exist, wait=_state["wait"], notify=say)
    if _state["verbose"]:      # -v: every command logs its queries (querylog.py)
        from .querylog import LoggedConnection
        return LoggedConnection(con)
    return con


def ingest_into_db(files: list[Path], **kw):
    """Open the database for writing and ingest ``files`` (see ingest_files); returns the open
    connection and the results. A database this call created is deleted again when it fails,
    so a failed command never leaves a new empty database behind (the next run starts clean)."""
    from .ingest import ingest_files
    from .progress import query_progress
    from .rules import sync_rules_file
    path = db_path()
    new = str(path) != ":memory:" and not path.exists()
    con = None
    try:
        con = open_db(write=True, must_exist=False)
        sync_rules_file(con, path)
        results = ingest_files(con, files, progress=None if _state["quiet"] else query_progress, **kw)
    except BaseException:
        if con is not None:
            con.close()
        if new:
            for p in (path, Path(f"{path}.wal")):
                p.unlink(missing_ok=True)
        raise
    return con, results


# Commands live in small modules; importing them registers them on ``app``.
from . import cli_data as _cli_data  # noqa: E402,F401
from . import cli_rules as _cli_rules  # noqa: E402,F401
from . import cli_report as _cli_report  # noqa: E402,F401
from . import cli_compare as _cli_compare  # noqa: E402,F401
from . import cli_sources as _cli_sources  # noqa: E402,F401


INTERRUPTED = 130


def _fail(e: BaseException, message: str, code: int, verbose: bool) -> None:
    from .safe import clean_text
    if verbose:
        import traceback
        traceback.print_exception(e)
    typer.echo(clean_text(f"error: {message}"), err=True)
    sys.exit(code)


def _interrupted() -> None:
    """Ctrl-C: an ingest rolls back, report/compare write a temporary folder that is removed, so
    nothing is written (test_error_ctrl_c). typer turns KeyboardInterrupt into a silent exit
    130; both paths end here."""
    typer.echo("interrupted, nothing written", err=True)
    sys.exit(INTERRUPTED)


def main(argv: Optional[List[str]] = None) -> None:
    """Run the CLI. Errors end as one paragraph on stderr (``-v`` adds the traceback): the
    library's ExpreportError (its exit code); a failed write, cause first ('no space left on
    device at PATH', test_error_disk_full_at_commit), exit 1; anything unexpected, exit 2."""
    argv = _hoist_globals(list(sys.argv[1:] if argv is None else argv))
    verbose = any(a in ("-v", "--verbose") for a in argv)
    try:
        app(args=argv, prog_name="expreport")
    except SystemExit as e:
        if e.code == INTERRUPTED:
            _interrupted()
        raise
    except ExpreportError as e:
        _fail(e, str(e), e.exit_code, verbose)
    except KeyboardInterrupt:
        _interrupted()
    except Exception as e:  # never a bare traceback for users
        from .errors import storage_cause, storage_error
        if isinstance(e, OSError) and e.filename:
            cause = storage_cause(e) or (e.strerror or str(e)).lower()
            _fail(e, f"{cause} at {e.filename}: the command stopped there.", 1, verbose)
        known = storage_error(e, _state["db"] or "the database",
                              "the write failed and was rolled back: the database is unchanged. "
                              "Free space (or fix the permissions) and run the command again.")
        if known is not None:
            _fail(e, str(known), known.exit_code, verbose)
        _fail(e, f"unexpected {type(e).__name__}: {e} (run with -v for the traceback)", 2, verbose)
