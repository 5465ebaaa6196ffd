import type { ParsedSetting } from '../settings/config-option.js';
import type { InstrumentKey } from '../model/index.js';
import type { ShardCandidate } from './plan-shards.js';

/** Which instruments' order books are followed: none, all, those of some coins, or the busiest `count` by 24 h quote volume. */
export type BookSelection =
  | { readonly kind: 'none' }
  | { readonly kind: 'all' }
  | { readonly kind: 'coins'; readonly coins: readonly string[] }
  | { readonly kind: 'top'; readonly count: number };

export const NO_BOOKS: BookSelection = { kind: 'none' };

/** `none`, `all`, `top:N` (1 to 100,000), a coin list (`BTC,ETH`), or `true`/`false` for all/none. */
export function bookSelection(raw: unknown): ParsedSetting<BookSelection> {
  const allowed = 'none, all, top:N (N from 1 to 100000), or a comma-separated coin list such as BTC,ETH (true and false mean all and none)';
  if (raw === true || raw === 'true' || raw === 'all') return { ok: true, value: { kind: 'all' } };
  if (raw === false || raw === 'false' || raw === 'none' || raw === '') return { ok: true, value: NO_BOOKS };
  if (typeof raw !== 'string') return { ok: false, allowed };
  const top = /^top:(\d+)$/i.exec(raw.trim());
  if (top !== null) {
    const count = Number(top[1]);
    return count >= 1 && count <= 100_000 ? { ok: true, value: { kind: 'top', count } } : { ok: false, allowed };
  }
  const coins = raw
    .split(',')
    .map((coin) => coin.trim().toUpperCase())
    .filter((coin) => coin !== '');
  return coins.length > 0 && coins.every((coin) => /^[A-Z0-9]{1,20}$/.test(coin)) ? { ok: true, value: { kind: 'coins', coins } } : { ok: false, allowed };
}

/** 24 h quote volume by venue and symbol (`bybit:BTCUSDT`). */
export type QuoteVolumeBook = ReadonlyMap<string, number>;

export const volumeKey = (exchange: string, symbol: string): string => `${exchange}:${symbol}`;

/**
 * The instruments whose books are followed, of `candidates`: `top` ranks by the 24 h quote volume at
 * each instrument's primary venue (ties by key); an instrument whose volume is not known is not ranked.
 */
export function booksOf(selection: BookSelection, candidates: readonly ShardCandidate[], volumes: QuoteVolumeBook = new Map()): ReadonlySet<InstrumentKey> {
  switch (selection.kind) {
    case 'none':
      return new Set();
    case 'all':
      return new Set(candidates.map((candidate) => candidate.key));
    case 'coins': {
      const coins = new Set(selection.coins);
      return new Set(candidates.filter((candidate) => coins.has(candidate.coin)).map((candidate) => candidate.key));
    }
    case 'top': {
      const volumeOf = (candidate: ShardCandidate): number => {
        const primary = candidate.venues[0];
        return primary === undefined ? -1 : (volumes.get(volumeKey(primary.exchange, primary.symbol)) ?? -1);
      };
      const ranked = candidates
        .filter((candidate) => volumeOf(candidate) >= 0)
        .sort((a, b) => volumeOf(b) - volumeOf(a) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      return new Set(ranked.slice(0, selection.count).map((candidate) => candidate.key));
    }
  }
}
