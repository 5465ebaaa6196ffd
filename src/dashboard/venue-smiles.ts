import { marketOf, VENUE_IDS, VENUES } from '../exchanges/venues.js';
import { expiryDay } from '../model/instrument.js';
import type { ExchangeId } from '../model/market-record.js';
import type { ExpiryChain, OptionChain, OptionQuote, StrikeRow } from './option-chains.js';

/** One point of a venue's smile: strike, mark IV, and the bid and ask IVs when quoted (IVs in percent). */
export type VenuePoint = readonly [strike: number, markIv: number, bidIv: number | null, askIv: number | null];

/** One venue's smile for the underlying and expiry day shown. */
export interface VenueSmile {
  readonly exchange: string;
  /** The venue's name (`Deribit options`), its id when the registry has none. */
  readonly name: string;
  /** Its place among the registry's option venues: the page gives each venue its colour by it, whichever venues are shown. */
  readonly colour: number;
  /** The chain it comes from (`BTC-USD`, `BTC-USDT`): the settlement differs by venue. */
  readonly chain: string;
  /** The currency its prices are in: the coin (`BTC`) or a stablecoin (`USDT`). */
  readonly quote: string;
  /** The venue's forward of the expiry (USD). */
  readonly underlyingPrice: number;
  readonly points: readonly VenuePoint[];
}

/** The best bid or ask of a strike across venues: whose, its price in the venue's currency, and in USD per coin of underlying. */
export interface BestQuote {
  readonly exchange: string;
  readonly price: number;
  readonly quote: string;
  readonly usd: number;
}

/** One strike across the venues: the option compared (the out-of-the-money one at the shared forward), the best bid and the best ask. */
export interface StrikeBest {
  readonly strike: number;
  readonly side: 'call' | 'put';
  /** Absent when no venue bids (or asks) for the option in a currency worth a known number of USD. */
  readonly bid?: BestQuote;
  readonly ask?: BestQuote;
}

/** Every venue's smile of one underlying and expiry day on one chart, and per strike the venue with the best bid and the best ask. */
export interface VenueSmilesView {
  readonly coin: string;
  /** `YYYYMMDD` (UTC): the venues' options of that day expire together (08:00 UTC). */
  readonly day: string;
  /** The median of the venues' forwards (USD): where puts give way to calls for every venue alike. */
  readonly forward: number;
  /** In the registry's order of venues. */
  readonly smiles: readonly VenueSmile[];
  /** The strikes within the moneyness range that some venue lists, ascending. */
  readonly strikes: readonly StrikeBest[];
}

/** Quotes taken as US dollars one for one. */
const DOLLARS: ReadonlySet<string> = new Set(['USD', 'USDT', 'USDC']);

/** The registry's option venues, in its order: each one's colour. */
const OPTION_VENUES: readonly string[] = VENUE_IDS.filter((id) => marketOf(id) === 'option');

const known = (exchange: string): exchange is ExchangeId => Object.hasOwn(VENUES, exchange);
const colourOf = (exchange: string): number => {
  const at = OPTION_VENUES.indexOf(exchange);
  return at === -1 ? OPTION_VENUES.length : at;
};

/** A venue's chain at the day shown, with what it takes to price its premiums in USD. */
interface Entry {
  readonly chain: OptionChain;
  readonly expiry: ExpiryChain;
  /** USD per unit of the chain's quote: the coin's index (else the expiry's forward) for a coin-priced chain, 1 for a dollar; undefined for another currency. */
  readonly usdPerUnit: number | undefined;
  readonly rows: ReadonlyMap<number, StrikeRow>;
}

function entryOf(chain: OptionChain, expiry: ExpiryChain): Entry {
  const usdPerUnit = chain.quote === chain.coin ? (chain.indexPrice ?? expiry.underlyingPrice) : DOLLARS.has(chain.quote) ? 1 : undefined;
  return { chain, expiry, usdPerUnit, rows: new Map(expiry.rows.map((r) => [r.strike, r])) };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? Number.NaN) + (sorted[mid] ?? Number.NaN)) / 2;
}

