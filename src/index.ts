/** market-feed: normalized, gap-free crypto market data from venue WebSockets to Kafka. */
export * from './model/index.js';
export { AvroCodec, RecordEncodeError } from './sink/avro-codec.js';
export { createMarketFeed } from './pipeline/create-market-feed.js';
export type { MarketFeed, MarketFeedOptions, MarketFeedSettings } from './pipeline/create-market-feed.js';
export type { VenueFeedFactory, VenueFeedOptions } from './pipeline/venue-settings.js';
export { loadConfig, ConfigError } from './config/load-config.js';
export type { MarketFeedConfig } from './config/market-feed-config.js';
export { DEFAULT_COINS } from './config/config-options.js';
