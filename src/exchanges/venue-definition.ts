import type { Observable, SchedulerLike } from 'rxjs';
import type { ListingsRead } from './rest/listings-read.js';
import type { QuoteVolumes } from './rest/quote-volumes.js';
import type { RestDialect } from './rest/rest-dialect.js';
import type { HistoryTrade, RecentTrade } from '../model/history-trade.js';
import type { Market } from '../model/instrument.js';
import type { ExchangeId } from '../model/market-record.js';
import type { ConnectionLimits, VenueCaps } from './connection-limits.js';
import type { RestWeightPacer, RestWeightPacerConfig } from './rest/rest-weight-pacer.js';
import type { ConfigOption } from '../settings/config-option.js';
import type { VenueOptionValues } from './venue-option.js';
import type { VenueProtocol } from './venue-protocol.js';
import type { SymbolParts } from './split-symbol.js';

/** What a venue's protocol takes from a feed that follows its books; each venue reads its own options. */
export interface ProtocolSettings {
  /** The venues' own options as configured (absent keys: their defaults). */
  readonly options: VenueOptionValues;
  /**
   * The venue's REST pacer, shared by its connections, the catalog and the repair (the venues count
   * weight per IP). Without one, each protocol made paces its own snapshots: give one wherever
   * snapshots are fetched.
   */
  readonly restPacer?: RestWeightPacer;
}

/** One list a venue serves: where, what it costs, how its body is read. */
export interface CatalogEndpoint<T> {
  /** Path and query after the REST base URL. */
  readonly path: string;
  /**
   * A JSON body sent with the request, which then is a `POST` with `content-type: application/json`
   * (a venue that reads every list through one path, by what the body asks for: Hyperliquid's
   * `POST /info {"type":"meta"}`). Absent: a `GET` of `path`.
   */
  readonly body?: string;
  /**
   * The path of the page after the one read, for a list served in pages (Bybit linear
   * `instruments-info`, by `cursor`); undefined after the last. Absent: the list is one page. Pages are
   * read in turn, each paced at `weight`, and read into one list.
   */
  readonly next?: (json: unknown, path: string) => string | undefined;
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
  /** Every instrument of its market with its state, tick size and lot step. */
  readonly listings: CatalogEndpoint<ListingsRead>;
  /** 24 h quote volume per symbol, for ranking. */
  readonly volumes: CatalogEndpoint<QuoteVolumes>;
  /**
   * The venue's stream symbol of each key of `volumes`, when that list names instruments otherwise
   * (Kraken's `Ticker` is keyed by REST pair names, `XXBTZUSD` for `BTC/USD`); read beside `volumes`,
   * whose keys it names are kept and the others dropped. Absent: the keys are the symbols.
   */
  readonly volumeKeys?: CatalogEndpoint<ReadonlyMap<string, string>>;
}

/**
 * How a venue's trade ids run, which decides how a hole is found:
 * - `consecutive`: integers, one per trade of a symbol (Binance): a skipped id is an exact hole,
 *   found by id and repaired by id;
 * - `by_time`: ids that say nothing of count (Bybit): a hole is named by time wherever the feed was
 *   interrupted (a reconnect, a restart, a shard hand-over) and repaired from the venue's latest trades.
 */
export type TradeIdRule = 'consecutive' | 'by_time';

/**
 * A venue's trade ids: the rule that finds a hole, and whether they tell which of two trades came later.
 * `ordered`: ids that grow with time (numbers, compared as numbers), as consecutive ids always do; else
 * ids that say nothing of order either (Bybit linear's UUIDs, Hyperliquid's `tid`, unique across every
 * coin), so that which of two trades came later is told by their times alone (`tradeAfter`).
 */
export type TradeIds = { readonly rule: 'consecutive'; readonly ordered: true } | { readonly rule: 'by_time'; readonly ordered: boolean };

