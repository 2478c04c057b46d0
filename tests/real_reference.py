"""Independent reference reading of the real HTCondor event logs, DAG files and CSVs.

Standard library only (re, csv, datetime), written from the definitions and the raw text,
not from expreport's code, so that every number the product gives on ../shared/real is
checked twice. Aggregations over the attempts are in ``real_reference_sums``."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from datetime import datetime
from pathlib import Path

HEADER = re.compile(r"(\d{3}) \((\d+)\.(\d+)\.(\d+)\) (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) ?(.*)")
END_CODES = {5: "terminated", 4: "evicted", 12: "held", 9: "aborted", 24: "reconnect failed",
             7: "shadow exception"}
HOST_RESOURCES = (("delta.ncsa.illinois.edu", "delta"), ("expanse.sdsc.edu", "expanse"),
                  ("bridges2.psc.edu", "bridges2"), ("anvil.rcac.purdue.edu", "anvil"),
                  ("ec2.internal", "aws"), ("amazonaws.com", "aws"), ("chtc.wisc.edu", "chtc"))
USER_REMOVAL = re.compile(r"DAG Removed|removed by user|via condor_rm|via condor_hold|"
                          r"DAGManJobId.*was removed", re.I)
EPOCH_NAME = re.compile(r"_epoch(\d+)$")
MEMORY_UNITS = {"": 1, "K": 1 / 1024, "M": 1, "G": 1024, "T": 1024 * 1024}


def ts(text: str) -> datetime | None:
    """A log or CSV timestamp (space or T between date and time); None for empty text."""
    return datetime.fromisoformat(text.strip()) if text and text.strip() else None


def read_events(path) -> list[dict]:
    """Events of one log in file order: header line + body lines up to '...' or the next header
    (a header glued into the middle of a line starts a new event there)."""
    events, cur = [], None
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        m = HEADER.search(line)
        if m and (m.start() == 0 or cur is not None):
            if cur is not None and m.start() > 0:
                cur["body"].append(line[:m.start()])
            code, cluster, proc, _, when, head = m.groups()
            cur = {"code": int(code), "job": (int(cluster), int(proc)), "time": ts(when),
                   "head": head, "body": []}
            events.append(cur)
        elif line.strip() == "...":
            cur = None
        elif cur is not None:
            cur["body"].append(line)
    return events


def request_memory_mb(value: str | None) -> float | None:
    """A submit description's request_memory in MB: plain number = MB; K/M/G/T(B) units are
    powers of 1024; an expression gives None."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMGT]?)B?\s*", value or "", re.I)
    return float(m.group(1)) * MEMORY_UNITS[m.group(2).upper()] if m else None


def parse_dag(path) -> dict:
    """{'nodes': {node: {'submit', 'vars', 'service'}}, 'submit': {name: {key: value}}} of a DAG
    file; '#' lines are comments (a commented SERVICE line declares nothing)."""
    nodes: dict = defaultdict(lambda: {"submit": None, "vars": {}, "service": False})
    subs: dict = {}
    block = None
    for raw in Path(path).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if block is not None:
            if line == "}":
                block = None
            elif "=" in line:
                key, _, value = line.partition("=")
                block[key.strip().lower()] = value.strip()
            continue
        words = line.split()
        kw = words[0].upper()
        if kw == "SUBMIT-DESCRIPTION" and len(words) >= 3:
            block = subs[words[1]] = {}
        elif kw in ("JOB", "SERVICE") and len(words) >= 3:
            nodes[words[1]]["submit"] = words[2]
            nodes[words[1]]["service"] |= kw == "SERVICE"
        elif kw == "VARS" and len(words) >= 2:
            nodes[words[1]]["vars"].update(re.findall(r'(\w+)\s*=\s*"([^"]*)"', line))
    return {"nodes": dict(nodes), "submit": subs}


def _props(body: list[str]) -> dict:
    """'Key = Value' lines of an execute event."""
    out = {}
    for line in body:
        key, eq, value = line.strip().partition(" = ")
        if eq:
            out[key] = value.strip()
    return out


def _table_request_memory(body: list[str]) -> int | None:
    """Request column of the 'Memory (MB)' row of a usage table (Usage Request Allocated)."""
    for line in body:
        m = re.match(r"\s*Memory \(MB\)\s*:\s*(.*)", line)
        if m and len(m.group(1).split()) >= 3:
            return int(m.group(1).split()[1])
    return None


