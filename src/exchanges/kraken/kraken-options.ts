import { oneOfIntegers, type ConfigOption } from '../../settings/config-option.js';
import { DEFAULT_KRAKEN_BOOK_DEPTH, KRAKEN_BOOK_DEPTHS, type KrakenBookDepth } from './kraken-book-plan.js';

/** Levels per side of the `book` channel read as order books. */
export const KRAKEN_BOOK_DEPTH_OPTION: ConfigOption<KrakenBookDepth> = {
  key: 'books.krakenDepth',
  env: 'MARKET_FEED_KRAKEN_BOOK_DEPTH',
  flag: 'kraken-book-depth',
  default: DEFAULT_KRAKEN_BOOK_DEPTH,
  parse: oneOfIntegers(KRAKEN_BOOK_DEPTHS),
  description: 'levels per side of the Kraken book channel (the checksum covers the top 10 whatever the depth)',
};

/** Kraken's own options, in the order `--help` lists them. */
export const KRAKEN_OPTIONS: readonly ConfigOption[] = [KRAKEN_BOOK_DEPTH_OPTION];
