"""Every view names its grain (a `-- grain:` header line) and the grain is unique on the example
data, like dbt's `unique` test: one generic check for every view, old and new."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from expreport.queries import view_catalogue
from expreport.sqlheaders import view_grain

EXAMPLE = Path(__file__).resolve().parent.parent / "data" / "example" / "job_summary.csv"


def test_every_view_declares_its_grain():
    missing = [name for name, _, comment in view_catalogue() if view_grain(comment) is None]
    assert not missing, f"views without a '-- grain:' header line: {missing}"


@pytest.fixture(scope="module")
def example(tmp_path_factory, template_db):
    from expreport.ingest import ingest_files
    from expreport.store import connect
    path = tmp_path_factory.mktemp("grain") / "t.duckdb"
    shutil.copyfile(template_db, path)
    con = connect(path, write=True)
    ingest_files(con, [EXAMPLE], experiment="example")
    con.execute("SET VARIABLE expreport_experiments = ['example']")   # the experiment_* views
    yield con
    con.close()


@pytest.mark.parametrize("name, comment", [(n, c) for n, _, c in view_catalogue()], ids=lambda v: v[:40])
def test_grain_is_unique_on_the_example(example, name, comment):
    grain = view_grain(comment)
    cols = [r[0] for r in example.execute(f'DESCRIBE "{name}"').fetchall()]   # name: one of our views
    assert set(grain) <= set(cols), (name, set(grain) - set(cols))
    keys = ", ".join(f'"{c}"' for c in grain) or "1"
    dup = example.execute(f'SELECT {keys}, count(*) AS n FROM "{name}" GROUP BY ALL HAVING count(*) > 1 LIMIT 3').fetchall()
    assert not dup, f"{name}: grain ({', '.join(grain) or 'one row'}) repeats: {dup}"
