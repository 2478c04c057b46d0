"""Field extraction for attempt records: record keys, execute-event details (host, slot, GPUs),
end-event details (resource table, bytes), DAG lookups, final status."""
from __future__ import annotations

import os
import re
from datetime import datetime
from typing import Any, Mapping, TypedDict, get_args, get_type_hints

from .dag import DagInfo, DagNode
from .textlog import TextEvent, event_bytes, resource_table

class AttemptRecord(TypedDict):
    """One record yielded by :func:`expreport.eventlog.iter_attempts`, in yield order: the one
    definition of the record's keys and types. Every key but :data:`NOT_STORED` is the
    ``attempt_records`` column of the same name; the ingest types its chunks from these
    annotations (:func:`column_dtypes`) and tests/eventlog/test_record_schema.py checks them
    against the table (DESCRIBE). A new column: a field here and the migration adding it."""
    kind: str                       # 'attempt' or 'queue_only' (not stored)
    job_name: str | None
    dag_source: str | None
    run_uuid: str | None
    dag_resource_name: str | None
    cluster_id: int | None
    proc: int | None
    attempt_seq: int | None
    node_attempt: int | None
    submit_time: datetime | None
    start_time: datetime | None
    end_time: datetime | None
    run_seconds: int | None         # end - start (not stored: views derive it)
    outcome_event: str | None
    final_status: str | None
    exit_code: int | None
    exit_signal: int | None
    hold_code: int | None
    hold_subcode: int | None
    hold_reason: str | None
    evict_reason: str | None
    held_time: datetime | None
    released_time: datetime | None
    evicted_time: datetime | None
    aborted_time: datetime | None
    execute_host: str | None
    slot: str | None
    glidein_site: str | None
    n_gpus: int | None
    gpu_name: str | None
    gpu_names: str | None
    gpu_memory_mb: int | None
    gpu_device_memory_mb: int | None   # the first GPU's own memory (not stored)
    gpu_capability: float | None
    gpu_driver: str | None
    gpu_ecc: bool | None
    gpu_uuid: str | None
    gpu_id: str | None
    gpu_pci_bus: str | None
    request_cpus: float | None
    request_memory_mb: float | None
    request_disk_kb: float | None
    request_gpus: float | None
    request_gpu_memory_mb: float | None
    cpu_usage: float | None
    peak_memory_mb: float | None
    disk_usage_kb: int | None
    gpu_usage: float | None
    gpu_memory_usage_mb: float | None
    alloc_cpus: float | None
    alloc_memory_mb: float | None
    alloc_disk_kb: float | None
    alloc_gpus: float | None
    bytes_sent: int | None
    bytes_received: int | None
    xfer_in_start: datetime | None
    xfer_in_end: datetime | None
    epoch: int | None
    source_line: int | None
    abort_reason: str | None
    submit_host: str | None
    service_node: bool | None
    running_until: datetime | None


KEYS: tuple[str, ...] = tuple(AttemptRecord.__annotations__)
NOT_STORED = frozenset({"kind", "run_seconds", "gpu_device_memory_mb"})
# Python type of a field -> pandas nullable dtype of its column in an ingest chunk
_DTYPES = {int: "Int64", float: "Float64", str: "string", datetime: "datetime64[us]",
           bool: "boolean"}


def field_types() -> dict[str, type]:
    """Record key -> its Python type without the ``None`` (``int | None`` -> ``int``)."""
    out = {}
    for key, hint in get_type_hints(AttemptRecord).items():
        args = [a for a in get_args(hint) if a is not type(None)] or [hint]
        out[key] = args[0]
    return out


def column_dtypes() -> dict[str, str]:
    """attempt_records column -> pandas dtype, for the stored keys, in record order."""
    return {k: _DTYPES[t] for k, t in field_types().items() if k not in NOT_STORED}


_EPOCH_RE = re.compile(r"epoch(\d+)$")


def blank(kind: str) -> dict:
    rec = dict.fromkeys(KEYS)
    rec["kind"] = kind
    return rec


# ---------------------------------------------------------------- DAG side

class DagIndex:
    """Node name -> DagNode over several DAGs; prefers the DAG named like the log file
    (``X.dag.nodes.log`` -> DAG ``X``) when a node name exists in several DAGs."""

    def __init__(self, dags, log_path: str, issue):
        self.dags: list[DagInfo] = list(dags or ())
        base = os.path.basename(str(log_path))
        self.preferred = base.split(".dag", 1)[0] if ".dag" in base else None
        self.issue = issue
        self._reported: set[str] = set()

    def lookup(self, node: str, line: int, batch_dag: str | None = None
               ) -> tuple[DagNode | None, DagInfo | None]:
        hits = [d for d in self.dags if node in d.nodes]
        if not hits:
            return None, None
        if len(hits) > 1:
            pref = [d for d in hits if d.name == batch_dag] or \
                [d for d in hits if d.name == self.preferred]
            if pref:
                hits = pref
            elif node not in self._reported:
                self._reported.add(node)
                self.issue("ambiguous_dag_node", line,
                           f"node {node} is in DAGs {', '.join(d.name for d in hits)}; "
                           f"using {hits[0].name}")
        return hits[0].nodes[node], hits[0]


