import { DEFAULT_BOOK_SNAPSHOTS_CONFIG } from '../operators/book-snapshots.js';
import { DEFAULT_BOOK_STATS_CONFIG } from '../operators/derive-book-stats.js';
import { DEFAULT_BOOK_ANALYTICS_CONFIG } from '../stats/book-analytics.js';
import { NO_BOOKS, bookSelection, type BookSelection } from '../shards/book-selection.js';
import { integer, list, option, positiveNumber, type ConfigOption } from '../settings/config-option.js';

/** Which order books are followed and what is published of them. */
export const BOOK_OPTIONS: readonly ConfigOption[] = [
  option({
    key: 'books.follow',
    env: 'MARKET_FEED_BOOKS',
    flag: 'books',
    default: NO_BOOKS,
    parse: bookSelection,
    description:
      'L2 order books to follow (venues with a book plan), published on market.book-snapshots.v1 and market.book-stats.v1: none, all, a coin list (BTC,ETH), or top:N, the N busiest instruments by 24 h quote volume (true/false: all/none)',
  }),
  option({
    key: 'books.snapshotLevels',
    env: 'MARKET_FEED_BOOK_SNAPSHOT_LEVELS',
    flag: 'book-snapshot-levels',
    default: DEFAULT_BOOK_SNAPSHOTS_CONFIG.levels,
    parse: integer(1, 1000),
    description: 'levels per side in each book snapshot',
  }),
  option({
    key: 'books.snapshotIntervalMs',
    env: 'MARKET_FEED_BOOK_SNAPSHOT_INTERVAL_MS',
    flag: 'book-snapshot-interval-ms',
    default: DEFAULT_BOOK_SNAPSHOTS_CONFIG.intervalMs,
    parse: integer(10, 3_600_000),
    description: 'ms between book snapshots of a symbol (only when its top levels changed)',
  }),
  option({
    key: 'books.statsIntervalMs',
    env: 'MARKET_FEED_BOOK_STATS_INTERVAL_MS',
    flag: 'book-stats-interval-ms',
    default: DEFAULT_BOOK_STATS_CONFIG.intervalMs,
    parse: integer(10, 3_600_000),
    description: 'ms between book statistics of a symbol',
  }),
  option({
    key: 'books.imbalanceLevels',
    env: 'MARKET_FEED_BOOK_IMBALANCE_LEVELS',
    flag: 'book-imbalance-levels',
    default: DEFAULT_BOOK_ANALYTICS_CONFIG.imbalanceLevels,
    parse: integer(1, 1000),
    description: 'levels per side summed for the book imbalance',
  }),
  option({
    key: 'books.depthBandsPct',
    env: 'MARKET_FEED_BOOK_DEPTH_BANDS_PCT',
    flag: 'book-depth-bands-pct',
    default: [...DEFAULT_BOOK_ANALYTICS_CONFIG.depthBandsPct],
    parse: list(positiveNumber),
    description: 'half-widths of the depth bands, percent of mid',
  }),
  option({
    key: 'books.impactNotionals',
    env: 'MARKET_FEED_BOOK_IMPACT_NOTIONALS',
    flag: 'book-impact-notionals',
    default: [...DEFAULT_BOOK_ANALYTICS_CONFIG.impactNotionals],
    parse: list(positiveNumber),
    description: 'market order sizes for the price impact, quote units',
  }),
  option({
    key: 'books.roundTripNotional',
    env: 'MARKET_FEED_BOOK_ROUND_TRIP_NOTIONAL',
    flag: 'book-round-trip-notional',
    default: DEFAULT_BOOK_ANALYTICS_CONFIG.roundTripNotional,
    parse: positiveNumber,
    description: 'order size of the round-trip cost, quote units',
  }),
];

/** Order books: which are followed; snapshot levels and interval, stats interval and figures (see `BOOK_OPTIONS` for units). */
export interface BookSettings {
  /** Which instruments' books are followed. */
  readonly follow: BookSelection;
  readonly snapshotLevels: number;
  readonly snapshotIntervalMs: number;
  readonly statsIntervalMs: number;
  readonly imbalanceLevels: number;
  readonly depthBandsPct: readonly number[];
  readonly impactNotionals: readonly number[];
  readonly roundTripNotional: number;
}
