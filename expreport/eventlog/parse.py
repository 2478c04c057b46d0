"""Job event log (+ DAG files) -> one record per execution attempt, streaming.

``iter_attempts(log_path, dags=(), on_issue=None)`` yields dicts with the keys of
``records.KEYS``. Two kinds, told apart by ``rec["kind"]``:

- ``"attempt"``: one per execute event (001) of a job (cluster.proc).
- ``"queue_only"``: a job that never executed in this log (submitted, maybe held, evicted during
  input transfer, aborted). Attempt-only keys (start, host, GPUs, usage...) are None;
  ``outcome_event``/``end_time`` say how and when it left the queue (``aborted`` 009, or
  ``terminated`` for a 005 without execute; None if still queued at the end of the log);
  ``final_status`` is ``aborted``, ``released``, ``held`` or None; ``source_line`` is the
  line of its first event.

Attempt rules:
- An attempt starts at its 001 and ends at the first of 005 terminated, 004 evicted, 012 held,
  009 aborted, 024 reconnect failed, 007 shadow exception of the same cluster.proc
  (``end_time``, ``outcome_event``). Its *span* runs until the job's next 001 (or the job
  leaves the queue): events after the end but inside the span fill ``released_time``,
  ``aborted_time``, ``held_time``/``hold_*`` and ``evicted_time`` without changing the end.
  Each of those keys keeps the FIRST such event of the span (for an attempt ended by a hold,
  ``held_time`` = ``end_time``).
- The 004 that HTCondor writes right after a 024/007 for the same job belongs to that attempt:
  it fills ``evicted_time``, the resource table and the bytes when still empty.
- ``final_status``: terminated with return value 0 -> ``completed``, 85 -> ``checkpointed``,
  any other value or a signal -> ``failed`` (the CSV generator calls codes other than 1 and 85
  "completed"); evicted -> ``evicted``; held -> ``held``, or ``released`` when a 013 followed
  the hold; aborted -> ``aborted``; 024 -> ``reconnect_failed``; 007 -> ``shadow_exception``;
  no end yet -> None. It follows the END event: an attempt evicted and later removed stays
  ``evicted`` (with ``aborted_time`` set), unlike the generator.
- Still running: an attempt whose 001 has no end event before the log ends (and no later
  001 of the job) keeps ``end_time``/``final_status`` None and gets ``running_until`` = the
  log's last event time (the latest time of any event in the file): how long it is KNOWN to
  have run. Every other record has ``running_until`` None.
- ``bytes_*`` are this attempt's "Run Bytes" of its end event (exact integers read from the
  text); None when the end event has none (held, still running).
- Requests come from the end event's resource table (``Request`` column) when present, else
  from the DAG submit description; allocations from the table, else from the execute event.
- ``xfer_in_start``/``xfer_in_end``: the last "Started transferring input files" after the
  previous end, and the "Finished transferring input files" that follows it (also when it is
  written just after the 001).

Problems (duplicates, out-of-order times, cut events, end without execute, unknown event
types, text the bindings could not read...) never stop the parse: each is passed to
``on_issue(kind, line, detail)``; ``IssueLog`` collects and counts them.
"""
from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime
from typing import Callable, Iterable, Iterator

from .dag import DagInfo
from .records import (DagIndex, apply_dag, apply_end_table, apply_execute, blank,
                      final_status, host_name, node_name)
from .stream import Event, import_bindings, iter_events
from .textlog import EventLogError, HEADER_RE

log = logging.getLogger(__name__)

Issue = Callable[[str, int, str], None]     # on_issue(kind, line, detail)

END_CODES = {5: "terminated", 4: "evicted", 12: "held", 9: "aborted",
             24: "reconnect_failed", 7: "shadow_exception"}


class IssueLog:
    """A ready ``on_issue`` callback: counts per kind, keeps the first ``keep`` issues."""

    def __init__(self, keep: int = 10_000):
        self.counts: Counter[str] = Counter()
        self.items: list[tuple[str, int, str]] = []
        self.keep = keep

    def __call__(self, kind: str, line: int, detail: str) -> None:
        self.counts[kind] += 1
        if len(self.items) < self.keep:
            self.items.append((kind, line, detail))


