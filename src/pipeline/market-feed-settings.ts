import type { CapacityConfig } from './capacity-options.js';
import type { MarketFeedConfig } from '../config/market-feed-config.js';
import type { CandleSettings } from './candle-options.js';

/** The settings the pipeline uses (a subset of the `run` configuration). */
export type MarketFeedSettings = Pick<MarketFeedConfig, 'coins' | 'quote' | 'venues' | 'urls' | 'feed' | 'retry' | 'dedupe' | 'stats' | 'largeTrades'> &
  Partial<
    Pick<
      MarketFeedConfig,
      'tls' | 'books' | 'restUrls' | 'venueOptions' | 'instruments' | 'quotes' | 'equivalentQuotes' | 'include' | 'exclude' | 'catalog' | 'connections' | 'gaps'
    >
  > &
  CandleSettings &
  Partial<CapacityConfig>;
