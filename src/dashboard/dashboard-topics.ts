import { RECORD_TYPES } from '../sink/record-schemas.js';
import { DEAD_LETTER_TOPIC, RECORD_TOPICS } from '../sink/sink-topics.js';
import type { FeedRecordType } from '../model/index.js';

/** The order book topics, read by name (their records are decoded as they come, whatever their schema). */
export const BOOK_SNAPSHOTS_TOPIC = 'market.book-snapshots.v1';
export const BOOK_STATS_TOPIC = 'market.book-stats.v1';

/** What a topic holds for the dashboard. */
export type TopicKind = { readonly kind: 'record'; readonly type: FeedRecordType } | { readonly kind: 'book' | 'bookStats' | 'dead_letter' };

/**
 * Records read back per partition when the dashboard starts, so the view is filled at once: enough
 * ticks for the whole market's prices (a generated universe of 2,600 instruments pushes each ticker
 * at least every few seconds), the shards' statuses, a few seconds of trades for the rates, and the
 * latest option summaries (a chain of about 1,000 options fills from these, then live).
 */
export const DEFAULT_HISTORY: Readonly<Record<string, number>> = {
  feed_status: 5000,
  trade: 1000,
  price_tick: 3000,
  window_stats: 200,
  large_trade: 50,
  book_ticker: 0,
  derivative_ticker: 20,
  liquidation: 50,
  option_summary: 3000,
  book: 50,
  bookStats: 50,
  dead_letter: 0,
};

/**
 * Record topics the page does not read: best bid/ask and the derived data types (book changes come
 * with every book update), of which it shows nothing.
 */
const UNREAD: ReadonlySet<FeedRecordType> = new Set<FeedRecordType>(['book_ticker', 'book_change', 'interval_book_snapshot', 'quote', 'trade_bar']);

/** Every topic the dashboard reads (with the configured prefix), and what each holds. */
export function dashboardTopics(prefix: string): ReadonlyMap<string, TopicKind> {
  const topics = new Map<string, TopicKind>();
  for (const type of RECORD_TYPES) if (!UNREAD.has(type)) topics.set(`${prefix}${RECORD_TOPICS[type]}`, { kind: 'record', type });
  topics.set(`${prefix}${BOOK_SNAPSHOTS_TOPIC}`, { kind: 'book' });
  topics.set(`${prefix}${BOOK_STATS_TOPIC}`, { kind: 'bookStats' });
  topics.set(`${prefix}${DEAD_LETTER_TOPIC}`, { kind: 'dead_letter' });
  return topics;
}

/** The history key of a topic kind. */
export function historyKey(kind: TopicKind): string {
  return kind.kind === 'record' ? kind.type : kind.kind;
}
