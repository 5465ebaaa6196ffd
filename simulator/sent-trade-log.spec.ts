import { describe, expect, it } from 'vitest';
import { SentTradeLog } from './sent-trade-log.js';

const trade = (tradeId: number) => ({ symbol: tradeId % 2 === 0 ? 'BTCUSDT' : 'ETHUSDT', tradeId, ts: 1_786_310_821_000 + tradeId });

describe('SentTradeLog', () => {
  it('keeps every entry, oldest first, until it is full', () => {
    const log = new SentTradeLog(5);
    [1, 2, 3].forEach((id) => log.push('bybit-1', trade(id)));
    expect(log.length).toBe(3);
    expect(log.toArray()).toEqual([1, 2, 3].map((id) => ({ connectionId: 'bybit-1', ...trade(id) })));
  });

  it('drops the oldest entries first once full, across many wraps', () => {
    const log = new SentTradeLog(4);
    for (let id = 1; id <= 23; id += 1) log.push(`c-${id % 3}`, trade(id));
    expect(log.length).toBe(4);
    expect(log.toArray()).toEqual([20, 21, 22, 23].map((id) => ({ connectionId: `c-${id % 3}`, ...trade(id) })));
  });

  it('holds trade ids past 2^32 exactly', () => {
    const log = new SentTradeLog(1);
    log.push('c', { symbol: 'BTCUSDT', tradeId: 2_290_000_001_189_048, ts: 1 });
    expect(log.toArray()[0]?.tradeId).toBe(2_290_000_001_189_048);
  });

  it('marks the trades sent as a backlog on subscribe, and only those', () => {
    const log = new SentTradeLog(3);
    log.push('c', trade(1), true);
    log.push('c', trade(2));
    expect(log.toArray()).toEqual([
      { connectionId: 'c', ...trade(1), backlog: true },
      { connectionId: 'c', ...trade(2) },
    ]);
  });

  it('logs nothing with a capacity of 0', () => {
    const log = new SentTradeLog(0);
    log.push('c', trade(1));
    expect(log.length).toBe(0);
    expect(log.toArray()).toEqual([]);
  });
});
