import type { Building } from '../../model/building.js';
import type { DerivativeTicker } from '../../model/derivative-ticker.js';
import type { MarketEvent } from '../../model/index.js';
import type { OptionSummary } from '../../model/option-summary.js';
import type { TradeEvent } from '../../model/trade-event.js';
import type { MapperContext } from '../mapper-context.js';
import { recordProvenance } from '../record-provenance.js';
import type { BinanceOptionMark } from './binance-option-entries.js';
import type { BinanceOptionFrame, BinanceOptionTradeFrame } from './binance-option-frames.js';
import { binanceOptionOf, BINANCE_OPTION_SETTLE } from './binance-option-names.js';
import { binanceOptionUnitOf, inCoins, perCoin } from './binance-option-units.js';

/**
 * Binance sends no rho (options "Mark Price" stream: delta, theta, gamma and vega only). The field is a
 * `double` every reader already knows: NaN (`null` in JSON) where none is sent, as Bybit's and OKX's.
 */
export const BINANCE_RHO_NOT_SENT = Number.NaN;

/**
 * The underlying's price of a 2023 `@ticker`, which carried none (tardis-node took it from the separate
 * `@index` stream): NaN, as OKX's summaries without a forward. The feed subscribes `@optionMarkPrice`, whose `i` it is.
 */
export const BINANCE_UNDERLYING_NOT_SENT = Number.NaN;

/**
 * Maps a validated Binance option frame to events; pure. `@optionMarkPrice` makes a summary of each
 * option of the underlying this socket follows (`MapperContext.follows`; without it, as in `normalize`,
 * all), the 2023 `@ticker` one of its option; trades are trades. Open interest (`@optionOpenInterest`)
 * and a last price (`@optionTicker`'s `c`) become derivative tickers of the option, which
 * `optionSummaryMerge` merges into its summaries and never publishes. Prices and sizes are told per
 * coin with the option's unit (`binance-option-units.ts`); an option whose expiry has come is left out
 * (Binance delivers it; its marks then say nothing).
 */
export function mapBinanceOptionFrame(frame: BinanceOptionFrame, receivedTs: number, context: MapperContext): readonly MarketEvent[] {
  switch (frame.kind) {
    case 'option_mark':
      return frame.entries.flatMap((entry) => summaryOf(entry, entry.E, receivedTs, context));
    case 'option_trade':
      return tradeOf(frame, receivedTs, context);
    case 'option_interest':
      return frame.entries.flatMap((entry) => {
        const unit = binanceOptionUnitOf(entry.s, context);
        const base = follows(entry.s, context) ? recordProvenance(entry.s, entry.E, receivedTs, context) : undefined;
        if (base === undefined || unit === undefined) return [];
        const interest: DerivativeTicker = {
          type: 'derivative_ticker',
          ...base,
          openInterest: inCoins(Number(entry.o), unit),
          openInterestTs: entry.E,
          openInterestSource: 'stream',
        };
        return [interest];
      });
    case 'option_ticker': {
      const last = frame.c === undefined || !(Number(frame.c) > 0) ? undefined : Number(frame.c);
      if (frame.mark !== undefined) return summaryOf(frame.mark, frame.E, receivedTs, context, last);
      const unit = binanceOptionUnitOf(frame.s, context);
      const base = follows(frame.s, context) ? recordProvenance(frame.s, frame.E, receivedTs, context) : undefined;
      if (base === undefined || unit === undefined || last === undefined) return [];
      return [{ type: 'derivative_ticker', ...base, lastPrice: perCoin(last, unit) }];
    }
    default:
      return [];
  }
}

/**
 * An option's summary as Binance computed it: prices per coin in USDT, sizes in the coin, IVs (fractions
 * on the wire) in percent, the greeks as sent (per coin, in USDT: delta, gamma, vega per volatility point,
 * theta per day), rho NaN; the index `i` (`BTCUSDT`, the option's `underlying`) is the underlying's price
 * and the index price. An empty side is absent, and so is an IV of -1; the mark may be 0 (a worthless option).
 */
function summaryOf(m: BinanceOptionMark, exchangeTs: number, receivedTs: number, context: MapperContext, lastPrice?: number): readonly OptionSummary[] {
  const option = binanceOptionOf(m.s);
  const unit = binanceOptionUnitOf(m.s, context);
  if (option === undefined || unit === undefined || !follows(m.s, context) || exchangeTs >= option.expiryTs) return [];
  const base = recordProvenance(m.s, exchangeTs, receivedTs, context);
  if (base === undefined) return [];
  const summary: Building<OptionSummary> = {
    type: 'option_summary',
    ...base,
    optionType: option.terms.type,
    strike: option.terms.strike,
    expiryTs: option.expiryTs,
    markPrice: perCoin(Number(m.mp), unit),
    markIv: percent(Number(m.vo)),
    delta: Number(m.d),
    gamma: Number(m.g),
    vega: Number(m.v),
    theta: Number(m.t),
    rho: BINANCE_RHO_NOT_SENT,
    underlyingPrice: m.i === undefined ? BINANCE_UNDERLYING_NOT_SENT : Number(m.i),
    underlyingIndex: `${option.coin}${BINANCE_OPTION_SETTLE}`,
  };
  if (m.i !== undefined) summary.indexPrice = Number(m.i);
  if (m.bo !== undefined && m.bq !== undefined) {
    summary.bestBidPrice = perCoin(Number(m.bo), unit);
    summary.bestBidAmount = inCoins(Number(m.bq), unit);
    if (m.b !== undefined) summary.bestBidIv = percent(Number(m.b));
  }
  if (m.ao !== undefined && m.aq !== undefined) {
    summary.bestAskPrice = perCoin(Number(m.ao), unit);
    summary.bestAskAmount = inCoins(Number(m.aq), unit);
    if (m.a !== undefined) summary.bestAskIv = percent(Number(m.a));
  }
  if (lastPrice !== undefined) summary.lastPrice = perCoin(lastPrice, unit);
  return [summary];
}

/** A trade: its id (a number on the wire, consecutive per option) as a string, price per coin, quantity in the coin. */
function tradeOf(t: BinanceOptionTradeFrame, receivedTs: number, context: MapperContext): readonly TradeEvent[] {
  const unit = binanceOptionUnitOf(t.s, context);
  const base = follows(t.s, context) ? recordProvenance(t.s, t.T, receivedTs, context) : undefined;
  if (base === undefined || unit === undefined) return [];
  return [
    {
      type: 'trade',
      ...base,
      tradeId: String(t.id),
      price: perCoin(Number(t.p), unit),
      quantity: inCoins(Number(t.q), unit),
      side: t.buyerMaker ? 'SELL' : 'BUY',
      isBuyerMaker: t.buyerMaker,
    },
  ];
}

/** Whether this socket publishes `symbol`'s records: an option it follows now (without `follows`, as in `normalize`, all). */
function follows(symbol: string, context: MapperContext): boolean {
  return context.follows?.(symbol) ?? true;
}

/** A fraction (0.5916) as percent (59.16), rounded to the wire's precision so 0.6004 reads 60.04, not 60.040000000000006. */
function percent(fraction: number): number {
  return Number((fraction * 100).toPrecision(12));
}
