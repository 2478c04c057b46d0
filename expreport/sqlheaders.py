"""Fields declared in the header comment of a view file, read at load.

A view file's header (the ``--`` lines before its first statement) may declare fields as
``-- key: value`` lines; a value continues on the following lines indented by four spaces
(``--     more text``). Only the keys below are fields; any other comment is prose.

- A recommendation rule is one file (queries/views/34N_rec_*.sql) whose header declares
  ``rule`` (its id; the view is ``rec_<rule>``), ``rule_order`` (its place in the report),
  ``title``, ``advice`` and ``fires_when`` (the condition in words: the numbers are in
  report_thresholds). The union ``report_recommendations`` and the Python list of rules
  (expreport/report/recommend.py) are derived from these headers, so adding a rule is adding
  one file.
- Every view declares its grain, the columns that identify one of its rows, on a
  ``-- grain: resource, gpu_model`` line right before its CREATE statement (``-- grain: (one
  row)`` for a view of at most one row); tests/test_view_grain.py checks each is unique on
  the example data (:func:`view_grain`).
- A view that a command reads several times under one scope says so on a ``-- cache: report,
  summary`` line: the command stores its scoped result once in a TEMP table
  (expreport/scope.py, :func:`cached_views`), instead of a list of names in Python.
"""

from __future__ import annotations

import re
from pathlib import Path

from .paths import queries_dir

FIELDS = ("rule", "rule_order", "title", "advice", "fires_when")
_FIELD = re.compile(r"^--\s?(%s):\s*(.*)$" % "|".join(FIELDS))
_MORE = re.compile(r"^--\s{4,}(\S.*)$")
_IDENT = re.compile(r"^[a-z][a-z0-9_]*$")
_FILE = re.compile(r"^\d{3}_[a-z0-9_]+\.sql$")
# The line of 390_report_recommendations.sql that the union of the rules' views replaces.
UNION_MARK = "-- generated: the union of the rule views"


def header_fields(text: str) -> dict[str, str]:
    """The ``-- key: value`` fields of the header of one view file."""
    out: dict[str, str] = {}
    key = None
    for line in text.splitlines():
        s = line.rstrip()
        if not s.startswith("--"):
            if s.strip():
                break           # the first statement ends the header
            key = None
            continue
        m = _FIELD.match(s)
        if m:
            key = m.group(1)
            if key in out:
                raise ValueError(f"header field {key!r} declared twice")
            out[key] = m.group(2).strip()
            continue
        m = _MORE.match(s)
        if key and m:
            out[key] += " " + m.group(1).strip()
        else:
            key = None
    return out


def _view_files() -> list[Path]:
    folder = queries_dir() / "views"
    return sorted(p for p in folder.iterdir() if _FILE.match(p.name))


def rule_headers() -> list[dict[str, str]]:
    """Every rule declared by a view file's header, in rule_order; each dict has the
    FIELDS plus ``file``. A rule file must declare every field, and a view rec_<rule>."""
    rules = []
    for path in _view_files():
        text = path.read_text(encoding="utf-8")
        fields = header_fields(text)
        if "rule" not in fields:
            continue
        missing = [k for k in FIELDS if not fields.get(k)]
        if missing:
            raise ValueError(f"{path.name}: rule header lacks {', '.join(missing)}")
        if not _IDENT.match(fields["rule"]):
            raise ValueError(f"{path.name}: rule id {fields['rule']!r} is not a lower-case name")
        if f"CREATE OR REPLACE VIEW rec_{fields['rule']} AS" not in text:
            raise ValueError(f"{path.name}: rule {fields['rule']!r} has no view rec_{fields['rule']}")
        rules.append({**fields, "file": path.name})
    orders = [int(r["rule_order"]) for r in rules]
    if len(set(orders)) != len(orders) or len({r["rule"] for r in rules}) != len(rules):
        raise ValueError("two rules share an id or a rule_order")
    return sorted(rules, key=lambda r: int(r["rule_order"]))


def recommendations_union() -> str:
    """The body of report_recommendations: every rule's view, in rule_order, the heaviest
    finding of a rule first. Only identifiers checked above and integers go into it."""
    parts = [f"SELECT {int(r['rule_order'])} AS rule_order, * FROM rec_{r['rule']}" for r in rule_headers()]
    return ("CREATE OR REPLACE VIEW report_recommendations AS\nSELECT * FROM (\n    "
            + "\n    UNION ALL ".join(parts)
            + "\n)\nORDER BY rule_order, weight DESC NULLS LAST, subject;\n")


def expand(text: str) -> str:
    """A view file's text with a generated statement in place of its marker line."""
    if UNION_MARK in text:
        text = text.replace(UNION_MARK, UNION_MARK + "\n" + recommendations_union())
    return text


ONE_ROW = "(one row)"


def view_grain(comment: str) -> list[str] | None:
    """The grain a view's header comment declares (``-- grain: resource, gpu_model``): the
    columns that identify one row; [] for ``-- grain: (one row)``; None when not declared."""
    for line in comment.splitlines():
        if line.startswith("grain:"):
            value = line[len("grain:"):].strip()
            return [] if value == ONE_ROW else [c.strip() for c in value.split(",")]
    return None


def view_cache(comment: str) -> list[str]:
    """The commands (report, summary, compare) that cache a view, from its ``-- cache:`` line."""
    for line in comment.splitlines():
        if line.startswith("cache:"):
            return [c.strip() for c in line[len("cache:"):].split(",") if c.strip()]
    return []


def cached_views(command: str) -> tuple[str, ...]:
    """The views ``command`` caches for one run, in file order (a view's dependencies come
    before it, so each reads the cached tables of the ones before)."""
    from .queries import view_catalogue
    return tuple(name for name, _, comment in view_catalogue() if command in view_cache(comment))
