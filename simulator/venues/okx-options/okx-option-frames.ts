import { impliedVolNear } from '../../options/black76.js';
import { trimmedDecimal } from '../../scaled-decimal.js';
import type { SimulatedTrade, SymbolState } from '../../simulated-market.js';
import type { OkxArg } from '../okx/okx-request.js';
import { takerSide } from '../okx/okx-trade-frames.js';
import { okxPrice, type OkxUnits } from '../okx/okx-units.js';
import type { OkxOptionQuote, OkxOptionTerms } from './okx-option-chain.js';
import { okxFigure, okxForward, okxIndexPrice } from './okx-option-figures.js';

type Data = Readonly<Record<string, string>>;

/** A push: `{"arg":<the subscriber's arg>,"data":[...]}` (every recorded OKX push). */
export const okxPush = (arg: OkxArg, data: readonly Data[]): string => JSON.stringify({ arg, data });

/** A price of an option in the coin, on its tick (`"0.0005"`). */
const price = (value: number): string => okxPrice(value, 4);

/**
 * An option's `tickers` entry, keys in the brief's order (`instType, instId, last, lastSz, askPx,
 * askSz, bidPx, bidSz, open24h, high24h, low24h, volCcy24h, vol24h, sodUtc0, sodUtc8, ts`): the
 * touch OKX's quote (an empty side `""` and `"0"`), sizes in contracts, `vol24h` contracts and
 * `volCcy24h` coins of the rolling day; `last` the last trade's price, the price it was listed at
 * until it trades; `sodUtc0`/`sodUtc8` the rolling day's open.
 */
export function optionTicker(state: SymbolState, quote: OkxOptionQuote, units: OkxUnits, now: number): Data {
  const { symbol } = state;
  return {
    instType: 'OPTION',
    instId: symbol,
    last: price(state.last),
    lastSz: units.size(symbol, state.lastQty),
    askPx: price(quote.ask),
    askSz: String(quote.askSz),
    bidPx: quote.bid > 0 ? price(quote.bid) : '',
    bidSz: quote.bid > 0 ? String(quote.bidSz) : '0',
    open24h: price(state.open),
    high24h: price(state.high),
    low24h: price(state.low),
    volCcy24h: trimmedDecimal(state.volume.toFixed(units.baseDecimals(symbol))),
    vol24h: units.size(symbol, state.volume),
    sodUtc0: price(state.open),
    sodUtc8: price(state.open),
    ts: String(now),
  };
}

/** A `mark-price` entry (`#public-data-websocket-mark-price-channel`): the mark in the coin. */
export function optionMarkPrice(instId: string, quote: OkxOptionQuote, now: number): Data {
  return { instType: 'OPTION', instId, markPx: okxFigure(quote.markPx), ts: String(now) };
}

/** An `open-interest` entry: `oi` in contracts, `oiCcy` in coins. */
export function optionOpenInterest(terms: OkxOptionTerms, contracts: number, now: number): Data {
  return {
    instType: 'OPTION',
    instId: terms.instId,
    oi: String(contracts),
    oiCcy: okxFigure(contracts * 10 ** terms.contract.exponent, -terms.contract.exponent),
    ts: String(now),
  };
}

/** A coin's index day as the venue saw it since it started (the simulator keeps no older day). */
export interface IndexDay {
  readonly open: number;
  readonly high: number;
  readonly low: number;
}

/** An `index-tickers` entry of a family's index (`#public-data-websocket-index-tickers-channel`), in USD. */
export function indexTicker(family: string, index: number, day: IndexDay, now: number): Data {
  return {
    instId: family,
    idxPx: okxIndexPrice(index),
    open24h: okxIndexPrice(day.open),
    high24h: okxIndexPrice(day.high),
    low24h: okxIndexPrice(day.low),
    sodUtc0: okxIndexPrice(day.open),
    sodUtc8: okxIndexPrice(day.open),
    ts: String(now),
  };
}

/** A `trades` entry (okx-option-trades.ndjson: `instId, tradeId, px, sz, side, ts`): px in the coin, sz in contracts, the instrument's consecutive id. */
export function optionTrade(trade: SimulatedTrade, units: OkxUnits): Data {
  return {
    instId: trade.symbol,
    tradeId: String(trade.tradeId),
    px: price(trade.price),
    sz: units.size(trade.symbol, trade.quantity),
    side: takerSide(trade),
    ts: String(trade.ts),
  };
}

/**
 * An `option-trades` entry (`#public-data-websocket-option-trades-channel`): the trade, its family
 * and type, `fillVol` the volatility of its price, and the forward, index and mark of the step it
 * was made in.
 */
export function optionFamilyTrade(trade: SimulatedTrade, terms: OkxOptionTerms, quote: OkxOptionQuote, units: OkxUnits): Data {
  const { option } = terms;
  const { forward, years, indexPrice, vol } = quote.valued;
  const fillVol = impliedVolNear(trade.price * forward, { type: option.type, forward, strike: option.strike, years }, vol);
  return {
    instId: trade.symbol,
    instFamily: terms.family,
    tradeId: String(trade.tradeId),
    px: price(trade.price),
    sz: units.size(trade.symbol, trade.quantity),
    side: takerSide(trade),
    optType: option.type === 'call' ? 'C' : 'P',
    fillVol: okxFigure(fillVol),
    fwdPx: okxForward(forward),
    idxPx: okxIndexPrice(indexPrice),
    markPx: okxFigure(quote.markPx),
    ts: String(trade.ts),
  };
}