_NOTE_RE = re.compile(r'(DAGNodeName|JobBatchName)\s*=\s*"((?:[^"\\]|\\.)*)"')


def node_name(ad: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """(DAG node, DAG name from the batch name) of a submit event.

    Older schedds write the note ``DAG Node: X``; newer ones a structured note
    ``[ DAGNodeName = "X"; JobBatchName = "D.dag+123" ]`` (bindings: ``StructuredNotes``).
    """
    node = batch = None
    sn = ad.get("StructuredNotes")
    if sn is not None and hasattr(sn, "get"):
        node, batch = sn.get("DAGNodeName"), sn.get("JobBatchName")
    notes = ad.get("LogNotes")
    if isinstance(notes, str):
        s = notes.strip()
        if s.startswith("DAG Node:"):
            node = node or s.split(":", 1)[1].strip()
        for key, val in _NOTE_RE.findall(s):
            if key == "DAGNodeName":
                node = node or val
            else:
                batch = batch or val
    dag = None
    if isinstance(batch, str) and ".dag+" in batch:
        dag = os.path.basename(batch.split(".dag+", 1)[0])
    return (node if isinstance(node, str) and node else None), dag


def apply_dag(rec: dict, job_name: str, node: DagNode | None, dag: DagInfo | None) -> None:
    """DAG-derived keys; requests from the submit description (a resource table overrides)."""
    vars_ = node.vars if node is not None else {}
    rec["dag_source"] = dag.name if dag is not None else None
    rec["run_uuid"] = vars_.get("run_uuid")
    rec["dag_resource_name"] = vars_.get("ResourceName")
    m = _EPOCH_RE.search(job_name or "")
    epoch = int(m.group(1)) if m else None
    if epoch is None and vars_.get("epoch", "").strip().isdigit():
        epoch = int(vars_["epoch"])
    rec["epoch"] = epoch
    sd = dag.submit_for(node.name) if dag is not None and node is not None else None
    rec["service_node"] = bool((node is not None and node.service)
                               or (sd is not None and sd.runs_on_access_point))
    if sd is not None:
        rec["request_cpus"] = sd.request_cpus
        rec["request_memory_mb"] = sd.request_memory_mb
        rec["request_disk_kb"] = sd.request_disk_kb
        rec["request_gpus"] = sd.request_gpus
        rec["request_gpu_memory_mb"] = sd.gpus_minimum_memory_mb


# ---------------------------------------------------------------- execute event

def host_name(sinful: str | None, slot: str | None) -> str | None:
    """Execute host name: ``alias=`` of the sinful string, else ``PrivNet=``, else the part of
    the slot name after the last ``@``, else the IP."""
    params: dict[str, str] = {}
    ip = None
    if sinful:
        s = sinful.strip().lstrip("<").rstrip(">")
        addr, _, query = s.partition("?")
        ip = addr.rsplit(":", 1)[0] or None
        for part in query.split("&"):
            k, eq, v = part.partition("=")
            if eq and k not in params:
                params[k] = v
    for k in ("alias", "PrivNet"):
        if params.get(k):
            return params[k]
    if slot and "@" in slot:
        return slot.rsplit("@", 1)[1]
    return ip


def _driver(v) -> str | None:
    if v is None:
        return None
    return repr(float(v)) if isinstance(v, (int, float)) and not isinstance(v, bool) else str(v)


def apply_execute(rec: dict, ad: Mapping[str, Any]) -> None:
    slot = ad.get("SlotName")
    rec["slot"] = slot
    rec["execute_host"] = host_name(ad.get("ExecuteHost"), slot)
    props = ad.get("ExecuteProps")
    if props is None:
        return
    site = props.get("GLIDEIN_ResourceName")
    rec["glidein_site"] = site if isinstance(site, str) else None
    names = [str(n) for n in props.get("AvailableGPUs") or []] \
        if isinstance(props.get("AvailableGPUs"), list) else []
    gpus = [props[n] for n in names if n in props]
    n = props.get("GPUs")
    rec["n_gpus"] = n if isinstance(n, int) and not isinstance(n, bool) else \
        (len(names) if "AvailableGPUs" in props else None)
    for key, attr in (("alloc_cpus", "Cpus"), ("alloc_memory_mb", "Memory"),
                      ("alloc_disk_kb", "Disk"), ("alloc_gpus", "GPUs")):
        v = props.get(attr)
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            rec[key] = v
    if not gpus:
        return
    first = gpus[0]
    models = []
    for g in gpus:
        name = g.get("DeviceName")
        if name and name not in models:
            models.append(name)
    mems = [g.get("GlobalMemoryMb") for g in gpus]
    rec["gpu_name"] = first.get("DeviceName")
    rec["gpu_names"] = ",".join(models) or None
    rec["gpu_memory_mb"] = sum(m for m in mems if isinstance(m, (int, float))) or None
    rec["gpu_device_memory_mb"] = first.get("GlobalMemoryMb")
    cap = first.get("Capability")
    rec["gpu_capability"] = float(cap) if isinstance(cap, (int, float)) else None
    rec["gpu_driver"] = _driver(first.get("DriverVersion"))
    ecc = first.get("ECCEnabled")
    rec["gpu_ecc"] = ecc if isinstance(ecc, bool) else None
    rec["gpu_uuid"] = first.get("DeviceUuid")
    rec["gpu_id"] = first.get("Id")
    rec["gpu_pci_bus"] = first.get("DevicePciBusId")


# ---------------------------------------------------------------- end events

_TABLE = (  # (row, column, key)
    ("Cpus", "request", "request_cpus"), ("Memory (MB)", "request", "request_memory_mb"),
    ("Disk (KB)", "request", "request_disk_kb"), ("GPUs", "request", "request_gpus"),
    ("GpusMemory (MB)", "request", "request_gpu_memory_mb"),
    ("Cpus", "usage", "cpu_usage"), ("Memory (MB)", "usage", "peak_memory_mb"),
    ("Disk (KB)", "usage", "disk_usage_kb"), ("GPUs", "usage", "gpu_usage"),
    ("GpusMemory (MB)", "usage", "gpu_memory_usage_mb"),
    ("Cpus", "allocated", "alloc_cpus"), ("Memory (MB)", "allocated", "alloc_memory_mb"),
    ("Disk (KB)", "allocated", "alloc_disk_kb"), ("GPUs", "allocated", "alloc_gpus"),
)
# the same values as the bindings name them in a 005 ad (used only without the event text)
_AD_TABLE = {"request_cpus": "RequestCpus", "request_memory_mb": "RequestMemory",
             "request_disk_kb": "RequestDisk", "request_gpus": "RequestGPUs",
             "cpu_usage": "CpusUsage", "peak_memory_mb": "MemoryUsage",
             "disk_usage_kb": "DiskUsage", "gpu_usage": "GPUsUsage",
             "gpu_memory_usage_mb": "GpusMemoryUsage", "alloc_cpus": "Cpus",
             "alloc_memory_mb": "Memory", "alloc_disk_kb": "Disk", "alloc_gpus": "GPUs"}


def apply_end_table(rec: dict, te: TextEvent | None, ad: Mapping[str, Any],
                    overwrite: bool = True) -> None:
    """Usage / request / allocated from the end event's table, and this attempt's Run Bytes.

    With the text: the table and exact integer bytes. Without it (the bindings returned an
    event whose text could not be found): the bindings' own fields, whose bytes are rounded.
    With ``overwrite`` False only empty keys are filled (follow-up 004 after a 024/007), except
    the requests: the table's Request column is this attempt's own request and always replaces
    the DAG submit description's value set by :func:`apply_dag` (real: cluster 14655617 after its
    024 requested 120000 MB where the DAG says 80000; pinned by
    tests/eventlog/test_eventlog_parse.py::test_follow_up_eviction_table_request_wins).
    """
    values: dict[str, Any] = {}
    if te is not None:
        table = resource_table(te.lines)
        for row, col, key in _TABLE:
            v = table.get(row, {}).get(col)
            if v is not None:
                values[key] = v
        b = event_bytes(te.lines)
        if "run_sent" in b:
            values["bytes_sent"] = b["run_sent"]
        if "run_received" in b:
            values["bytes_received"] = b["run_received"]
    else:
        for key, attr in _AD_TABLE.items():
            v = ad.get(attr)
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                values[key] = v
        for key, attr in (("bytes_sent", "SentBytes"), ("bytes_received", "ReceivedBytes")):
            v = ad.get(attr)
            if isinstance(v, (int, float)):
                values[key] = int(v)
    for key, v in values.items():
        if overwrite or rec.get(key) is None or key.startswith("request_"):
            rec[key] = v


def final_status(rec: dict) -> str | None:
    """Map the attempt's end to the CSV vocabulary (see the package docstring)."""
    out = rec["outcome_event"]
    if out == "terminated":
        if rec["exit_signal"] is not None:
            return "failed"
        code = rec["exit_code"]
        if code == 85:
            return "checkpointed"
        if code == 0:
            return "completed"
        return "failed"
    if out == "held":
        return "released" if rec["released_time"] is not None else "held"
    return out  # evicted, aborted, reconnect_failed, shadow_exception, None
