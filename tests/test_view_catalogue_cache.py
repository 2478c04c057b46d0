"""The view catalogue is read once per state of queries/views (a report asks ~50 times),
and a changed, added or removed view file is seen at the next call."""

from __future__ import annotations

import shutil

from expreport import queries, store


def test_catalogue_read_once_then_from_cache(monkeypatch):
    names = queries.view_names()
    cat = queries.view_catalogue()

    def no_read(self):
        raise AssertionError(f"{self.name} read again")
    monkeypatch.setattr(store.SqlFile, "text", property(no_read))
    for _ in range(3):
        assert queries.view_names() == names
        assert queries.view_catalogue() == cat


def test_changed_view_files_are_seen(monkeypatch, tmp_path):
    q = tmp_path / "queries"
    shutil.copytree(store.queries_dir(), q)
    monkeypatch.setattr(store, "queries_dir", lambda: q)
    before = queries.view_names()
    assert "zz_extra" not in before
    extra = q / "views" / "999_zz_extra.sql"
    extra.write_text("-- An extra view.\nCREATE OR REPLACE VIEW zz_extra AS SELECT 1 AS one;\n")
    assert "zz_extra" in queries.view_names()
    assert ("zz_extra", "999_zz_extra.sql", "An extra view.") in queries.view_catalogue()
    extra.write_text("-- Renamed.\nCREATE OR REPLACE VIEW zz_other AS SELECT 1 AS one;\n")
    assert {"zz_other"} == queries.view_names() - before
    extra.unlink()
    assert queries.view_names() == before
