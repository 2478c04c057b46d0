"""Header versions: detection, NULLs for missing columns, unknown extras ignored."""

from __future__ import annotations

import pytest
from helpers import ingest, one, row, scoped, write_csv

from expreport.csv_versions import COLUMNS, VERSIONS, detect_version

V6 = ("Job Name,DAG Source,Run UUID,HTCondor Cluster ID,Attempt Sequence,Final Status,Targeted Resource,"
      "GLIDEIN Resource Name,Submit Time,Start Time,End Time,Execution Duration (seconds),"
      "Execution Duration (human),Total Duration (seconds),Total Duration (human),Total Bytes Sent,"
      "Total Bytes Received,Number of GPUs,GPU Device Name,GPU Memory MB,GPU Capability,GPU Driver Version,"
      "GPU ECC Enabled,GPU UUID,GPU ID,GPU PCI Bus ID,GPU Usage,GPU Memory Usage MB,CPU Usage,"
      "Peak Memory Usage MB,Disk Usage KB,Held Time,Released Time,Evicted Time,Aborted Time,"
      "Transfer Input Start Time,Transfer Input End Time,Transfer Input Duration (seconds),"
      "Transfer Input Duration (human),Epochs Completed")


def test_version_column_counts_match_the_format_doc():
    assert {v: len(c) for v, c in VERSIONS.items()} == {1: 21, 2: 24, 3: 25, 4: 30, 5: 31, 6: 40}
    assert ",".join(VERSIONS[6]) == V6          # copied from ../shared/csv-format.md
    assert all(c in COLUMNS for cols in VERSIONS.values() for c in cols)


@pytest.mark.parametrize("version", [1, 2, 3, 4, 5, 6])
def test_detects_each_version(version):
    assert detect_version(VERSIONS[version]).version == version


@pytest.mark.parametrize("version", [1, 2, 3, 4, 5, 6])
def test_each_version_ingests_with_nulls_for_missing_columns(db, tmp_path, version):
    r = row("run1-train_epoch3", 7, 1, "completed", "Delta", 2, "2026-02-01T10:00:00",
            "2026-02-01T12:00:00", uuid="u1", site="SITE-1", xfer_s=60, cpu=1.5)
    res = ingest(db, write_csv(tmp_path / f"v{version}.csv", [r], version=version))
    assert res[0].header_version == version
    scoped(db)
    a = one(db, "FROM attempts")
    assert a["gpu_hours"] == pytest.approx(4.0)
    assert a["epoch"] == 3
    # a row with a GLIDEIN Resource Name (v5+) ran in a glidein: OSPool capacity (issue 9)
    assert a["resource"] == ("ospool" if version >= 5 else "delta" if version >= 2 else "unknown")
    assert a["site"] == ("SITE-1" if version >= 5 else None)
    assert a["run_uuid"] == ("u1" if version >= 6 else None)
    assert a["xfer_in_seconds"] == (60 if version >= 4 else None)
    assert a["cpu_usage"] == (1.5 if version >= 6 else None)
    assert a["has_usage_columns"] is (version >= 6)


def test_unknown_extra_columns_warn_once_and_are_ignored(db, tmp_path):
    r = row("run1-train_epoch0", 1, 1, "completed", "aws", 2, "2026-02-01T10:00:00", "2026-02-01T11:00:00")
    r["Site Notes"] = "hello"
    r["Another"] = "x"
    res = ingest(db, write_csv(tmp_path / "x.csv", [r], extra=["Site Notes", "Another"]))
    assert res[0].header_version == 6
    assert len(res[0].warnings) == 1 and "Site Notes, Another" in res[0].warnings[0]
    assert one(db, "SELECT count(*) AS n FROM attempt_records")["n"] == 1


def test_crlf_and_quoted_fields(db, tmp_path):
    r = row("run1-train_epoch0", 1, 1, "completed", "aws", 2, "2026-02-01T10:00:00", "2026-02-01T11:00:00",
            gpu="NVIDIA L40S, rev 2")
    p = write_csv(tmp_path / "crlf.csv", [r, r | {"HTCondor Cluster ID": 2}], newline="\r\n")
    assert b"\r\n" in p.read_bytes()
    ingest(db, p)
    scoped(db)
    rows = db.execute("SELECT gpu_model, source_line FROM attempts ORDER BY source_line").fetchall()
    assert rows == [("NVIDIA L40S, rev 2", 2), ("NVIDIA L40S, rev 2", 3)]


def test_human_durations_of_any_shape_are_not_parsed(db, tmp_path):
    r = row("run1-train_epoch0", 1, 1, "completed", "aws", 2, "2026-02-01T10:00:00", "2026-02-03T11:00:00")
    r["Execution Duration (human)"] = "2 days, 1:00:00"
    r2 = r | {"HTCondor Cluster ID": 2, "Execution Duration (human)": "negative_time"}
    ingest(db, write_csv(tmp_path / "h.csv", [r, r2]))
    assert one(db, "SELECT count(*) AS n FROM attempt_records")["n"] == 2