def _reason(ev: dict) -> str:
    """The reason text of an end event: the 'Reason:' line (004), else the first body line."""
    for line in ev["body"]:
        if line.strip().startswith("Reason:"):
            return line.strip()[len("Reason:"):].strip()
    if ev["code"] in (9, 12, 24, 7) and ev["body"]:
        return ev["body"][0].strip()
    return ""


def resource_of(site: str | None, host: str | None, dag_resource: str | None) -> str:
    """ospool when the attempt has a GLIDEIN_ResourceName; else the execute host's domain rule;
    else the DAG's ResourceName lower-cased; else 'unknown'."""
    if site:
        return "ospool"
    for suffix, name in HOST_RESOURCES:
        if host and host.lower().endswith(suffix):
            return name
    return dag_resource.lower() if dag_resource else "unknown"


def _dag_for_log(log: Path, dags: dict) -> dict | None:
    """The DAG of a '<name>.dag.nodes.log' (its file name without '.nodes.log')."""
    return dags.get(log.name[: -len(".nodes.log")]) if log.name.endswith(".nodes.log") else None


def eventlog_attempts(log_paths, dag_paths=()) -> list[dict]:
    """One dict per execute (001) event, ended by the job's first following 005/004/012/009/024/007
    (no end: outcome 'running' up to the log's last event time)."""
    dags = {Path(p).name: {**parse_dag(p), "name": Path(p).stem} for p in dag_paths}
    out = []
    for log in map(Path, log_paths):
        dag = _dag_for_log(log, dags)
        events = read_events(log)
        last_time = events[-1]["time"] if events else None     # the log's last event header
        attempts = []
        jobs: dict = defaultdict(lambda: {"node": None, "submit_host": None, "seq": 0,
                                          "open": None, "last": None})
        for i, ev in enumerate(events):
            job = jobs[ev["job"]]
            code = ev["code"]
            if code == 0:
                m = re.search(r"[?&]alias=([^&>]+)", ev["head"])
                job["submit_host"] = m.group(1) if m else None
                for line in ev["body"]:   # 'DAG Node: X' or '[ DAGNodeName = "X"; ... ]'
                    m = re.match(r'\s*(?:DAG Node:\s*(\S+)|\[.*DAGNodeName = "([^"]*)")', line)
                    if m:
                        job["node"] = m.group(1) or m.group(2)
            elif code == 1:
                job["seq"] += 1
                job["open"] = job["last"] = _new_attempt(log, dag, ev, job)
                attempts.append(job["open"])
            elif code in END_CODES and job["open"] is not None:
                _close(job["open"], ev, events[i + 1:])
                job["open"] = None
            elif code == 4 and job["last"] is not None and job["last"]["end_code"] in (24, 7) \
                    and job["last"]["after_reconnect"] is None:
                job["last"]["after_reconnect"] = ev        # the 004 right after a 024/007
                _set_request_memory(job["last"], ev)
        for job in jobs.values():
            if job["open"] is not None:
                job["open"].update(end=last_time, outcome="running")
        for a in attempts:
            _finish(a, dag)
        out += attempts
    return out


def _new_attempt(log: Path, dag: dict | None, ev: dict, job: dict) -> dict:
    props = _props(ev["body"])
    m = re.search(r"[?&]alias=([^&>]+)", ev["head"])
    host = m.group(1) if m else (props.get("SlotName", "").rpartition("@")[2] or None)
    devices = [v for k, v in props.items() if k.startswith("GPUs_GPU_")]
    names = [re.search(r'DeviceName = "([^"]*)"', d).group(1) for d in devices]
    mem = [int(re.search(r"GlobalMemoryMb = (\d+)", d).group(1)) for d in devices]
    site = props.get("GLIDEIN_ResourceName", "").strip('"') or None
    return {"log": log.name, "cluster": ev["job"][0], "proc": ev["job"][1], "seq": job["seq"],
            "node": job["node"], "submit_host": job["submit_host"], "exec_host": host,
            "site": site, "start": ev["time"], "end": None, "end_code": None, "outcome": None,
            "return_value": None, "gpus": int(props.get("GPUs", "0") or 0),
            "gpu_model": names[0] if names else None, "gpu_models": names,
            "gpu_memory_mb": sum(mem), "table_request_memory_mb": None, "reason": "",
            "after_reconnect": None, "user_removal": False,
            "dag": dag["name"] if dag else None}


