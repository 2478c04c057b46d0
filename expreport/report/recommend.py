"""The recommendation rules: each defined once, as a view, with documented thresholds.

A rule is a view ``rec_<id>`` (queries/views/34N_rec_*.sql) that returns one row per finding
with the evidence numbers that triggered it; its file's header declares the rule's id, order,
title, advice and condition in words, and ``report_recommendations`` (their union) and
:data:`RULES` are derived from those headers. The
thresholds are data, in the view ``report_thresholds`` (queries/views/300_report_thresholds.sql),
so they are stated once and printed in every report's glossary. This module pairs each
finding with its rule's title and advice. A rule without evidence never
prints (tests/report/test_recommendations.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from ..sqlheaders import rule_headers
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


# Derived from the rule files' headers (queries/views/34N_rec_*.sql, read by
# expreport/sqlheaders.py): a rule's title, advice and condition live next to its query.
RULES: tuple[Rule, ...] = tuple(Rule(h["rule"], h["title"], h["advice"], h["fires_when"])
                                for h in rule_headers())

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
