import { describe, expect, it } from 'vitest';
import { bookSelection, booksOf } from './book-selection.js';
import type { ShardCandidate } from './plan-shards.js';

const candidate = (coin: string, quote = 'USDT'): ShardCandidate => ({
  key: `${coin}-${quote}`,
  coin,
  quote,
  venues: [{ exchange: 'bybit', symbol: `${coin}${quote}` }],
});

describe('bookSelection', () => {
  it.each([
    ['none', { kind: 'none' }],
    ['false', { kind: 'none' }],
    [false, { kind: 'none' }],
    ['all', { kind: 'all' }],
    ['true', { kind: 'all' }],
    [true, { kind: 'all' }],
    ['top:200', { kind: 'top', count: 200 }],
    ['btc, eth', { kind: 'coins', coins: ['BTC', 'ETH'] }],
  ])('reads %j', (raw, value) => {
    expect(bookSelection(raw)).toEqual({ ok: true, value });
  });

  it.each([['top:0'], ['top:x'], ['BTC;ETH'], [7]])('refuses %j, saying what is allowed', (raw) => {
    expect(bookSelection(raw)).toEqual({ ok: false, allowed: expect.stringContaining('top:N') as unknown });
  });
});

describe('booksOf', () => {
  const candidates = [candidate('BTC'), candidate('BTC', 'USDC'), candidate('ETH'), candidate('SOL')];

  it('follows none, all, or the instruments of some coins at every quote', () => {
    expect([...booksOf({ kind: 'none' }, candidates)]).toEqual([]);
    expect([...booksOf({ kind: 'all' }, candidates)]).toEqual(['BTC-USDT', 'BTC-USDC', 'ETH-USDT', 'SOL-USDT']);
    expect([...booksOf({ kind: 'coins', coins: ['BTC'] }, candidates)]).toEqual(['BTC-USDT', 'BTC-USDC']);
  });

  it('follows the busiest by quote volume at the primary venue, ties by key, none whose volume is unknown', () => {
    const volumes = new Map([
      ['bybit:SOLUSDT', 3],
      ['bybit:BTCUSDT', 5],
      ['bybit:ETHUSDT', 3],
    ]);
    expect([...booksOf({ kind: 'top', count: 2 }, candidates, volumes)]).toEqual(['BTC-USDT', 'ETH-USDT']);
    expect([...booksOf({ kind: 'top', count: 10 }, candidates, volumes)]).toEqual(['BTC-USDT', 'ETH-USDT', 'SOL-USDT']);
  });
});
