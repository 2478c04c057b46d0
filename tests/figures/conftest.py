"""Fixtures of the figure tests (data helpers in figdata.py)."""

from __future__ import annotations

import pytest

from .figdata import campaign_rows, make_db


@pytest.fixture
def figdb(tmp_path, template_db):
    """make(rows, version=6) -> a scoped connection on those rows (a fresh database each)."""
    cons = []

    def make(rows, version=6, name="t"):
        con = make_db(tmp_path, rows, version, name, template=template_db)
        cons.append(con)
        return con
    yield make
    for con in cons:
        con.close()


@pytest.fixture(scope="session")
def campaign_db(tmp_path_factory, template_db):
    con = make_db(tmp_path_factory.mktemp("campaign"), campaign_rows(), template=template_db)
    yield con
    con.close()