def _set_request_memory(a: dict, ev: dict) -> None:
    req = _table_request_memory(ev["body"])
    if req is not None:
        a["table_request_memory_mb"] = req


def _close(a: dict, ev: dict, later: list[dict]) -> None:
    a["end"], a["end_code"], a["reason"] = ev["time"], ev["code"], _reason(ev)
    rv = re.search(r"Normal termination \(return value (\d+)\)", "\n".join(ev["body"]))
    a["return_value"] = int(rv.group(1)) if rv else None
    a["outcome"] = ("success" if ev["code"] == 5 and a["return_value"] == 0 else
                    "failed" if ev["code"] == 5 else END_CODES[ev["code"]])
    if ev["code"] in (5, 4):
        _set_request_memory(a, ev)
    if ev["code"] in (4, 9, 12) and USER_REMOVAL.search(a["reason"]):
        a["user_removal"] = True
    elif ev["code"] == 4 and not a["reason"]:
        # the next abort or hold of the job within 60 s says why (an abort is a removal)
        for nxt in later:
            if nxt["job"] == ev["job"] and nxt["code"] in (1, 9, 12):
                soon = (nxt["time"] - ev["time"]).total_seconds() <= 60
                a["user_removal"] = soon and (nxt["code"] == 9 or
                                              bool(USER_REMOVAL.search(_reason(nxt))))
                break


def _finish(a: dict, dag: dict | None) -> None:
    node = (dag or {}).get("nodes", {}).get(a["node"] or "", {})
    sub = (dag or {}).get("submit", {}).get(node.get("submit") or "", {})
    a.pop("after_reconnect", None)
    a["run_uuid"] = node.get("vars", {}).get("run_uuid")
    m = EPOCH_NAME.search(a["node"] or "")
    a["epoch"] = int(m.group(1)) if m and "-train_epoch" in a["node"] else None
    a["service"] = bool(node.get("service")) or (a["exec_host"] is not None
                                                 and a["exec_host"] == a["submit_host"])
    a["resource"] = resource_of(a["site"], a["exec_host"], node.get("vars", {}).get("ResourceName"))
    a["request_memory_mb"] = (a["table_request_memory_mb"] if a["table_request_memory_mb"] is not None
                              else request_memory_mb(sub.get("request_memory")))
    secs = (a["end"] - a["start"]).total_seconds() if a["end"] and a["start"] else None
    a["run_hours"] = secs / 3600 if secs is not None and secs >= 0 else None
    a["gpu_hours"] = (a["run_hours"] or 0.0) * a["gpus"]


# --------------------------------------------------------------------------------------- CSV

STOP_COLUMNS = ("End Time", "Evicted Time", "Held Time", "Aborted Time")


def csv_rows(path) -> list[dict]:
    """One dict per CSV row (attempt) with the raw columns plus derived: stop (earliest of
    End/Evicted/Held/Aborted Time), run_hours, gpus, gpu_hours, resource, epoch, service."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        start = ts(r.get("Start Time", ""))
        stops = [t for t in (ts(r.get(c, "")) for c in STOP_COLUMNS) if t]
        r["stop"] = min(stops) if stops else None
        secs = (r["stop"] - start).total_seconds() if start and r["stop"] else None
        r["start"] = start
        r["run_hours"] = secs / 3600 if secs is not None and secs >= 0 else None
        r["gpus"] = int(r.get("Number of GPUs") or 0)
        r["gpu_hours"] = (r["run_hours"] or 0.0) * r["gpus"]
        r["resource"] = csv_resource(r)
        m = EPOCH_NAME.search(r["Job Name"])
        r["epoch"] = int(m.group(1)) if m else None
        r["service"] = r["Job Name"] == "annex_helper"
        r["success"] = r["Final Status"].strip() == "completed"
        r["cluster"] = int(r["HTCondor Cluster ID"])
        r["seq"] = int(r["Attempt Sequence"])
    return rows


def csv_resource(r: dict) -> str:
    """ospool when GLIDEIN Resource Name is set; else Targeted Resource lower-cased; else unknown."""
    if (r.get("GLIDEIN Resource Name") or "").strip():
        return "ospool"
    return (r.get("Targeted Resource") or "").strip().lower() or "unknown"
