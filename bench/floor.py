"""Reference (a), the floor: bare DuckDB loading the CSV into a fresh database file.

    python bench/floor.py CSV DB COLUMNS_JSON [--storage-compat v1.5.0]

``CREATE TABLE t AS FROM read_csv(...)`` with the same explicit column types and reader
options expreport's ingest uses (queries/ingest/insert_csv.sql), nothing else: no
derived columns, no resource assignment, no epoch credit. Run as a child process by the
harness so its wall time and peak RSS are measured the same way as ``expreport ingest``.
Standalone on purpose (imports duckdb only).
"""
from __future__ import annotations

import json
import sys


def main(argv: list[str]) -> None:
    csv_path, db_path, columns_json = argv[:3]
    compat = argv[argv.index("--storage-compat") + 1] if "--storage-compat" in argv else None
    import duckdb
    config = {"storage_compatibility_version": compat} if compat else {}
    con = duckdb.connect(db_path, config=config)
    con.execute(
        "CREATE TABLE t AS FROM read_csv($path, columns = $cols, header = true, auto_detect = false,"
        " delim = ',', quote = '\"', escape = '\"', nullstr = '', strict_mode = true, parallel = true)",
        {"path": csv_path, "cols": json.loads(columns_json)})
    con.close()


if __name__ == "__main__":
    main(sys.argv[1:])
