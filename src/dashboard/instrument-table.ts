import { buyRatio, tradesPerSecond, type InstrumentFigures } from './instrument-figures.js';
import type { KeyedTable } from './keyed-table.js';

/** An instrument with its trade rate at one moment, as ranked for the table. */
export interface RankedInstrument {
  readonly figures: InstrumentFigures;
  readonly tradesPerSecond: number;
}

/** The instruments busiest first (trades per second), ties by key so quiet ones keep their places. */
export function rankInstruments(instruments: KeyedTable<InstrumentFigures>, now: number): readonly RankedInstrument[] {
  const ranked: RankedInstrument[] = [];
  for (const figures of instruments.values()) ranked.push({ figures, tradesPerSecond: tradesPerSecond(figures, now) });
  return ranked.sort((a, b) => b.tradesPerSecond - a.tradesPerSecond || (a.figures.key < b.figures.key ? -1 : a.figures.key > b.figures.key ? 1 : 0));
}

/** What the filter box asks: every term must hold (`base:ETH`, `quote:USDC`, else a substring of the key). */
export interface InstrumentFilter {
  readonly text: string;
  readonly bases: readonly string[];
  readonly quotes: readonly string[];
  readonly substrings: readonly string[];
}

export const NO_FILTER: InstrumentFilter = { text: '', bases: [], quotes: [], substrings: [] };

/** The filter's characters: letters, digits, `-`, `:`, `_`, `.`, `/` and spaces, at most 64. */
export const FILTER_TEXT = /^[A-Za-z0-9:_./ -]{0,64}$/;

/** Parses the filter box's text (case-insensitive); `/` is read as `-` (`ETH/USDC`). */
export function parseInstrumentFilter(text: string): InstrumentFilter {
  const terms = text
    .toUpperCase()
    .replaceAll('/', '-')
    .split(/\s+/)
    .filter((t) => t !== '');
  const bases: string[] = [];
  const quotes: string[] = [];
  const substrings: string[] = [];
  for (const term of terms) {
    if (term.startsWith('BASE:') && term.length > 5) bases.push(term.slice(5));
    else if (term.startsWith('QUOTE:') && term.length > 6) quotes.push(term.slice(6));
    else substrings.push(term);
  }
  return { text: terms.join(' '), bases, quotes, substrings };
}

export function matchesFilter(filter: InstrumentFilter, figures: Pick<InstrumentFigures, 'key' | 'coin' | 'quote'>): boolean {
  if (filter.bases.length > 0 && !filter.bases.includes(figures.coin)) return false;
  if (filter.quotes.length > 0 && !filter.quotes.includes(figures.quote)) return false;
  return filter.substrings.every((s) => figures.key.includes(s));
}

/** One instrument's row as the page draws it. */
export interface InstrumentRow {
  /** `BASE-QUOTE`. */
  readonly instrument: string;
  readonly coin: string;
  readonly quote: string;
  readonly symbol: string;
  readonly exchange: string;
  readonly env: string;
  readonly isFallback: boolean;
  readonly price: number;
  readonly ageMs: number;
  readonly change24hPct: number | null;
  readonly tradesPerSecond: number;
  readonly buyRatio: number | null;
  /** The sparkline's shape: each bucket's price placed between the lowest (0) and highest (100). */
  readonly spark: readonly number[];
  /** What a status of this instrument's own symbol says now (`stale`, `halted`, `delisted`, ...); absent when all is well. */
  readonly flag?: string;
  /** An option's terms from its key, shown in columns of their own; absent for every other instrument. */
  readonly option?: OptionKeyTerms;
}

/** An option key's terms: `BTC-USD-20261127-56000-C` is `BTC-USD`, day `20261127`, strike 56,000, `C`. */
export interface OptionKeyTerms {
  /** The underlying and the strike currency, `BTC-USD`. */
  readonly chain: string;
  /** The expiry day, `YYYYMMDD` (UTC). */
  readonly day: string;
  readonly strike: number;
  readonly type: 'C' | 'P';
}

