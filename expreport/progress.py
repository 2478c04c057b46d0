"""A progress bar for long DuckDB statements, fed by ``connection.query_progress()``."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Iterator

import duckdb


@contextmanager
def query_progress(con: duckdb.DuckDBPyConnection, label: str, enabled: bool) -> Iterator[None]:
    """Show a rich progress bar on stderr while the block runs a statement on ``con``."""
    if not enabled:
        yield
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    done = threading.Event()
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
                  TimeElapsedColumn(), console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=100)

        def poll() -> None:
            while not done.wait(0.2):
                try:
                    pct = con.query_progress()
                except duckdb.Error:
                    continue
                if pct is not None and pct >= 0:
                    bar.update(task, completed=pct)

        t = threading.Thread(target=poll, daemon=True)
        t.start()
        try:
            yield
        finally:
            done.set()
            t.join()
