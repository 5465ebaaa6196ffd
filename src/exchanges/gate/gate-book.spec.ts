import { describe, expect, it } from 'vitest';
import { gateLine, gateParsed } from './__fixtures__/gate-frames-at-hand.js';
import { gateBookUpdate, readGateBookSnapshot } from './gate-book.js';

describe("Gate's book updates and snapshots", () => {
  it('a push is a delta from U to u; a whole-book push (full: true) a snapshot at u', () => {
    const frame = gateParsed(gateLine('gate-order_book_update.ndjson', 52));
    if (frame.kind !== 'book_update') throw new Error('no depth push');
    expect(gateBookUpdate(frame, 7)).toEqual({
      type: 'book_update',
      symbol: 'BTC_USDT',
      action: 'delta',
      bids: [{ price: 29291.4, size: 0.5124 }],
      asks: [],
      updateId: 13934528633,
      firstUpdateId: 13934528633,
      exchangeTs: 1682689045398,
      receivedTs: 7,
    });
    const whole = gateParsed(gateLine('gate-obu.ndjson', 1));
    if (whole.kind !== 'book_update') throw new Error('no depth push');
    expect(gateBookUpdate(whole, 7)).toMatchObject({ symbol: 'BTC_USDT', action: 'snapshot', updateId: 25847113075 });
    expect(gateBookUpdate(whole, 7)).not.toHaveProperty('firstUpdateId');
  });

  it('reads a REST snapshot of either market: its id, spot pairs, futures {p, s} objects in contracts, the time `current`', () => {
    const spot = readGateBookSnapshot(JSON.parse(gateLine('gate-order_book-rest.ndjson', 1)), 'OMG_USDT', 5);
    expect(spot).toMatchObject({ symbol: 'OMG_USDT', action: 'snapshot', updateId: 59231869, exchangeTs: 5, receivedTs: 5 });
    expect(spot.asks[0]).toEqual({ price: 7.927, size: 316.6 });
    const futures = readGateBookSnapshot(JSON.parse(gateLine('gate-futures-order_book-rest.ndjson', 1)), 'RDNT_USDT', 5);
    expect(futures).toMatchObject({ updateId: 203083287, exchangeTs: 1684930166384 });
    expect(futures.asks[0]).toEqual({ price: 0.2974, size: 803 });
    expect(futures.bids[0]).toEqual({ price: 0.2969, size: 5302 });
  });

  it('refuses a snapshot without its id (asked without with_id: it cannot be bridged), naming the field', () => {
    expect(() => readGateBookSnapshot({ asks: [], bids: [] }, 'BTC_USDT', 1)).toThrow('$.id');
    expect(() => readGateBookSnapshot({ id: 1, asks: [['1', '-2']], bids: [] }, 'BTC_USDT', 1)).toThrow('$.asks[0].s');
  });
});
