import type { VenueProtocol } from '../venue-protocol.js';
import { bybitBookPlan, DEFAULT_BYBIT_BOOK_DEPTH, type BybitBookDepth } from './bybit-book-plan.js';
import { bybitKlineChannel } from './bybit-kline-frames.js';
import { parseBybitLinearFrame, type BybitLinearFrame } from './bybit-linear-frames.js';
import { BYBIT_LINEAR_CONNECTION_LIMITS } from './bybit-linear-limits.js';
import { mapBybitLinearFrame } from './bybit-linear-mappers.js';
import { bybitLinearTickerReducer, type BybitLinearTickerState } from './bybit-linear-ticker-reducer.js';
import { bybitConnectionPlan, bybitControl } from './bybit-protocol.js';
import { bybitTopic } from './bybit-subscriptions.js';

/** Bybit v5 public linear (USDT and USDC perpetuals, USDT futures), mainnet: the default of `urls.bybit_linear`. */
export const BYBIT_LINEAR_URL = 'wss://stream.bybit.com/v5/public/linear';

/**
 * Bybit v5 public linear: trades, tickers (mark, index, funding, open interest, merged from deltas by the
 * protocol's reducer, and the last price with the day's figures), the best bid/ask, every liquidation
 * (`allLiquidation`; `liquidation.{SYMBOL}` is retired) and candles, subscribed by requests of at most 50
 * topics each and kept alive by `{"op":"ping"}` every 20 s, as on spot; order books over
 * `orderbook.{bookDepth}` (default 50, the spot option's depth) when asked for.
 */
export function bybitLinearProtocolWith(options: { readonly bookDepth?: BybitBookDepth } = {}): VenueProtocol<BybitLinearFrame, BybitLinearTickerState> {
  return { ...BYBIT_LINEAR_PROTOCOL, book: bybitBookPlan(options.bookDepth ?? DEFAULT_BYBIT_BOOK_DEPTH) };
}

const BYBIT_LINEAR_PROTOCOL: VenueProtocol<BybitLinearFrame, BybitLinearTickerState> = {
  id: 'bybit-v5-linear',
  exchanges: ['bybit_linear'],
  env: () => 'prod',
  streams: [
    { channel: 'publicTrade', record: 'trade' },
    { channel: 'tickers', record: 'derivative_ticker' },
    { channel: 'orderbook.1', record: 'book_ticker' },
    { channel: 'allLiquidation', record: 'liquidation' },
    { channel: 'kline.1', record: 'kline', channelFor: bybitKlineChannel },
  ],
  topic: (symbol, stream) => bybitTopic(symbol, stream.channel),
  connection: bybitConnectionPlan(BYBIT_LINEAR_CONNECTION_LIMITS),
  parse: parseBybitLinearFrame,
  control: bybitControl,
  map: mapBybitLinearFrame,
  reducer: bybitLinearTickerReducer(),
};

/** Bybit v5 public linear with `orderbook.50` books. */
export const bybitLinearProtocol: VenueProtocol<BybitLinearFrame, BybitLinearTickerState> = bybitLinearProtocolWith();
