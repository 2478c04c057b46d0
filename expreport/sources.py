"""Cross-check two sources of one campaign: every attempt-level difference, with its reason.

Typically experiment A is a campaign's ``job_summary.csv`` and B the same campaign's HTCondor
event logs. The comparison is SQL: ``source_pairs`` pairs the attempts by (cluster, attempt),
``source_differences`` lists one row per (attempt, field) that differs with a reason code,
``source_difference_summary`` counts them per field and reason and
``source_comparison_overview`` gives the totals (queries/views/600-610). This module only scopes
the two experiments (session variable ``expreport_experiments`` = [A, B], bound parameters)
and fetches the views; :mod:`expreport.cli_sources` prints or writes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TextIO

import duckdb

from .errors import ExpreportError
from .scope import apply_scope, make_scope

#: Columns of a difference row, in output order (CSV/JSON); the table shows DIFF_TABLE_COLUMNS.
DIFF_COLUMNS = ("experiment_a", "experiment_b", "cluster_id", "attempt_seq", "job_name", "field",
                "value_a", "value_b", "difference", "reason", "explanation", "line_a", "line_b")
DIFF_TABLE_COLUMNS = ("cluster_id", "attempt_seq", "job_name", "field", "value_a", "value_b", "reason")
SUMMARY_COLUMNS = ("field", "reason", "differences", "clusters", "example", "explanation")


@dataclass
class SourceComparison:
    """What ``compare-sources A B`` found (rows as tuples in the column orders above)."""
    overview: dict[str, Any]
    summary: list[tuple] = field(default_factory=list)
    differences: list[tuple] = field(default_factory=list)

    @property
    def a(self) -> str:
        return self.overview["experiment_a"]

    @property
    def b(self) -> str:
        return self.overview["experiment_b"]

    def headline(self) -> str:
        """The totals in one paragraph."""
        o = self.overview
        return (f"{o['experiment_a']} ({o['kind_a']}, {o['attempts_a']:,} attempts) vs "
                f"{o['experiment_b']} ({o['kind_b']}, {o['attempts_b']:,} attempts): "
                f"{o['paired']:,} paired by (cluster, attempt), {o['only_a']:,} only in {o['experiment_a']}, "
                f"{o['only_b']:,} only in {o['experiment_b']}; start times agree on {o['same_start']:,} "
                f"of {o['paired']:,} paired attempts; {o['differences']:,} differences, "
                f"{o['unexplained']:,} unexplained.")

    def note(self) -> str | None:
        """A caveat when the reasons do not apply (not one CSV and one event-log experiment)."""
        kinds = {self.overview["kind_a"], self.overview["kind_b"]}
        if kinds != {"csv", "eventlog"}:
            return (f"note: {self.a} is {self.overview['kind_a']} and {self.b} is {self.overview['kind_b']}; "
                    "reasons are classified only between a CSV and an event-log experiment, so every "
                    "difference is 'same_kind'.")
        return None

    def summary_dicts(self) -> list[dict]:
        return [dict(zip(SUMMARY_COLUMNS, r)) for r in self.summary]

    def difference_dicts(self) -> list[dict]:
        return [dict(zip(DIFF_COLUMNS, r)) for r in self.differences]


def compare_sources(con: duckdb.DuckDBPyConnection, a: str, b: str) -> SourceComparison:
    """Scope ``con`` to experiments A and B and read the comparison views.

    Unknown experiments raise the usual error listing the known ones (closest first).
    """
    if a == b:
        raise ExpreportError(f"compare-sources needs two different experiments (got {a!r} twice).")
    apply_scope(con, make_scope([a, b]), require_match=False)
    cur = con.execute("FROM source_comparison_overview")
    overview = dict(zip([d[0] for d in cur.description], cur.fetchall()[0]))
    summary = con.execute(f"SELECT {', '.join(SUMMARY_COLUMNS)} FROM source_difference_summary").fetchall()
    diffs = con.execute(f"SELECT {', '.join(DIFF_COLUMNS)} FROM source_differences").fetchall()
    return SourceComparison(overview, summary, diffs)


def _plain(v: Any) -> Any:
    from .safe import json_value
    return json_value(v)


def write_json(result: SourceComparison, out: TextIO) -> None:
    """{overview, summary: [...], differences: [...]} as one JSON document."""
    doc = {"overview": {k: _plain(v) for k, v in result.overview.items()},
           "summary": [{k: _plain(v) for k, v in d.items()} for d in result.summary_dicts()],
           "differences": [{k: _plain(v) for k, v in d.items()} for d in result.difference_dicts()]}
    from .safe import json_dumps
    out.write(json_dumps(doc, ensure_ascii=False) + "\n")


def print_table(result: SourceComparison, out: TextIO) -> None:
    """Terminal text: the totals, the summary per field and reason, then every difference."""
    from .render import print_rows
    out.write(result.headline() + "\n")
    note = result.note()
    if note:
        out.write(note + "\n")
    if not result.differences:
        out.write("No differences.\n")
        return
    print_rows(SUMMARY_COLUMNS[:-1], [r[:-1] for r in result.summary], "table",
               title="Differences per field and reason", out=out)
    out.write("Reasons:\n")
    for code, text in dict((r[1], r[-1]) for r in result.summary).items():
        out.write(f"  {code}: {text}\n")
    idx = [DIFF_COLUMNS.index(c) for c in DIFF_TABLE_COLUMNS]
    cols = [result.a if c == "value_a" else result.b if c == "value_b" else c for c in DIFF_TABLE_COLUMNS]
    ids = {DIFF_COLUMNS.index("cluster_id"), DIFF_COLUMNS.index("attempt_seq")}   # no thousands separators
    rows = [[str(r[i]) if i in ids and r[i] is not None else r[i] for i in idx] for r in result.differences]
    print_rows(cols, rows, "table",
               title="Every difference (reason codes explained above)", out=out)
