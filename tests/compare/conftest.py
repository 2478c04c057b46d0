"""Fixtures of the comparison tests: the three hand-worked experiments (compare_data.py) in a
database file made once per test module (a copy of the session's migrated template; every
command of these tests opens it read-only), and the CLI."""

from __future__ import annotations

import shutil

import pytest


@pytest.fixture(scope="module")
def cmp_db(template_db, tmp_path_factory):
    """A database file holding pilot, main (CSV v6) and old (CSV v1)."""
    from compare_data import ingest_all
    from expreport.store import connect
    folder = tmp_path_factory.mktemp("cmp")
    path = folder / "t.duckdb"
    shutil.copyfile(template_db, path)
    con = connect(path, write=True)
    try:
        ingest_all(con, folder / "csv")
    finally:
        con.close()
    return path


@pytest.fixture
def cmp_con(cmp_db):
    """A read-only connection to ``cmp_db`` (scope variables are per connection)."""
    from expreport.store import connect
    con = connect(cmp_db)
    yield con
    con.close()


@pytest.fixture
def no_figures(monkeypatch):
    """The comparison's figures replaced by none (tests of the numbers need no PNG)."""
    import expreport.compare.figures as figures
    monkeypatch.setattr(figures, "FIGURES", [])


@pytest.fixture
def run(capsys):
    """``expreport.cli.main(args)`` -> (exit code, stdout, stderr)."""
    def _run(*args: str):
        from expreport.cli import main
        code = 0
        try:
            main([str(a) for a in args])
        except SystemExit as e:
            code = e.code or 0
        out = capsys.readouterr()
        return code, out.out, out.err
    return _run
