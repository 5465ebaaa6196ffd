import { instrumentOf } from '../model/market-record.js';
import type { OptionSummary } from '../model/option-summary.js';

/**
 * One option as the chain shows it, from its latest summary (units as `OptionSummary` says: prices in
 * the chain's `quote`, IVs in percent, greeks in USD, open interest in the underlying coin). A value
 * the summary lacks (an empty side of the book) is absent.
 */
export interface OptionQuote {
  /** The canonical key, `BTC-USD-20261226-100000-C`. */
  readonly instrument: string;
  /** The venue's name, `BTC-26DEC26-100000-C`. */
  readonly symbol: string;
  readonly exchange: string;
  /** The venue's time of the summary. */
  readonly ts: number;
  readonly bid?: number;
  readonly bidIv?: number;
  readonly ask?: number;
  readonly askIv?: number;
  readonly mark: number;
  readonly markIv: number;
  readonly delta: number;
  readonly gamma: number;
  readonly vega: number;
  readonly theta: number;
  readonly openInterest?: number;
}

/** One strike of an expiry: its call and its put, each when a summary of it was read. */
export interface StrikeRow {
  readonly strike: number;
  readonly call?: OptionQuote;
  readonly put?: OptionQuote;
}

/** One expiry of a chain: its strikes ascending, and the underlying its options were priced against. */
export interface ExpiryChain {
  readonly expiryTs: number;
  readonly rows: readonly StrikeRow[];
  /** Options held (calls and puts). */
  readonly options: number;
  /** The underlying's price (USD) of the latest summary of the expiry: the expiry's forward. */
  readonly underlyingPrice: number;
  /** What that is: the expiry's future (`BTC-26DEC26`) or `index_price`. */
  readonly underlyingIndex: string;
  readonly underlyingTs: number;
}

/**
 * The options of one underlying priced in one currency at one venue: Deribit's `BTC-USD` (coin-settled,
 * prices in BTC) or `SOL-USDC`. Two venues that key an option alike (Deribit's and OKX's `BTC-USD-...`)
 * have a chain each: one venue's quote never replaces another's.
 */
export interface OptionChain {
  /** The venue and the id, `deribit_options/BTC-USD`: the chain's place in OptionChains. */
  readonly key: string;
  /** The first two parts of its options' keys: `BTC-USD`, `SOL-USDC`. */
  readonly id: string;
  readonly exchange: string;
  readonly coin: string;
  /** The currency its prices are in (the record's `quote`): `BTC`, `USDC`. */
  readonly quote: string;
  /** Expiries ascending, none passed as of the latest summary. */
  readonly expiries: readonly ExpiryChain[];
  readonly options: number;
  readonly indexPrice?: number;
  /** The venue's time of its latest summary. */
  readonly lastTs: number;
}

/** Every chain followed, by key (`deribit_options/BTC-USD`), and what was let go to keep them bounded. */
export interface OptionChains {
  readonly chains: Readonly<Record<string, OptionChain>>;
  /** Options let go: the least recently updated option of a full chain, or every option of the least recently updated chain. */
  readonly evicted: number;
}

/**
 * How much the chains hold at most: `maxChains` x `maxOptionsPerChain` options (32 x 2,500 = 80,000
 * quotes of about 300 bytes: 24 MB at the very worst). Deribit lists about 1,000 BTC options at once
 * (12 expiries; 390 in 2021 with 11 expiries, `get_instruments` samples in cryptofeed v3) and options on
 * 47 indexes, most of them small USDC-settled chains.
 */
export interface OptionChainLimits {
  /** Chains held; a new one beyond it replaces the least recently updated. Default 32. */
  readonly maxChains: number;
  /** Options held per chain; a new one beyond it replaces the chain's least recently updated. Default 2,500. */
  readonly maxOptionsPerChain: number;
}

export const DEFAULT_OPTION_CHAIN_LIMITS: OptionChainLimits = { maxChains: 32, maxOptionsPerChain: 2500 };

export const EMPTY_OPTION_CHAINS: OptionChains = { chains: {}, evicted: 0 };

