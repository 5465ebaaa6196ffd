import { DEFAULT_BINANCE_BOOK_PLAN_CONFIG } from '../exchanges/binance/binance-book-plan.js';
import { DEFAULT_BINANCE_BOOK_SEQUENCER_CONFIG } from '../exchanges/binance/binance-book-sequencer.js';
import { DEFAULT_REST_WEIGHT_PACER_CONFIG } from '../exchanges/rest/rest-weight-pacer.js';
import { BYBIT_BOOK_DEPTHS, DEFAULT_BYBIT_BOOK_DEPTH } from '../exchanges/bybit/bybit-book-plan.js';
import { DEFAULT_BOOK_SNAPSHOTS_CONFIG } from '../operators/book-snapshots.js';
import { DEFAULT_BOOK_STATS_CONFIG } from '../operators/derive-book-stats.js';
import { DEFAULT_BOOK_ANALYTICS_CONFIG } from '../stats/book-analytics.js';
import { NO_BOOKS, bookSelection } from '../shards/book-selection.js';
import { integer, list, oneOf, oneOfIntegers, option, positiveNumber, type ConfigOption } from './config-option.js';

/** The Binance family's order books: the depth stream and the REST snapshots. */
export const BINANCE_BOOK_OPTIONS: readonly ConfigOption[] = [
  option({
    key: 'binanceBook.channel',
    env: 'MARKET_FEED_BINANCE_DEPTH_CHANNEL',
    flag: 'binance-depth-channel',
    default: DEFAULT_BINANCE_BOOK_PLAN_CONFIG.channel,
    parse: oneOf(['depth@100ms', 'depth'] as const),
    description: 'Binance diff-depth stream: depth@100ms, or depth (1000 ms)',
  }),
  option({
    key: 'binanceBook.snapshotLimit',
    env: 'MARKET_FEED_BINANCE_SNAPSHOT_LIMIT',
    flag: 'binance-snapshot-limit',
    default: DEFAULT_BINANCE_BOOK_PLAN_CONFIG.snapshotLimit,
    parse: integer(1, 5000),
    description: 'levels per side of each REST depth snapshot (request weight 5 up to 100, 25 up to 500, 50 up to 1000, 250 up to 5000)',
  }),
  option({
    key: 'binanceBook.restWeightPerMinute',
    env: 'MARKET_FEED_BINANCE_REST_WEIGHT_PER_MINUTE',
    flag: 'binance-rest-weight-per-minute',
    default: DEFAULT_REST_WEIGHT_PACER_CONFIG.weightPerMinute,
    parse: integer(1, 1_000_000),
    description: 'REST request weight the depth snapshots of one Binance venue may use per minute',
  }),
  option({
    key: 'binanceBook.maxBuffered',
    env: 'MARKET_FEED_BINANCE_MAX_BUFFERED',
    flag: 'binance-max-buffered',
    default: DEFAULT_BINANCE_BOOK_SEQUENCER_CONFIG.maxBuffered,
    parse: integer(1, 1_000_000),
    description: 'depth updates held per symbol while its snapshot is fetched; one more restarts that symbol',
  }),
];

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
    key: 'books.bybitDepth',
    env: 'MARKET_FEED_BYBIT_BOOK_DEPTH',
    flag: 'bybit-book-depth',
    default: DEFAULT_BYBIT_BOOK_DEPTH,
    parse: oneOfIntegers(BYBIT_BOOK_DEPTHS),
    description: 'levels per side of the Bybit depth topic orderbook.{depth}',
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
