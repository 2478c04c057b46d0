"""One stream of events from the official bindings, each paired with its raw text.

``htcondor2.JobEventLog(path).events(stop_after=0)`` gives the event stream (type, ids, time,
ad fields). The file is read in parallel by ``textlog.scan_events`` so that each bindings event
also carries its exact text (for the byte counters and the usage table the bindings get wrong
or drop). The two streams are matched on (event code, cluster, proc, time of day).

Where the bindings fall short of the file:
- they stop silently, for good, at the first text they cannot parse (a garbage line, an
  unknown header); the stream then resumes them after that point (pickling protocol: a
  JobEventLog restored with a byte offset resumes there) and reports ``bindings_stopped``;
- an event they skip (e.g. a header glued to the end of a cut line, as in the real
  ospool_pretraining.dag.nodes.log) is read from its text (``recovered_from_text``);
- they report cluster -1 for cluster ids past 2**31-1: ids are always taken from the text.
"""
from __future__ import annotations

from collections import OrderedDict, deque
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable, Iterator, Mapping

from .textlog import EventLogError, TextEvent, parse_timestamp, scan_events, text_ad

Issue = Callable[[str, int, str], None]

LOOKAHEAD = 64          # text events searched for the counterpart of a bindings event
MAX_RESUMES = 10_000    # restarts of the bindings after they stop early
DEDUPE_WINDOW = 65_536   # recent non-006 events remembered to drop exact duplicates


@dataclass(slots=True)
class Event:
    code: int
    cluster: int
    proc: int
    when: datetime | None
    line: int                   # line of the header (0 when unknown)
    ad: Mapping[str, Any]       # bindings JobEvent, or a dict with the same keys (text)
    text: TextEvent | None
    from_text: bool


def import_bindings():
    """Import ``htcondor2`` lazily, with a clear error when it is missing."""
    try:
        import htcondor2
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise EventLogError(
            "reading HTCondor event logs needs the official Python bindings: "
            "`pip install htcondor` (wheels for Linux; module htcondor2, version >= 24)"
        ) from exc
    return htcondor2


def _resume(htc, path: str, offset: int):
    jel = htc.JobEventLog.__new__(htc.JobEventLog)
    jel.__setstate__(({"_deadline": 0, "_filename": path}, offset))
    return jel.events(stop_after=0)


def _same(be, te: TextEvent) -> bool:
    # the bindings give cluster/proc -1 for ids beyond int32: the time then decides
    if be["EventTypeNumber"] != te.code or str(be.get("EventTime", ""))[11:19] != te.hms:
        return False
    cluster, proc = be.cluster, be.proc
    return (cluster == te.cluster or cluster < 0) and (proc == te.proc or proc < 0)


def iter_events(path: str, issue: Issue) -> Iterator[Event]:
    """Yield the events of the log in file order (exact duplicates and unknown types dropped,
    both reported)."""
    htc = import_bindings()
    known = {int(t) for t in htc.JobEventType}
    seen: OrderedDict[int, None] = OrderedDict()

    def make(be, te: TextEvent | None) -> Event | None:
        if be is None:
            assert te is not None       # the caller passes the text when the bindings have none
            ad: Mapping = text_ad(te)
            code, cluster, proc = te.code, te.cluster, te.proc
        else:
            ad = be
            code = int(be["EventTypeNumber"])
            # ids from the text when there is one: exact, where the bindings may say -1
            cluster, proc = (te.cluster, te.proc) if te is not None else (be.cluster, be.proc)
        line = te.line if te is not None else 0
        if code not in known:
            issue("unknown_event_type", line, f"event type {code:03d} skipped")
            return None
        if te is not None and te.cut is not None:
            issue("truncated_event", line,
                  f"{code:03d} ({cluster}.{proc}) does not end with '...' ({te.cut})")
        if code != 6:
            key = te.key() if te is not None else hash((code, cluster, proc, str(be)))
            if key in seen:
                issue("duplicate_event", line, f"{code:03d} ({cluster}.{proc}) repeated")
                return None
            seen[key] = None
            if len(seen) > DEDUPE_WINDOW:
                seen.popitem(last=False)
        t = ad.get("EventTime")      # a missing and a None EventTime both give None
        when = parse_timestamp(str(t)) if t is not None else None
        if when is None and te is not None:
            when = te.when
        return Event(code, cluster, proc, when, line, ad, te, be is None)

    def recovered(te: TextEvent) -> Event | None:
        issue("recovered_from_text", te.line,
              f"{te.code:03d} ({te.cluster}.{te.proc}) not returned by the bindings; "
              "read from text")
        return make(None, te)

    texts = scan_events(path, issue)
    buf: deque[TextEvent] = deque()

    def fill(n: int) -> None:
        while len(buf) < n:
            te = next(texts, None)
            if te is None:
                return
            buf.append(te)

    def next_be(it):
        try:
            return next(it)
        except StopIteration:
            return None
        except Exception as exc:  # noqa: BLE001 - the bindings raise various errors
            issue("bindings_error", buf[0].line if buf else 0, f"{type(exc).__name__}: {exc}")
            return None

    it = htc.JobEventLog(str(path)).events(stop_after=0)
    try:
        yield from _pair(it, buf, fill, next_be, make, recovered, issue, htc, str(path))
    finally:
        texts.close()


