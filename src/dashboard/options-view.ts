import { expiryDay } from '../model/instrument.js';
import type { ExpiryChain, OptionChain, OptionChains, OptionQuote, StrikeRow } from './option-chains.js';
import { venueSmilesOf, type VenueSmilesView } from './venue-smiles.js';

/** One point of an expiry's smile: strike, mark IV, and the bid and ask IVs when quoted (IVs in percent). */
export type SmilePoint = readonly [strike: number, markIv: number, bidIv: number | null, askIv: number | null];

/** One expiry as the page lists it, with its smile. */
export interface ExpiryView {
  readonly expiryTs: number;
  /** `YYYYMMDD` (UTC), as in the option keys and the page's `?expiry=`. */
  readonly day: string;
  readonly options: number;
  /** The expiry's forward (USD) and what it is (`BTC-26DEC26` or `index_price`). */
  readonly underlyingPrice: number;
  readonly underlyingIndex: string;
  /** The strike nearest the underlying price (the lower of two as near). */
  readonly atmStrike?: number;
  /** Out-of-the-money IVs by strike, ascending, within SMILE_MONEYNESS of the forward. */
  readonly smile: readonly SmilePoint[];
}

/** The chosen chain: every expiry with its smile, and the chosen expiry's strikes for the table. */
export interface ChainView {
  /** `deribit_options/BTC-USD`. */
  readonly key: string;
  readonly id: string;
  readonly exchange: string;
  readonly coin: string;
  readonly quote: string;
  readonly options: number;
  readonly indexPrice?: number;
  readonly lastTs: number;
  readonly expiries: readonly ExpiryView[];
  /** The expiry the table shows (`day`): the one asked for, else the nearest. */
  readonly expiry: string;
  /** Its strikes, ascending: call and put side by side. */
  readonly rows: readonly StrikeRow[];
}

/** A chain as the underlying chooser lists it. */
export interface ChainChoice {
  /** `deribit_options/BTC-USD`. */
  readonly key: string;
  readonly id: string;
  readonly exchange: string;
  readonly coin: string;
  readonly quote: string;
  readonly options: number;
  readonly expiries: number;
}

/** The options part of the page's view: the chains to choose from and the chosen one (none when no option is followed). */
export interface OptionsView {
  /** Most options first. */
  readonly chains: readonly ChainChoice[];
  readonly chosen?: ChainView;
  /** Every venue's smile of the chosen chain's underlying and expiry day, with the best bid and ask per strike. */
  readonly venues?: VenueSmilesView;
  /** Options let go to bound memory (see OptionChainLimits). */
  readonly evicted: number;
}

/**
 * What the page asks of the options view: a chain (`BTC-USD`) at a venue (`okx_options`; else the venue
 * with most of its options) and an expiry (`20261226`); else the largest chain and its nearest expiry.
 */
export interface OptionsRequest {
  readonly chain?: string;
  readonly venue?: string;
  readonly expiry?: string;
}

/**
 * The strikes a smile draws, as strike / forward: the far wings (strikes of a fifth or five times the
 * price on a long expiry) would flatten the part traders read.
 */
export const SMILE_MONEYNESS = { min: 0.5, max: 2 } as const;

/** The strike nearest `price` (the lower of two as near). */
export function atmStrikeOf(rows: readonly StrikeRow[], price: number): number | undefined {
  let best: number | undefined;
  for (const { strike } of rows) if (best === undefined || Math.abs(strike - price) < Math.abs(best - price)) best = strike;
  return best;
}

/** The out-of-the-money option of a strike (put below the forward, call at or above), else the other. */
function otmOf(row: StrikeRow, forward: number): OptionQuote | undefined {
  return row.strike < forward ? (row.put ?? row.call) : (row.call ?? row.put);
}

/** An expiry's smile: the out-of-the-money option's IVs at each strike within SMILE_MONEYNESS of the forward. */
export function smileOf(expiry: Pick<ExpiryChain, 'rows' | 'underlyingPrice'>): readonly SmilePoint[] {
  const forward = expiry.underlyingPrice;
  const points: SmilePoint[] = [];
  for (const row of expiry.rows) {
    const m = row.strike / forward;
    if (m < SMILE_MONEYNESS.min || m > SMILE_MONEYNESS.max) continue;
    const option = otmOf(row, forward);
    if (option !== undefined) points.push([row.strike, option.markIv, option.bidIv ?? null, option.askIv ?? null]);
  }
  return points;
}

function expiryView(expiry: ExpiryChain): ExpiryView {
  const atm = atmStrikeOf(expiry.rows, expiry.underlyingPrice);
  return {
    expiryTs: expiry.expiryTs,
    day: expiryDay(expiry.expiryTs),
    options: expiry.options,
    underlyingPrice: expiry.underlyingPrice,
    underlyingIndex: expiry.underlyingIndex,
    ...(atm === undefined ? {} : { atmStrike: atm }),
    smile: smileOf(expiry),
  };
}

function chainView(chain: OptionChain, expiries: readonly ExpiryChain[], day: string | undefined): ChainView | undefined {
  const shown = expiries.find((e) => expiryDay(e.expiryTs) === day) ?? expiries[0];
  if (shown === undefined) return undefined;
  return {
    key: chain.key,
    id: chain.id,
    exchange: chain.exchange,
    coin: chain.coin,
    quote: chain.quote,
    options: expiries.reduce((n, e) => n + e.options, 0),
    ...(chain.indexPrice === undefined ? {} : { indexPrice: chain.indexPrice }),
    lastTs: chain.lastTs,
    expiries: expiries.map(expiryView),
    expiry: expiryDay(shown.expiryTs),
    rows: shown.rows,
  };
}

/**
 * The options view at `now`: the chains that have an expiry still to come (most options first), the
 * chosen one with every such expiry's smile and the chosen expiry's strikes, and every venue's smile of
 * its underlying and expiry day. An expiry passed at `now` is left out even before a newer summary
 * drops it from the state.
 */
export function optionsView(state: OptionChains, now: number, request: OptionsRequest = {}): OptionsView {
  const live = new Map<string, { readonly chain: OptionChain; readonly expiries: readonly ExpiryChain[] }>();
  for (const chain of Object.values(state.chains)) {
    const expiries = chain.expiries.filter((e) => e.expiryTs > now);
    if (expiries.length > 0) live.set(chain.key, { chain, expiries });
  }
  const chains = [...live.values()]
    .map(({ chain, expiries }) => ({
      key: chain.key,
      id: chain.id,
      exchange: chain.exchange,
      coin: chain.coin,
      quote: chain.quote,
      options: expiries.reduce((n, e) => n + e.options, 0),
      expiries: expiries.length,
    }))
    .sort((a, b) => b.options - a.options || a.key.localeCompare(b.key));
  const asked = live.get(`${request.venue ?? ''}/${request.chain ?? ''}`) ?? live.get(chains.find((c) => c.id === request.chain)?.key ?? '');
  const picked = asked ?? live.get(chains[0]?.key ?? '');
  const chosen = picked === undefined ? undefined : chainView(picked.chain, picked.expiries, request.expiry);
  const venues = chosen === undefined ? undefined : venueSmilesOf(Object.values(state.chains), chosen.coin, chosen.expiry, now, SMILE_MONEYNESS);
  return { chains, evicted: state.evicted, ...(chosen === undefined ? {} : { chosen }), ...(venues === undefined ? {} : { venues }) };
}
