import { describe, expect, it } from 'vitest';
import { TradeHistory, type HistoricalTrade } from './trade-history.js';

const trade = (tradeId: number): HistoricalTrade => ({
  tradeId,
  price: 100 + tradeId / 100,
  quantity: tradeId / 1000,
  isBuyerMaker: tradeId % 2 === 0,
  ts: 1_700_000_000_000 + tradeId,
});

describe('TradeHistory', () => {
  it('serves trades from an id, oldest first, up to a limit, with every field as recorded', () => {
    const history = new TradeHistory(1000);
    for (let id = 1; id <= 300; id++) history.push(trade(id));
    expect(history.from(101, 3)).toEqual([trade(101), trade(102), trade(103)]);
    expect(history.from(299, 10)).toEqual([trade(299), trade(300)]);
    expect(history.from(301, 10)).toEqual([]);
    expect(history.last(2)).toEqual([trade(299), trade(300)]);
  });

  it('keeps only the last `capacity` trades, dropping the oldest, across its growth', () => {
    const history = new TradeHistory(100);
    for (let id = 1; id <= 250; id++) history.push(trade(id));
    expect(history.length).toBe(100);
    expect(history.from(0, 1)).toEqual([trade(151)]);
    expect(history.from(200, 100).map((t) => t.tradeId)).toEqual(Array.from({ length: 51 }, (_, i) => 200 + i));
    expect(history.last(1000)).toHaveLength(100);
  });

  it('finds the first id at or above the one asked when ids skip (Bybit spot)', () => {
    const history = new TradeHistory(10);
    for (const id of [10, 13, 14, 20]) history.push(trade(id));
    expect(history.from(11, 2).map((t) => t.tradeId)).toEqual([13, 14]);
  });
});
