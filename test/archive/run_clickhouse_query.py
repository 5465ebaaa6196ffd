"""Runs the ClickHouse SQL blocks of docs/archive.md in chdb and prints each one's answer as JSON.

Reads {"blocks": {name: sql}} on stdin. Each block is one statement, run in one chdb session after
its time zone was set to one that is not UTC (+05:45), so that a block that relies on UTC says so
itself. The answer is read as an Arrow table (the column types ClickHouse gave it, nothing guessed
from text). Prints one JSON object {name: {"columns": [...], "rows": [[...], ...]}} or
{name: {"error": message}}, with timestamps as epoch milliseconds (a timestamp without a time zone
is an error), lists and tuples as lists and objects, and NULL as null (query_blocks.py).

Exit status: 0 when every block gave an answer, 1 when one did not, 2 on bad input.
"""

from __future__ import annotations

import sys

from chdb import session

from query_blocks import Answer, answer, run_blocks

NOT_UTC = "Asia/Kathmandu"


def main() -> int:
    connection = session.Session()

    def run_block(sql: str) -> Answer:
        connection.query(f"SET session_timezone = '{NOT_UTC}'")
        table = connection.query(sql, "ArrowTable")
        columns = [column.to_pylist() for column in table.columns]
        return answer(table.column_names, ([column[i] for column in columns] for i in range(table.num_rows)))

    try:
        return run_blocks("run_clickhouse_query.py", "sql", run_block)
    finally:
        connection.close()


if __name__ == "__main__":
    sys.exit(main())
