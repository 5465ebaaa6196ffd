import type { UniverseConfig } from '../catalog/universe-config.js';
import type { VenueOptionValues } from '../exchanges/venue-option.js';
import type { DerivedDataType } from '../derived/data-types.js';
import type { ExchangeId } from '../model/index.js';
import type { BookSettings } from './book-options.js';
import type { CandleSettings } from './candle-options.js';
import type { CapacityConfig } from './capacity-options.js';
import type { ConnectionSettings } from './connection-options.js';
import type { FeedSettings, GapSettings, RetrySettings } from './feed-options.js';

/**
 * The settings of the pipeline (`createMarketFeed`'s `config`), each part owned by what reads it:
 * the coins and venues, staleness and failover, reconnection, de-duplication, stats and large trades
 * always; the rest optional, each part defaulting to its options' defaults (`loadConfig` gives them
 * all). Units and defaults: the option tables (`FEED_OPTIONS`, `BOOK_OPTIONS`, ...; docs/configuration.md).
 */
export interface MarketFeedSettings extends Partial<Omit<UniverseConfig, 'markets'>>, CandleSettings, Partial<CapacityConfig> {
  readonly coins: readonly string[];
  readonly quote: string;
  /** Failover order, primary first; never empty. */
  readonly venues: readonly [ExchangeId, ...ExchangeId[]];
  readonly urls: Readonly<Record<ExchangeId, string>>;
  readonly feed: FeedSettings;
  readonly retry: RetrySettings;
  readonly dedupe: { readonly capacity: number };
  readonly stats: { readonly windowsMs: readonly number[] };
  readonly largeTrades: { readonly multiple: number; readonly lookback: number };
  readonly tls?: { readonly allowSelfSigned: boolean };
  /** Order books: followed when `follow` names any. */
  readonly books?: BookSettings;
  /** The derived data to compute and publish (`DATA_TYPE_OPTIONS`); none when absent or empty. Those but trade bars need books followed. */
  readonly dataTypes?: readonly DerivedDataType[];
  /** REST base URLs: the venues' instrument lists and 24 h tickers, and the Binance family's depth snapshots. */
  readonly restUrls?: Readonly<Partial<Record<ExchangeId, string>>>;
  /** The venues' own options (`VENUE_OPTIONS`: connection limits, book depth, REST budget, API keys), by key, for the venues to read. */
  readonly venueOptions?: VenueOptionValues;
  /** Instruments per connection shard (what one connection may hold is each venue's own option: `VENUE_OPTIONS`). */
  readonly connections?: ConnectionSettings;
  /** The start-up read of the last trade ids, and the repair of gaps. */
  readonly gaps?: GapSettings;
}
