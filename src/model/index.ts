export * from './market-record.js';
export { FeedError, isRetriable } from './feed-error.js';
export type { Side, TradeEvent, TradeSource } from './trade-event.js';
export type { PriceTick } from './price-tick.js';
export type { BookTicker } from './book-ticker.js';
export type { BookLevel, BookSides } from './order-book.js';
export type { AppliedBookUpdate, OrderBookView } from './order-book-view.js';
export type { BookChange, BookLevelChange, IntervalBookSnapshot, Quote, TradeBar, TradeBarKind } from './derived-data.js';
export type { BookSnapshot } from './book-snapshot.js';
export type { BookDepthBand, BookOrderFill, BookPriceImpact, BookStats } from './book-stats.js';
export { FEED_STATES } from './feed-status.js';
export type { FeedState, FeedStatus } from './feed-status.js';
export type { Flow, WindowStats } from './window-stats.js';
export type { LargeTrade } from './large-trade.js';
export type { InvalidFrame } from './invalid-frame.js';
export { expiryDay, instrumentKey, inverseFutureKey, listingKey, marketQuote, MARKETS, optionKey } from './instrument.js';
export type { Instrument, InstrumentKey, Market, ListingState, OptionTerms, VenueListing, VenueListings } from './instrument.js';
export type { ExitReason, StrategySignal } from './strategy-signal.js';
export { KLINE_INTERVALS, KLINE_INTERVAL_MS } from './kline.js';
export type { Kline, KlineInterval } from './kline.js';
export type { AggTrade } from './agg-trade.js';
export type { VolumeProfile, VolumeProfileBin, VolumeProfileBinning } from './volume-profile.js';
export type { DerivativeTicker, OpenInterestSource } from './derivative-ticker.js';
export type { Liquidation, PositionSide } from './liquidation.js';
export type { OptionSummary, OptionType } from './option-summary.js';

import type { BookSnapshot } from './book-snapshot.js';
import type { BookStats } from './book-stats.js';
import type { BookChange, IntervalBookSnapshot, Quote, TradeBar } from './derived-data.js';
import type { AggTrade } from './agg-trade.js';
import type { BookTicker } from './book-ticker.js';
import type { DerivativeTicker } from './derivative-ticker.js';
import type { Liquidation } from './liquidation.js';
import type { OptionSummary } from './option-summary.js';
import type { FeedStatus } from './feed-status.js';
import type { Kline } from './kline.js';
import type { LargeTrade } from './large-trade.js';
import type { OrderBookView } from './order-book-view.js';
import type { PriceTick } from './price-tick.js';
import type { TradeEvent } from './trade-event.js';
import type { VolumeProfile } from './volume-profile.js';
import type { WindowStats } from './window-stats.js';

/** A normalized market event from a venue mapper. */
export type MarketEvent = TradeEvent | PriceTick | BookTicker | Kline | AggTrade | DerivativeTicker | Liquidation | OptionSummary;

/** What a venue adapter and the pipeline's operators stream: market data (and live book views) with health inline. */
export type FeedEvent = MarketEvent | OrderBookView | FeedStatus;

/** Every record the pipeline publishes. */
export type FeedRecord =
  MarketEvent | FeedStatus | WindowStats | LargeTrade | BookSnapshot | BookStats | VolumeProfile | BookChange | IntervalBookSnapshot | Quote | TradeBar;
export type FeedRecordType = FeedRecord['type'];
export * from './history-trade.js';