class _Attempt:
    __slots__ = ("rec", "ended", "follow", "starter_error")

    def __init__(self, rec: dict):
        self.rec, self.ended, self.follow, self.starter_error = rec, False, False, None


class _Job:
    __slots__ = ("cluster", "proc", "name", "base", "n_exec", "cur", "xfer", "last_when",
                 "queue")

    def __init__(self, cluster: int, proc: int):
        self.cluster, self.proc = cluster, proc
        self.name = f"cluster{cluster}" if proc == 0 else f"cluster{cluster}.{proc}"
        self.base: dict = {}          # keys shared by all records of the job (DAG, submit)
        self.n_exec = 0
        self.cur: _Attempt | None = None
        self.xfer: list[datetime | None] = [None, None]
        self.last_when: datetime | None = None
        self.queue: dict | None = None  # queue_only record while the job has not executed


def _check_log(path: str) -> None:
    with open(path, "rb") as fh:
        head = fh.read(4096)
    for no, raw in enumerate(head.splitlines(), 1):
        text = raw.decode("utf-8", "replace").strip("\ufeff").rstrip()
        if text.strip():
            if HEADER_RE.match(text) is None:
                raise EventLogError(
                    f"{path}:{no}: not an HTCondor job event log (expected an event header "
                    f"like '000 (123.000.000) 2026-05-04 14:09:47 ...', found {text[:60]!r})")
            return


def iter_attempts(log_path, dags: Iterable[DagInfo] = (),
                  on_issue: Callable[[str, int, str], None] | None = None) -> Iterator[dict]:
    """Stream the attempt and queue-only records of one job event log (see module doc).

    Raises EventLogError at call time when the file is not an event log or the htcondor
    bindings are missing.
    """
    path = str(log_path)
    _check_log(path)
    import_bindings()
    if on_issue is None:
        counts: Counter[str] = Counter()

        def on_issue(kind: str, line: int, detail: str) -> None:
            if not counts[kind]:
                log.warning("%s:%s: %s: %s", path, line, kind, detail)
            counts[kind] += 1
    return _run(path, DagIndex(dags, path, on_issue), on_issue)


def _run(path: str, dag_index: DagIndex, issue: Issue) -> Iterator[dict]:
    """Feed each event to the handler of its code (:data:`_HANDLERS`); a handler returns the
    record the event finished, if any. Every event but 006 (image size) registers its job and
    its time first, also the codes without a handler."""
    st = _LogState(dag_index, issue)
    for ev in iter_events(path, issue):
        if ev.code == 6:
            continue
        j = st.job_for(ev)
        st.note_time(ev, j)
        handler = _HANDLERS.get(ev.code)
        if handler is not None:
            done = handler(st, ev, j)
            if done is not None:
                yield done
    yield from st.rest()


