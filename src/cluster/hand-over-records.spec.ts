import { describe, expect, it } from 'vitest';
import { idAfter } from '../model/trade-id-order.js';
import { decodeHandOver, encodeHandOver, type HandOverRecord } from './hand-over-records.js';

describe('hand-over records', () => {
  it('reads back what it writes, as JSON with its version', () => {
    const records: HandOverRecord[] = [
      { kind: 'taking', shard: 3, instance: 'feed-1', at: 1_700_000_000_000 },
      { kind: 'serving', shard: 3, instance: 'feed-1', at: 1_700_000_000_100 },
      { kind: 'releasing', shard: 3, instance: 'feed-2', at: 1_700_000_000_200 },
      { kind: 'withdrawn', shard: 3, instance: 'feed-3', at: 1_700_000_000_300 },
      {
        kind: 'released',
        shard: 3,
        instance: 'feed-2',
        to: 'feed-1',
        at: 1_700_000_001_000,
        last: [
          { exchange: 'bybit', symbol: 'BTCUSDT', instrument: 'BTC-USDT', tradeId: '2290000000012345678', exchangeTs: 1_700_000_000_900 },
          {
            exchange: 'bybit',
            symbol: 'ETHUSDT',
            instrument: 'ETH-USDT',
            tradeId: '77',
            exchangeTs: 1_700_000_000_500,
            price: 3_000,
            heardTo: 1_700_000_000_950,
          },
        ],
      },
      { kind: 'released', shard: 0, instance: 'feed-2', at: 5, last: [] },
    ];
    for (const record of records) {
      const text = encodeHandOver(record);
      expect(JSON.parse(text)).toMatchObject({ v: 1, kind: record.kind });
      expect(decodeHandOver(text)).toEqual(record);
    }
  });

  it('ignores anything else: not JSON, another version, a field missing or of another type, a venue it does not know', () => {
    const taking = { v: 1, kind: 'taking', shard: 1, instance: 'a', at: 1 };
    const released = {
      v: 1,
      kind: 'released',
      shard: 1,
      instance: 'a',
      at: 1,
      last: [{ exchange: 'bybit', symbol: 'BTCUSDT', instrument: 'BTC-USDT', tradeId: '1', exchangeTs: 1 }],
    };
    for (const value of [
      'not json',
      '[]',
      'null',
      { ...taking, v: 2 },
      { ...taking, kind: 'stolen' },
      { ...taking, shard: -1 },
      { ...taking, shard: 1.5 },
      { ...taking, instance: '' },
      { ...taking, at: 'now' },
      { ...released, last: undefined },
      { ...released, to: 7 },
      { ...released, last: [{ exchange: 'bitmex', symbol: 'XBTUSD', instrument: 'BTC-USD', tradeId: '1', exchangeTs: 1 }] },
      { ...released, last: [{ exchange: 'bybit', symbol: 'BTCUSDT', instrument: 'BTC-USDT', tradeId: 1, exchangeTs: 1 }] },
      { ...released, last: [{ exchange: 'bybit', symbol: 'BTCUSDT', tradeId: '1', exchangeTs: 1 }] },
      { ...released, last: [null] },
      { ...released, last: [{ exchange: 'bybit', symbol: 'BTCUSDT', instrument: 'BTC-USDT', tradeId: '1', exchangeTs: 1, heardTo: 'soon' }] },
    ]) {
      expect(decodeHandOver(typeof value === 'string' ? value : JSON.stringify(value)), JSON.stringify(value)).toBeUndefined();
    }
  });

  it('orders decimal trade ids of any length as numbers (Bybit ids exceed 2^53), other ids as text', () => {
    expect(idAfter('10', '9')).toBe(true);
    expect(idAfter('9', '10')).toBe(false);
    expect(idAfter('9', '9')).toBe(false);
    // 2^53 + 1 and 2^53 + 2 are the same double.
    expect(idAfter('9007199254740994', '9007199254740993')).toBe(true);
    expect(idAfter('9007199254740993', '9007199254740994')).toBe(false);
    expect(idAfter('0012', '11')).toBe(true);
    expect(idAfter('b', 'a')).toBe(true);
  });
});
