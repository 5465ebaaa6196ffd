import type { ConnectionLimits } from '../connection-limits.js';
import type { MapperContext } from '../mapper-context.js';
import type { StreamSpec, VenueProtocol } from '../venue-protocol.js';
import { OKX_TOPICS_PER_REQUEST } from './okx-limits.js';
import type { OkxOptionFrame } from './okx-option-frames.js';
import { parseOkxOptionFrame } from './okx-option-frames.js';
import { mapOkxOptionFrame } from './okx-option-mappers.js';
import { okxOptionOf } from './okx-option-names.js';
import { optionSummaryMerge, type OptionFigures } from '../option-summary-merge.js';
import { OKX_CONNECTION, okxControl } from './okx-protocol.js';
import { OKX_FAMILY_CHANNELS, okxTopic } from './okx-subscriptions.js';

/**
 * An option's channels, all on `/public` (docs, each channel's "URL Path"): its family's summaries
 * (`opt-summary`) and trades (`option-trades`), one topic each that every option of the family shares,
 * and its own mark (`mark-price`), open interest (`open-interest`) and quote (`tickers`), which the
 * summaries do not carry.
 */
const OPTION_STREAMS: readonly StreamSpec[] = [
  { channel: 'option-trades', record: 'trade', route: 'public' },
  { channel: 'opt-summary', record: 'option_summary', route: 'public' },
  { channel: 'mark-price', record: 'option_summary', route: 'public' },
  { channel: 'open-interest', record: 'option_summary', route: 'public' },
  { channel: 'tickers', record: 'option_summary', route: 'public' },
];

/**
 * An OKX options connection: 1,200 topics (about 400 options: three of their own each, and their
 * families' two), asked for 100 a request as on spot (12 requests, far from the 480 an hour OKX allows a
 * connection), the rest as every OKX connection (`OKX_CONNECTION_LIMITS`).
 */
export const OKX_OPTION_CONNECTION_LIMITS: ConnectionLimits = {
  maxTopics: 1200,
  maxTopicsPerRequest: OKX_TOPICS_PER_REQUEST,
  requestsPerSecond: 2,
  connectionsPerWindow: 3,
  connectionWindowMs: 1500,
};

/** An option's topic: its family's for `opt-summary` and `option-trades` (`opt-summary:BTC-USD`), else its own (`mark-price:BTC-USD-261127-56000-C`). */
export function okxOptionTopic(symbol: string, channel: string): string {
  if (!OKX_FAMILY_CHANNELS.includes(channel)) return okxTopic(symbol, channel);
  return okxTopic(okxOptionOf(symbol)?.family ?? symbol, channel);
}

/**
 * Why a frame sized in contracts cannot be mapped: one option this socket follows, of a trade or a
 * quote, has no known contract value (`ctVal` times `ctMult`), so its sizes would be published in
 * contracts; `undefined` when every size can be read.
 */
export function okxOptionContractRefusal(frame: OkxOptionFrame, context: MapperContext): string | undefined {
  const instIds = frame.kind === 'option_trades' ? frame.trades.map((t) => t.instId) : frame.kind === 'option_ticker' ? [frame.instId] : [];
  const missing = instIds.find(
    (instId) => (context.follows?.(instId) ?? true) && context.partsOf(instId) !== undefined && context.partsOf(instId)?.contractValue === undefined,
  );
  return missing === undefined ? undefined : `${missing}: contract value (ctVal x ctMult) unknown, its sizes are contracts: not published`;
}

/**
 * OKX v5 options (`BTC-USD-261127-56000-C`, coin-settled): each option's summary merged from its
 * family's `opt-summary` and its own `mark-price`, `open-interest` and `tickers` (`optionSummaryMerge`),
 * and its family's trades (`option-trades`), over `/public`, with OKX's connection as on spot and swaps.
 * An `opt-summary` entry that cannot be read is refused alone (`refusedEntries`), never its family's.
 */
export const okxOptionProtocol: VenueProtocol<OkxOptionFrame, OptionFigures> = {
  id: 'okx-v5-option',
  exchanges: ['okx_options'],
  env: () => 'prod',
  streams: OPTION_STREAMS,
  topic: (symbol, stream) => okxOptionTopic(symbol, stream.channel),
  connection: OKX_CONNECTION,
  parse: parseOkxOptionFrame,
  control: (frame) => (frame.kind === 'pong' || frame.kind === 'ack' || frame.kind === 'error' || frame.kind === 'notice' ? okxControl(frame) : undefined),
  refuse: okxOptionContractRefusal,
  refusedEntries: (frame) => (frame.kind === 'opt_summary' ? frame.refused : []),
  map: mapOkxOptionFrame,
  reducer: optionSummaryMerge({ lastFromTrades: false }),
};
