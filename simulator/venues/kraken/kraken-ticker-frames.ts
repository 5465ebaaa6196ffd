import type { SymbolState } from '../../simulated-market.js';
import { krakenJson, NumberText, rfc3339Micros } from './kraken-json.js';
import type { PairDecimals } from './kraken-trade-frames.js';

/** When a `ticker` subscription gets an update (spot-websocket-v2/ticker; default `trades`). */
export const KRAKEN_TICKER_TRIGGERS = ['trades', 'bbo'] as const;
export type KrakenTickerTrigger = (typeof KRAKEN_TICKER_TRIGGERS)[number];

/** Decimals of `change_pct` (percentage points; the recorded `0` for +0.0011 % shows it rounded). */
const CHANGE_PCT_DECIMALS = 2;

/** `value` at `decimals` decimals as a JSON number's text, with no negative zero (`-0.0` -> `0.0`). */
function signed(value: number, decimals: number): NumberText {
  const text = value.toFixed(decimals);
  return new NumberText(/^-0\.?0*$/.test(text) ? text.slice(1) : text);
}

/**
 * A Kraken v2 `ticker` frame of a symbol's state, keys in the recorded order (`symbol, bid, bid_qty,
 * ask, ask_qty, last, volume, vwap, low, high, change, change_pct, trades, timestamp`; `trades`, the
 * rolling day's trade count, is on the wire though not in the older docs): prices at the pair's
 * price precision and quantities at its lot precision (trailing zeros kept), `volume` and `vwap` of
 * the rolling 24 h, `change` in quote units, `change_pct` in percentage points.
 */
export function krakenTickerFrame(type: 'snapshot' | 'update', state: SymbolState, decimals: PairDecimals, now: number): string {
  const price = (value: number) => new NumberText(value.toFixed(decimals.price));
  const qty = (value: number) => new NumberText(value.toFixed(decimals.qty));
  const change = state.last - state.open;
  const data = {
    symbol: state.symbol,
    bid: price(state.bid),
    bid_qty: qty(state.bidSize),
    ask: price(state.ask),
    ask_qty: qty(state.askSize),
    last: price(state.last),
    volume: qty(state.volume),
    vwap: price(state.volume > 0 ? state.turnover / state.volume : state.last),
    low: price(state.low),
    high: price(state.high),
    change: signed(change, decimals.price),
    change_pct: signed(state.open > 0 ? (change / state.open) * 100 : 0, CHANGE_PCT_DECIMALS),
    trades: state.tradeCount,
    timestamp: rfc3339Micros(now * 1000),
  };
  return krakenJson({ channel: 'ticker', type, data: [data] });
}

/** What a `ticker` subscription last got, to tell whether the state now is news for its trigger. */
export interface TickerMark {
  readonly lastTradeId: number;
  readonly bid: number;
  readonly ask: number;
}

/** True when `state` is news for `trigger` since `mark`: a trade (`trades`), or a best bid or ask price that moved (`bbo`). */
export function tickerDue(trigger: KrakenTickerTrigger, state: SymbolState, mark: TickerMark | undefined): boolean {
  if (mark === undefined) return true;
  return trigger === 'trades' ? state.lastTradeId !== mark.lastTradeId : state.bid !== mark.bid || state.ask !== mark.ask;
}
