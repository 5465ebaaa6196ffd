import { map, type Observable, type SchedulerLike } from 'rxjs';
import type { Logger } from 'pino';
import type { OpenPacer, VenueSymbol } from '../exchanges/adapter-config.js';
import { ConnectionBudget } from '../exchanges/connection/connection-budget.js';
import type { ConnectionLimits } from '../exchanges/connection-limits.js';
import { DEFAULT_CONNECTION_LIMITS, marketOf, perLimitsOwner, VENUE_IDS, VENUES } from '../exchanges/venues.js';
import { protocolFor } from '../exchanges/protocol-registry.js';
import { selectStreams, type StreamSelection } from '../exchanges/select-streams.js';
import { venueSymbolOf } from '../exchanges/venue-symbol.js';
import { instrumentKey, marketQuote, type ExchangeId } from '../model/index.js';
import { failover, scopeStatuses, type FailoverPolicy, type FailoverSource } from '../operators/index.js';
import type { ConnectionShard, ShardCandidate, ShardPlanLimits } from '../shards/plan-shards.js';
import type { ShardRunner } from './sharded-events.js';
import type { VenueBookOptions } from './venue-settings.js';

/**
 * The fixed coin list at one quote: every coin at every venue of each market, in the failover order,
 * each named as its venue spells it; a market's instruments are keyed in it (`BTC-USDT`, `BTC-USDT-PERP`).
 */
export function coinCandidates(coins: readonly string[], quote: string, venues: readonly ExchangeId[]): readonly ShardCandidate[] {
  const markets = [...new Set(venues.map(marketOf))];
  return markets.flatMap((market) => {
    const chain = venues.filter((exchange) => marketOf(exchange) === market);
    // An inverse contract is quoted in USD whatever the spot quote.
    const keyQuote = marketQuote(market, quote);
    return coins.map((coin) => ({
      key: instrumentKey(coin, keyQuote, market),
      coin,
      quote: keyQuote,
      venues: chain.map((exchange) => ({ exchange, symbol: venueSymbolOf(protocolFor(exchange), coin, keyQuote) })),
    }));
  });
}

/** Candidates with their `book` flag set from the set of instruments whose books are followed. */
export function withBooks(candidates: readonly ShardCandidate[], books: ReadonlySet<string>): readonly ShardCandidate[] {
  return candidates.map((candidate) => ({ ...candidate, book: books.has(candidate.key) }));
}

/** How a venue's instruments become topics: its protocol's selected streams, and its depth channel with books. */
export function shardPlanLimits(options: {
  readonly maxInstruments: number;
  readonly connections: Readonly<Record<ExchangeId, ConnectionLimits>>;
  readonly streams: StreamSelection;
  readonly books: (exchange: ExchangeId) => VenueBookOptions | undefined;
}): ShardPlanLimits {
  const topicNames = new Map<ExchangeId, (symbol: string, book: boolean) => readonly string[]>();
  const namesOn = (exchange: ExchangeId): ((symbol: string, book: boolean) => readonly string[]) => {
    let names = topicNames.get(exchange);
    if (names === undefined) {
      const books = options.books(exchange);
      const protocol = protocolFor(exchange, books);
      const streams = selectStreams(protocol.streams, options.streams);
      const depth = books !== undefined && protocol.book !== undefined ? { channel: protocol.book.channel, record: 'order_book' as const } : undefined;
      // One topic may carry several record kinds (Coinbase's and Kraken's ticker: the price tick and the best bid/ask): counted once.
      names = (symbol, book) => [...new Set([...streams, ...(book && depth !== undefined ? [depth] : [])].map((stream) => protocol.topic(symbol, stream)))];
      topicNames.set(exchange, names);
    }
    return names;
  };
  const perIp = Object.fromEntries(VENUE_IDS.flatMap((exchange) => (VENUES[exchange].perIp === undefined ? [] : [[exchange, VENUES[exchange].perIp]])));
  return {
    maxInstruments: options.maxInstruments,
    connections: options.connections,
    topicsOf: (exchange, symbol, book) => namesOn(exchange)(symbol, book),
    perIp,
  };
}

