import avro from 'avsc';

/**
 * `timestamp-millis` as epoch milliseconds (a JS number), the model's time representation.
 * Validates that values are whole, safe integers so a seconds-or-micros mix-up fails loudly.
 */
export class TimestampMillisType extends avro.types.LogicalType {
  override _fromValue(value: unknown): number {
    return Number(value);
  }

  override _toValue(value: unknown): number | undefined {
    return typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined;
  }

  override _resolve(type: avro.Type): ((value: unknown) => number) | undefined {
    const name = type.typeName;
    if (name === 'long' || name === 'int' || name === 'logical:timestamp-millis') {
      return (value: unknown) => Number(value);
    }
    return undefined;
  }
}
