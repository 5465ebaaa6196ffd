import type { DepthEvent } from '../binance/binance-depth-streams.js';
import type { UsdmFrameWriters } from '../binance-usdm/usdm-frame-writers.js';
import { USDM_TRADE_ID_OFFSET } from '../binance-usdm/usdm-frames.js';
import type { Liquidation } from '../../perpetual/liquidation-pressure.js';
import type { PerpetualState } from '../../perpetual/perpetual-market.js';
import { paddedDecimal, roundedDecimal } from '../../scaled-decimal.js';
import type { SimulatedBook } from '../../simulated-book.js';
import type { SimulatedTrade, SymbolState } from '../../simulated-market.js';
import { contractsOf, isPerpetual, pairOf } from './coinm-contracts.js';

const fixed = (value: number, decimals: number): string => (decimals === 0 ? value.toFixed(0) : roundedDecimal(value, decimals));
const DAY_MS = 86_400_000;

/**
 * COIN-M's stream payloads, in the recorded frames' key order (`binance-coinm-*.ndjson`, dstream
 * 2021-07-22, and the COIN-M documentation where nothing was recorded): every size is whole contracts of
 * the symbol's USD value (`contractUsd`), the base quantity the market made at the price written beside
 * it; the pair `ps` after the symbol. A delivery contract's mark carries `r: ""` and `T: 0`.
 */
export function coinmFrameWriters(contractUsd: (symbol: string) => number): UsdmFrameWriters {
  const contracts = (symbol: string, base: number, price: number): string => String(contractsOf(base, price, contractUsd(symbol)));
  return {
    // binance-coinm-aggTrade.ndjson: e, E, a, s, p, q, f, l, T, m.
    aggTrade: (trade: SimulatedTrade, _sizeDecimals: number, now: number) => ({
      e: 'aggTrade',
      E: now,
      a: trade.tradeId,
      s: trade.symbol,
      p: fixed(trade.price, trade.priceDecimals),
      q: contracts(trade.symbol, trade.quantity, trade.price),
      f: trade.tradeId + USDM_TRADE_ID_OFFSET,
      l: trade.tradeId + USDM_TRADE_ID_OFFSET,
      T: trade.ts,
      m: trade.isBuyerMaker,
    }),
    trade: (trade: SimulatedTrade, _sizeDecimals: number, now: number) => ({
      e: 'trade',
      E: now,
      T: trade.ts,
      s: trade.symbol,
      t: trade.tradeId + USDM_TRADE_ID_OFFSET,
      p: fixed(trade.price, trade.priceDecimals),
      q: contracts(trade.symbol, trade.quantity, trade.price),
      X: 'MARKET',
      m: trade.isBuyerMaker,
    }),
    // binance-coinm-bookTicker.ndjson: u, e, s, ps, b, B, a, A, T, E.
    bookTicker: (state: SymbolState, _sizeDecimals: number, now: number) => ({
      u: state.updateId,
      e: 'bookTicker',
      s: state.symbol,
      ps: pairOf(state.symbol),
      b: fixed(state.bid, state.priceDecimals),
      B: contracts(state.symbol, state.bidSize, state.bid),
      a: fixed(state.ask, state.priceDecimals),
      A: contracts(state.symbol, state.askSize, state.ask),
      T: now,
      E: now,
    }),
    // COIN-M "Individual Symbol Ticker Streams": v contracts, q the base asset.
    ticker: (state: SymbolState, _sizeDecimals: number, now: number) => ({
      e: '24hrTicker',
      E: now,
      s: state.symbol,
      ps: pairOf(state.symbol),
      p: fixed(state.last - state.open, state.priceDecimals),
      P: (((state.last - state.open) / state.open) * 100).toFixed(3),
      w: (state.volume > 0 ? state.turnover / state.volume : state.last).toFixed(8),
      c: fixed(state.last, state.priceDecimals),
      Q: contracts(state.symbol, state.lastQty, state.last),
      o: fixed(state.open, state.priceDecimals),
      h: fixed(state.high, state.priceDecimals),
      l: fixed(state.low, state.priceDecimals),
      v: String(Math.round(state.turnover / contractUsd(state.symbol))),
      q: state.volume.toFixed(8),
      O: now - DAY_MS,
      C: now,
      F: state.firstTradeId + USDM_TRADE_ID_OFFSET,
      L: state.lastTradeId + USDM_TRADE_ID_OFFSET,
      n: state.tradeCount,
    }),
    miniTicker: (state: SymbolState, _sizeDecimals: number, now: number) => ({
      e: '24hrMiniTicker',
      E: now,
      s: state.symbol,
      ps: pairOf(state.symbol),
      c: fixed(state.last, state.priceDecimals),
      o: fixed(state.open, state.priceDecimals),
      h: fixed(state.high, state.priceDecimals),
      l: fixed(state.low, state.priceDecimals),
      v: String(Math.round(state.turnover / contractUsd(state.symbol))),
      q: state.volume.toFixed(8),
    }),
    // binance-coinm-markPrice.ndjson: e, E, s, p, P, r, T, with the index `i` the COIN-M page documents since.
    markPrice: (state: PerpetualState, now: number) => {
      const index = state.indexPrice.toFixed(8);
      const perpetual = isPerpetual(state.symbol);
      return {
        e: 'markPriceUpdate',
        E: now,
        s: state.symbol,
        p: paddedDecimal(state.markPrice.toFixed(state.priceDecimals), 8),
        P: index,
        i: index,
        r: perpetual ? state.fundingRate.toFixed(8) : '',
        T: perpetual ? state.nextFundingTime : 0,
      };
    },
    // binance-coinm-forceOrder.ndjson: e, E, o{s, ps, S, o, f, q, p, ap, X, l, z, T}.
    forceOrder: (liquidation: Liquidation, now: number) => {
      const q = contracts(liquidation.symbol, liquidation.quantity, liquidation.price);
      return {
        e: 'forceOrder',
        E: now,
        o: {
          s: liquidation.symbol,
          ps: pairOf(liquidation.symbol),
          S: liquidation.position === 'long' ? 'SELL' : 'BUY',
          o: 'LIMIT',
          f: 'IOC',
          q,
          p: fixed(liquidation.price, liquidation.priceDecimals),
          ap: fixed(liquidation.averagePrice, liquidation.priceDecimals),
          X: 'FILLED',
          l: q,
          z: q,
          T: liquidation.ts,
        },
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
