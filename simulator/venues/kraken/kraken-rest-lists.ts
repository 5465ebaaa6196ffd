import { scaledDecimal, trimmedDecimal } from '../../scaled-decimal.js';
import type { SimListing } from '../../sim-listing.js';
import type { SymbolState } from '../../simulated-market.js';
import { krakenPairNames } from './kraken-pair-names.js';

/** The taker and maker fee schedules of the documented AssetPairs example ([30-day volume, percent]). */
const FEES = [
  [0, 0.26],
  [50000, 0.24],
  [100000, 0.22],
  [250000, 0.2],
  [500000, 0.18],
  [1000000, 0.16],
  [2500000, 0.14],
  [5000000, 0.12],
  [10000000, 0.1],
];
const FEES_MAKER = [
  [0, 0.16],
  [50000, 0.14],
  [100000, 0.12],
  [250000, 0.1],
  [500000, 0.08],
  [1000000, 0.06],
  [2500000, 0.04],
  [5000000, 0.02],
  [10000000, 0],
];

/** A pair's status in AssetPairs: a halted pair only takes cancels; delisted pairs are not listed. */
function pairStatus(listing: SimListing): 'online' | 'cancel_only' {
  return listing.status === 'trading' ? 'online' : 'cancel_only';
}

/** Decimals of REST prices: the documented answers write BTC/USD (`pair_decimals` 1) with 5 (`"30243.40000"`). */
export const restPriceDecimals = (listing: Pick<SimListing, 'priceDecimals'>): number => Math.max(5, listing.priceDecimals);

/**
 * One `result` entry of `GET /0/public/AssetPairs`, keys in the documented example's order
 * (spot-rest examples/responses/public/assets/pairs.yaml), without margin: `pair_decimals` the price
 * precision, `lot_decimals` the quantity's, `tick_size` one price step, `ordermin` about 5 quote
 * units' worth rounded up to a power of ten (BTC at 65,000: `0.0001`, as documented).
 */
export function krakenAssetPair(listing: SimListing, price: number): Record<string, unknown> {
  const names = krakenPairNames(listing);
  const lot = listing.sizeDecimals;
  const orderminDecimals = Math.min(lot, Math.max(0, -Math.ceil(Math.log10(5 / Math.max(price, 1e-12)))));
  return {
    altname: names.altname,
    wsname: names.wsname,
    aclass_base: 'currency',
    base: names.base,
    aclass_quote: 'currency',
    quote: names.quote,
    lot: 'unit',
    cost_decimals: Math.max(5, listing.priceDecimals + 1),
    pair_decimals: listing.priceDecimals,
    lot_decimals: lot,
    lot_multiplier: 1,
    leverage_buy: [],
    leverage_sell: [],
    fees: FEES,
    fees_maker: FEES_MAKER,
    fee_volume_currency: 'ZUSD',
    margin_call: 80,
    margin_stop: 40,
    ordermin: trimmedDecimal(scaledDecimal(1, orderminDecimals)),
    costmin: '0.5',
    tick_size: trimmedDecimal(scaledDecimal(1, listing.priceDecimals)),
    status: pairStatus(listing),
  };
}

/**
 * One `result` entry of `GET /0/public/Ticker` (spot-rest examples/responses/public/ticker.yaml):
 * arrays of strings `a`/`b` [price, whole lot volume, lot volume], `c` [price, lot volume], `v`, `p`
 * (VWAP), `l`, `h` [today, last 24 h], `t` trade counts [today, last 24 h] as numbers, `o` the
 * open. The simulator keeps one rolling day, so "today" repeats the last 24 h.
 */
export function krakenRestTicker(listing: SimListing, state: SymbolState): Record<string, unknown> {
  const d = restPriceDecimals(listing);
  const lot = listing.sizeDecimals;
  const price = (value: number) => value.toFixed(d);
  const touch = (value: number, size: number) => [price(value), String(Math.max(1, Math.round(size))), size.toFixed(3)];
  const vwap = price(state.volume > 0 ? state.turnover / state.volume : state.last);
  return {
    a: touch(state.ask, state.askSize),
    b: touch(state.bid, state.bidSize),
    c: [price(state.last), state.lastQty.toFixed(lot)],
    v: [state.volume.toFixed(lot), state.volume.toFixed(lot)],
    p: [vwap, vwap],
    t: [state.tradeCount, state.tradeCount],
    l: [price(state.low), price(state.low)],
    h: [price(state.high), price(state.high)],
    o: price(state.open),
  };
}
