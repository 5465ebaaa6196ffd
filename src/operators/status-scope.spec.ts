import { describe, expect, it } from 'vitest';
import { createTestScheduler, status, trade } from './__fixtures__/market-events.js';
import { scopeOf, scopeStatuses, statusAffects } from './status-scope.js';

const btc = { symbol: 'BTCUSDT', coin: 'BTC', quote: 'USDT' };
const eth = { symbol: 'ETHUSDT', coin: 'ETH', quote: 'USDT' };

describe('statusAffects', () => {
  it('a status naming a symbol affects that symbol only', () => {
    const gap = status('gap', { symbol: 'ETHUSDT' });
    expect([statusAffects(gap, btc), statusAffects(gap, eth)]).toEqual([false, true]);
  });

  it("a shard's status affects its instruments only, by canonical instrument whatever the venue's symbol", () => {
    const stale = status('feed_stale', { shard: 's1', instruments: ['BTC-USDT', 'SOL-USDC'] });
    expect([statusAffects(stale, btc), statusAffects(stale, eth), statusAffects(stale, { symbol: 'SOLUSDC', coin: 'SOL', quote: 'USDC' })]).toEqual([
      true,
      false,
      true,
    ]);
  });

  it('a status with neither symbol nor instruments affects the whole feed', () => {
    expect([statusAffects(status('failover'), btc), statusAffects(status('failover'), eth)]).toEqual([true, true]);
  });

  it("builds a shard's set once per status", () => {
    const stale = status('feed_stale', { shard: 's1', instruments: ['BTC-USDT'] });
    const [first, second] = [scopeOf(stale), scopeOf(stale)];
    expect(first.kind === 'instruments' && second.kind === 'instruments' && first.instruments === second.instruments).toBe(true);
  });
});

describe('scopeStatuses', () => {
  it('stamps the shard and its instruments on statuses without a symbol, leaving symbol statuses, scoped statuses and data alone', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const instruments = ['BTC-USDT', 'ETH-USDT'];
      const source = cold('abcd', {
        a: status('connecting'),
        b: status('gap', { symbol: 'BTCUSDT' }),
        c: status('feed_stale', { shard: 's9', instruments: ['XRP-USDT'] }),
        d: trade(),
      });
      expectObservable(source.pipe(scopeStatuses({ shard: 's2', instruments: () => instruments }))).toBe('abcd', {
        a: status('connecting', { shard: 's2', instruments }),
        b: status('gap', { symbol: 'BTCUSDT' }),
        c: status('feed_stale', { shard: 's9', instruments: ['XRP-USDT'] }),
        d: trade(),
      });
    });
  });
});
