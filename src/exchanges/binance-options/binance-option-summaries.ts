import type { MarketEvent } from '../../model/index.js';
import type { SymbolReducer } from '../venue-protocol.js';

/** What the feed knows of one option besides its marks: as Binance last sent each on this socket. */
export interface BinanceOptionFigures {
  /** In the coin, from `@optionOpenInterest@<expiry>` (every 60 s). */
  readonly openInterest?: number;
  /** The price of its last trade this socket saw, or `@optionTicker`'s last price. */
  readonly lastPrice?: number;
}

/**
 * Binance's option figures merged per option into its summaries (`mapBinanceOptionFrame` makes the parts),
 * as tardis-node's v2 summary mapper merges them: an open interest or a last price (a derivative ticker of
 * the option) is kept and publishes nothing; each summary goes out carrying the last of each that it does
 * not carry itself. The option's trades pass unchanged and in order, their price kept as its last price.
 */
export const binanceOptionSummaries: SymbolReducer<BinanceOptionFigures> = {
  initial: () => ({}),
  reduce: (state, events) => {
    let known = state;
    const out: MarketEvent[] = [];
    for (const event of events) {
      switch (event.type) {
        case 'derivative_ticker':
          known = {
            ...known,
            ...(event.openInterest === undefined ? {} : { openInterest: event.openInterest }),
            ...(event.lastPrice === undefined ? {} : { lastPrice: event.lastPrice }),
          };
          break;
        case 'trade':
          known = { ...known, lastPrice: event.price };
          out.push(event);
          break;
        case 'option_summary':
          out.push({
            ...event,
            ...(event.lastPrice === undefined && known.lastPrice !== undefined ? { lastPrice: known.lastPrice } : {}),
            ...(event.openInterest === undefined && known.openInterest !== undefined ? { openInterest: known.openInterest } : {}),
          });
          break;
        default:
          out.push(event);
      }
    }
    return { state: known, events: out };
  },
};
