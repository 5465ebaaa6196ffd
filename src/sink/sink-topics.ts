import type { FeedRecordType } from '../model/index.js';

/** The topic of each record type (before the configurable prefix). */
export const RECORD_TOPICS: Readonly<Record<FeedRecordType, string>> = {
  trade: 'market.trades.v1',
  price_tick: 'market.ticks.v1',
  book_ticker: 'market.book-tickers.v1',
  window_stats: 'market.stats.v1',
  large_trade: 'market.large-trades.v1',
  feed_status: 'market.feed-status.v1',
  book_snapshot: 'market.book-snapshots.v1',
  book_stats: 'market.book-stats.v1',
  kline: 'market.klines.v1',
  agg_trade: 'market.agg-trades.v1',
  volume_profile: 'market.volume-profile.v1',
  derivative_ticker: 'market.derivative-tickers.v1',
  liquidation: 'market.liquidations.v1',
  option_summary: 'market.option-summaries.v1',
  book_change: 'market.book-changes.v1',
  interval_book_snapshot: 'market.interval-book-snapshots.v1',
  quote: 'market.quotes.v1',
  trade_bar: 'market.trade-bars.v1',
};

/** Dead letters: frames and records that could not be encoded or produced. */
export const DEAD_LETTER_TOPIC = 'market.dlq.v1';

/** The sniper's signals (`StrategySignal`), created by the sniper when missing. */
export const STRATEGY_SIGNALS_TOPIC = 'strategy.signals.v1';

/**
 * Record types whose latest value per key supersedes earlier ones (conflated under backpressure). Never
 * the derived data's: a book change lost breaks every book rebuilt from the changes, and each interval
 * snapshot, quote and bar describes a time of its own.
 */
export const CONFLATED_TYPES: ReadonlySet<FeedRecordType> = new Set<FeedRecordType>([
  'price_tick',
  'book_ticker',
  'book_snapshot',
  'derivative_ticker',
  'option_summary',
]);

/** The full topic names the sink writes to, with the prefix applied (e.g. `staging.` + `market.trades.v1`). */
export interface SinkTopics {
  readonly records: Readonly<Record<FeedRecordType, string>>;
  readonly deadLetters: string;
}

export function sinkTopics(prefix = ''): SinkTopics {
  const records = Object.fromEntries(Object.entries(RECORD_TOPICS).map(([type, topic]) => [type, `${prefix}${topic}`])) as Record<FeedRecordType, string>;
  return { records, deadLetters: `${prefix}${DEAD_LETTER_TOPIC}` };
}

/** Every topic of a prefix, record topics first. */
export function allTopics(topics: SinkTopics): readonly string[] {
  return [...Object.values(topics.records), topics.deadLetters];
}