/** A venue's own options, and what their configured values change besides its protocol (`VenueDefinition.protocolWith`). */
export interface VenueOwnOptions {
  /**
   * The options (flags, environment variables, file keys), listed by `--help` after the shared ones;
   * venues that share options (a family) share the same objects, listed once.
   */
  readonly table: readonly ConfigOption[];
  /**
   * Its default WebSocket and REST base URLs as its options choose them (OKX's region: one host per
   * region); a URL option given explicitly wins. Absent, or a field absent: `ws.url` and `catalog.restUrl`.
   */
  readonly urlsOf?: (options: VenueOptionValues) => { readonly ws?: string; readonly rest?: string };
  /** Its configured options that change its connection limits, as limits (absent: none do). */
  readonly limitsOf?: (options: VenueOptionValues) => Partial<ConnectionLimits>;
  /** Its configured options that change its REST budget, in the pacer's terms (absent: none do). */
  readonly pacerOf?: (options: VenueOptionValues) => Partial<RestWeightPacerConfig>;
}

/** A venue's protocol as the settings that apply to a feed choose it. */
export interface ConfiguredProtocol {
  /** Its protocol with `settings`. */
  readonly of: (settings: ProtocolSettings) => VenueProtocol;
  /**
   * True when its protocol reads its own options whether or not its books are followed (Deribit: credentials
   * choose the `.raw` channels over `.100ms`): every feed of it then speaks `of`'s protocol. Absent: only a
   * feed that follows its books does (or one whose protocol polls).
   */
  readonly alsoWithoutBooks?: boolean;
}

/** How one venue's trade history is reached: its REST base URL and pacer, and how long a read may take. */
export interface VenueRestAccess {
  readonly exchange: ExchangeId;
  readonly restUrl: string;
  /** The venue's pacer, shared with the catalog and the depth snapshots (the venues count per IP). */
  readonly pacer: RestWeightPacer;
  /** Time one request may take, ms. */
  readonly timeoutMs: number;
  readonly scheduler: SchedulerLike;
  /** The venues' own options as configured (an API key for history requests, when the venue takes one; never logged). */
  readonly options: VenueOptionValues;
  readonly fetch?: typeof fetch;
}

/**
 * A trade a venue made, with its instrument (`VenueTradeHistory.madeBetween`): its id a number where the
 * venue's ids run on per instrument, else as the venue writes it (Bybit's option UUIDs).
 */
export type SweptTrade = (HistoryTrade | RecentTrade) & { readonly symbol: string };

/** What a venue's history holds of a stretch of time (`VenueTradeHistory.madeBetween`). */
export interface SweptTrades {
  readonly trades: readonly SweptTrade[];
  /**
   * Per symbol, the time from which `trades` holds every trade of it, where that is after the stretch's
   * start (a venue that keeps only its latest trades, which do not reach back): the time before is a
   * hole nobody can fill, named as such. Absent: the whole stretch is held.
   */
  readonly heldFrom?: ReadonlyMap<string, number>;
}

/** Where the repair of a venue's holes reads its trades; a venue serves the reads its rule needs. */
export interface VenueTradeHistory {
  /** Trades from `fromId` on, paced (`consecutive` venues). */
  readonly byId?: (symbol: string, fromId: number, limit: number) => Observable<readonly HistoryTrade[]>;
  /** The id of the first trade made from `since` to `until` (ms, inclusive), undefined when none (`consecutive` venues). */
  readonly firstIdSince?: (symbol: string, since: number, until: number) => Observable<number | undefined>;
  /** The venue's latest trades of a symbol, paced (`by_time` venues). */
  readonly recent?: (symbol: string) => Observable<readonly RecentTrade[]>;
  /**
   * Every trade of the venue's instruments made from `since` to `until` (ms, inclusive), paced, for a venue
   * whose instruments may not trade again for hours (options): swept when a lost connection returns, and
   * for the options listed during the run (`symbols`, those of one listing sweep), whose first trades may
   * come before they are followed (`sweepReconnectTrades`). Undefined without `symbols` where the venue can
   * only be asked per coin or per instrument (Binance's, OKX's and Bybit's options): a reconnect's hole there
   * is found by each instrument's next trade. Absent: both are.
   */
  readonly madeBetween?: (since: number, until: number, symbols?: ReadonlySet<string>) => Observable<SweptTrades> | undefined;
}

