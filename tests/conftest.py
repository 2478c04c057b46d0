"""Fixtures shared by every test: a fresh database file."""

from __future__ import annotations

import pytest


@pytest.fixture
def db(tmp_path):
    from expreport.store import connect
    con = connect(tmp_path / "t.duckdb", write=True)
    yield con
    con.close()
