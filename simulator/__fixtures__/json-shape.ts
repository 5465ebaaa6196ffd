/**
 * A JSON value's shape: an object's keys in order with their shapes, a list's distinct element
 * shapes, a primitive's type. Two answers of the same shape differ only in values and list lengths.
 */
export function shape(value: unknown): unknown {
  if (Array.isArray(value)) return [...new Set(value.map((v) => JSON.stringify(shape(v))))].sort().map((s) => JSON.parse(s) as unknown);
  if (value !== null && typeof value === 'object') return Object.entries(value).map(([k, v]) => [k, shape(v)]);
  return value === null ? 'null' : typeof value;
}
