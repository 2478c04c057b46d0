"""The six header versions of ``job_summary.csv`` and the typed column map.

One place knows every source column: its name in the CSV header, the name of the
``attempt_records`` column it is stored in, and the DuckDB type it is read as. The
CSV reader is given these types explicitly (never auto-detection: a "human" duration
is ``0:01:16`` in one row and ``1 day, 2:03:04`` in another). The "(human)" columns
are redundant text and are read as VARCHAR and dropped.

Header versions are documented in ``../shared/csv-format.md``; detection is by the
header line (see :func:`detect_version`), pinned by ``tests/test_csv_versions.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

# (CSV header name, attempt_records column or None when not stored, DuckDB type)
COLUMNS: dict[str, tuple[str | None, str]] = {
    "Job Name": ("job_name", "VARCHAR"),
    "DAG Source": ("dag_source", "VARCHAR"),
    "Run UUID": ("run_uuid", "VARCHAR"),
    "HTCondor Cluster ID": ("cluster_id", "BIGINT"),
    "Attempt Sequence": ("attempt_seq", "INTEGER"),
    "Final Status": ("final_status", "VARCHAR"),
    "Targeted Resource": ("targeted_resource", "VARCHAR"),
    "GLIDEIN Resource Name": ("glidein_site", "VARCHAR"),
    "Submit Time": ("submit_time", "TIMESTAMP"),
    "Start Time": ("start_time", "TIMESTAMP"),
    "End Time": ("end_time", "TIMESTAMP"),
    "Execution Duration (seconds)": ("exec_seconds", "BIGINT"),
    "Execution Duration (human)": (None, "VARCHAR"),
    "Total Duration (seconds)": ("total_seconds", "BIGINT"),
    "Total Duration (human)": (None, "VARCHAR"),
    "Total Bytes Sent": ("bytes_sent", "BIGINT"),
    "Total Bytes Received": ("bytes_received", "BIGINT"),
    "Number of GPUs": ("n_gpus", "INTEGER"),
    "GPU Device Name": ("gpu_name", "VARCHAR"),
    "GPU Memory MB": ("gpu_memory_mb", "BIGINT"),
    "GPU Capability": ("gpu_capability", "DOUBLE"),
    "GPU Driver Version": ("gpu_driver", "VARCHAR"),
    "GPU ECC Enabled": ("gpu_ecc", "BOOLEAN"),
    "GPU UUID": ("gpu_uuid", "VARCHAR"),
    "GPU ID": ("gpu_id", "VARCHAR"),
    "GPU PCI Bus ID": ("gpu_pci_bus", "VARCHAR"),
    "GPU Usage": ("gpu_usage", "DOUBLE"),
    "GPU Memory Usage MB": ("gpu_memory_usage_mb", "DOUBLE"),
    "CPU Usage": ("cpu_usage", "DOUBLE"),
    "Peak Memory Usage MB": ("peak_memory_mb", "DOUBLE"),
    "Disk Usage KB": ("disk_usage_kb", "BIGINT"),
    "Held Time": ("held_time", "TIMESTAMP"),
    "Released Time": ("released_time", "TIMESTAMP"),
    "Evicted Time": ("evicted_time", "TIMESTAMP"),
    "Aborted Time": ("aborted_time", "TIMESTAMP"),
    "Transfer Input Start Time": ("xfer_in_start", "TIMESTAMP"),
    "Transfer Input End Time": ("xfer_in_end", "TIMESTAMP"),
    "Transfer Input Duration (seconds)": ("xfer_in_seconds", "DOUBLE"),
    "Transfer Input Duration (human)": (None, "VARCHAR"),
    "Epochs Completed": ("epochs_completed", "INTEGER"),
}

_V1 = [
    "Job Name", "DAG Source", "HTCondor Cluster ID", "Attempt Sequence", "Final Status",
    "Submit Time", "Start Time", "End Time", "Execution Duration (seconds)",
    "Execution Duration (human)", "Total Duration (seconds)", "Total Duration (human)",
    "Total Bytes Sent", "Total Bytes Received", "Number of GPUs", "GPU Device Name",
    "GPU Memory MB", "Held Time", "Released Time", "Evicted Time", "Aborted Time",
]


def _insert_after(cols: list[str], after: str, new: list[str]) -> list[str]:
    i = cols.index(after) + 1
    return cols[:i] + new + cols[i:]


_V2 = _insert_after(_insert_after(_V1, "Final Status", ["Targeted Resource"]),
                    "GPU Memory MB", ["GPU Capability", "GPU Driver Version"])
_V3 = _insert_after(_V2, "GPU Driver Version", ["GPU ECC Enabled"])
_V4 = _V3 + ["Transfer Input Start Time", "Transfer Input End Time",
             "Transfer Input Duration (seconds)", "Transfer Input Duration (human)",
             "Epochs Completed"]
_V5 = _insert_after(_V4, "Targeted Resource", ["GLIDEIN Resource Name"])
_V6 = _insert_after(
    _insert_after(_V5, "DAG Source", ["Run UUID"]),
    "GPU ECC Enabled",
    ["GPU UUID", "GPU ID", "GPU PCI Bus ID", "GPU Usage", "GPU Memory Usage MB",
     "CPU Usage", "Peak Memory Usage MB", "Disk Usage KB"],
)

VERSIONS: dict[int, list[str]] = {1: _V1, 2: _V2, 3: _V3, 4: _V4, 5: _V5, 6: _V6}
REQUIRED = ("Job Name", "Final Status", "Start Time")


@dataclass(frozen=True)
class HeaderInfo:
    """What the header line of a CSV says: its version and how to read it."""

    version: int
    names: list[str]          # header names in file order
    unknown: list[str]        # names no version knows (read as VARCHAR, ignored)
    missing: list[str]        # columns of that version absent from the file


def detect_version(names: list[str]) -> HeaderInfo:
    """Return the version of a header: the newest version whose columns are all present.

    A header that matches no version exactly is still accepted when it holds the
    required columns: its version is the newest one fully contained in it (v1 when
    none is), columns of that version it lacks become NULL, and names no version
    knows are reported as unknown. Raises ``ValueError`` naming the missing required
    columns.
    """
    present = set(names)
    lacking = [c for c in REQUIRED if c not in present]
    if lacking:
        raise ValueError("header lacks required column(s) " + ", ".join(repr(c) for c in lacking))
    version = 1
    for v in sorted(VERSIONS, reverse=True):
        if set(VERSIONS[v]) <= present:
            version = v
            break
    else:
        # Not even v1 complete: pick the version sharing most columns.
        version = max(VERSIONS, key=lambda v: (len(set(VERSIONS[v]) & present), -v))
    unknown = [n for n in names if n not in COLUMNS]
    missing = [c for c in VERSIONS[version] if c not in present]
    return HeaderInfo(version=version, names=list(names), unknown=unknown, missing=missing)
