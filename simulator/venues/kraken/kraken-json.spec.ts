import { describe, expect, it } from 'vitest';
import { NumberText, krakenJson, rfc3339Micros } from './kraken-json.js';

describe('krakenJson', () => {
  it('writes number texts as they are, trailing zeros kept, in the key order given', () => {
    const frame = { price: new NumberText('45285.2'), qty: new NumberText('0.00100000'), skipped: undefined, list: [1, 'a', null] };
    expect(krakenJson(frame)).toBe('{"price":45285.2,"qty":0.00100000,"list":[1,"a",null]}');
    expect(JSON.parse(krakenJson(frame))).toEqual(JSON.parse(JSON.stringify(frame)));
  });

  it('leaves a plain JSON.stringify of the same payload valid, the numbers trimmed', () => {
    expect(JSON.stringify({ qty: new NumberText('0.50000000') })).toBe('{"qty":0.5}');
  });
});

describe('rfc3339Micros', () => {
  it('writes UTC with six decimals of the second', () => {
    expect(rfc3339Micros(Date.UTC(2026, 7, 12, 19, 28, 8, 631) * 1000 + 28)).toBe('2026-08-12T19:28:08.631028Z');
    expect(rfc3339Micros(Date.UTC(2026, 7, 12) * 1000)).toBe('2026-08-12T00:00:00.000000Z');
  });
});
