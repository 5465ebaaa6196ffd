import { integer, type ConfigOption } from '../../settings/config-option.js';
import { DEFAULT_COINBASE_BOOK_REDUCER_CONFIG } from './coinbase-book-reducer.js';

/** Most levels per side a Coinbase book may keep (BTC-USD's whole book held 46,000 levels in all). */
const MAX_KEPT_LEVELS = 50_000;

/** Levels kept per side of each Coinbase order book (the `level2` snapshot is the whole book). */
export const COINBASE_BOOK_LEVELS_OPTION: ConfigOption<number> = {
  key: 'books.coinbaseLevels',
  env: 'MARKET_FEED_COINBASE_BOOK_LEVELS',
  flag: 'coinbase-book-levels',
  default: DEFAULT_COINBASE_BOOK_REDUCER_CONFIG.maxLevels,
  parse: integer(DEFAULT_COINBASE_BOOK_REDUCER_CONFIG.viewLevels, MAX_KEPT_LEVELS),
  description: `levels kept per side of each Coinbase order book (its level2 snapshot is the whole book; the top ${DEFAULT_COINBASE_BOOK_REDUCER_CONFIG.viewLevels} are published)`,
};

/** Coinbase's own options, in the order `--help` lists them. */
export const COINBASE_OPTIONS: readonly ConfigOption[] = [COINBASE_BOOK_LEVELS_OPTION];
