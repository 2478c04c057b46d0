"""Reading the raw text of an HTCondor job event log, one event at a time.

An event is a header line ``NNN (cluster.proc.subproc) YYYY-MM-DD HH:MM:SS text``, some body
lines, and a line ``...``. This module splits a log into events without holding more than one
event in memory, and reads from an event's text what the Python bindings get wrong or leave
out: exact byte counters and the "Partitionable Resources" usage table.

It also builds, for an event the bindings did not return (cut or spliced logs), a dict with the
same keys the bindings use, so the rest of the parser has a single path (see ``text_ad``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable, Generator

__all__ = ["EventLogError", "TextEvent", "scan_events",
           "parse_header", "event_bytes", "resource_table", "text_ad"]


class EventLogError(Exception):
    """A file is not a usable HTCondor job event log (message names file and line)."""


_TS = r"(\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?|\d\d/\d\d \d\d:\d\d:\d\d)"
HEADER_RE = re.compile(r"(\d{3}) \((\d+)\.(\d+)\.(\d+)\) " + _TS + r"(?: (.*))?$")
# an event header glued to the end of a cut line ("...Sent By009 (1.0.0) 2026-...")
EMBEDDED_RE = re.compile(
    r"\d{3} \(\d+\.\d+\.\d+\) (?:\d{4}-\d\d-\d\d[ T]|\d\d/\d\d )\d\d:\d\d:\d\d")


_ZONE_RE = re.compile(r"(Z|[+-]\d\d:?\d\d)$")


def parse_timestamp(text: str) -> datetime | None:
    """Header or ISO ``EventTime`` text -> naive datetime (wall clock as printed).

    A trailing ``Z``/offset is dropped (the log's clock is kept as written); the old
    ``MM/DD HH:MM:SS`` form has no year and gives None (the bindings' EventTime has one).
    """
    t = text.strip().replace("T", " ")
    if len(t) == 19 and t[4] == "-" and t[13] == ":" and t[16] == ":":
        try:        # the common "YYYY-MM-DD HH:MM:SS": no zone to drop (fast path)
            return datetime.fromisoformat(t)
        except ValueError:
            return None
    if "/" in t[:5]:
        return None
    t = _ZONE_RE.sub("", t)
    try:
        return datetime.fromisoformat(t)
    except ValueError:
        return None


@dataclass(slots=True)
class TextEvent:
    code: int
    cluster: int
    proc: int
    subproc: int
    ts_text: str                 # timestamp as printed in the header
    headline: str                # header text after the timestamp
    line: int                    # 1-based line of the header
    offset: int                  # byte offset of the header
    lines: list[str] = field(default_factory=list)   # body lines (no newline)
    cut: str | None = None       # None = ended by "..."; "spliced": next header began mid-line;
                                 # "header": next header without "..."; "eof": file ended

    @property
    def when(self) -> datetime | None:
        return parse_timestamp(self.ts_text)

    @property
    def hms(self) -> str:
        return self.ts_text[-8:] if "/" in self.ts_text[:5] else self.ts_text[11:19]

    def key(self) -> int:
        return hash((self.code, self.cluster, self.proc, self.ts_text, self.headline,
                     tuple(self.lines)))


def parse_header(line: str):
    """Return the header regex match of a line, or None."""
    return HEADER_RE.match(line)


# Ids are stored as BIGINT: a larger one is no HTCondor id (HTCondor's are 32-bit), and used to
# stop ingest with pandas' OverflowError and a traceback (test_error_eventlog_cluster_overflow).
MAX_ID = 2**63 - 1


def _check_ids(m, path: str, line_no: int) -> None:
    for what, g in (("cluster", 2), ("proc", 3), ("subproc", 4)):
        if int(m.group(g)) > MAX_ID:
            raise EventLogError(
                f"{path}, line {line_no}: the event header's {what} id {m.group(g)[:30]} is too "
                f"large (more than {MAX_ID}; HTCondor ids are 32-bit): the log is damaged or not "
                "an HTCondor event log. Nothing was written.")


def _new_event(m, line_no: int, offset: int, path: str) -> TextEvent:
    code, cluster, proc, sub, ts, head = m.groups()
    if len(cluster) > 18 or len(proc) > 18 or len(sub) > 18:    # 18 digits are < MAX_ID
        _check_ids(m, path, line_no)
    return TextEvent(int(code), int(cluster), int(proc), int(sub), ts, head or "", line_no, offset)


def scan_events(path: str, issue: Callable[[str, int, str], None]
                ) -> Generator[TextEvent, None, None]:
    """Yield the events of a log in file order, streaming.

    Text outside any event is reported as ``junk_text``; an event that does not end with
    ``...`` is yielded with ``cut`` set (reported by the caller, who knows whether the
    bindings returned it).
    """
    cur: TextEvent | None = None
    offset = 0
    line_no = 0
    junk_start = None
    with open(path, "rb") as fh:
        for raw in fh:
            line_no += 1
            here = offset
            offset += len(raw)
            if cur is not None and cur.code == 6 and raw[:1] == b"\t" and b") " not in raw:
                continue            # fast path: body line of an image-size event
            if raw == b"...\n" and cur is not None:
                yield cur           # fast path: the end of an event
                cur = None
                continue
            text = raw.decode("utf-8", "replace").rstrip("\r\n")
            # a header spliced onto the end of a cut line (its "NNN (" starts at 1 or later,
            # so its " (" is at 4 or later: a cheap test before the regex)
            if ") " in text and text.find(" (", 4) >= 0:
                e = EMBEDDED_RE.search(text, 1)
                if e is not None and e.start() > 0:
                    head = text[:e.start()]
                    if cur is not None:
                        cur.lines.append(head)
                        cur.cut = "spliced"
                        yield cur
                        cur = None
                    else:
                        issue("junk_text", line_no, head[:120])
                    text = text[e.start():]
                    here += len(head.encode("utf-8", "replace"))
            if text == "...":
                if cur is not None:
                    yield cur
                    cur = None
                elif junk_start is None:
                    issue("junk_text", line_no, "'...' outside an event")
                continue
            m = HEADER_RE.match(text) if text[:1].isdigit() else None
            if m is not None:
                if cur is not None:
                    cur.cut = "header"
                    yield cur
                cur = _new_event(m, line_no, here, path)
                junk_start = None
                continue
            if cur is not None:
                if cur.code != 6:      # image-size bodies are never read: do not keep them
                    cur.lines.append(text)
            elif text.strip() and junk_start is None:
                junk_start = line_no
                issue("junk_text", line_no, text[:120])
    if cur is not None:
        cur.cut = "eof"
        yield cur


# ---------------------------------------------------------------- fields read from text

_BYTES_RE = re.compile(r"^\s*(\d+)\s+-\s+(Run|Total) Bytes (Sent|Received) By Job")


def event_bytes(lines: list[str]) -> dict[str, int]:
    """Exact byte counters: keys run_sent, run_received, total_sent, total_received."""
    out = {}
    for ln in lines:
        m = _BYTES_RE.match(ln)
        if m:
            out[f"{m.group(2).lower()}_{m.group(3).lower()}"] = int(m.group(1))
    return out


_TOKEN_RE = re.compile(r'"[^"]*"|\S+')
_COLS = ("usage", "request", "allocated", "assigned")


def _num(tok: str):
    try:
        return int(tok)
    except ValueError:
        try:
            return float(tok)
        except ValueError:
            return None


def resource_table(lines: list[str]) -> dict[str, dict]:
    """The "Partitionable Resources : Usage Request Allocated Assigned" table of 004/005.

    Returns {row name: {"usage"|"request"|"allocated"|"assigned": value}}; empty cells are
    absent. Cells are right-aligned under the header words and empty cells are blank, so each
    number goes to the header column whose right edge is nearest to its own right edge.
    """
    out: dict[str, dict] = {}
    ends = None
    numeric: list[tuple[int, str]] = []     # (right edge, column) of the numeric columns
    for ln in lines:
        if ends is None:
            if "Partitionable Resources" in ln and ":" in ln:
                k = ln.index(":")
                ends = {}
                for m in _TOKEN_RE.finditer(ln, k + 1):
                    name = m.group().lower()
                    if name in _COLS:
                        ends[name] = m.end()
                numeric = [(e, c) for c, e in ends.items() if c != "assigned"]
            continue
        k = ln.find(":")
        if k < 0 or not ln[:k].startswith((" ", "\t")) or not ln[:k].strip():
            break
        name = ln[:k].strip()
        cells = {}
        for m in _TOKEN_RE.finditer(ln, k + 1):
            tok = m.group()
            if tok.startswith('"'):
                cells["assigned"] = tok.strip('"')
                continue
            if not numeric:
                break
            end = m.end()
            col = min(numeric, key=lambda ec: abs(ec[0] - end))[1]     # first one on a tie
            val = _num(tok)
            if val is not None and col not in cells:
                cells[col] = val
        out[name] = cells
    return out


# ---------------------------------------------------------------- text -> bindings-like ad

_CODE_RE = re.compile(r"Code (-?\d+) Subcode (-?\d+)")
_XFER = {"Started transferring input files": 2, "Finished transferring input files": 3,
         "Started transferring output files": 5, "Finished transferring output files": 6,
         "Input file transfer queued": 1, "Output file transfer queued": 4}


def _first_body(lines: list[str]) -> str | None:
    for ln in lines:
        if ln.strip():
            return ln.strip()
    return None


def text_ad(te: TextEvent) -> dict:
    """Build from an event's text a dict with the keys the bindings use, for the fields the
    parser reads. Used only for events the bindings did not return."""
    ad: dict = {"EventTypeNumber": te.code, "Cluster": te.cluster, "Proc": te.proc}
    when = te.when
    if when is not None:
        ad["EventTime"] = when.isoformat()
    body = te.lines
    c = te.code
    if c == 0:
        for ln in body:
            s = ln.strip()
            if s.startswith("DAG Node:") or "DAGNodeName" in s:
                ad["LogNotes"] = s
    elif c == 1:
        ad["ExecuteHost"] = te.headline.split("host:", 1)[-1].strip()
        props = []
        for ln in body:
            s = ln.strip()
            if s.startswith("SlotName:"):
                ad["SlotName"] = s.split(":", 1)[1].strip()
            elif " = " in s:
                props.append(s)
        if props:
            try:
                import classad2
                ad["ExecuteProps"] = classad2.parseOne("\n".join(props))
            except Exception:  # noqa: BLE001 - a bad ad only loses the GPU details
                pass
    elif c in (4, 9, 13, 24):
        m = _CODE_RE.search(te.headline)
        if m:
            ad["ReasonCode"], ad["ReasonSubCode"] = int(m.group(1)), int(m.group(2))
        for ln in body:
            s = ln.strip()
            if c == 4 and s.startswith("Reason:"):
                ad["Reason"] = s[7:].strip()
        if c != 4 and _first_body(body):
            ad["Reason"] = _first_body(body)
    elif c == 5:
        for ln in body:
            m = re.search(r"Normal termination \(return value (-?\d+)\)", ln)
            if m:
                ad["TerminatedNormally"], ad["ReturnValue"] = True, int(m.group(1))
            m = re.search(r"Abnormal termination \(signal (\d+)\)", ln)
            if m:
                ad["TerminatedNormally"], ad["TerminatedBySignal"] = False, int(m.group(1))
    elif c == 7:
        if _first_body(body):
            ad["Message"] = _first_body(body)
    elif c == 12:
        reason = None
        for ln in body:
            s = ln.strip()
            m = _CODE_RE.fullmatch(s)
            if m:
                ad["HoldReasonCode"], ad["HoldReasonSubCode"] = int(m.group(1)), int(m.group(2))
            elif s and reason is None:
                reason = s
        if reason is not None:
            ad["HoldReason"] = reason
    elif c == 21:
        if _first_body(body):
            ad["ErrorMsg"] = _first_body(body)
    elif c == 40:
        for label, n in _XFER.items():
            if te.headline.startswith(label):
                ad["Type"] = n
    return ad
