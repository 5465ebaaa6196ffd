import type { Observable, SchedulerLike } from 'rxjs';
import type { ListingsRead } from './rest/listings-read.js';
import type { QuoteVolumes } from './rest/quote-volumes.js';
import type { RestDialect } from './rest/rest-dialect.js';
import type { HistoryTrade, RecentTrade } from '../model/history-trade.js';
import type { ExchangeId } from '../model/market-record.js';
import type { ConnectionLimits, ConnectionSettings, VenueCaps } from './connection-limits.js';
import type { RestWeightPacer, RestWeightPacerConfig } from './rest/rest-weight-pacer.js';
import type { BinanceFrame } from './binance/binance-frames.js';
import type { BookPlan } from './book-sync.js';
import type { BybitBookDepth } from './bybit/bybit-book-plan.js';
import type { VenueProtocol } from './venue-protocol.js';

/** Choices a venue's protocol takes from the configuration; each venue reads its own. */
export interface ProtocolSettings {
  /** Levels per side of Bybit's depth topic (`orderbook.{depth}`); default 50. */
  readonly bybitBookDepth?: BybitBookDepth;
  /**
   * The Binance family's book plan (`binanceBookPlan`), created once per process: it holds each
   * venue's REST weight pacer, shared by that venue's connections. Absent: no Binance books.
   */
  readonly binanceBook?: BookPlan<BinanceFrame>;
}

/** One list a venue serves: where, what it costs, how its body is read. */
export interface CatalogEndpoint<T> {
  /** Path and query after the REST base URL. */
  readonly path: string;
  /** Request weight the venue charges (Bybit counts requests: 1). */
  readonly weight: number;
  readonly read: (json: unknown, exchange: ExchangeId) => T;
}

/** A venue's lists and the REST rules they are read under. */
export interface VenueCatalogEndpoints {
  /** The venue's REST base URL unless configured otherwise. */
  readonly restUrl: string;
  readonly dialect: RestDialect;
  /** The venue's REST budget in the pacer's terms. */
  readonly pacer: Partial<RestWeightPacerConfig>;
  /** Every spot instrument with its state, tick size and lot step. */
  readonly listings: CatalogEndpoint<ListingsRead>;
  /** 24 h quote volume per symbol, for ranking. */
  readonly volumes: CatalogEndpoint<QuoteVolumes>;
}

/**
 * How a venue's trade ids run, which decides how a hole is found:
 * - `consecutive`: integers, one per trade of a symbol (Binance): a skipped id is an exact hole,
 *   found by id and repaired by id;
 * - `by_time`: ids that say nothing of count (Bybit): a hole is named by time wherever the feed was
 *   interrupted (a reconnect, a restart, a shard hand-over) and repaired from the venue's latest trades.
 */
export type TradeIdRule = 'consecutive' | 'by_time';

/** How one venue's trade history is reached: its REST base URL and pacer, and how long a read may take. */
export interface VenueRestAccess {
  readonly exchange: ExchangeId;
  readonly restUrl: string;
  /** The venue's pacer, shared with the catalog and the depth snapshots (the venues count per IP). */
  readonly pacer: RestWeightPacer;
  /** Time one request may take, ms. */
  readonly timeoutMs: number;
  readonly scheduler: SchedulerLike;
  /** Sent as the venue's API key header on history requests when the venue wants one; never logged. */
  readonly apiKey?: string;
  readonly fetch?: typeof fetch;
}

/** Where the repair of a venue's holes reads its trades; a venue serves the reads its rule needs. */
export interface VenueTradeHistory {
  /** Trades from `fromId` on, paced (`consecutive` venues). */
  readonly byId?: (symbol: string, fromId: number, limit: number) => Observable<readonly HistoryTrade[]>;
  /** The id of the first trade made from `since` to `until` (ms, inclusive), undefined when none (`consecutive` venues). */
  readonly firstIdSince?: (symbol: string, since: number, until: number) => Observable<number | undefined>;
  /** The venue's latest trades of a symbol, paced (`by_time` venues). */
  readonly recent?: (symbol: string) => Observable<readonly RecentTrade[]>;
}

/**
 * Everything the pipeline knows of one venue, defined in the venue's folder and listed once in
 * `venues.ts`: its WebSocket protocol (streams, book plan) and connection limits, its REST lists and budget, its
 * default REST URL, how its trade ids run, and where its history is read for repair.
 */
export interface VenueDefinition {
  /** Its WebSocket endpoint by default, and what the option that changes it (`--<venue>-url`) says of it. */
  readonly ws: { readonly url: string; readonly description: string };
  /** What the option that changes its REST base URL (`--<venue>-rest-url`, default `catalog.restUrl`) says of it. */
  readonly restDescription: string;
  readonly protocol: VenueProtocol;
  /** Its protocol with the configured settings that apply to it (absent: none apply). */
  readonly protocolWith?: (settings: ProtocolSettings) => VenueProtocol;
  /** What one connection carries by default, within `caps`, with the venue's sources beside the numbers. */
  readonly connectionLimits: ConnectionLimits;
  /** The venue's own caps, which configured limits may not exceed. */
  readonly caps: VenueCaps;
  /** The configured connection settings that apply to this venue, as limits (absent: none apply). */
  readonly limitsOf?: (settings: Partial<ConnectionSettings>) => Partial<ConnectionLimits>;
  readonly catalog: VenueCatalogEndpoints;
  readonly tradeIds: TradeIdRule;
  /** The reads of its history for repair; absent: its holes are named, never repaired. */
  readonly tradeHistory?: (access: VenueRestAccess) => VenueTradeHistory;
}
