import { describe, expect, it } from 'vitest';
import { parseKrakenJson } from './kraken-json.js';

describe('parseKrakenJson', () => {
  it('keeps the text of every price and qty number, trailing zeros and exponents as sent', () => {
    expect(parseKrakenJson('{"bids":[{"price":45283.5,"qty":0.10000000}],"asks":[{"price" : 63298, "qty":5.1e-05}],"checksum":1}')).toEqual({
      ok: true,
      frame: { bids: [{ price: '45283.5', qty: '0.10000000' }], asks: [{ price: '63298', qty: '5.1e-05' }], checksum: 1 },
    });
  });

  it('parses other numbers as numbers, and leaves strings that look like members alone', () => {
    expect(parseKrakenJson('{"bid":63297.7,"note":"\\"price\\":1","connection_id":8423536080466635000}')).toEqual({
      ok: true,
      frame: { bid: 63297.7, note: '"price":1', connection_id: 8423536080466635000 },
    });
  });

  it("refuses text that is not JSON with JSON.parse's own reason for the text received", () => {
    for (const text of ['{"price":01}', '{"price":1,"qty":2', '{"price":-}', 'price']) {
      let reason = '';
      try {
        JSON.parse(text);
      } catch (error) {
        reason = (error as Error).message;
      }
      expect(parseKrakenJson(text)).toEqual({ ok: false, error: reason });
    }
  });
});
