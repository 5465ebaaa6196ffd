import type { Building } from '../../model/building.js';
import type { OptionSummary } from '../../model/option-summary.js';
import type { MapperContext } from '../mapper-context.js';
import { recordProvenance, setOptional } from '../record-provenance.js';
import { deribitInstrumentOf } from './deribit-instruments.js';
import { priceOrAbsent } from './deribit-fields.js';
import type { DeribitTicker } from './deribit-market-frames.js';

/**
 * Why an option's ticker cannot be an option summary, or undefined, naming the field at `path` (the
 * ticker's): its name is no option's (`BTC-26DEC26-100000-C`), or it lacks what every summary holds (mark
 * IV, the five greeks, the underlying's price and name).
 */
export function optionTickerRefusal(t: DeribitTicker, path: string): string | undefined {
  if (deribitInstrumentOf(t.instrument)?.kind !== 'option') return `${path}.instrument_name: ${JSON.stringify(t.instrument)} is not an option's name`;
  const missing = [
    t.markIv === undefined ? 'mark_iv' : undefined,
    t.greeks === undefined ? 'greeks' : undefined,
    t.underlyingPrice === undefined || t.underlyingPrice <= 0 ? 'underlying_price' : undefined,
    t.underlyingIndex === undefined ? 'underlying_index' : undefined,
  ].filter((field) => field !== undefined);
  return missing.length === 0 ? undefined : `${path}.${missing[0]}: ${t.instrument} option ticker without ${missing.join(', ')}`;
}

/**
 * An option's `ticker` as its `OptionSummary`, passed through as Deribit computed it: prices in the
 * record's `quote` (the coin, or USDC), amounts and open interest in the coin, IVs in percent. The
 * option's type, strike and expiry (08:00 UTC of its day) are read from its name, which its listing's
 * terms are made from too. A side with no quote (Deribit writes price, amount and IV 0) is absent; so are
 * values sent as null (`last_price` before any trade) and prices of 0, but for the mark: a worthless option
 * is marked 0 (its last ticker at expiry, `state` "closed", always). A quote's IV of 0 is absent, its quote
 * kept: a bid at or below the option's intrinsic value has no implied volatility, and Deribit writes 0. A
 * ticker the summary cannot be made from is refused before it gets here (`optionTickerRefusal`).
 */
export function mapDeribitOptionTicker(t: DeribitTicker, receivedTs: number, context: MapperContext): readonly OptionSummary[] {
  const base = recordProvenance(t.instrument, t.timestamp, receivedTs, context);
  const instrument = deribitInstrumentOf(t.instrument);
  const { markIv, greeks, underlyingPrice, underlyingIndex } = t;
  if (base === undefined || instrument?.kind !== 'option' || markIv === undefined || greeks === undefined) return [];
  if (underlyingPrice === undefined || underlyingPrice <= 0 || underlyingIndex === undefined) return [];
  const summary: Building<OptionSummary> = {
    type: 'option_summary',
    ...base,
    optionType: instrument.terms.type,
    strike: instrument.terms.strike,
    expiryTs: instrument.expiryTs,
    markPrice: t.markPrice,
    markIv,
    ...greeks,
    underlyingPrice,
    underlyingIndex,
  };
  if (t.bestBidAmount !== undefined && t.bestBidAmount > 0 && t.bestBidPrice !== undefined && t.bestBidPrice > 0) {
    summary.bestBidPrice = t.bestBidPrice;
    summary.bestBidAmount = t.bestBidAmount;
    setOptional(summary, 'bestBidIv', ivOrAbsent(t.bidIv));
  }
  if (t.bestAskAmount !== undefined && t.bestAskAmount > 0 && t.bestAskPrice !== undefined && t.bestAskPrice > 0) {
    summary.bestAskPrice = t.bestAskPrice;
    summary.bestAskAmount = t.bestAskAmount;
    setOptional(summary, 'bestAskIv', ivOrAbsent(t.askIv));
  }
  setOptional(summary, 'lastPrice', priceOrAbsent(t.lastPrice));
  setOptional(summary, 'indexPrice', priceOrAbsent(t.indexPrice));
  setOptional(summary, 'openInterest', t.openInterest);
  setOptional(summary, 'interestRate', t.interestRate);
  return [summary];
}

/** A quote's implied volatility, percent: above zero, else absent (Deribit writes 0 where no volatility prices the quote). */
function ivOrAbsent(iv: number | undefined): number | undefined {
  return iv !== undefined && iv > 0 ? iv : undefined;
}
