import type { Building } from '../../model/building.js';
import type { MarketEvent } from '../../model/index.js';
import type { OptionSummary } from '../../model/option-summary.js';
import type { MapperContext } from '../mapper-context.js';
import { recordProvenance, setOptional } from '../record-provenance.js';
import { numberOf, positiveNumberOf } from '../figures.js';
import { mapBybitFrame } from './bybit-mappers.js';
import { BYBIT_OPTION_REQUIRED_FIGURES, type BybitOptionFrame, type BybitOptionTickerFrame } from './bybit-option-frames.js';
import { bybitOptionOf } from './bybit-option-names.js';

/**
 * Bybit sends no rho (ticker.mdx, Option tab: delta, gamma, vega and theta only). The field is a
 * `double` every reader of the topic already knows, so it cannot become null without breaking them:
 * it is NaN (`null` in JSON) where the venue sends none.
 */
export const RHO_NOT_SENT = Number.NaN;

/**
 * Why an option's ticker cannot be its summary, or undefined: its name is no option's, or it lacks
 * one of `BYBIT_OPTION_REQUIRED_FIGURES` (named at its path). The ticker is then refused alone.
 */
export function bybitOptionTickerRefusal(frame: BybitOptionFrame): string | undefined {
  if (frame.kind !== 'option_ticker') return undefined;
  const { data } = frame;
  if (bybitOptionOf(data.symbol) === undefined) return `$.data.symbol: ${JSON.stringify(data.symbol)} is not a Bybit option's name`;
  const missing = BYBIT_OPTION_REQUIRED_FIGURES.filter((key) => data[key] === undefined);
  return missing.length === 0 ? undefined : `$.data.${missing[0] ?? ''}: ${data.symbol} option ticker without ${missing.join(', ')}`;
}

/**
 * Maps a validated Bybit option frame to normalized events; pure: an option's ticker to its
 * `OptionSummary`, the trades of `publicTrade.{baseCoin}` (every option of the coin, those this socket
 * follows kept) as on the other categories.
 */
export function mapBybitOptionFrame(frame: BybitOptionFrame, receivedTs: number, context: MapperContext): readonly MarketEvent[] {
  switch (frame.kind) {
    case 'option_ticker':
      return mapOptionTicker(frame, receivedTs, context);
    case 'option_ack':
      return [];
    default:
      return mapBybitFrame(frame, receivedTs, context);
  }
}

/**
 * An option's ticker as its summary, passed through as Bybit computed it: prices in the option's quote
 * (USDT or USDC), sizes and open interest in the coin, IVs (fractions on the wire) in percent, greeks as
 * sent (delta per coin, gamma, vega per volatility point and theta per day in the quote), rho NaN
 * (`RHO_NOT_SENT`). `underlyingPrice` is the price Bybit computed them at; Bybit does not name that
 * underlying, so `underlyingIndex` names the coin and expiry day it belongs to (`BTC-27NOV26`). A side
 * of size or price 0 (Bybit's empty side) is absent, and so is its IV of 0 on a side kept (a quote no
 * volatility prices); a last price of 0 (never traded) is absent. The mark may be 0: a worthless option.
 */
function mapOptionTicker(frame: BybitOptionTickerFrame, receivedTs: number, context: MapperContext): readonly OptionSummary[] {
  const d = frame.data;
  const option = bybitOptionOf(d.symbol);
  const base = recordProvenance(d.symbol, frame.ts, receivedTs, context);
  const [markPrice, markIv, delta, gamma, vega, theta, underlyingPrice] = BYBIT_OPTION_REQUIRED_FIGURES.map((key) => numberOf(d[key]));
  if (option === undefined || base === undefined || markPrice === undefined || markIv === undefined || underlyingPrice === undefined) return [];
  if (delta === undefined || gamma === undefined || vega === undefined || theta === undefined) return [];
  const summary: Building<OptionSummary> = {
    type: 'option_summary',
    ...base,
    optionType: option.terms.type,
    strike: option.terms.strike,
    expiryTs: option.expiryTs,
    markPrice,
    markIv: percent(markIv),
    delta,
    gamma,
    vega,
    theta,
    rho: RHO_NOT_SENT,
    underlyingPrice,
    underlyingIndex: d.symbol.split('-').slice(0, 2).join('-'),
  };
  side(summary, 'bestBid', d.bidPrice, d.bidSize, d.bidIv);
  side(summary, 'bestAsk', d.askPrice, d.askSize, d.askIv);
  setOptional(summary, 'lastPrice', positiveNumberOf(d.lastPrice));
  setOptional(summary, 'indexPrice', positiveNumberOf(d.indexPrice));
  setOptional(summary, 'openInterest', numberOf(d.openInterest));
  return [summary];
}

function side(summary: Building<OptionSummary>, which: 'bestBid' | 'bestAsk', price?: string, size?: string, iv?: string): void {
  const p = positiveNumberOf(price);
  const s = positiveNumberOf(size);
  if (p === undefined || s === undefined) return;
  summary[`${which}Price`] = p;
  summary[`${which}Amount`] = s;
  const v = positiveNumberOf(iv);
  if (v !== undefined) summary[`${which}Iv`] = percent(v);
}

/** A fraction (0.5916) as percent (59.16), rounded to the wire's precision so 0.6004 reads 60.04, not 60.040000000000006. */
function percent(fraction: number): number {
  return Number((fraction * 100).toPrecision(12));
}
