import { binanceConnectionPlan, binanceControl } from '../binance/binance-protocol.js';
import type { StreamSpec, VenueProtocol } from '../venue-protocol.js';
import { parseBinanceOptionFrame, type BinanceOptionFrame } from './binance-option-frames.js';
import { BINANCE_OPTION_CONNECTION_LIMITS } from './binance-option-limits.js';
import { mapBinanceOptionFrame } from './binance-option-mappers.js';
import { binanceOptionOf, binanceOptionUnderlying } from './binance-option-names.js';
import { optionSummaryMerge, type OptionFigures } from '../option-summary-merge.js';
import { binanceOptionUnitRefusal } from './binance-option-units.js';

/** Binance options' WebSocket base since 2025-12-17, mainnet: streams routed by path (`/public`, `/market`), as USD-M's. */
export const BINANCE_OPTION_STREAM_URL = 'wss://fstream.binance.com';

/**
 * An option's streams (tardis-node `src/realtimefeeds/binanceeuropeanoptions.ts`, v2): its own trades on
 * `/public`; on `/market` its underlying's marks (`btcusdt@optionMarkPrice`, every option of the
 * underlying, pushed every second: a silent one names its topic) and its expiry's open interests
 * (`btcusdt@optionOpenInterest@261127`, every 60 s), topics every option of the underlying (or expiry) shares.
 */
const OPTION_STREAMS: readonly StreamSpec[] = [
  { channel: 'optionTrade', record: 'trade', route: 'public' },
  { channel: 'optionMarkPrice', record: 'option_summary', route: 'market', cadenceMs: 1000 },
  { channel: 'optionOpenInterest', record: 'option_summary', route: 'market' },
];

/** An option's topic: `btc-261127-56000-c@optionTrade`, `btcusdt@optionMarkPrice`, `btcusdt@optionOpenInterest@261127`. */
export function binanceOptionTopic(symbol: string, channel: string): string {
  const option = binanceOptionOf(symbol);
  if (option === undefined || channel === 'optionTrade') return `${symbol.toLowerCase()}@${channel}`;
  const underlying = binanceOptionUnderlying(option);
  return channel === 'optionOpenInterest' ? `${underlying}@${channel}@${option.expiryCode}` : `${underlying}@${channel}`;
}

/**
 * Binance options (`BTC-261127-56000-C`, USDT-settled): each option's summary from its underlying's
 * `@optionMarkPrice` with its open interest and last price merged (`optionSummaryMerge`), and its
 * trades, over the two routes of `fstream.binance.com` subscribed as every Binance combined-stream socket
 * (URL, then SUBSCRIBE requests), rotated at 23 h (the venue cuts at 24) or on `serverShutdown`. A mark
 * entry that cannot be read is refused alone (`refusedEntries`), never its underlying's frame; a frame of
 * an option whose unit is unknown is refused (`binanceOptionUnitRefusal`). No books: the summary carries
 * the best bid and ask.
 */
export const binanceOptionProtocol: VenueProtocol<BinanceOptionFrame, OptionFigures> = {
  id: 'binance-options-routed',
  exchanges: ['binance_options'],
  env: () => 'prod',
  streams: OPTION_STREAMS,
  topic: (symbol, stream) => binanceOptionTopic(symbol, stream.channel),
  connection: {
    ...binanceConnectionPlan(BINANCE_OPTION_CONNECTION_LIMITS.requestsPerSecond),
    routes: [
      { name: 'public', path: '/public' },
      { name: 'market', path: '/market' },
    ],
  },
  parse: parseBinanceOptionFrame,
  control: (frame) => (frame.kind === 'ack' || frame.kind === 'error' || frame.kind === 'server_shutdown' ? binanceControl(frame) : undefined),
  refuse: binanceOptionUnitRefusal,
  refusedEntries: (frame) => (frame.kind === 'option_mark' || frame.kind === 'option_interest' ? frame.refused : []),
  map: mapBinanceOptionFrame,
  reducer: optionSummaryMerge({ lastFromTrades: true }),
};
