"""Aggregations of the reference reading (real_reference): per resource, per GPU model, epochs,
user removals, copied GPU details, and the merged CSV + event-log experiment.

Every function takes the plain dicts of ``eventlog_attempts`` or ``csv_rows`` (or ``common``
dicts made from either) and returns plain dicts."""

from __future__ import annotations

from collections import defaultdict


def common(a: dict) -> dict:
    """An event-log attempt or a CSV row as one shape: resource, gpus, gpu_hours, gpu_model,
    success, run_key, epoch, stop, service, epochs_completed (standalone CSV counts)."""
    if "Job Name" in a:                                     # a CSV row
        run = a["Job Name"].split("-")[0] if "-" in a["Job Name"] else None
        return {"resource": a["resource"], "gpus": a["gpus"], "gpu_hours": a["gpu_hours"],
                "gpu_model": a.get("GPU Device Name") or None, "success": a["success"],
                "run_key": a.get("Run UUID") or f'{a["DAG Source"]}/{run}',
                "epoch": a["epoch"], "stop": a["stop"], "service": a["service"],
                "epochs_completed": int(a.get("Epochs Completed") or 0),
                "cluster": a["cluster"], "seq": a["seq"]}
    return {"resource": a["resource"], "gpus": a["gpus"], "gpu_hours": a["gpu_hours"],
            "gpu_model": a["gpu_model"], "success": a["outcome"] == "success",
            "run_key": a["run_uuid"], "epoch": a["epoch"], "stop": a["end"],
            "service": a["service"], "epochs_completed": 0,
            "cluster": a["cluster"], "seq": a["seq"]}


def counted(items) -> list[dict]:
    """Attempts that count: service jobs (SERVICE node, or run on the access point) left out."""
    return [c for c in map(_as_common, items) if not c["service"]]


def _as_common(a: dict) -> dict:
    return a if "epochs_completed" in a else common(a)


def credited_epochs(items) -> dict:
    """{(run_key, epoch): resource}: an epoch is completed when an attempt of it succeeded,
    credited to the resource of its first success (earliest stop time)."""
    first: dict = {}
    for c in counted(items):
        if c["epoch"] is None or not c["success"] or c["run_key"] is None:
            continue
        key = (c["run_key"], c["epoch"])
        if key not in first or (c["stop"], c["resource"]) < (first[key]["stop"], first[key]["resource"]):
            first[key] = c
    return {k: c["resource"] for k, c in first.items()}


def standalone_epochs(items) -> dict:
    """{resource: epochs}: completed non-service attempts without an _epochN node name carry
    their Epochs Completed (CSV only)."""
    out: dict = defaultdict(int)
    for c in counted(items):
        if c["epoch"] is None and c["success"] and c["epochs_completed"] > 0:
            out[c["resource"]] += c["epochs_completed"]
    return dict(out)


def per_resource(items) -> dict:
    """{resource: {attempts, gpu_hours, epochs}} over counted attempts; epochs = credited
    epochs + standalone epochs."""
    items = counted(items)
    out: dict = defaultdict(lambda: {"attempts": 0, "gpu_hours": 0.0, "epochs": 0})
    for c in items:
        out[c["resource"]]["attempts"] += 1
        out[c["resource"]]["gpu_hours"] += c["gpu_hours"]
    for res in credited_epochs(items).values():
        out[res]["epochs"] += 1
    for res, n in standalone_epochs(items).items():
        out[res]["epochs"] += n
    return dict(out)


def totals(items) -> dict:
    """Campaign totals {attempts, gpu_hours, epochs} (sum over resources)."""
    per = per_resource(items).values()
    return {k: sum(p[k] for p in per) for k in ("attempts", "gpu_hours", "epochs")}


def model_name(c: dict) -> str:
    """GPU model of an attempt: the device name; 'none' without GPUs; 'unreported' when missing."""
    return c["gpu_model"] or ("none" if not c["gpus"] else "unreported")


def gpu_hours_by_model(items) -> dict:
    """{gpu_model: GPU-hours} over counted attempts."""
    out: dict = defaultdict(float)
    for c in counted(items):
        out[model_name(c)] += c["gpu_hours"]
    return dict(out)


def top(d: dict, n: int = 3) -> list[tuple]:
    """The n largest (key, value) pairs, largest first."""
    return sorted(d.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


def user_removals(attempts) -> dict:
    """{resource: {attempts, gpu_hours}} of counted event-log attempts whose waste cause is
    user removal."""
    out: dict = defaultdict(lambda: {"attempts": 0, "gpu_hours": 0.0})
    for a in attempts:
        if a["user_removal"] and not a["service"]:
            out[a["resource"]]["attempts"] += 1
            out[a["resource"]]["gpu_hours"] += a["gpu_hours"]
    return dict(out)


def device_memory(rows) -> dict:
    """{model: MB of one device}: the smallest GPU Memory MB of 1-GPU first attempts of that
    model, else the smallest GPU Memory MB / Number of GPUs."""
    single: dict = defaultdict(list)
    divided: dict = defaultdict(list)
    for r in rows:
        model, mb = r.get("GPU Device Name"), r.get("GPU Memory MB")
        if not model or not mb or not r["gpus"]:
            continue
        if r["gpus"] == 1 and r["seq"] == 1:
            single[model].append(float(mb))
        divided[model].append(float(mb) / r["gpus"])
    return {m: min(single[m]) if single[m] else min(divided[m]) for m in divided}


def copied_gpu_rows(rows) -> list[dict]:
    """Non-service CSV rows with copied GPU details: a cluster (DAG Source, Cluster ID) of 2+ rows
    with one GPU model and one GPU Memory MB whose GPU counts or resources differ, or whose GPU
    Memory MB exceeds max GPUs x device memory x 1.05; or a row whose GPU Memory Usage MB
    exceeds device memory x 1.05."""
    rows = [r for r in rows if not r["service"]]
    dev = device_memory(rows)
    clusters: dict = defaultdict(list)
    for r in rows:
        clusters[(r["DAG Source"], r["cluster"])].append(r)
    flagged = set()
    for rs in clusters.values():
        if len(rs) < 2 or len({r.get("GPU Device Name") for r in rs}) != 1 \
                or len({r.get("GPU Memory MB") for r in rs}) != 1:
            continue
        model, mb = rs[0].get("GPU Device Name"), rs[0].get("GPU Memory MB")
        over = bool(model and mb and model in dev
                    and float(mb) > max(r["gpus"] for r in rs) * dev[model] * 1.05)
        if len({r["gpus"] for r in rs}) > 1 or over or \
                len({(r.get("GLIDEIN Resource Name"), r.get("Targeted Resource")) for r in rs}) > 1:
            flagged.update(id(r) for r in rs)
    for r in rows:
        use, model = r.get("GPU Memory Usage MB"), r.get("GPU Device Name")
        if use and model in dev and float(use) > dev[model] * 1.05:
            flagged.add(id(r))
    return [r for r in rows if id(r) in flagged]


def merged(log_attempts, rows) -> list[dict]:
    """One experiment of a CSV and its event logs: every log attempt, plus the CSV rows with no
    log attempt of the same (cluster, n-th execution of the cluster)."""
    logs = [common(a) for a in log_attempts]
    keys = {(c["cluster"], c["seq"]) for c in logs}
    return logs + [common(r) for r in rows if (r["cluster"], r["seq"]) not in keys]