/**
 * Everything the pipeline knows of one venue, defined in the venue's folder and listed once in
 * `venues.ts`: its WebSocket protocol (streams, book plan) and connection limits, its REST lists and budget, its
 * default REST URL, how its trade ids run, and where its history is read for repair.
 */
export interface VenueDefinition {
  /** What users call it, e.g. `Binance USD-M` (help texts and the README's list of venues say it beside its id). */
  readonly name: string;
  /** The market it trades: `spot`, or `linear` perpetuals; its instruments' keys are of that market (`BTC-USDT-PERP`). */
  readonly market: Market;
  /** Its WebSocket endpoint by default, and what the option that changes it (`--<venue>-url`) says of it. */
  readonly ws: { readonly url: string; readonly description: string };
  /**
   * What a user whose region the venue refuses can do, said in the `geo_blocked` status beside the
   * refusal (OKX: the region setting that picks its US or EEA host); absent: nothing more is said.
   */
  readonly geoBlockedHint?: string;
  /** What the option that changes its REST base URL (`--<venue>-rest-url`, default `catalog.restUrl`) says of it. */
  readonly restDescription: string;
  /** Its protocol for a feed that does not follow its books. */
  readonly protocol: VenueProtocol;
  /**
   * Its protocol with the settings that apply to a feed, for a feed that follows its books (or every feed
   * of it: `alsoWithoutBooks`); absent: `protocol`.
   */
  readonly protocolWith?: ConfiguredProtocol;
  /** Its own options, and the URLs, connection limits and REST budget they choose (absent: it has none). */
  readonly ownOptions?: VenueOwnOptions;
  /** What one connection carries by default, within `caps`, with the venue's sources beside the numbers. */
  readonly connectionLimits: ConnectionLimits;
  /** The venue's own caps, which configured limits may not exceed. */
  readonly caps: VenueCaps;
  /**
   * Another venue whose per-IP limits this one spends too (Bybit linear: Bybit spot's, one IP's REST
   * requests and one WebSocket domain's connection attempts): when both are followed, both wait on
   * the other's REST pacer and connection budget (and a ban of either holds both).
   */
  readonly sharesLimitsOf?: ExchangeId;
  readonly catalog: VenueCatalogEndpoints;
  /**
   * How one of its symbols splits into base and quote where no list of its instruments is at hand
   * (`normalize`, a replay), for symbols known quote suffixes do not split (Bybit's USDC perpetuals,
   * `BTCPERP`); absent: by known quote suffixes alone (`splitSymbol`).
   */
  readonly splitUnlisted?: (symbol: string) => SymbolParts | undefined;
  /** How its trade ids run: the rule that finds a hole, and whether the ids tell which trade came later. */
  readonly tradeIds: TradeIds;
  /**
   * What records of its market it does not publish at all, as one sentence a user reads (Hyperliquid:
   * no liquidations, which it shows only in users' fills): said once, as an `unserved` status of the
   * venue without symbol, when a feed follows it, so that an empty topic is never silent about why.
   */
  readonly unoffered?: string;
  /** Levels a side its books carry at most, where the venue sends no more (Hyperliquid's `l2Book`: 20): the depth its book records say. Absent: as deep as the book kept. */
  readonly bookLevels?: number;
  /**
   * What all of its connections from one IP may hold together, where the venue counts per IP
   * (Hyperliquid: 10 connections, 1,000 subscriptions): the shard plan keeps within it and says which
   * instruments it leaves to the rest of their chains. Absent: only one connection's limits bind.
   */
  readonly perIp?: { readonly maxConnections: number; readonly maxTopics: number };
  /**
   * Its sizes are contracts whose value only its instrument list gives (OKX swaps: `ctVal`): its list is
   * read even for a coin list (`--coins`), so that its records carry base quantities; where the list
   * cannot be read, its sized frames are refused and counted, never published in contracts.
   */
  readonly sizesInContracts?: boolean;
  /** The reads of its history for repair; absent: its holes are named, never repaired. */
  readonly tradeHistory?: (access: VenueRestAccess) => VenueTradeHistory;
}
