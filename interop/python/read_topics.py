"""Reads market-feed's Kafka topics with standard Python Avro readers only, one JSON line per record.

No market-feed code is on this read path:
  * Avro single-object values (C3 01, 8-byte CRC-64-AVRO fingerprint, Avro binary) are matched to a
    schema of --schemas by the fingerprint fastavro computes from the schema's Parsing Canonical
    Form, and read with fastavro.schemaless_reader;
  * Confluent-framed values (00, int32 schema id, Avro binary) are read with confluent-kafka's own
    AvroDeserializer and SchemaRegistryClient against --registry.

Each record prints {"topic", "partition", "offset", "key", "schema", "encoding", "value"}, with
timestamps (fastavro's datetimes) as epoch milliseconds. A value that cannot be decoded prints
{"topic", "partition", "offset", "error"} and is counted; reading goes on. The last line is
{"summary": {"decoded": N, "failed": N, "topics": {topic: {"decoded": N, "failed": N}}}}.

It reads every partition from its beginning up to the end it had when the reader started, or until
nothing arrived for --idle-ms. Exit status: 0 when every value decoded, 1 when some did not, 2 on
a usage or connection error.
"""

from __future__ import annotations

import argparse
import datetime
import glob
import json
import os
import sys
import time
import uuid
from io import BytesIO
from typing import Any, Dict, List, NoReturn, Optional, Tuple

import fastavro
import fastavro.schema
from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaException, TopicPartition
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer
from confluent_kafka.serialization import MessageField, SerializationContext

SINGLE_OBJECT_MARKER = b"\xc3\x01"
CONFLUENT_MAGIC = b"\x00"
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
ONE_MS = datetime.timedelta(milliseconds=1)


def fail(message: str) -> NoReturn:
    """Stops with exit status 2 (a usage or connection error, not an undecodable value)."""
    print(f"read_topics: {message}", file=sys.stderr)
    raise SystemExit(2)


def schemas_by_fingerprint(schemas_dir: str) -> Dict[bytes, Tuple[str, Any]]:
    """The wire fingerprint (8 bytes) of each .avsc in the folder -> (full name, parsed schema).

    fastavro.schema.fingerprint(..., "CRC-64-AVRO") returns the hex of the fingerprint's bytes in
    little-endian order (fastavro: `result.to_bytes(8, "little")`), which is exactly the order the
    Avro specification puts on the wire after C3 01 (as Java's SchemaNormalization does). So the
    hex is turned into bytes as it is, with no byte swap; a swapped key would match no record and
    every value would be reported as failed.
    """
    known: Dict[bytes, Tuple[str, Any]] = {}
    for path in sorted(glob.glob(os.path.join(schemas_dir, "*.avsc"))):
        # Each file parsed on its own: several files define the same enums (e.g. MarketEnv).
        with open(path, encoding="utf-8") as handle:
            parsed = fastavro.parse_schema(json.load(handle))
        canonical = fastavro.schema.to_parsing_canonical_form(parsed)
        fingerprint = bytes.fromhex(fastavro.schema.fingerprint(canonical, "CRC-64-AVRO"))
        known[fingerprint] = (parsed["name"], parsed)
    if not known:
        fail(f"no .avsc files in {schemas_dir}")
    return known


def plain(value: Any) -> Any:
    """A decoded Avro value as JSON data: datetimes (timestamp-millis) become epoch milliseconds."""
    if isinstance(value, datetime.datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=datetime.timezone.utc)
        return (aware - EPOCH) // ONE_MS
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, bytes):
        return value.decode("latin-1")
    if isinstance(value, float) and value != value:
        return "NaN"
    if isinstance(value, float) and value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return value


class ValueReader:
    """Decodes one value by its framing; raises ValueError when it cannot."""

    def __init__(self, schemas_dir: str, registry_url: Optional[str]) -> None:
        self.by_fingerprint = schemas_by_fingerprint(schemas_dir)
        self.registry = SchemaRegistryClient({"url": registry_url}) if registry_url else None
        # Subjects named after the topic (<topic>-value, what market-feed registers), the default of
        # earlier confluent-kafka releases; the current default (ASSOCIATED) first asks the registry
        # for topic "associations", an endpoint not every Confluent-compatible registry serves.
        # Decoding itself needs only the writer schema, fetched by the id in the value.
        self.deserializer = (
            AvroDeserializer(self.registry, conf={"subject.name.strategy.type": "TOPIC"}) if self.registry is not None else None
        )
        self.names_by_id: Dict[int, str] = {}

    def read(self, topic: str, data: bytes) -> Tuple[str, str, Any]:
        """(encoding, schema full name, value) of one Kafka value."""
        if data[:2] == SINGLE_OBJECT_MARKER and len(data) >= 10:
            known = self.by_fingerprint.get(data[2:10])
            if known is None:
                raise ValueError(f"single-object value with unknown schema fingerprint {data[2:10].hex()}")
            name, schema = known
            payload = BytesIO(data[10:])
            value = fastavro.schemaless_reader(payload, schema, None)
            left = len(data) - 10 - payload.tell()
            if left != 0:
                raise ValueError(f"{left} bytes left after the {name} value")
            return "single-object", name, value
        if data[:1] == CONFLUENT_MAGIC and len(data) > 5:
            if self.deserializer is None or self.registry is None:
                raise ValueError("Confluent-framed value, but no --registry was given")
            schema_id = int.from_bytes(data[1:5], "big")
            value = self.deserializer(data, SerializationContext(topic, MessageField.VALUE))
            return "confluent", self.schema_name(schema_id), value
        raise ValueError(f"value is neither single-object nor Confluent framed (starts {data[:2].hex()})")

    def schema_name(self, schema_id: int) -> str:
        if schema_id not in self.names_by_id:
            assert self.registry is not None
            schema = json.loads(self.registry.get_schema(schema_id).schema_str)
            namespace = schema.get("namespace")
            name = schema["name"]
            self.names_by_id[schema_id] = name if "." in name or not namespace else f"{namespace}.{name}"
        return self.names_by_id[schema_id]