/**
 * The best bid (highest) and best ask (lowest) of one option across venues, compared as USD premium per
 * coin of underlying: a coin-priced premium times the coin's index (what the coin paid is worth), a
 * stablecoin one as it is. Not by IV: each venue computes its IVs from its own forward, rate and
 * expiry time, so one price shows as different IVs at two venues, while a premium is what is paid.
 * Of two equal, the first venue in the registry's order.
 */
function bestOf(entries: readonly Entry[], strike: number, side: 'call' | 'put'): StrikeBest {
  let bid: BestQuote | undefined;
  let ask: BestQuote | undefined;
  for (const { chain, rows, usdPerUnit } of entries) {
    const option = rows.get(strike)?.[side];
    if (option === undefined || usdPerUnit === undefined) continue;
    const quoted = (price: number): BestQuote => ({ exchange: chain.exchange, price, quote: chain.quote, usd: price * usdPerUnit });
    if (option.bid !== undefined && (bid === undefined || option.bid * usdPerUnit > bid.usd)) bid = quoted(option.bid);
    if (option.ask !== undefined && (ask === undefined || option.ask * usdPerUnit < ask.usd)) ask = quoted(option.ask);
  }
  return { strike, side, ...(bid === undefined ? {} : { bid }), ...(ask === undefined ? {} : { ask }) };
}

const pointOf = (strike: number, option: OptionQuote): VenuePoint => [strike, option.markIv, option.bidIv ?? null, option.askIv ?? null];

/**
 * The smiles of `coin`'s options expiring on `day` at every venue that lists them (each chain of the coin
 * with that expiry still to come at `now`, whatever its settlement), over the strikes within `moneyness`
 * (strike / forward) of the venues' median forward: each venue's out-of-the-money option at a strike
 * (put below that forward, call at or above, else the other), and per strike the venues' best bid and
 * ask of that option. Undefined when no venue lists such an option.
 */
export function venueSmilesOf(
  chains: readonly OptionChain[],
  coin: string,
  day: string,
  now: number,
  moneyness: { readonly min: number; readonly max: number },
): VenueSmilesView | undefined {
  const entries: Entry[] = [];
  for (const chain of chains) {
    if (chain.coin !== coin) continue;
    const expiry = chain.expiries.find((e) => e.expiryTs > now && expiryDay(e.expiryTs) === day);
    if (expiry !== undefined && expiry.rows.length > 0) entries.push(entryOf(chain, expiry));
  }
  if (entries.length === 0) return undefined;
  entries.sort((a, b) => colourOf(a.chain.exchange) - colourOf(b.chain.exchange) || a.chain.key.localeCompare(b.chain.key));
  const forward = median(entries.map((e) => e.expiry.underlyingPrice));
  const strikes = [...new Set(entries.flatMap((e) => e.expiry.rows.map((r) => r.strike)))]
    .filter((k) => k / forward >= moneyness.min && k / forward <= moneyness.max)
    .sort((a, b) => a - b);
  const sideAt = (strike: number): 'call' | 'put' => (strike < forward ? 'put' : 'call');
  const smiles = entries.map(({ chain, expiry, rows }): VenueSmile => {
    const points: VenuePoint[] = [];
    for (const strike of strikes) {
      const row = rows.get(strike);
      const option = sideAt(strike) === 'put' ? (row?.put ?? row?.call) : (row?.call ?? row?.put);
      if (option !== undefined) points.push(pointOf(strike, option));
    }
    return {
      exchange: chain.exchange,
      name: known(chain.exchange) ? VENUES[chain.exchange].name : chain.exchange,
      colour: colourOf(chain.exchange),
      chain: chain.id,
      quote: chain.quote,
      underlyingPrice: expiry.underlyingPrice,
      points,
    };
  });
  return { coin, day, forward, smiles, strikes: strikes.map((k) => bestOf(entries, k, sideAt(k))) };
}