class _LogState:
    """The jobs of one log between events, and the handlers of its event codes."""

    def __init__(self, dag_index: DagIndex, issue: Issue):
        self.dag_index, self.issue = dag_index, issue
        self.jobs: dict[tuple[int, int], _Job] = {}
        self.node_count: Counter = Counter()
        self.log_end: datetime | None = None     # the latest event time (running_until)

    # ---------------------------------------------------------------- bookkeeping
    def job_for(self, ev: Event) -> _Job:
        key = (ev.cluster, ev.proc)
        j = self.jobs.get(key)
        if j is None:
            j = self.jobs[key] = _Job(ev.cluster, ev.proc)
            j.base = {"job_name": j.name, "cluster_id": ev.cluster, "proc": ev.proc}
            if ev.code != 0:
                self.issue("missing_submit", ev.line,
                           f"({ev.cluster}.{ev.proc}) first seen in a {ev.code:03d} event")
            rec = blank("queue_only")
            rec.update(j.base)
            rec["source_line"] = ev.line or None
            j.queue = rec
        return j

    def note_time(self, ev: Event, j: _Job) -> None:
        if ev.when is None:
            return
        if self.log_end is None or ev.when > self.log_end:
            self.log_end = ev.when
        if j.last_when is not None and ev.when < j.last_when:
            self.issue("out_of_order", ev.line,
                       f"{ev.code:03d} ({ev.cluster}.{ev.proc}) at {ev.when} is before the "
                       f"job's previous event at {j.last_when}")
        else:
            j.last_when = ev.when

    def finish(self, att: _Attempt) -> dict:
        rec = att.rec
        rec["final_status"] = final_status(rec)
        if rec["start_time"] and rec["end_time"]:
            rec["run_seconds"] = int((rec["end_time"] - rec["start_time"]).total_seconds())
            if rec["run_seconds"] < 0:
                self.issue("negative_duration", rec["source_line"] or 0,
                           f"({rec['cluster_id']}.{rec['proc']}) ends before it starts")
        return rec

    @staticmethod
    def finish_queue(j: _Job) -> dict:
        rec = j.queue
        assert rec is not None
        if rec["xfer_in_start"] is None:
            rec["xfer_in_start"], rec["xfer_in_end"] = j.xfer
        rec["final_status"] = ("aborted" if rec["aborted_time"] else
                               "released" if rec["released_time"] else
                               "held" if rec["held_time"] else None)
        return rec

    def rest(self) -> list[dict]:
        """Jobs still open at the end of the log, in the order of their first line."""
        rest = []
        for j in self.jobs.values():
            if j.cur is not None:
                if not j.cur.ended:
                    j.cur.rec["running_until"] = self.log_end
                rest.append(self.finish(j.cur))
            elif j.queue is not None:
                rest.append(self.finish_queue(j))
        rest.sort(key=lambda r: r["source_line"] or 0)
        return rest

    # ---------------------------------------------------------------- handlers
    def on_submit(self, ev: Event, j: _Job) -> None:
        """000: the DAG node, its DAG's keys and the submit time/host."""
        name, batch_dag = node_name(ev.ad)
        if name:
            j.name = name
            node, dag = self.dag_index.lookup(name, ev.line, batch_dag)
            j.base["job_name"] = name
            tmp: dict = {}
            apply_dag(tmp, name, node, dag)
            j.base.update(tmp)
        else:
            j.base["job_name"] = j.name
        j.base["submit_time"] = ev.when
        j.base["submit_host"] = host_name(ev.ad.get("SubmitHost"), None)
        if j.queue is not None:
            j.queue.update(j.base)
            j.queue["source_line"] = ev.line or j.queue["source_line"]

    def on_execute(self, ev: Event, j: _Job) -> dict | None:
        """001: a new attempt; the previous one (if any) is finished."""
        att = j.cur
        if att is not None and not att.ended:
            self.issue("execute_without_end", ev.line,
                       f"({ev.cluster}.{ev.proc}) executes again before its previous attempt "
                       f"(line {att.rec['source_line']}) ended")
        done = self.finish(att) if att is not None else None
        j.queue = None
        j.n_exec += 1
        rec = blank("attempt")
        rec.update(j.base)
        if rec["job_name"] is None:
            rec["job_name"] = j.name
        rec["attempt_seq"] = j.n_exec
        nkey = (rec.get("dag_source"), rec["job_name"])
        self.node_count[nkey] += 1
        rec["node_attempt"] = self.node_count[nkey]
        rec["start_time"] = ev.when
        rec["source_line"] = ev.line or None
        rec["xfer_in_start"], rec["xfer_in_end"] = j.xfer
        j.xfer = [None, None]
        apply_execute(rec, ev.ad)
        j.cur = _Attempt(rec)
        return done

    def on_transfer(self, ev: Event, j: _Job) -> None:
        """040: input transfer started (Type 2) / finished (Type 3)."""
        att = j.cur
        running = att is not None and not att.ended
        kind = ev.ad.get("Type")
        if kind == 2 and not running:
            j.xfer = [ev.when, None]
        elif kind == 3:
            if not running and j.xfer[0] is not None:
                j.xfer[1] = ev.when
            elif att is not None and running and att.rec["xfer_in_start"] \
                    and att.rec["xfer_in_end"] is None:
                att.rec["xfer_in_end"] = ev.when

    def on_starter_error(self, ev: Event, j: _Job) -> None:
        """021: the starter's message, the evict reason when a 004 without one follows."""
        if j.cur is not None and not j.cur.ended:
            j.cur.starter_error = ev.ad.get("ErrorMsg")

    def on_release(self, ev: Event, j: _Job) -> None:
        """013: release of the attempt's (or queued job's) first hold."""
        target = j.cur.rec if j.cur is not None else j.queue
        assert target is not None
        if target["held_time"] is None:
            self.issue("release_without_hold", ev.line, f"({ev.cluster}.{ev.proc}) released")
        elif target["released_time"] is None:
            target["released_time"] = ev.when

    def on_end(self, ev: Event, j: _Job) -> dict | None:
        """004 005 007 009 012 024: ends the running attempt, or fills the follow-up 004 of a
        024/007, or marks the span / queued job; 005 and 009 take the job out of the queue."""
        code, att = ev.code, j.cur
        if att is not None and not att.ended:
            rec = att.rec
            att.ended = True
            rec["end_time"] = ev.when
            rec["outcome_event"] = END_CODES[code]
            _fill_end(rec, ev, att, first=True)
            att.follow = code in (24, 7)
        elif att is not None and att.follow and code == 4:
            att.follow = False
            _fill_end(att.rec, ev, att, first=False)
        else:
            if code in (4, 5, 24, 7):
                self.issue("end_without_execute", ev.line,
                           f"{ev.code:03d} ({ev.cluster}.{ev.proc}) without a running attempt")
            target = att.rec if att is not None else j.queue
            assert target is not None
            if att is not None:
                att.follow = False
            _fill_side(target, ev)
            if att is None:
                if target["xfer_in_start"] is None:
                    target["xfer_in_start"], target["xfer_in_end"] = j.xfer
                j.xfer = [None, None]
        if code not in (5, 9):
            return None
        del self.jobs[(ev.cluster, ev.proc)]
        if att is not None:
            return self.finish(att)
        assert j.queue is not None
        j.queue["outcome_event"], j.queue["end_time"] = END_CODES[code], ev.when
        return self.finish_queue(j)


