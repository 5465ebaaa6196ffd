import type { BinanceRestEndpoint } from './binance-depth-rest.js';
import { binanceSymbolQuery } from './binance-symbol-query.js';
import type { SimListing } from '../../sim-listing.js';
import type { SimulatedMarket, SymbolState } from '../../simulated-market.js';

const DAY_MS = 86_400_000;

/**
 * The weight of `GET /api/v3/ticker/24hr` (rest-api.md): one `symbol` 2; `symbols` 2 for 1-20, 40
 * for 21-100, 80 beyond; all symbols 80.
 */
export function ticker24hrWeight(query: URLSearchParams): number {
  if (query.get('symbol') !== null) return 2;
  const symbols = query.get('symbols');
  if (symbols === null) return 80;
  const count = symbols.split(',').length;
  return count <= 20 ? 2 : count <= 100 ? 40 : 80;
}

const eight = (value: number): string => value.toFixed(8);

/** One ticker in the documented FULL (or MINI) shape, from the symbol's rolling-day state. */
export function binanceTicker24hr(state: SymbolState, now: number, mini: boolean): Record<string, unknown> {
  const ids =
    state.tradeCount === 0 ? { firstId: -1, lastId: -1, count: 0 } : { firstId: state.firstTradeId, lastId: state.lastTradeId, count: state.tradeCount };
  const window = { openTime: now - DAY_MS, closeTime: now };
  if (mini) {
    return {
      symbol: state.symbol,
      openPrice: eight(state.open),
      highPrice: eight(state.high),
      lowPrice: eight(state.low),
      lastPrice: eight(state.last),
      volume: eight(state.volume),
      quoteVolume: eight(state.turnover),
      ...window,
      ...ids,
    };
  }
  return {
    symbol: state.symbol,
    priceChange: eight(state.last - state.open),
    priceChangePercent: (((state.last - state.open) / state.open) * 100).toFixed(3),
    weightedAvgPrice: eight(state.volume > 0 ? state.turnover / state.volume : state.last),
    prevClosePrice: eight(state.open),
    lastPrice: eight(state.last),
    lastQty: eight(state.lastQty),
    bidPrice: eight(state.bid),
    bidQty: eight(state.bidSize),
    askPrice: eight(state.ask),
    askQty: eight(state.askSize),
    openPrice: eight(state.open),
    highPrice: eight(state.high),
    lowPrice: eight(state.low),
    volume: eight(state.volume),
    quoteVolume: eight(state.turnover),
    ...window,
    ...ids,
  };
}

/**
 * Binance spot `GET /api/v3/ticker/24hr`: one ticker for `symbol`, else a list (all symbols,
 * `symbols`, or those of `symbolStatus`; a single symbol of another status is -1220), `type` FULL
 * (default) or MINI. Delisted pairs answer too, frozen, as Binance's do.
 */
export function binanceTicker24hrEndpoint(market: SimulatedMarket): BinanceRestEndpoint {
  return {
    path: '/api/v3/ticker/24hr',
    weight: ticker24hrWeight,
    answer: (query, now) => {
      const type = query.get('type') ?? 'FULL';
      if (type !== 'FULL' && type !== 'MINI') return { status: 400, body: { code: -1130, msg: "Data sent for parameter 'type' is not valid." } };
      const selected = binanceSymbolQuery(market, query, true);
      if ('status' in selected) return selected;
      const tickers = selected.listings.flatMap((listing: SimListing) => {
        const state = market.state(listing.symbol);
        return state === undefined ? [] : [binanceTicker24hr(state, now, type === 'MINI')];
      });
      return { status: 200, body: selected.single ? tickers[0] : tickers };
    },
  };
}