/**
 * One connection budget per venue (its connection attempts per window, times `share` when given: this
 * process's part of the venue's per-IP limit), shared by all its sockets, and by a venue's that spends
 * its limits when both are followed (`VenueDefinition.sharesLimitsOf`).
 */
export function connectionBudgets(
  venues: readonly ExchangeId[],
  scheduler: SchedulerLike,
  limits: Readonly<Record<ExchangeId, ConnectionLimits>> = DEFAULT_CONNECTION_LIMITS,
  share?: () => number,
): ReadonlyMap<ExchangeId, ConnectionBudget> {
  const shared = share === undefined ? {} : { share };
  return perLimitsOwner(
    venues,
    (owner) => new ConnectionBudget({ attempts: limits[owner].connectionsPerWindow, windowMs: limits[owner].connectionWindowMs, scheduler, ...shared }),
  );
}

/**
 * A shard's instruments as one venue of its chain names them: its symbol, base and quote there, and
 * the instrument (its key) when that is not base-quote (the venue serves it at an equivalent quote, or
 * it is a perpetual, `BTC-USDT-PERP`), and its contract value where the venue sizes in contracts.
 */
export function venueSymbolsOf(shard: ConnectionShard, exchange: ExchangeId): readonly VenueSymbol[] {
  return shard.instruments.flatMap((instrument) => {
    const listing = instrument.venues.find((venue) => venue.exchange === exchange);
    if (listing === undefined) return [];
    const book = instrument.book === true;
    const quote = listing.quote ?? instrument.quote;
    const contract = listing.contractValue === undefined ? {} : { contractValue: listing.contractValue };
    // A record names its instrument when its own base-quote does not: an equivalent quote's, a perpetual's, an option's.
    const key = instrument.recordKey ?? instrument.key;
    return key === instrumentKey(instrument.coin, quote)
      ? [{ symbol: listing.symbol, coin: instrument.coin, quote, book, ...contract }]
      : [{ symbol: listing.symbol, coin: instrument.coin, quote, instrument: key, book, ...contract }];
  });
}

export interface ShardSourceOptions {
  readonly exchange: ExchangeId;
  /** The shard's instruments at this venue, now and as they change. */
  readonly instruments$: Observable<readonly VenueSymbol[]>;
  /** The shard's instruments when it started (for protocols that take a fixed list). */
  readonly initial: readonly VenueSymbol[];
  /** Whether the shard follows any order book (then a venue is usable from its first book view). */
  readonly books: boolean;
  readonly openPacer?: OpenPacer;
  readonly logger: Logger;
}

/**
 * Runs each shard as `failover` over one source per venue of its chain (each source opened by
 * `source`, with its retries and staleness), its statuses given the shard's scope (`shard`, and its
 * instruments as they are when each status is made).
 */
export function shardRunner(options: {
  readonly source: (venue: ShardSourceOptions) => FailoverSource;
  readonly policy: Partial<FailoverPolicy>;
  readonly budgets: ReadonlyMap<ExchangeId, OpenPacer>;
  readonly logger: Logger;
}): ShardRunner {
  return (shard$) => {
    const shard = shard$.value;
    const sources = shard.chain.map((exchange) => {
      const budget = options.budgets.get(exchange);
      return options.source({
        exchange,
        instruments$: shard$.pipe(map((current) => venueSymbolsOf(current, exchange))),
        initial: venueSymbolsOf(shard, exchange),
        books: shard.instruments.some((instrument) => instrument.book === true),
        ...(budget === undefined ? {} : { openPacer: budget }),
        logger: options.logger.child({ component: 'venue', venue: exchange, shard: shard.id }),
      });
    });
    // The members as they are when a status is made (read then, not kept up to date per change).
    return failover(sources, options.policy).pipe(
      scopeStatuses({ shard: shard.id, instruments: () => shard$.value.instruments.map((instrument) => instrument.recordKey ?? instrument.key) }),
    );
  };
}