/** The chain of an option key: its first two parts (`BTC-USD-20261226-100000-C` -> `BTC-USD`), else `coin-quote`. */
export function chainIdOf(record: Pick<OptionSummary, 'coin' | 'quote' | 'instrument'>): string {
  const parts = instrumentOf(record).split('-');
  return parts.length >= 5 ? `${parts[0] ?? ''}-${parts[1] ?? ''}` : `${record.coin}-${record.quote}`;
}

/** Where a summary's chain is kept: its venue and its chain id, `okx_options/BTC-USD`. */
export function chainKeyOf(record: Pick<OptionSummary, 'exchange' | 'coin' | 'quote' | 'instrument'>): string {
  return `${record.exchange}/${chainIdOf(record)}`;
}

const finite = (n: number | undefined): n is number => typeof n === 'number' && Number.isFinite(n);

function quoteOf(s: OptionSummary): OptionQuote {
  return {
    instrument: instrumentOf(s),
    symbol: s.symbol,
    exchange: s.exchange,
    ts: s.exchangeTs,
    ...(finite(s.bestBidPrice) ? { bid: s.bestBidPrice } : {}),
    ...(finite(s.bestBidIv) ? { bidIv: s.bestBidIv } : {}),
    ...(finite(s.bestAskPrice) ? { ask: s.bestAskPrice } : {}),
    ...(finite(s.bestAskIv) ? { askIv: s.bestAskIv } : {}),
    mark: s.markPrice,
    markIv: s.markIv,
    delta: s.delta,
    gamma: s.gamma,
    vega: s.vega,
    theta: s.theta,
    ...(finite(s.openInterest) ? { openInterest: s.openInterest } : {}),
  };
}

