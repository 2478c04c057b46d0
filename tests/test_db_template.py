"""New databases are copies of a cached, migrated, empty database (expreport/template.py):
the views are bound once per version of the code, not for every new file."""

from __future__ import annotations

import shutil

import pytest

from expreport import store, template
from expreport.store import connect


@pytest.fixture
def cache(tmp_path, monkeypatch):
    d = tmp_path / "cache"
    monkeypatch.setenv("EXPREPORT_CACHE_DIR", str(d))
    return d


def _views(con):
    return {r[0] for r in con.execute(
        "SELECT view_name FROM duckdb_views() WHERE NOT internal AND database_name = current_database()").fetchall()}


def test_second_new_database_binds_no_view(cache, tmp_path, monkeypatch):
    connect(tmp_path / "a.duckdb", write=True).close()
    assert len(list(cache.glob("empty-*.duckdb"))) == 1

    def no_views(con):
        raise AssertionError("views applied again")
    monkeypatch.setattr(store, "_apply_views", no_views)
    con = connect(tmp_path / "b.duckdb", write=True)
    try:
        from expreport.queries import view_names
        assert view_names() <= _views(con)
        assert con.execute("SELECT count(*) FROM attempts").fetchone() == (0,)
        applied = {r[0] for r in con.execute("SELECT file_name FROM schema_migrations").fetchall()}
        assert applied == {f.name for f in store.sql_files("schema")}
    finally:
        con.close()
    assert not list(tmp_path.glob(".*.tmp"))


def test_changed_view_file_makes_a_new_template(cache, tmp_path, monkeypatch):
    connect(tmp_path / "a.duckdb", write=True).close()
    q = tmp_path / "queries"
    shutil.copytree(store.queries_dir(), q)
    (q / "views" / "999_zz_extra.sql").write_text(
        "-- An extra view.\nCREATE OR REPLACE VIEW zz_extra AS SELECT 1 AS one;\n")
    monkeypatch.setattr(store, "queries_dir", lambda: q)
    con = connect(tmp_path / "b.duckdb", write=True)
    try:
        assert "zz_extra" in _views(con)
    finally:
        con.close()
    assert len(list(cache.glob("empty-*.duckdb"))) == 2


def test_unwritable_cache_still_creates_the_database(tmp_path, monkeypatch):
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("x")
    monkeypatch.setenv("EXPREPORT_CACHE_DIR", str(blocker / "sub"))
    assert template.copy_template(tmp_path / "x.duckdb") is False
    con = connect(tmp_path / "a.duckdb", write=True)
    try:
        assert "attempts" in _views(con)
    finally:
        con.close()
