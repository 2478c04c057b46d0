"""The parser's typed record (expreport.eventlog.records.AttemptRecord) against the
attempt_records table: every stored key is a column of a matching type, so a new column is a
field in AttemptRecord plus the migration that adds it."""
from datetime import datetime

import duckdb

from expreport.eventlog import RECORD_KEYS
from expreport.eventlog.records import NOT_STORED, AttemptRecord, column_dtypes, field_types
from expreport.ingest_eventlog import ATTEMPT_COLUMNS

SQL_TYPES = {int: {"INTEGER", "BIGINT"}, float: {"DOUBLE"}, str: {"VARCHAR"},
             datetime: {"TIMESTAMP"}, bool: {"BOOLEAN"}}


def _columns(db) -> dict[str, str]:
    con = duckdb.connect(str(db), read_only=True)     # the session's migrated empty database
    try:
        return dict(con.execute("SELECT column_name, column_type FROM "
                                "(DESCRIBE attempt_records)").fetchall())
    finally:
        con.close()


def test_every_stored_field_is_a_column_of_its_type(template_db):
    cols = _columns(template_db)
    types = field_types()
    stored = [k for k in RECORD_KEYS if k not in NOT_STORED]
    assert [k for k in stored if k not in cols] == []
    assert {k: cols[k] for k in stored if cols[k] not in SQL_TYPES[types[k]]} == {}
    # the keys kept out of the table really are not columns (else they would be dropped)
    assert [k for k in NOT_STORED if k in cols] == []


def test_ingest_chunks_are_typed_from_the_record():
    assert ATTEMPT_COLUMNS == column_dtypes()
    assert list(ATTEMPT_COLUMNS) == [k for k in AttemptRecord.__annotations__
                                     if k not in NOT_STORED]
    assert (ATTEMPT_COLUMNS["cluster_id"], ATTEMPT_COLUMNS["gpu_capability"],
            ATTEMPT_COLUMNS["slot"], ATTEMPT_COLUMNS["start_time"],
            ATTEMPT_COLUMNS["gpu_ecc"]) == ("Int64", "Float64", "string", "datetime64[us]",
                                            "boolean")
