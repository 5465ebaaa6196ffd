"""Reads every Parquet file of a market-feed archive with pyarrow alone, one JSON line per row.

No market-feed code is on this read path: each file is opened on its own with
pyarrow.parquet.read_table (so every file must be a Parquet file pyarrow reads), and each row prints

    {"file", "topic", "partition", "offset", "key", "kafka_timestamp", "value"}

where `value` holds the record's fields (every column but the kafka_* ones, and `exchange` from the
file's `exchange=` folder, as a Hive reader gives it), timestamps as epoch milliseconds and bytes as
hex, as read_topics.py prints what fastavro decodes. A dead letter
(dead-letters/...) prints {"file", "topic", "partition", "offset", "dead_letter": {"error", "value"}}.
A file pyarrow cannot read prints {"file", "error"}. The last line is
{"summary": {"files": N, "rows": N, "unreadable": N, "columns": {table: [names]}}}.

Exit status: 0 when every file was read, 1 when one was not, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
from typing import Any, Dict, List

import pyarrow.parquet as pq
from urllib.parse import unquote

KAFKA_COLUMNS = ("kafka_topic", "kafka_partition", "kafka_offset", "kafka_timestamp", "kafka_key")


def plain(value: Any) -> Any:
    """A pyarrow value as JSON: UTC datetimes as epoch milliseconds, bytes as hex, lists and structs within."""
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            raise ValueError(f"a timestamp without a time zone: {value!r}")
        delta = value - datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
        return (delta.days * 86_400_000) + (delta.seconds * 1000) + (delta.microseconds // 1000)
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value


def parquet_files(root: str) -> List[str]:
    """Every .parquet file under the archive, but its own working folder (_archive)."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(("_", ".")))
        found.extend(os.path.join(folder, name) for name in sorted(files) if name.endswith(".parquet"))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--dir", required=True, help="the archive's folder")
    args = parser.parse_args()
    if not os.path.isdir(args.dir):
        print(f"read_archive.py: {args.dir} is not a folder", file=sys.stderr)
        return 2
    out = sys.stdout
    rows = 0
    unreadable = 0
    columns: Dict[str, List[str]] = {}
    files = parquet_files(args.dir)
    for path in files:
        relative = os.path.relpath(path, args.dir)
        try:
            table = pq.read_table(path)
        except Exception as error:  # noqa: BLE001 - any failure to read is the finding
            unreadable += 1
            out.write(json.dumps({"file": relative, "error": str(error)}) + "\n")
            continue
        table_name = relative.split(os.sep, 1)[0]
        # A Hive partition's value is in the path, not in the file: the exchange, as any Hive reader gives it.
        folders = dict(part.split("=", 1) for part in relative.split(os.sep)[:-1] if "=" in part)
        exchange = {} if folders.get("exchange", "__HIVE_DEFAULT_PARTITION__") == "__HIVE_DEFAULT_PARTITION__" else {"exchange": unquote(folders["exchange"])}
        columns.setdefault(table_name, table.schema.names)
        dead = table_name == "dead-letters"
        for row in table.to_pylist():
            rows += 1
            line: Dict[str, Any] = {
                "file": relative,
                "topic": row["kafka_topic"],
                "partition": row["kafka_partition"],
                "offset": row["kafka_offset"],
                "key": row["kafka_key"],
                "kafka_timestamp": plain(row["kafka_timestamp"]),
            }
            if dead:
                line["dead_letter"] = {"error": row["error"], "value": plain(row["value"])}
            else:
                line["value"] = {name: plain(value) for name, value in row.items() if name not in KAFKA_COLUMNS}
                line["value"].update(exchange)
            out.write(json.dumps(line) + "\n")
    out.write(json.dumps({"summary": {"files": len(files), "rows": rows, "unreadable": unreadable, "columns": columns}}) + "\n")
    return 1 if unreadable > 0 else 0


if __name__ == "__main__":
    sys.exit(main())
