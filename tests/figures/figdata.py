"""Data of the figure tests: small CSVs written by the tests, ingested into DuckDB.

``campaign_rows`` is a tiny seeded campaign (v6, every resource, every outcome, usage and
transfer timing) so the tests never depend on data/example or ../shared being present;
``attempt`` writes one hand-made row.
"""

from __future__ import annotations

import csv
import random
import shutil
from datetime import datetime, timedelta
from pathlib import Path

from expreport.csv_versions import VERSIONS

T0 = datetime(2026, 3, 2, 8, 0, 0)
FMT = "%Y-%m-%dT%H:%M:%S"

# resource -> (GPU model, GPUs, memory MB of one device, P(success), mean hours of an epoch)
SITES = {
    "expanse": ("Tesla V100-SXM2-32GB", 2, 32768, 0.85, 3.0),
    "delta": ("NVIDIA A100-SXM4-40GB", 2, 40960, 0.8, 1.6),
    "anvil": ("NVIDIA A100-SXM4-40GB", 1, 40960, 0.75, 2.5),
    "bridges2": ("Tesla V100-SXM2-32GB", 4, 32768, 0.7, 1.8),
    "aws": ("NVIDIA A10G", 1, 23028, 0.9, 4.0),
    "ospool": ("NVIDIA RTX A5000", 1, 24564, 0.45, 4.5),
    "CHTC": ("NVIDIA H100 80GB HBM3", 1, 81559, 0.8, 1.2),
}
FAILS = ["failed", "evicted", "evicted", "aborted", "held", "released", "RESCUED", "",
         "checkpointed"]
OSPOOL_MODELS = [("NVIDIA RTX A5000", 24564), ("NVIDIA A40", 46068), ("NVIDIA A100 80GB PCIe", 81920)]
OSPOOL_SITES = ["UIUC-TGI-RAILS-CE1", "SDSC-PRP-CE1", "UTC-Epyc"]   # GLIDEIN Resource Name (v5+)


def _t(x: datetime | None) -> str:
    return x.strftime(FMT) if x else ""


def attempt(job: str, resource: str, status: str, start: datetime, hours: float, *,
            gpus: int = 1, model: str = "NVIDIA A40", mem_mb: int = 46068, cluster: int = 1,
            seq: int = 1, dag: str = "d", run_uuid: str = "", bytes_in: int = 0,
            bytes_out: int = 0, xfer_s: float | None = None, usage: float | None = 1.0,
            site: str = "") -> dict:
    """One CSV row (as a dict keyed by v6 header names)."""
    stop = start + timedelta(hours=hours)
    row = {c: "" for c in VERSIONS[6]}
    row.update({
        "Job Name": job, "DAG Source": dag, "Run UUID": run_uuid,
        "HTCondor Cluster ID": str(cluster), "Attempt Sequence": str(seq),
        "Final Status": status, "Targeted Resource": resource,
        "Submit Time": _t(start - timedelta(minutes=20)), "Start Time": _t(start),
        "Total Bytes Sent": str(bytes_out), "Total Bytes Received": str(bytes_in),
        "Number of GPUs": str(gpus) if gpus else "", "GPU Device Name": model if gpus else "",
        "GPU Memory MB": str(mem_mb * gpus) if gpus else "", "Epochs Completed": "1",
        "GLIDEIN Resource Name": site,
    })
    ends = {"completed": "End Time", "checkpointed": "End Time", "failed": "End Time",
            "evicted": "Evicted Time", "aborted": "Aborted Time", "held": "Held Time",
            "released": "Held Time", "RESCUED": "End Time"}
    if status in ends:
        row[ends[status]] = _t(stop)
    if status in ("completed", "failed", "checkpointed", "aborted", "RESCUED", "evicted"):
        row["End Time"] = _t(stop)
    if status == "released":
        row["Released Time"] = _t(stop + timedelta(minutes=5))
    if xfer_s is not None:
        row["Transfer Input Start Time"] = _t(start - timedelta(seconds=xfer_s))
        row["Transfer Input End Time"] = _t(start)
        row["Transfer Input Duration (seconds)"] = str(xfer_s)
    if usage is not None and status in ("completed", "failed", "checkpointed"):
        u = usage  # scales every usage value (1.0 = the defaults below)
        row.update({"GPU Usage": f"{min(1.0, 0.8 * u) * gpus:.2f}" if gpus else "",
                    "GPU Memory Usage MB": str(int(mem_mb * min(1.0, 0.6 * u))) if gpus else "",
                    "CPU Usage": f"{3.5 * u:.2f}", "Peak Memory Usage MB": str(int(40000 * u)),
                    "Disk Usage KB": str(int(52428800 * u))})
    return row


def campaign_rows(seed: int = 7, runs: int = 8, epochs: int = 6) -> list[dict]:
    """A seeded campaign: each run trains ``epochs`` epochs, retrying on random resources."""
    rng = random.Random(seed)
    rows, cluster = [], 1000
    sites = list(SITES)
    for r in range(runs):
        clock = T0 + timedelta(hours=7 * r)
        uuid = f"uuid-{r:04d}"
        for e in range(epochs):
            seq_done = False
            while not seq_done:
                res = rng.choice(sites)
                model, gpus, mem, p_ok, hours = SITES[res]
                if res == "ospool":
                    model, mem = rng.choice(OSPOOL_MODELS)
                cluster += 1
                ok = rng.random() < p_ok
                status = "completed" if ok else rng.choice(FAILS)
                h = hours * rng.uniform(0.7, 1.4) if ok else hours * rng.uniform(0.05, 0.9)
                xfer = rng.uniform(30, 900) if res != "ospool" else rng.uniform(300, 3000)
                rows.append(attempt(
                    f"run{r}-train_epoch{e}", res, status, clock, h, gpus=gpus, model=model,
                    mem_mb=mem, cluster=cluster, dag="campaign", run_uuid=uuid,
                    bytes_in=int(rng.uniform(2e10, 4e10)) if status == "completed" else 0,
                    bytes_out=int(rng.uniform(5e8, 2e9)) if status == "completed" else 0,
                    xfer_s=round(xfer, 1), usage=rng.uniform(0.5, 1.4),
                    site=OSPOOL_SITES[cluster % 3] if res == "ospool" else ""))
                clock += timedelta(hours=h + rng.uniform(0.2, 3))
                seq_done = ok and rng.random() > 0.08   # sometimes an epoch is trained again
    # a service node without an epoch, and an attempt without GPUs on an unknown resource
    rows.append(attempt("annex_helper", "", "completed", T0, 0.5, gpus=0, cluster=1))
    return rows


def write_csv(path: Path, rows: list[dict], version: int = 6) -> Path:
    cols = VERSIONS[version]
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(cols)
        for row in rows:
            w.writerow([row.get(c, "") for c in cols])
    return path


def make_db(tmp_path: Path, rows: list[dict], version: int = 6, name: str = "t",
            template: Path | None = None):
    """Write ``rows`` as a CSV of ``version``, ingest it, set the full scope; return the
    connection (a copy of ``template``, an empty migrated database, when given: faster)."""
    from expreport.ingest import ingest_files
    from expreport.scope import apply_scope, make_scope
    from expreport.store import connect

    csv_path = write_csv(tmp_path / f"{name}.csv", rows, version)
    db = tmp_path / f"{name}.duckdb"
    if template is not None:
        shutil.copyfile(template, db)
    con = connect(db, write=True)
    ingest_files(con, [csv_path], experiment="t")
    apply_scope(con, make_scope())
    return con
