import type avro from 'avsc';
import { DuckDBBlobValue, DuckDBListValue, DuckDBStructValue, DuckDBTimestampTZValue, DuckDBTimestampValue, type DuckDBValue } from '@duckdb/node-api';
import { FeedError } from '../model/feed-error.js';

/** Raised for an archived value that the current schema cannot take (a wrong type, a null where no default helps). */
export class ArchiveRowError extends FeedError<{ readonly path: string }> {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`, false, { path });
  }
}

/** A value as DuckDB read it, or undefined where the file has no such column or struct field. */
type Cell = DuckDBValue | undefined;

/** Turns one cell into the Avro value of one field (`path` names it in errors). */
type FieldReader = (cell: Cell, path: string) => unknown;

interface AvroField {
  readonly name: string;
  readonly type: avro.Type;
  defaultValue(): unknown;
}

interface AvroTypeShape {
  readonly typeName: string;
  readonly types?: readonly avro.Type[];
  readonly itemsType?: avro.Type;
  readonly fields?: readonly AvroField[];
  readonly symbols?: readonly string[];
  readonly default?: unknown;
}

/**
 * A row of an archive table (the result columns `columnNames`, as DuckDB reads them) -> the Avro value
 * of `recordType`, the schema now: timestamps as epoch ms, longs as numbers, lists as arrays, structs
 * as objects; a column the schema does not have is left out, a field the row lacks (or holds null
 * without being nullable: a column an older file did not have) takes the field's default. An enum
 * symbol the schema does not know reads as the enum's default, as an Avro reader resolves it.
 * Throws `ArchiveRowError` for a value no rule fits.
 */
export function archiveRowReader(recordType: avro.Type, columnNames: readonly string[]): (row: readonly DuckDBValue[]) => Record<string, unknown> {
  const shape = recordType as unknown as AvroTypeShape;
  if (shape.typeName !== 'record' || shape.fields === undefined) throw new ArchiveRowError(recordType.name ?? shape.typeName, 'not a record schema');
  const plan = shape.fields.map((field) => ({ name: field.name, index: columnNames.indexOf(field.name), read: fieldReader(field) }));
  return (row) => {
    const value: Record<string, unknown> = {};
    for (const { name, index, read } of plan) value[name] = read(index === -1 ? undefined : row[index], name);
    return value;
  };
}

/** A field's reader: the value's own, or the field's default where the cell is absent or a null the type does not allow. */
function fieldReader(field: AvroField): FieldReader {
  const fallback = field.defaultValue();
  const read = valueReader(field.type);
  const nullable = isNullable(field.type);
  return (cell, path) => {
    if (cell === undefined) {
      if (fallback !== undefined) return fallback;
      if (nullable) return null;
      throw new ArchiveRowError(path, 'missing, and the schema gives no default');
    }
    if (cell === null) {
      if (nullable) return null;
      if (fallback !== undefined) return fallback;
      throw new ArchiveRowError(path, 'null, and the schema neither allows null nor gives a default');
    }
    return read(cell, path);
  };
}

function isNullable(type: avro.Type): boolean {
  const shape = type as unknown as AvroTypeShape;
  return shape.typeName === 'null' || (shape.typeName.startsWith('union') && (shape.types ?? []).some((branch) => branch.typeName === 'null'));
}

/** The reader of a non-null cell of `type`. */
function valueReader(type: avro.Type): FieldReader {
  const shape = type as unknown as AvroTypeShape;
  switch (shape.typeName) {
    case 'string':
      return (cell, path) => (typeof cell === 'string' ? cell : wrong(path, 'a string', cell));
    case 'enum': {
      const symbols = new Set(shape.symbols ?? []);
      const fallback = shape.default;
      return (cell, path) => {
        if (typeof cell !== 'string') return wrong(path, 'an enum symbol', cell);
        if (symbols.has(cell)) return cell;
        if (typeof fallback === 'string') return fallback;
        throw new ArchiveRowError(path, `'${cell}' is not a symbol of ${type.name ?? 'the enum'}, which has no default`);
      };
    }
    case 'boolean':
      return (cell, path) => (typeof cell === 'boolean' ? cell : wrong(path, 'a boolean', cell));
    case 'int':
    case 'long':
    case 'float':
    case 'double':
      return (cell, path) => (typeof cell === 'number' ? cell : typeof cell === 'bigint' ? Number(cell) : wrong(path, 'a number', cell));
    case 'bytes':
      return (cell, path) => (cell instanceof DuckDBBlobValue ? Buffer.from(cell.bytes) : wrong(path, 'bytes', cell));
    case 'logical:timestamp-millis':
      return (cell, path) => {
        if (cell instanceof DuckDBTimestampTZValue || cell instanceof DuckDBTimestampValue) return Number(cell.micros / 1000n);
        if (typeof cell === 'number' || typeof cell === 'bigint') return Number(cell);
        return wrong(path, 'a timestamp', cell);
      };
    case 'array': {
      const item = fieldReader({ name: '', type: shape.itemsType as avro.Type, defaultValue: () => undefined });
      return (cell, path) => (cell instanceof DuckDBListValue ? cell.items.map((value, i) => item(value, `${path}[${i}]`)) : wrong(path, 'a list', cell));
    }
    case 'record': {
      const fields = (shape.fields ?? []).map((field) => ({ name: field.name, read: fieldReader(field) }));
      return (cell, path) => {
        if (!(cell instanceof DuckDBStructValue)) return wrong(path, 'a struct', cell);
        const value: Record<string, unknown> = {};
        for (const { name, read } of fields) value[name] = read(cell.entries[name], `${path}.${name}`);
        return value;
      };
    }
    default: {
      const branches = (shape.types ?? []).filter((branch) => branch.typeName !== 'null');
      if (shape.typeName.startsWith('union') && branches.length === 1) return valueReader(branches[0] as avro.Type);
      return (_cell, path) => {
        throw new ArchiveRowError(path, `Avro type ${shape.typeName} is not read from an archive`);
      };
    }
  }
}

function wrong(path: string, expected: string, cell: Cell): never {
  const got = cell === null || cell === undefined ? String(cell) : typeof cell === 'object' ? cell.constructor.name : typeof cell;
  throw new ArchiveRowError(path, `expected ${expected}, got ${got}`);
}
