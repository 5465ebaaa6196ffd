import { describe, expect, it } from 'vitest';
import { RecentTradeIds } from './recent-trade-ids.js';

/** The reference: an LRU over one Map of whole key strings (re-inserted on every touch, so its order is recency). */
class ReferenceLru {
  private readonly keys = new Map<string, true>();
  constructor(private readonly capacity: number) {}
  touch(exchange: string, symbol: string, id: string): boolean {
    const key = `${exchange}|${symbol}|${id}`;
    const seen = this.keys.delete(key);
    this.keys.set(key, true);
    while (this.keys.size > this.capacity) this.keys.delete(this.keys.keys().next().value ?? '');
    return seen;
  }
}

/** A reproducible stream of keys: mostly rising ids per instrument, with repeats, reorderings and odd ids mixed in. */
function* keys(count: number, seed: number, repeatShare = 0.15): Generator<readonly [string, string, string]> {
  let state = seed;
  const random = (): number => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const instruments = [
    ['bybit', 'BTCUSDT'],
    ['bybit', 'ETHUSDT'],
    ['binance', 'BTCUSDT'],
    ['binance-us', 'SOLUSD'],
  ] as const;
  const next = [2290000000061666327n, 5_000_000_000n, 1n, 999_999_999_999_990n];
  const sent: string[] = [];
  for (let n = 0; n < count; n++) {
    const which = Math.floor(random() * instruments.length);
    const [exchange, symbol] = instruments[which] ?? instruments[0];
    const pick = random();
    let id: string;
    if (pick < repeatShare && sent.length > 0) id = sent[Math.floor(random() * sent.length)] ?? '1';
    else if (pick < repeatShare + 0.05) id = `0${Math.floor(random() * 50)}`;
    else if (pick < repeatShare + 0.1) id = `${Math.floor(random() * 20).toString(16)}-uuid-${Math.floor(random() * 8)}`;
    else {
      next[which] = (next[which] ?? 0n) + BigInt(1 + Math.floor(random() * 3));
      id = String(next[which]);
    }
    sent.push(id);
    if (sent.length > 400) sent.shift();
    yield [exchange, symbol, id];
  }
}

describe('RecentTradeIds', () => {
  it.each([1, 7, 100, 3000])('answers as a plain LRU of whole keys does, capacity %i', (capacity) => {
    const subject = new RecentTradeIds(capacity);
    const reference = new ReferenceLru(capacity);
    let n = 0;
    for (const [exchange, symbol, id] of keys(60_000, capacity)) {
      const want = reference.touch(exchange, symbol, id);
      const got = subject.touch(exchange, symbol, id);
      if (got !== want) throw new Error(`key ${n} (${exchange} ${symbol} ${id}): got ${String(got)}, the reference says ${String(want)}`);
      n++;
    }
    expect(n).toBe(60_000);
  });

  it('answers as the reference when nearly every trade repeats a recent one (stale queue entries pile up)', () => {
    const subject = new RecentTradeIds(500);
    const reference = new ReferenceLru(500);
    for (const [exchange, symbol, id] of keys(60_000, 3, 0.85)) expect(subject.touch(exchange, symbol, id)).toBe(reference.touch(exchange, symbol, id));
  });

  it('tells ids apart that only a leading zero, the venue, the symbol or the digits past 2^53 separate', () => {
    const ids = new RecentTradeIds(100);
    expect(ids.touch('bybit', 'BTCUSDT', '7')).toBe(false);
    expect(ids.touch('bybit', 'BTCUSDT', '07')).toBe(false);
    expect(ids.touch('bybit', 'ETHUSDT', '7')).toBe(false);
    expect(ids.touch('binance', 'BTCUSDT', '7')).toBe(false);
    expect(ids.touch('bybit', 'BTCUSDT', '9007199254740993')).toBe(false);
    expect(ids.touch('bybit', 'BTCUSDT', '9007199254740992')).toBe(false);
    expect(ids.touch('bybit', 'BTCUSDT', '2290000000061666327')).toBe(false);
    expect(ids.touch('bybit', 'BTCUSDT', '2290000000061666328')).toBe(false);
    expect(ids.touch('bybit', 'BTCUSDT', '9007199254740993')).toBe(true);
    expect(ids.touch('bybit', 'BTCUSDT', '07')).toBe(true);
    expect(ids.touch('bybit', 'BTCUSDT', '2290000000061666327')).toBe(true);
  });
});
