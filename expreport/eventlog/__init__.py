"""HTCondor job event logs (+ DAGMan files) -> per-attempt records, without a database.

- ``parse_dag(path) -> DagInfo``: nodes, VARS and submit-description requests of a DAG file.
- ``iter_attempts(log_path, dags=(), on_issue=None)``: streaming records, one per execute
  event (``kind == "attempt"``) plus jobs that never ran (``kind == "queue_only"``); the keys
  are ``RECORD_KEYS``. See ``expreport.eventlog.parse`` for the rules.
- ``EventLogError``: not an event log, or the ``htcondor`` bindings are missing.
"""
from .dag import DagInfo, DagNode, SubmitDescription, parse_dag, parse_size
from .parse import IssueLog, iter_attempts
from .records import KEYS as RECORD_KEYS
from .textlog import EventLogError

__all__ = ["parse_dag", "iter_attempts", "EventLogError", "DagInfo",
           "DagNode", "SubmitDescription", "parse_size", "IssueLog", "RECORD_KEYS"]
