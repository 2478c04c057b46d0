"""Issue 13: properties of ingest under random and hostile input, and under kill -9.

- Random CSV rows and event-log snippets (hypothesis, bounded to ~20 s): an ingest either
  succeeds or fails with a clear ExpreportError and writes nothing; the totals never include a
  flagged (implausible) attempt, and what they count is exactly the plausible stored rows.
- A child process ingesting a generated 200k-row CSV is killed at random moments: the database
  is then unchanged or fully committed, never in between.
"""

from __future__ import annotations

import itertools
from datetime import datetime
import os
import random
import signal
import subprocess
import sys
import time

import pytest
from eventlog import logtext as L
from helpers import write_csv
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from expreport.errors import ExpreportError
from expreport.ingest import ingest_files

_names = itertools.count()

TIMES = st.one_of(
    st.datetimes(min_value=datetime(1960, 1, 1),
                 max_value=datetime(2150, 1, 1)).map(lambda d: d.strftime("%Y-%m-%dT%H:%M:%S")),
    st.sampled_from(["", "infinity", "-infinity", "2026-13-01T00:00:00", "yesterday", "2026-05-04 10:00:00"]))
INTS = st.one_of(st.integers(-10, 10), st.sampled_from([-4, 64, 65, 1_000_000, 2**40]),
                 st.sampled_from(["", "x", "1.5"]))
ROW = st.fixed_dictionaries({
    "Job Name": st.sampled_from(["run1-train_epoch0", "run1-train_epoch1", "annex_helper", "solo", "a,b"]),
    "DAG Source": st.sampled_from(["d", ""]),
    "HTCondor Cluster ID": st.one_of(st.integers(1, 5), st.sampled_from(["", "99999999999999999999"])),
    "Attempt Sequence": st.integers(1, 3),
    "Final Status": st.sampled_from(["completed", "failed", "evicted", "RESCUED", "", "held"]),
    "Targeted Resource": st.sampled_from(["delta", "Expanse", "", "site[/]"]),
    "Submit Time": TIMES, "Start Time": TIMES, "End Time": TIMES, "Evicted Time": TIMES,
    "Number of GPUs": INTS, "Total Bytes Received": INTS, "Epochs Completed": INTS,
})


def _stored(con) -> int:
    return con.execute("SELECT count(*) FROM attempt_records").fetchone()[0]


def _check_totals(con) -> None:
    """The attempts views hold exactly the plausible, non-superseded rows (service jobs apart)."""
    con.execute("RESET VARIABLE expreport_experiments")
    in_views = con.execute("SELECT count(*) FROM all_attempts").fetchone()[0]
    plausible = con.execute("SELECT count(*) FROM attempt_records WHERE implausible IS NULL AND "
                            "coalesce(merge_state, '') <> 'superseded'").fetchone()[0]
    assert in_views == plausible
    leaked = con.execute("SELECT count(*) FROM attempts a JOIN attempt_records r USING "
                         "(ingest_id, source_line) WHERE r.implausible IS NOT NULL").fetchone()[0]
    assert leaked == 0
    con.execute("SELECT * FROM campaign_totals").fetchall()        # never an error


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(rows=st.lists(ROW, min_size=0, max_size=6))
def test_random_csv_rows_land_whole_or_not_at_all(db, tmp_path_factory, rows):
    path = write_csv(tmp_path_factory.mktemp("h") / "job_summary.csv", rows)
    before = _stored(db)
    try:
        ingest_files(db, [path], experiment=f"e{next(_names)}")
    except ExpreportError as e:
        assert str(e) and "Traceback" not in str(e)
        assert _stored(db) == before                    # nothing half-written
    _check_totals(db)


EVENTS = st.lists(st.tuples(
    st.sampled_from(["submit", "execute", "terminated", "evicted", "aborted", "held", "released"]),
    st.integers(1, 3),                                        # cluster
    st.datetimes(min_value=datetime(1990, 1, 1),
                 max_value=datetime(2110, 1, 1))), min_size=1, max_size=8)


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(events=EVENTS, garbage=st.sampled_from(["", "garbage line\n", "005 (1.0.0) not a date\n"]))
def test_random_event_log_snippets_never_crash(db, tmp_path_factory, events, garbage):
    parts = []
    for kind, cluster, when in events:
        ts = when.strftime("%Y-%m-%d %H:%M:%S")
        parts.append({"submit": lambda: L.submit(cluster, ts, f"run1-train_epoch{cluster}"),
                      "execute": lambda: L.execute(cluster, ts),
                      "terminated": lambda: L.terminated(cluster, ts),
                      "evicted": lambda: L.evicted(cluster, ts),
                      "aborted": lambda: L.aborted(cluster, ts),
                      "held": lambda: L.held(cluster, ts),
                      "released": lambda: L.released(cluster, ts)}[kind]())
    path = tmp_path_factory.mktemp("l") / "job.log"
    path.write_text("".join(parts[:1]) + garbage + "".join(parts[1:]))
    before = _stored(db)
    try:
        ingest_files(db, [path], experiment=f"l{next(_names)}")
    except ExpreportError as e:
        assert str(e)
        assert _stored(db) == before
    _check_totals(db)


CHILD = """
import sys
from pathlib import Path
from expreport.store import connect
from expreport.ingest import ingest_files
con = connect(Path(sys.argv[1]), write=True)
ingest_files(con, [Path(sys.argv[2])], experiment="big")
con.close()
print("committed", flush=True)
"""


@pytest.mark.skipif(sys.platform != "linux", reason="kill -9 of a child process")
def test_killed_ingest_leaves_the_database_unchanged_or_complete(tmp_path, fresh_db_path):
    csv_path = tmp_path / "big.csv"
    subprocess.run([sys.executable, "-m", "expreport.synth", "--attempts", "200000", "--seed", "3",
                    "--out", str(csv_path)], check=True, capture_output=True)
    rng = random.Random(13)
    outcomes = []
    for delay in [rng.uniform(0.3, 4.0) for _ in range(4)]:
        db = tmp_path / f"k{len(outcomes)}.duckdb"
        db.write_bytes(fresh_db_path.read_bytes())
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(db), str(csv_path)],
                                 stdout=subprocess.PIPE, text=True)
        time.sleep(delay)
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        from expreport.store import connect
        con = connect(db, write=True)
        n = con.execute("SELECT count(*) FROM attempt_records").fetchone()[0]
        files = con.execute("SELECT count(*), coalesce(sum(n_rows), 0) FROM ingests").fetchone()
        con.close()
        assert (n, files) in ((0, (0, 0)), (200_000, (1, 200_000))), (delay, n, files)
        outcomes.append(n)
    print('kill outcomes (rows committed):', outcomes)
