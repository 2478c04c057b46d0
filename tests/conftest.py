"""Fixtures shared by every test: fresh database files.

Binding the views of a new database takes ~0.5 s, so one migrated template file is
made per session and copied for each test (the copy's views are current, so opening
it applies nothing)."""

from __future__ import annotations

import os
import shutil

import pytest

# Figures are drawn in this process during tests (the suite already runs on two workers);
# tests/figures/test_figure_workers.py sets its own value to test the worker pool.
os.environ.setdefault("EXPREPORT_FIGURE_WORKERS", "1")


@pytest.fixture(scope="session", autouse=True)
def _cache_dir(tmp_path_factory):
    """New databases copy a cached empty one (expreport/template.py): a test-session folder,
    never the user's ~/.cache (subprocesses inherit it)."""
    old = os.environ.get("EXPREPORT_CACHE_DIR")
    os.environ["EXPREPORT_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if old is None:
        os.environ.pop("EXPREPORT_CACHE_DIR", None)
    else:
        os.environ["EXPREPORT_CACHE_DIR"] = old


@pytest.fixture(scope="session")
def template_db(tmp_path_factory):
    from expreport.store import connect
    path = tmp_path_factory.mktemp("template") / "template.duckdb"
    connect(path, write=True).close()
    return path


@pytest.fixture
def fresh_db_path(tmp_path, template_db):
    """Path of a new, empty, migrated database file."""
    path = tmp_path / "t.duckdb"
    shutil.copyfile(template_db, path)
    return path


@pytest.fixture
def db(fresh_db_path):
    from expreport.store import connect
    con = connect(fresh_db_path, write=True)
    yield con
    con.close()
