"""The recommendation rules: each defined once, as a view, with documented thresholds.

A rule is a view ``rec_<id>`` (queries/views/34N_rec_*.sql) that returns one row per finding
with the evidence numbers that triggered it; ``report_recommendations`` unions them. The
thresholds are data, in the view ``report_thresholds`` (queries/views/300_report_thresholds.sql),
so they are stated once and printed in every report's glossary. This module adds what a
reader needs around each finding: a title and the advice. A rule without evidence never
prints (tests/report/test_recommendations.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from .data import fetch_rows


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    advice: str
    fires_when: str          # the condition in words; the numbers are in report_thresholds

    @property
    def view(self) -> str:
        return f"rec_{self.id}"


RULES: tuple[Rule, ...] = (
    Rule("high_waste", "High waste",
         "Look at the main kind: evictions call for checkpointing or shorter jobs, holds for "
         "the hold reasons (runtime limit, memory over request), failures for the job's error output.",
         "the wasted share of a resource's GPU-hours exceeds max_wasted_pct (on at least min_gpu_hours GPU-hours)"),
    Rule("quick_failures", "Failures within minutes",
         "Jobs that die this early fail in setup, not training: check the software environment, "
         "container, missing input files or credentials on that resource.",
         "a resource has at least min_failed failed attempts whose median run is below max_median_minutes"),
    Rule("redone_epochs", "Re-done epochs",
         "Completed epochs ran again: check DAG retries and re-submissions (rescue DAGs) so that a "
         "node whose epoch is complete is not run twice.",
         "at least min_redone epoch completions did not add a new epoch"),
    Rule("slow_input", "Slow input transfer",
         "Stage or cache the input data near the resource (OSDF cache, local scratch, pre-staged "
         "datasets) or shrink what each job transfers.",
         "a resource's median input transfer exceeds max_median_minutes, or is at least "
         "min_median_minutes and vs_best_factor times the fastest resource's (min_attempts timed transfers)"),
    Rule("gpu_underused", "GPUs under half used",
         "Request fewer GPUs per job, or feed them faster (data loading workers, batch size).",
         "the median GPU Usage / GPUs assigned is below max_used_fraction (over min_attempts attempts)"),
    Rule("right_sizing", "Requests above what the jobs use",
         "Lower request_memory / request_cpus / request_disk to the suggested value (P95 of the use "
         "with 10% headroom): more slots match, fewer resources sit reserved but idle; let the few "
         "larger jobs retry with more.",
         "the median request exceeds max_request_over_suggested x (P95 of the use x p95_factor) over "
         "min_attempts attempts reporting both (event logs)"),
    Rule("request_headroom", "Requests far above typical use",
         "Size request_memory / request_cpus near the suggested value and let the few large jobs "
         "retry with more; check against the requests in your submit files (the event-log ingest "
         "reads them).",
         "the largest use exceeds max_over_suggested x (P95 of the use x p95_factor) over min_attempts attempts"),
    Rule("rank_resources", "Resources ranked by GPU-hours per epoch (all attempts of the epoch's node)",
         "Send more of the next campaign's epochs to the resources at the top.",
         "at least min_entries resources have the evidence to be ranked: min_epochs completed "
         "epochs, min_gpu_hours_pct of the GPU-hours in scope and min_gpu_hours GPU-hours "
         "('unknown' never); the others are named as left out"),
    Rule("rank_gpu_models", "GPU models ranked by GPU-hours per epoch (all attempts of the epoch's node)",
         "Prefer the models at the top where you can choose (requirements on the GPU model).",
         "at least min_entries GPU models have the evidence to be ranked: min_epochs completed "
         "epochs, min_gpu_hours_pct of the GPU-hours in scope and min_gpu_hours GPU-hours "
         "('none' and 'unreported' never); the others are named as left out"),
)

RULE = {r.id: r for r in RULES}


@dataclass
class Recommendation:
    rule: Rule
    subject: str
    severity: str
    message: str
    evidence: list[dict]

    @property
    def headline(self) -> str:
        return f"{self.rule.title} ({self.subject}): {self.message}"

    def evidence_text(self) -> str:
        return "; ".join(_ev(e) for e in self.evidence
                         if e.get("value") is not None or e.get("text") is not None)

    def as_json(self) -> dict:
        return {"rule": self.rule.id, "title": self.rule.title, "subject": self.subject,
                "severity": self.severity, "message": self.message, "advice": self.rule.advice,
                "evidence": self.evidence}


def _ev(e: dict) -> str:
    from ..render import fmt_cell
    if e.get("text") is not None:
        return f"{e['name']} = {e['text']}"
    v, unit = e.get("value"), e.get("unit") or ""
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        v = int(v)
    sep = "" if unit in ("%", "x") else " "
    return f"{e['name']} = {fmt_cell(v)}{sep}{unit}".rstrip()


def has_evidence(evidence: list[dict]) -> bool:
    return any(e.get("value") is not None or e.get("text") is not None for e in evidence or [])


def fetch_recommendations(con: duckdb.DuckDBPyConnection) -> list[Recommendation]:
    """The findings of every rule under the current scope, in the rules' order."""
    out = []
    for row in fetch_rows(con, "report_recommendations")[1]:
        rule = RULE.get(row["rule"])
        if rule is None:
            raise KeyError(f"rule {row['rule']!r} of report_recommendations is not in RULES")
        if not has_evidence(row["evidence"]):   # never print a finding without its numbers
            continue
        out.append(Recommendation(rule, row["subject"], row["severity"], row["message"], row["evidence"]))
    return out


def fetch_thresholds(con: duckdb.DuckDBPyConnection) -> list[dict]:
    return fetch_rows(con, "report_thresholds")[1]
