"""In the duckdb shell the scope is set with SET VARIABLE: a misspelt variable or an upper-case
resource is an error naming the mistake, not a silent 'no filter' or '0 rows'."""

from __future__ import annotations

import duckdb
import pytest
from helpers import ingest, row, write_csv

ROWS = [row("run1-train_epoch0", 1, 1, "completed", "delta", 1, "2026-01-01T00:00:00", "2026-01-01T01:00:00")]


@pytest.fixture
def con(db, tmp_path):
    ingest(db, write_csv(tmp_path / "a.csv", ROWS))
    return db


def test_correct_variables_pass(con):
    con.execute("SET VARIABLE expreport_resources = ['delta']")
    assert con.execute("SELECT count(*) FROM attempts").fetchone()[0] == 1
    con.execute("SET VARIABLE expreport_Since = DATE '2026-01-02'")    # names: any case
    assert con.execute("SELECT count(*) FROM attempts").fetchone()[0] == 0


@pytest.mark.parametrize("setting, message", [
    ("SET VARIABLE expreport_resource = ['delta']", "unknown scope variable(s) expreport_resource"),
    ("SET VARIABLE expreport_Experiment = ['x']", "unknown scope variable(s) expreport_Experiment"),
    ("SET VARIABLE expreport_resources = ['Delta']", "must be lower case without spaces: got [Delta], use [delta]"),
    ("SET VARIABLE expreport_resources = ['delta ']", "use [delta]"),
])
def test_wrong_variables_are_errors(con, setting, message):
    con.execute(setting)
    for view in ("attempts", "resource_summary", "report_recommendations"):
        with pytest.raises(duckdb.InvalidInputException, match=message.replace("[", r"\[").replace("(", r"\(").replace(")", r"\)")):
            con.execute(f"SELECT count(*) FROM {view}").fetchall()


def test_scoped_caches_the_declared_views_and_refuses_a_scope_change_while_live(con):
    from expreport.errors import ExpreportError
    from expreport.scope import apply_scope, live_cache, make_scope, reset_scope, scoped
    from expreport.sqlheaders import cached_views
    assert "attempt_cells" in cached_views("summary") and "epochs" in cached_views("compare")
    with scoped(con, make_scope(resources=["delta"]), cache="summary") as n:
        assert n == 1 and live_cache(con) == sorted(cached_views("summary"))
        with pytest.raises(ExpreportError, match="cannot change while views are cached"):
            apply_scope(con, make_scope(resources=["ospool"]), require_match=False)
        with pytest.raises(ExpreportError, match="cannot change while views are cached"):
            reset_scope(con)
    assert live_cache(con) == []
    reset_scope(con)
