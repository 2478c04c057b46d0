import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # so that `pytest` works without installing the package
    sys.path.insert(0, str(ROOT))

REAL = ROOT.parent / "shared" / "real"


@pytest.fixture
def write_log(tmp_path):
    """Write event-log text (list of event strings or one string) to a file; return its path."""
    def _write(parts, name="job.log"):
        path = tmp_path / name
        path.write_text(parts if isinstance(parts, str) else "".join(parts))
        return str(path)
    return _write


@pytest.fixture
def parse(write_log):
    """parse(parts, dags=()) -> (records, issues) with an IssueLog."""
    from expreport.eventlog import IssueLog, iter_attempts

    def _parse(parts, dags=(), name="job.log"):
        issues = IssueLog()
        recs = list(iter_attempts(write_log(parts, name), dags, on_issue=issues))
        return recs, issues
    return _parse
