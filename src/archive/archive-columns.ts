import type avro from 'avsc';
import { FeedError } from '../model/feed-error.js';
import {
  BIGINT,
  BLOB,
  BOOLEAN,
  DOUBLE,
  FLOAT,
  INTEGER,
  LIST,
  STRUCT,
  TIMESTAMPTZ,
  VARCHAR,
  DuckDBTimestampTZValue,
  blobValue,
  listValue,
  structValue,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';

/** Raised for an Avro type the archive has no column for (a map, a fixed, a union of two non-null types). Not retriable. */
export class UnarchivableSchemaError extends FeedError<{ readonly path: string }> {
  constructor(path: string, message: string) {
    super(`${path}: ${message}`, false, { path });
  }
}

/** One Parquet column: its name, its DuckDB type (as SQL and as a type), and how an Avro value becomes its value. */
export interface ArchiveColumn {
  readonly name: string;
  readonly sqlType: string;
  readonly duckType: DuckDBType;
  readonly toDuck: (value: unknown) => DuckDBValue;
}

/** The Kafka columns every file starts with: where each row was read. */
export const KAFKA_COLUMNS: readonly ArchiveColumn[] = [
  { name: 'kafka_topic', sqlType: 'VARCHAR', duckType: VARCHAR, toDuck: (value) => value as string },
  { name: 'kafka_partition', sqlType: 'INTEGER', duckType: INTEGER, toDuck: (value) => value as number },
  { name: 'kafka_offset', sqlType: 'BIGINT', duckType: BIGINT, toDuck: (value) => BigInt(value as number) },
  { name: 'kafka_timestamp', sqlType: 'TIMESTAMPTZ', duckType: TIMESTAMPTZ, toDuck: (value) => timestampOf(value) },
  { name: 'kafka_key', sqlType: 'VARCHAR', duckType: VARCHAR, toDuck: (value) => value as string | null },
];

/** The columns of one record schema, and the top-level field whose time names a row's `date=` partition. */
export interface RecordColumns {
  /** The Kafka columns, then one per field of the schema, in its order, but `exchange` (the folder says it). */
  readonly columns: readonly ArchiveColumn[];
  /** Field names, in the order of `columns` after the Kafka ones. */
  readonly fields: readonly string[];
  /** The time field a row's date is taken from, or undefined to take the Kafka timestamp. */
  readonly dateField: string | undefined;
  /** The string field naming the exchange (`exchange`, nullable or not), whose value is the `exchange=` folder and not a column; or undefined. */
  readonly exchangeField: string | undefined;
}

/** Which top-level time says when a record happened, best first. */
const DATE_FIELDS = ['exchangeTs', 'ts', 'windowStart', 'deadLetteredTs'];

interface AvroTypeLike {
  readonly typeName: string;
}

/**
 * The Parquet columns of an Avro record schema: timestamps (`timestamp-millis`) as UTC timestamps,
 * enums as strings, `["null", T]` as a nullable T, records as structs and arrays as lists. The
 * `exchange` field (a string, or a nullable one) is the Hive folder `exchange=` instead, as Hive,
 * Spark, pyarrow and DuckDB read partitions: a reader takes a partition's value from the path, so a
 * column beside it would read as the folder's value (Spark refuses one outright).
 */
export function recordColumns(avroType: avro.Type): RecordColumns {
  const record = avroType as unknown as { readonly typeName: string; readonly fields?: readonly { readonly name: string; readonly type: avro.Type }[] };
  if (record.typeName !== 'record' || record.fields === undefined) throw new UnarchivableSchemaError(avroType.name ?? avroType.typeName, 'is not a record');
  const columns: ArchiveColumn[] = [...KAFKA_COLUMNS];
  const timeFields = new Set<string>();
  let exchangeField: string | undefined;
  const fields: string[] = [];
  for (const field of record.fields) {
    // The exchange, nullable or not (a dead letter's), is the folder's `exchange=`: a Hive partition's value is in the path, not in the file.
    if (field.name === 'exchange' && nonNull(field.type).typeName === 'string') {
      exchangeField = field.name;
      continue;
    }
    const { sqlType, duckType, toDuck } = columnType(field.type, field.name);
    columns.push({ name: field.name, sqlType, duckType, toDuck });
    fields.push(field.name);
    if (nonNull(field.type).typeName === 'logical:timestamp-millis') timeFields.add(field.name);
  }
  sameNames(
    columns.map((column) => column.name),
    avroType.name ?? 'record',
  );
  return {
    columns,
    fields,
    dateField: DATE_FIELDS.find((name) => timeFields.has(name)) ?? [...timeFields][0],
    exchangeField,
  };
}

function nonNull(type: avro.Type): AvroTypeLike {
  const union = type as unknown as { readonly typeName: string; readonly types?: readonly avro.Type[] };
  if (union.typeName !== 'union:unwrapped' || union.types === undefined) return union;
  const branches = union.types.filter((branch) => branch.typeName !== 'null');
  return branches.length === 1 ? (branches[0] as unknown as AvroTypeLike) : union;
}

function columnType(type: avro.Type, path: string): Omit<ArchiveColumn, 'name'> {
  const t = type as unknown as {
    readonly typeName: string;
    readonly types?: readonly avro.Type[];
    readonly itemsType?: avro.Type;
    readonly fields?: readonly { readonly name: string; readonly type: avro.Type }[];
  };
  switch (t.typeName) {
    case 'string':
    case 'enum':
      return { sqlType: 'VARCHAR', duckType: VARCHAR, toDuck: (value) => value as string | null };
    case 'boolean':
      return { sqlType: 'BOOLEAN', duckType: BOOLEAN, toDuck: (value) => value as boolean | null };
    case 'int':
      return { sqlType: 'INTEGER', duckType: INTEGER, toDuck: (value) => value as number | null };
    case 'long':
      return { sqlType: 'BIGINT', duckType: BIGINT, toDuck: (value) => (value === null ? null : BigInt(value as number)) };
    case 'float':
      return { sqlType: 'FLOAT', duckType: FLOAT, toDuck: (value) => value as number | null };
    case 'double':
      return { sqlType: 'DOUBLE', duckType: DOUBLE, toDuck: (value) => value as number | null };
    case 'bytes':
      return { sqlType: 'BLOB', duckType: BLOB, toDuck: (value) => (value === null ? null : blobValue(value as Buffer)) };
    case 'logical:timestamp-millis':
      return { sqlType: 'TIMESTAMPTZ', duckType: TIMESTAMPTZ, toDuck: timestampOf };
    case 'union:unwrapped': {
      const branches = (t.types ?? []).filter((branch) => branch.typeName !== 'null');
      if (branches.length !== 1) throw new UnarchivableSchemaError(path, `a union of ${branches.length} non-null types has no column type`);
      const inner = columnType(branches[0] as avro.Type, path);
      return { ...inner, toDuck: (value) => (value === null || value === undefined ? null : inner.toDuck(value)) };
    }
    case 'array': {
      const item = columnType(t.itemsType as avro.Type, `${path}[]`);
      return {
        sqlType: `${item.sqlType}[]`,
        duckType: LIST(item.duckType),
        toDuck: (value) => (value === null ? null : listValue((value as readonly unknown[]).map(item.toDuck))),
      };
    }
    case 'record': {
      const fields = (t.fields ?? []).map((field) => ({ name: field.name, ...columnType(field.type, `${path}.${field.name}`) }));
      sameNames(
        fields.map((field) => field.name),
        path,
      );
      return {
        sqlType: `STRUCT(${fields.map((field) => `"${field.name}" ${field.sqlType}`).join(', ')})`,
        duckType: STRUCT(Object.fromEntries(fields.map((field) => [field.name, field.duckType]))),
        toDuck: (value) => {
          if (value === null) return null;
          const source = value as Record<string, unknown>;
          return structValue(Object.fromEntries(fields.map((field) => [field.name, field.toDuck(source[field.name] ?? null)])));
        },
      };
    }
    default:
      throw new UnarchivableSchemaError(path, `Avro type ${t.typeName} has no column type in the archive`);
  }
}

/** Column names are case-blind in DuckDB (and Hive): two that differ only in case, or a field named as a Kafka column, have no table. */
function sameNames(names: readonly string[], path: string): void {
  const seen = new Set<string>();
  for (const name of names) {
    const folded = name.toLowerCase();
    if (seen.has(folded)) throw new UnarchivableSchemaError(path, `two columns named ${name} (case aside), or a field named as a Kafka column`);
    seen.add(folded);
  }
}

function timestampOf(value: unknown): DuckDBTimestampTZValue | null {
  return value === null || value === undefined ? null : new DuckDBTimestampTZValue(BigInt(value as number) * 1000n);
}

/** Days since the epoch as `YYYY-MM-DD` (UTC). */
export function utcDate(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}
