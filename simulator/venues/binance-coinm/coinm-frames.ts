import type { DepthEvent } from '../binance/binance-depth-streams.js';
import { usdmFrameWriters, type UsdmFrameWriters } from '../binance-usdm/usdm-frame-writers.js';
import { usdmBestQuote, usdmMark, type UsdmUnits } from '../binance-usdm/usdm-frames.js';
import type { PerpetualState } from '../../perpetual/perpetual-market.js';
import type { SimulatedBook } from '../../simulated-book.js';
import type { SymbolState } from '../../simulated-market.js';
import { contractsOf, isPerpetual, pairOf } from './coinm-contracts.js';

/**
 * COIN-M's stream payloads, in the recorded frames' key order (`binance-coinm-*.ndjson`, dstream
 * 2021-07-22, and the COIN-M documentation where nothing was recorded): USD-M's (`usdmFrameWriters`) with
 * every size in whole contracts of the symbol's USD value (`contractUsd`), the base quantity the market made
 * at the price written beside it; the pair `ps` after the symbol; a ticker's `v` in contracts and `q` in the
 * coin (COIN-M "Individual Symbol Ticker Streams"). The book ticker and the mark are COIN-M's own; a delivery
 * contract's mark carries `r: ""` and `T: 0`.
 */
export function coinmFrameWriters(contractUsd: (symbol: string) => number): UsdmFrameWriters {
  const units: UsdmUnits = {
    size: (symbol, base, price) => String(contractsOf(base, price, contractUsd(symbol))),
    pair: (symbol) => ({ ps: pairOf(symbol) }),
    averagePrice: (average) => average.toFixed(8),
    volumes: (state) => ({ v: String(Math.round(state.turnover / contractUsd(state.symbol))), q: state.volume.toFixed(8) }),
  };
  return {
    // binance-coinm-aggTrade.ndjson: e, E, a, s, p, q, f, l, T, m; binance-coinm-forceOrder.ndjson: e, E, o{s, ps, S, o, f, q, p, ap, X, l, z, T}.
    ...usdmFrameWriters(units),
    // binance-coinm-bookTicker.ndjson: u, e, s, ps, b, B, a, A, T, E.
    bookTicker: (state: SymbolState, sizeDecimals: number, now: number) => ({
      u: state.updateId,
      e: 'bookTicker',
      s: state.symbol,
      ps: pairOf(state.symbol),
      ...usdmBestQuote(state, sizeDecimals, units),
      T: now,
      E: now,
    }),
    // binance-coinm-markPrice.ndjson: e, E, s, p, P, r, T, with the index `i` the COIN-M page documents since.
    markPrice: (state: PerpetualState, now: number) => {
      const index = state.indexPrice.toFixed(8);
      const perpetual = isPerpetual(state.symbol);
      return {
        ...usdmMark(state, now),
        P: index,
        i: index,
        r: perpetual ? state.fundingRate.toFixed(8) : '',
        T: perpetual ? state.nextFundingTime : 0,
      };
    },
  };
}

/** A COIN-M level: its price, and its size as whole contracts of the symbol's USD value at that price (`"0"` deletes). */
export function coinmLevel(contractUsd: (symbol: string) => number): (book: SimulatedBook, tick: number, lots: number) => [string, string] {
  return (book, tick, lots) => {
    const price = book.price(tick);
    return [price, String(contractsOf(Number(book.size(lots)), Number(price), contractUsd(book.symbol)))];
  };
}

/** COIN-M `depthUpdate` (binance-coinm-depthUpdate.ndjson: e, E, T, s, ps, U, u, pu, b, a). */
export function coinmDepthEvent(event: DepthEvent): Record<string, unknown> {
  return {
    e: 'depthUpdate',
    E: event.now,
    T: event.now,
    s: event.symbol,
    ps: pairOf(event.symbol),
    U: event.first,
    u: event.last,
    pu: event.previous,
    b: event.bids,
    a: event.asks,
  };
}
