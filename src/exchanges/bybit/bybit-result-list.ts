import { FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';

/**
 * The `result.list` of a Bybit v5 market answer (`{ retCode, retMsg, result: { category, list } }`).
 * A `retCode` other than 0 is the venue refusing the request: thrown as `FrameParseError` at
 * `$.retCode` with the code and its `retMsg`.
 */
export function bybitResultList(json: unknown): readonly unknown[] {
  const r = FieldReader.of(json, '$');
  const retCode = r.raw('retCode');
  if (retCode !== 0)
    throw new FrameParseError('$.retCode', `${JSON.stringify(retCode) ?? 'absent'} (${r.optionalString('retMsg') ?? 'no retMsg'}), expected 0`);
  return r.child('result').array('list');
}