Handler = Callable[[_LogState, Event, _Job], "dict | None"]
_HANDLERS: dict[int, Handler] = {
    0: _LogState.on_submit, 1: _LogState.on_execute, 40: _LogState.on_transfer,
    21: _LogState.on_starter_error, 13: _LogState.on_release,
    **{code: _LogState.on_end for code in END_CODES},
}


def _fill_side(rec: dict, ev: Event) -> None:
    """An end-type event outside a running attempt: record its time (first one wins)."""
    ad = ev.ad
    if ev.code == 12 and rec["held_time"] is None:
        rec["held_time"] = ev.when
        rec["hold_reason"] = ad.get("HoldReason")
        rec["hold_code"] = ad.get("HoldReasonCode")
        rec["hold_subcode"] = ad.get("HoldReasonSubCode")
    elif ev.code == 9 and rec["aborted_time"] is None:
        rec["aborted_time"] = ev.when
        rec["abort_reason"] = ad.get("Reason")
    elif ev.code == 4 and rec["evicted_time"] is None:
        rec["evicted_time"] = ev.when
        if rec["evict_reason"] is None:
            rec["evict_reason"] = ad.get("Reason")


def _fill_end(rec: dict, ev: Event, att: _Attempt, first: bool) -> None:
    ad = ev.ad
    code = ev.code
    if code == 5:
        if ad.get("TerminatedNormally") is False or ad.get("TerminatedBySignal") is not None:
            rec["exit_signal"] = ad.get("TerminatedBySignal")
        else:
            rec["exit_code"] = ad.get("ReturnValue")
    elif code in (12, 9):
        _fill_side(rec, ev)
        return
    elif code == 4:
        rec["evicted_time"] = rec["evicted_time"] or ev.when
        rec["evict_reason"] = rec["evict_reason"] or ad.get("Reason") or att.starter_error
    elif code == 24:
        rec["evict_reason"] = ad.get("Reason")
    elif code == 7:
        rec["evict_reason"] = ad.get("Message")
    if code in (4, 5, 7):
        apply_end_table(rec, ev.text, ad, overwrite=first)