def _pair(it, buf, fill, next_be, make, recovered, issue, htc, path):
    """Match the bindings stream with the text stream (see module doc)."""
    try:
        resumes = 0
        last_resume = -1
        while True:
            be = next_be(it) if it is not None else None
            if be is not None:
                if not buf:
                    fill(1)
                if buf and buf[0].code == 6 and be["EventTypeNumber"] == 6:
                    # fast path for the bulk of a log (image size updates, unused here)
                    buf.popleft()
                    continue
                fill(LOOKAHEAD)
                idx = next((i for i, te in enumerate(buf) if _same(be, te)), None)
                if idx is None and buf and buf[0].code == be["EventTypeNumber"]:
                    # same place, same type, other details differ: pair them rather than let
                    # the two streams drift apart (which would read the rest twice)
                    issue("bindings_text_mismatch", buf[0].line,
                          f"bindings: ({be.cluster}.{be.proc}) {be.get('EventTime')}; text: "
                          f"({buf[0].cluster}.{buf[0].proc}) {buf[0].ts_text}; text ids used")
                    idx = 0
                if idx is None:
                    issue("no_text_for_event", 0,
                          f"{int(be['EventTypeNumber']):03d} ({be.cluster}.{be.proc}) "
                          f"{be.get('EventTime')} has no matching text; bytes/usage table not read")
                    ev = make(be, None)
                else:
                    for _ in range(idx):
                        ev0 = recovered(buf.popleft())
                        if ev0 is not None:
                            yield ev0
                    ev = make(be, buf.popleft())
                if ev is not None:
                    yield ev
                continue
            # the bindings have nothing more: is there text left?
            fill(1)
            if not buf:
                return
            te = buf[0]
            if te.cut == "eof":
                issue("truncated_event", te.line,
                      f"last event {te.code:03d} ({te.cluster}.{te.proc}) is cut off; ignored")
                buf.popleft()
                continue
            if te.offset == last_resume or it is None:
                # the bindings cannot read this event: use its text
                ev = recovered(buf.popleft())
                if ev is not None:
                    yield ev
                if it is None:
                    continue
                fill(1)
                if not buf:
                    return
                te = buf[0]
            if resumes >= MAX_RESUMES:
                it = None
                continue
            issue("bindings_stopped", te.line,
                  "the bindings stopped before the end of the file; resumed at this event")
            if it is not None:
                it.close()
            try:
                it = _resume(htc, path, te.offset)
            except Exception as exc:  # noqa: BLE001 - fall back to text for the rest
                issue("bindings_error", te.line, f"cannot resume the bindings: {exc}; text only")
                it = None
            resumes += 1
            last_resume = te.offset
    finally:
        if it is not None:
            it.close()