def partitions_to_read(consumer: Consumer, topics: List[str]) -> Dict[Tuple[str, int], int]:
    """(topic, partition) -> high watermark now, for every non-empty partition of the topics."""
    ends: Dict[Tuple[str, int], int] = {}
    for topic in topics:
        metadata = consumer.list_topics(topic, timeout=30).topics.get(topic)
        if metadata is None or metadata.error is not None:
            fail(f"topic {topic} cannot be read: {metadata.error if metadata else 'absent'}")
        for partition in metadata.partitions:
            low, high = consumer.get_watermark_offsets(TopicPartition(topic, partition), timeout=30)
            if high > low:
                ends[(topic, partition)] = high
    return ends


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--brokers", required=True, help="bootstrap servers, host:port[,host:port]")
    parser.add_argument("--topic", action="append", required=True, help="a topic to read (repeatable)")
    parser.add_argument("--schemas", required=True, help="folder of the .avsc files single-object values are matched against")
    parser.add_argument("--registry", help="schema registry URL for Confluent-framed values (may have a base path)")
    parser.add_argument("--idle-ms", type=int, default=10_000, help="stop after this long without a record (default 10000)")
    args = parser.parse_args()

    reader = ValueReader(args.schemas, args.registry)
    consumer = Consumer({
        "bootstrap.servers": args.brokers,
        "group.id": f"interop-python-{uuid.uuid4()}",
        "enable.auto.commit": False,
        "auto.offset.reset": "earliest",
    })
    counts: Dict[str, Dict[str, int]] = {topic: {"decoded": 0, "failed": 0} for topic in args.topic}
    try:
        remaining = partitions_to_read(consumer, args.topic)
        consumer.assign([TopicPartition(t, p, OFFSET_BEGINNING) for (t, p) in remaining])
        last_seen = time.monotonic()
        while remaining and (time.monotonic() - last_seen) * 1000 < args.idle_ms:
            message = consumer.poll(0.2)
            if message is None:
                # Past the last record, e.g. when a partition ends with a transaction marker.
                for tp in consumer.position([TopicPartition(t, p) for (t, p) in remaining]):
                    if tp.offset >= remaining[(tp.topic, tp.partition)]:
                        del remaining[(tp.topic, tp.partition)]
                continue
            if message.error() is not None:
                print(json.dumps({"kafkaError": str(message.error())}), file=sys.stderr)
                continue
            last_seen = time.monotonic()
            topic, partition, offset = message.topic(), message.partition(), message.offset()
            where = {"topic": topic, "partition": partition, "offset": offset}
            try:
                encoding, schema, value = reader.read(topic, message.value() or b"")
                key = message.key()
                line = {**where, "key": key.decode("utf-8") if key is not None else None, "schema": schema, "encoding": encoding, "value": plain(value)}
                counts[topic]["decoded"] += 1
            except Exception as error:  # any reader failure is reported per record, never fatal
                line = {**where, "error": f"{type(error).__name__}: {error}"}
                counts[topic]["failed"] += 1
            print(json.dumps(line, allow_nan=False), flush=False)
            end = remaining.get((topic, partition))
            if end is not None and offset + 1 >= end:
                del remaining[(topic, partition)]
    except KafkaException as error:
        fail(str(error))
    finally:
        consumer.close()
    decoded = sum(c["decoded"] for c in counts.values())
    failed = sum(c["failed"] for c in counts.values())
    unread = sorted(f"{t}/{p}" for (t, p) in remaining)
    print(json.dumps({"summary": {"decoded": decoded, "failed": failed, "topics": counts, "unreadPartitions": unread}}), flush=True)
    return 0 if failed == 0 and not unread else 1


if __name__ == "__main__":
    sys.exit(main())
