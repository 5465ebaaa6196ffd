"""Runs the ClickHouse SQL blocks of docs/archive.md in chdb and prints each one's answer as JSON.

Reads {"blocks": {name: sql}} on stdin. Each block is one statement, run in one chdb session after
its time zone was set to one that is not UTC (+05:45), so that a block that relies on UTC says so
itself. The answer is read as an Arrow table (the column types ClickHouse gave it, nothing guessed
from text). Prints one JSON object {name: {"columns": [...], "rows": [[...], ...]}} or
{name: {"error": message}}, with timestamps as epoch milliseconds (a timestamp without a time zone
is an error), lists and tuples as lists and objects, and NULL as null.

Exit status: 0 when every block gave an answer, 1 when one did not, 2 on bad input.
"""

from __future__ import annotations

import json
import sys
import traceback
from typing import Any, Dict

from chdb import session

from run_pandas_query import plain

NOT_UTC = "Asia/Kathmandu"


def run_block(connection: session.Session, sql: str) -> Dict[str, Any]:
    connection.query(f"SET session_timezone = '{NOT_UTC}'")
    table = connection.query(sql, "ArrowTable")
    columns = [column.to_pylist() for column in table.columns]
    rows = [[plain(column[i]) for column in columns] for i in range(table.num_rows)]
    result = {"columns": list(table.column_names), "rows": rows}
    json.dumps(result)  # a value with no JSON form is the block's error, not the runner's
    return result


def main() -> int:
    try:
        blocks = json.load(sys.stdin)["blocks"]
    except (ValueError, KeyError, TypeError) as error:
        print(f"run_clickhouse_query.py: expected {{\"blocks\": {{name: sql}}}} on stdin: {error}", file=sys.stderr)
        return 2
    results: Dict[str, Any] = {}
    connection = session.Session()
    try:
        for name, sql in blocks.items():
            try:
                results[name] = run_block(connection, sql)
            except Exception:  # noqa: BLE001 - the block's own failure is its result
                results[name] = {"error": traceback.format_exc()}
    finally:
        connection.close()
    print(json.dumps(results))
    return 1 if any("error" in result for result in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