const OPTION_KEY = /^([A-Z0-9]+-[A-Z0-9]+)-(\d{8})-(\d+(?:\.\d+)?)-([CP])$/;

/** The terms of an option key (`BASE-QUOTE-YYYYMMDD-STRIKE-C|P`), or undefined for any other key. */
export function optionKeyTerms(key: string): OptionKeyTerms | undefined {
  const m = OPTION_KEY.exec(key);
  if (m === null) return undefined;
  const [, chain = '', day = '', strike = '', type] = m;
  return { chain, day, strike: Number(strike), type: type === 'C' ? 'C' : 'P' };
}

/** The table as sent: the first `limit` rows matching the filter, busiest first, and how many there are. */
export interface InstrumentsView {
  /** Instruments known. */
  readonly total: number;
  /** Instruments matching the filter. */
  readonly matched: number;
  readonly filter: string;
  readonly limit: number;
  /** Instruments per quote asset (for the quote menu). */
  readonly quotes: Readonly<Record<string, number>>;
  readonly rows: readonly InstrumentRow[];
}

/** Rows sent per view by default: what a screen shows, and far from the whole market. */
export const DEFAULT_ROWS = 50;
/** Rows a page may ask for at most. */
export const MAX_ROWS = 500;

/** Prices as their places between the lowest (0) and the highest (100), whole numbers: a shape, in a tenth of the bytes. */
export function sparkShape(prices: readonly number[]): readonly number[] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const p of prices) {
    if (p < lo) lo = p;
    if (p > hi) hi = p;
  }
  const span = hi - lo;
  return prices.map((p) => (span > 0 ? Math.round(((p - lo) / span) * 100) : 50));
}

export function instrumentRow(ranked: RankedInstrument, now: number, flag?: string): InstrumentRow {
  const c = ranked.figures;
  const ratio = buyRatio(c, now);
  const option = optionKeyTerms(c.key);
  return {
    instrument: c.key,
    coin: c.coin,
    quote: c.quote,
    symbol: c.symbol,
    exchange: c.exchange,
    env: c.env,
    isFallback: c.isFallback,
    price: c.lastPrice,
    ageMs: now - c.lastTs,
    change24hPct: c.change24hPct ?? null,
    tradesPerSecond: ranked.tradesPerSecond,
    buyRatio: ratio ?? null,
    spark: sparkShape(c.spark),
    ...(flag === undefined ? {} : { flag }),
    ...(option === undefined ? {} : { option }),
  };
}

/**
 * The table's view: only the first `limit` matching rows are built and sent, so its size follows
 * the screen, not the universe; `flagOf` names an instrument's own trouble.
 */
export function instrumentsView(
  ranked: readonly RankedInstrument[],
  now: number,
  filter: InstrumentFilter,
  limit: number,
  flagOf: (instrument: string) => string | undefined,
): InstrumentsView {
  const rows: InstrumentRow[] = [];
  const quotes: Record<string, number> = {};
  let matched = 0;
  for (const r of ranked) {
    quotes[r.figures.quote] = (quotes[r.figures.quote] ?? 0) + 1;
    if (!matchesFilter(filter, r.figures)) continue;
    matched++;
    if (rows.length < limit) rows.push(instrumentRow(r, now, flagOf(r.figures.key)));
  }
  return { total: ranked.length, matched, filter: filter.text, limit, quotes, rows };
}

/** The instrument `?coin=` means: the coin's busiest instrument; `BASE-` plus the most common quote when it has none yet (of equals, the busier instruments' quote). */
export function busiestOf(ranked: readonly RankedInstrument[], coin: string): string {
  const quotes = new Map<string, number>();
  for (const r of ranked) {
    if (r.figures.coin === coin) return r.figures.key;
    quotes.set(r.figures.quote, (quotes.get(r.figures.quote) ?? 0) + 1);
  }
  let quote = 'USDT';
  let most = 0;
  for (const [q, n] of quotes) if (n > most) [quote, most] = [q, n];
  return `${coin}-${quote}`;
}
