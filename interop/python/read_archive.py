"""Reads a market-feed archive with pyarrow alone, as a Hive-partitioned dataset, one JSON line per row.

No market-feed code is on this read path. Each table (each `type=...` folder, and `dead-letters`) is
read as docs/archive.md tells users to: a pyarrow dataset with Hive partitioning (`exchange` a string,
`date` a date), its schema the union of its files' schemas. Its files are read one at a time (each
fragment of the dataset, with the dataset's schema and its folder's partition values), so a file pyarrow
cannot read is named alone. Each row prints

    {"file", "topic", "partition", "offset", "key", "kafka_timestamp", "value"}

where `value` holds the record's fields: every column but the kafka_* ones, and `exchange` as the
dataset gives it (from the file's `exchange=` folder; None for `__HIVE_DEFAULT_PARTITION__`), never
`date` (a folder, not a field); timestamps as epoch milliseconds and bytes as hex, as read_topics.py
prints what fastavro decodes. A dead letter (dead-letters/...) prints
{"file", "topic", "partition", "offset", "dead_letter": {"error", "value"}}.
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
from typing import Any, Dict, List, TextIO

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

KAFKA_COLUMNS = ("kafka_topic", "kafka_partition", "kafka_offset", "kafka_timestamp", "kafka_key")
# The folder keys under a table, as docs/archive.md names them for pyarrow.
FOLDER_KEYS = pa.schema([("exchange", pa.string()), ("date", pa.date32())])
HIVE = ds.partitioning(FOLDER_KEYS, flavor="hive")
DEAD_LETTERS = "dead-letters"


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


def visible(name: str) -> bool:
    """Hive readers skip names starting with `_` or `.` (the archive's own `_archive`)."""
    return not name.startswith(("_", "."))


def tables(root: str) -> List[str]:
    """The archive's tables: its top folders but its own working folder."""
    return sorted(name for name in os.listdir(root) if visible(name) and os.path.isdir(os.path.join(root, name)))


def parquet_files(folder: str) -> List[str]:
    """Every .parquet file under a table's folder, in path order."""
    found = []
    for parent, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if visible(d))
        found.extend(os.path.join(parent, name) for name in sorted(files) if name.endswith(".parquet") and visible(name))
    return found


class Reader:
    def __init__(self, root: str, out: TextIO) -> None:
        self.root = root
        self.out = out
        self.files = 0
        self.rows = 0
        self.unreadable = 0
        self.columns: Dict[str, List[str]] = {}

    def unreadable_file(self, path: str, error: Exception) -> None:
        self.unreadable += 1
        self.out.write(json.dumps({"file": os.path.relpath(path, self.root), "error": str(error)}) + "\n")

    def table(self, name: str) -> None:
        folder = os.path.join(self.root, name)
        files = parquet_files(folder)
        self.files += len(files)
        schemas = []
        readable = []
        for path in files:
            try:
                schemas.append(pq.read_schema(path))
                readable.append(path)
            except Exception as error:  # noqa: BLE001 - any failure to read is the finding
                self.unreadable_file(path, error)
        if not readable:
            return
        # The files' schemas merged by name (a field added later is null in older files), and the folder keys.
        schema = pa.unify_schemas(schemas + [FOLDER_KEYS])
        dataset = ds.dataset(readable, format="parquet", partitioning=HIVE, partition_base_dir=folder, schema=schema)
        self.columns.setdefault(name, [field for field in schemas[0].names])
        for fragment in dataset.get_fragments():
            try:
                rows = fragment.to_table(schema=dataset.schema).to_pylist()
            except Exception as error:  # noqa: BLE001 - any failure to read is the finding
                self.unreadable_file(fragment.path, error)
                continue
            relative = os.path.relpath(fragment.path, self.root)
            for row in rows:
                self.row(relative, row, name == DEAD_LETTERS)

    def row(self, relative: str, row: Dict[str, Any], dead: bool) -> None:
        self.rows += 1
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
            line["value"] = {key: plain(value) for key, value in row.items() if key not in KAFKA_COLUMNS and key != "date"}
        self.out.write(json.dumps(line) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--dir", required=True, help="the archive's folder")
    args = parser.parse_args()
    if not os.path.isdir(args.dir):
        print(f"read_archive.py: {args.dir} is not a folder", file=sys.stderr)
        return 2
    reader = Reader(args.dir, sys.stdout)
    for name in tables(args.dir):
        reader.table(name)
    summary = {"files": reader.files, "rows": reader.rows, "unreadable": reader.unreadable, "columns": reader.columns}
    reader.out.write(json.dumps({"summary": summary}) + "\n")
    return 1 if reader.unreadable > 0 else 0


if __name__ == "__main__":
    sys.exit(main())
