"""DAGMan input files: node -> DAG, submit description, VARS; and per submit description the
resources it requests.

Only a whitelist of submit commands is kept (the request_* ones); every other line of a submit
description is dropped unread, and ``environment`` lines (which carry API keys in the real
campaign) are never stored anywhere, whether in a submit description, an external .sub file or
a VARS value (VARS named like a credential -- api_key, token, secret, password -- are dropped
too).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["DagInfo", "DagNode", "SubmitDescription", "parse_dag", "parse_size"]

# VARS names never stored: environment, and anything that looks like a credential
_SECRET_KEY_RE = re.compile(r"(?i)^env(ironment)?$|api_?key|token|secret|passw")
_NODE_KW = {"JOB": 1, "FINAL": 1, "SERVICE": 1, "PROVISIONER": 1, "SUBDAG": 2}
_VAR_RE = re.compile(r'([A-Za-z_+.][\w.+-]*)\s*=\s*"((?:[^"\\]|\\.)*)"')
_SIZE_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMGTP]?)(?:I?B)?\s*$", re.I)
_POW: dict[str, int | None] = {"": None, "K": 0, "M": 1, "G": 2, "T": 3, "P": 4}


def parse_size(text: str | None, unit: str) -> int | None:
    """A submit-file size to an integer in ``unit`` ("KB" or "MB").

    A bare number is already in ``unit`` (request_memory: MB, request_disk: KB); suffixes K, M,
    G, T (optionally followed by B) are powers of 1024, as in condor_submit. Anything else (an
    expression, a $(macro)) gives None.
    """
    if text is None:
        return None
    m = _SIZE_RE.match(text)
    if not m:
        return None
    value, suffix = float(m.group(1)), m.group(2).upper()
    power = _POW[suffix]
    if power is None:
        return int(value)
    base = {"KB": 0, "MB": 1}[unit]
    return int(value * 1024 ** (power - base))


def _int(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        return int(text.strip())
    except ValueError:
        return None


@dataclass(frozen=True)
class SubmitDescription:
    """Requests of one submit description. ``*_raw`` keep the text as written (None when the
    command is absent); the numbers are None when the text is an expression."""
    name: str
    request_cpus_raw: str | None = None
    request_memory_raw: str | None = None
    request_disk_raw: str | None = None
    request_gpus_raw: str | None = None
    gpus_minimum_memory_raw: str | None = None
    universe: str | None = None

    @property
    def runs_on_access_point(self) -> bool:
        """``universe = local`` or ``scheduler``: the job runs on the access point itself."""
        return (self.universe or "").strip().lower() in ("local", "scheduler")

    @property
    def request_cpus(self) -> int | None:
        return _int(self.request_cpus_raw)

    @property
    def request_memory_mb(self) -> int | None:
        return parse_size(self.request_memory_raw, "MB")

    @property
    def request_disk_kb(self) -> int | None:
        return parse_size(self.request_disk_raw, "KB")

    @property
    def request_gpus(self) -> int | None:
        return _int(self.request_gpus_raw)

    @property
    def gpus_minimum_memory_mb(self) -> int | None:
        return parse_size(self.gpus_minimum_memory_raw, "MB")


_KEEP = {"request_cpus", "request_memory", "request_disk", "request_gpus", "gpus_minimum_memory",
         "universe"}


@dataclass
class DagNode:
    name: str
    dag: str                          # DAG file name without .dag
    submit: str | None                # submit description name or submit file as written
    vars: dict[str, str] = field(default_factory=dict)
    service: bool = False             # declared with SERVICE (a helper beside the workflow)


@dataclass
class DagInfo:
    name: str                         # DAG file name without .dag
    path: str
    nodes: dict[str, DagNode] = field(default_factory=dict)
    submit_descriptions: dict[str, SubmitDescription] = field(default_factory=dict)

    def submit_for(self, node: str) -> SubmitDescription | None:
        n = self.nodes.get(node)
        return self.submit_descriptions.get(n.submit) if n is not None and n.submit else None


def _logical_lines(lines):
    """Join backslash-continued lines; yield (1-based first line number, text)."""
    buf, start = [], None
    for i, raw in enumerate(lines, 1):
        line = raw.rstrip("\r\n")
        if start is None:
            start = i
        if line.endswith("\\"):
            buf.append(line[:-1])
            continue
        buf.append(line)
        yield start, " ".join(buf)
        buf, start = [], None
    if buf:
        yield start, " ".join(buf)


def _submit_commands(lines) -> dict[str, str]:
    """Keep the whitelisted top-level ``key = value`` commands of a submit description."""
    kept: dict[str, str] = {}
    depth = 0
    for _, line in _logical_lines(lines):
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        word = s.split(None, 1)[0].lower()
        if word == "if":
            depth += 1
            continue
        if word == "endif":
            depth = max(0, depth - 1)
            continue
        if "=" not in s or depth:
            continue
        key, value = s.split("=", 1)
        key = key.strip().lower()
        if key in _KEEP:
            kept[key] = value.strip()
    return kept


def _description(name: str, cmds: dict[str, str]) -> SubmitDescription:
    return SubmitDescription(name, cmds.get("request_cpus"), cmds.get("request_memory"),
                             cmds.get("request_disk"), cmds.get("request_gpus"),
                             cmds.get("gpus_minimum_memory"), cmds.get("universe"))


def _parse_vars(text: str) -> dict[str, str]:
    out = {}
    for m in _VAR_RE.finditer(text):
        key = m.group(1)
        if _SECRET_KEY_RE.search(key):
            continue
        out[key] = re.sub(r"\\(.)", r"\1", m.group(2))
    return out


def parse_dag(path) -> DagInfo:
    """Parse a DAGMan input file (with inline ``SUBMIT-DESCRIPTION name { ... }`` blocks).

    ``JOB name X`` refers to the inline description X when there is one, otherwise to the
    submit file X (read, relative to the DAG's folder or the node's DIR, when it exists).
    """
    path = Path(path)
    name = path.name[:-4] if path.name.endswith(".dag") else path.name
    info = DagInfo(name, str(path))
    files: dict[str, str] = {}
    pending_vars: list[tuple[str, dict]] = []
    with open(path, encoding="utf-8", errors="replace") as fh:
        lines = iter(list(_logical_lines(fh)))
    for _, line in lines:
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        words = s.split()
        kw = words[0].upper()
        if kw == "SUBMIT-DESCRIPTION" and len(words) >= 2:
            desc = words[1].rstrip("{")
            body = []
            if not s.endswith("{"):
                # the brace may stand alone on the next line
                for _, nxt in lines:
                    if nxt.strip():
                        if nxt.strip() != "{":
                            body.append(nxt)
                        break
            for _, inner in lines:
                if inner.strip() == "}":
                    break
                body.append(inner)
            info.submit_descriptions[desc] = _description(desc, _submit_commands(body))
        elif kw in _NODE_KW and len(words) > _NODE_KW[kw]:
            if kw == "SUBDAG":  # SUBDAG EXTERNAL name file
                node, submit = words[2], None
            else:
                node, submit = words[1], words[2] if len(words) > 2 else None
            opts = [w.upper() for w in words[3:]]
            if submit:
                d = opts.index("DIR") + 4 if "DIR" in opts else None
                submit_dir = words[d] if d is not None and d < len(words) else ""
                files.setdefault(submit, str(path.parent / submit_dir / submit))
            info.nodes[node] = DagNode(node, name, submit, service=kw == "SERVICE")
        elif kw == "VARS" and len(words) >= 3:
            target = words[1]
            rest = s.split(None, 2)[2]
            if rest.split(None, 1)[0].upper() in ("PREPEND", "APPEND"):
                rest = rest.split(None, 1)[1] if len(rest.split(None, 1)) > 1 else ""
            pending_vars.append((target, _parse_vars(rest)))
    for target, vals in pending_vars:
        for node in (info.nodes.values() if target == "ALL_NODES"
                     else [info.nodes[target]] if target in info.nodes else []):
            node.vars.update(vals)
    for submit, fpath in files.items():
        if submit in info.submit_descriptions:
            continue
        try:
            with open(fpath, encoding="utf-8", errors="replace") as fh:
                info.submit_descriptions[submit] = _description(submit, _submit_commands(fh))
        except OSError:
            pass
    return info