/** The first index whose value is not below `value` (`key` ascending). */
function lowerBound<T>(items: readonly T[], value: number, key: (item: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(items[mid] as T) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `items` with `item` at `at` (replacing the one there when `replace`). */
function placed<T>(items: readonly T[], at: number, item: T, replace: boolean): readonly T[] {
  const next = items.slice();
  next.splice(at, replace ? 1 : 0, item);
  return next;
}

/** The expiry with the option set; `added` when it was not held before; the same expiry when the held one is newer. */
function withOption(expiry: ExpiryChain, s: OptionSummary): { readonly expiry: ExpiryChain; readonly added: boolean } {
  const at = lowerBound(expiry.rows, s.strike, (r) => r.strike);
  const found = expiry.rows[at]?.strike === s.strike ? expiry.rows[at] : undefined;
  const side = s.optionType;
  const held = found?.[side];
  if (held !== undefined && held.ts > s.exchangeTs) return { expiry, added: false };
  const row: StrikeRow = { ...(found ?? { strike: s.strike }), [side]: quoteOf(s) };
  const newer = s.exchangeTs >= expiry.underlyingTs;
  return {
    expiry: {
      ...expiry,
      rows: placed(expiry.rows, at, row, found !== undefined),
      options: expiry.options + (held === undefined ? 1 : 0),
      ...(newer ? { underlyingPrice: s.underlyingPrice, underlyingIndex: s.underlyingIndex, underlyingTs: s.exchangeTs } : {}),
    },
    added: held === undefined,
  };
}

/** The chain less its least recently updated option. */
function withoutStalest(chain: OptionChain): OptionChain {
  let stalest: { e: number; r: number; side: 'call' | 'put'; ts: number } | undefined;
  chain.expiries.forEach((expiry, e) =>
    expiry.rows.forEach((row, r) => {
      for (const side of ['call', 'put'] as const) {
        const ts = row[side]?.ts;
        if (ts !== undefined && (stalest === undefined || ts < stalest.ts)) stalest = { e, r, side, ts };
      }
    }),
  );
  if (stalest === undefined) return chain;
  const { e, r, side } = stalest;
  const expiry = chain.expiries[e] as ExpiryChain;
  const { [side]: _gone, ...rest } = expiry.rows[r] as StrikeRow;
  const row: StrikeRow = rest;
  const rows = row.call === undefined && row.put === undefined ? expiry.rows.filter((_, i) => i !== r) : placed(expiry.rows, r, row, true);
  const expiries =
    rows.length === 0 ? chain.expiries.filter((_, i) => i !== e) : placed(chain.expiries, e, { ...expiry, rows, options: expiry.options - 1 }, true);
  return { ...chain, expiries, options: chain.options - 1 };
}

/** Why a summary cannot be placed in a chain, or undefined when it can. */
export function invalidSummary(s: OptionSummary): string | undefined {
  if (s.optionType !== 'call' && s.optionType !== 'put') return `option type ${String(s.optionType)} is neither call nor put`;
  if (!finite(s.strike) || s.strike <= 0) return `strike ${String(s.strike)} is not a positive number`;
  if (!finite(s.expiryTs)) return `expiry ${String(s.expiryTs)} is not a time`;
  for (const name of ['markPrice', 'markIv', 'delta', 'gamma', 'vega', 'theta', 'underlyingPrice', 'exchangeTs'] as const)
    if (!finite(s[name])) return `${name} ${String(s[name])} is not a number`;
  return undefined;
}

/**
 * Folds one option summary into the chains: the option's latest summary replaces an older one of it
 * (a late older one changes nothing), its expiry's underlying price follows the newest summary, and
 * the expiries passed by the summary's time (`exchangeTs`) leave its chain, as does the summary of an
 * option already expired. Bounded by `limits` (see OptionChainLimits). A summary `invalidSummary`
 * refuses changes nothing.
 */
export function reduceOptionSummary(state: OptionChains, s: OptionSummary, limits: OptionChainLimits = DEFAULT_OPTION_CHAIN_LIMITS): OptionChains {
  if (invalidSummary(s) !== undefined) return state;
  const id = chainIdOf(s);
  const key = chainKeyOf(s);
  const now = s.exchangeTs;
  if (s.expiryTs <= now && state.chains[key] === undefined) return state;
  let evicted = state.evicted;
  let chains = state.chains;
  let chain = chains[key];
  if (chain === undefined) {
    const ids = Object.keys(chains);
    if (ids.length >= limits.maxChains) {
      const stalest = ids.reduce((a, b) => ((chains[b]?.lastTs ?? 0) < (chains[a]?.lastTs ?? 0) ? b : a));
      evicted += chains[stalest]?.options ?? 0;
      const { [stalest]: _gone, ...rest } = chains;
      chains = rest;
    }
    chain = { key, id, exchange: s.exchange, coin: s.coin, quote: s.quote, expiries: [], options: 0, lastTs: now };
  }
  // Expiries passed (Deribit: 08:00 UTC of the expiry day) leave the chain.
  const live = chain.expiries.findIndex((e) => e.expiryTs > now);
  if (live !== 0) {
    const kept = live === -1 ? [] : chain.expiries.slice(live);
    chain = { ...chain, expiries: kept, options: kept.reduce((n, e) => n + e.options, 0) };
  }
  if (s.expiryTs > now) {
    const at = lowerBound(chain.expiries, s.expiryTs, (e) => e.expiryTs);
    const found = chain.expiries[at]?.expiryTs === s.expiryTs ? chain.expiries[at] : undefined;
    const empty: ExpiryChain = {
      expiryTs: s.expiryTs,
      rows: [],
      options: 0,
      underlyingPrice: s.underlyingPrice,
      underlyingIndex: s.underlyingIndex,
      underlyingTs: now,
    };
    const { expiry, added } = withOption(found ?? empty, s);
    if (expiry !== found) chain = { ...chain, expiries: placed(chain.expiries, at, expiry, found !== undefined), options: chain.options + (added ? 1 : 0) };
    if (chain.options > limits.maxOptionsPerChain) {
      chain = withoutStalest(chain);
      evicted++;
    }
  }
  const newer = now >= chain.lastTs;
  chain = {
    ...chain,
    lastTs: Math.max(chain.lastTs, now),
    ...(newer && finite(s.indexPrice) ? { indexPrice: s.indexPrice } : {}),
  };
  return { chains: { ...chains, [key]: chain }, evicted };
}
