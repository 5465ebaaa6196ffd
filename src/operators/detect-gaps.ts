import { asyncScheduler, Observable, type Subscription } from 'rxjs';
import type { MonoTypeOperatorFunction, SchedulerLike } from 'rxjs';
import { instrumentOf, type ExchangeId, type FeedEvent, type FeedStatus, type InstrumentParts, type TradeEvent } from '../model/index.js';
import { withGapDetails, type PublishedTrade } from './gap-details.js';
import { SeedsAwaited } from './seeds-awaited.js';
import { scopeOf } from './status-scope.js';
import { DEFAULT_MAX_SYMBOLS, type SymbolCounters } from './symbol-counters.js';
import { venuesWithTradeIds } from '../exchanges/venues.js';

/** Counts kept by {@link detectGaps}; pass an object in to read them. */
export interface GapCounters {
  /** Gaps reported. */
  gaps: number;
  /** Trade ids missing in total. */
  missingTrades: number;
}

/** The last trade id of one (exchange, symbol) written before this process started. */
export interface LastTradeId {
  readonly exchange: ExchangeId;
  readonly symbol: string;
  readonly tradeId: number;
  /** The canonical instrument (`BTC-USDT`): a shard's move forgets the seed even if the symbol never traded here. */
  readonly instrument?: string;
}

/** The trades whose ids are safe integers, as `LastTradeId`s (Bybit's larger ids are left out), in order. */
export function lastTradeIdsOf(
  trades: readonly ({ readonly exchange: ExchangeId; readonly symbol: string; readonly tradeId: string } & (
    { readonly instrument: string } | InstrumentParts
  ))[],
): LastTradeId[] {
  const ids: LastTradeId[] = [];
  for (const trade of trades) {
    const { exchange, symbol, tradeId } = trade;
    const id = Number(tradeId);
    const instrument = 'coin' in trade ? instrumentOf(trade) : trade.instrument;
    if (/^\d+$/.test(tradeId) && Number.isSafeInteger(id)) ids.push({ exchange, symbol, tradeId: id, instrument });
  }
  return ids;
}

/**
 * A change of the instruments' owner in a cluster (`src/cluster/`), told to {@link detectGaps}:
 * - `moved`: instruments of shards this instance took or gave up; their last ids are forgotten (what
 *   another instance published meanwhile is not a gap), and the first trade of each since is kept.
 * - `seed`: for instruments of shards taken, the last ids the previous owner published (read back
 *   from the trades topic). A first trade since the move that skips ahead of its seed reports the
 *   gap `across a shard handover`, after the fact; a symbol not traded yet is seeded, its first trade checked as after a restart.
 */
export type GapHandover =
  | { readonly kind: 'moved'; readonly instruments: (instrument: string) => boolean }
  /**
   * A shard was taken and its previous owner's last trades are being read back: its instruments'
   * first trades wait for their `seed`. A stop before it comes names each such hole `gap_unrepaired`
   * (stopped) rather than leave it unsaid.
   */
  | { readonly kind: 'awaiting'; readonly instruments: (instrument: string) => boolean }
  | {
      readonly kind: 'seed';
      readonly instruments: (instrument: string) => boolean;
      readonly lastIds: readonly LastTradeId[];
      /**
       * The previous owner's last trades as published (every venue), or what its release said of them,
       * for the venues whose holes are known by time (`detectReconnectGaps`); none where the previous
       * owner stopped only once this instance was subscribed (nothing can be missing between them).
       */
      readonly lastTrades?: readonly (TradeEvent | PublishedTrade)[];
      /**
       * When the previous owner is last known to have published an instrument's shard (a killed
       * owner: its last trades read back), ms. A symbol of it with no seed (nothing of it published
       * before) whose first trade here comes within {@link SINCE_HOLE_MAX_MS} reports the gap from
       * that moment to the trade before it (`missingTo` only; `lastEventTs` the moment). Default: none.
       */
      readonly since?: (instrument: string) => number | undefined;
    };

/**
 * How far before the last trade a process or a killed cluster owner published the hole of a symbol
 * it never published is taken to begin, ms: its sockets' trades in flight when it stopped.
 */
export const SINCE_MARGIN_MS = 1_000;

/** A restart's `seedSince`: the last trades published before it (read back) give when it stopped, less the margin, and the symbols it published. */
export function restartSinceOf(lastTrades: readonly TradeEvent[]): { readonly seedSince?: { readonly at: number; readonly symbols: readonly string[] } } {
  if (lastTrades.length === 0) return {};
  const at = Math.max(...lastTrades.map((trade) => trade.exchangeTs)) - SINCE_MARGIN_MS;
  return { seedSince: { at, symbols: [...new Set(lastTrades.map((trade) => trade.symbol))] } };
}

/** How long after a shard's previous owner last published a symbol's first trade reveals a hole since then, ms (the venues' history by time answers less than an hour at once). */
export const SINCE_HOLE_MAX_MS = 60 * 60 * 1000;

/** Options for {@link detectGaps}. */
export interface DetectGapsConfig {
  /** Venues whose trade ids are consecutive per symbol. Default those the registry says so of (`venuesWithTradeIds('consecutive')`). */
  readonly exchanges: readonly ExchangeId[];
  /**
   * Most (exchange, symbol) pairs tracked; beyond it the least recently traded is forgotten (and
   * counted in `symbolCounters`): its next trade cannot reveal a gap. Default 10000 (`DEFAULT_MAX_SYMBOLS`).
   */
  readonly maxSymbols: number;
  /**
   * Last trade ids published before a restart (e.g. read back from the trades topic), oldest
   * first. They count towards `maxSymbols` like any other. The first trade of a seeded symbol that
   * skips ahead reports the gap `across a restart`. A symbol's seeds of venues other than its first
   * trade's are dropped: the restart then changed its venue, which is no more a gap than a failover is.
   * Default: none.
   */
  readonly seed?: readonly LastTradeId[];
  /**
   * When the process before the restart last published (`at`: its last trade read back, less a
   * margin, ms) and the symbols it published (any venue): a symbol not among them whose first trade
   * here comes within {@link SINCE_HOLE_MAX_MS} reports the gap from then to the trade before it,
   * `across a restart` (`missingTo` only). Default: none.
   */
  readonly seedSince?: { readonly at: number; readonly symbols: readonly string[] };
  /** Changes of owner in a cluster, as they happen; see {@link GapHandover}. Default: none. */
  readonly handovers$?: Observable<GapHandover>;
  /** Incremented for each gap. Default: none. */
  readonly counters?: GapCounters;
  /** Counts the (exchange, symbol) pairs forgotten to make room. Default: none. */
  readonly symbolCounters?: SymbolCounters;
  /** Clock for the status `ts`. Default `asyncScheduler`. */
  readonly scheduler: SchedulerLike;
}

export const DEFAULT_DETECT_GAPS_CONFIG = {
  exchanges: venuesWithTradeIds('consecutive'),
  maxSymbols: DEFAULT_MAX_SYMBOLS,
  scheduler: asyncScheduler,
} as const satisfies DetectGapsConfig;

/**
 * Forwards every event and, before a trade whose id skips ahead of the symbol's last id, emits a
 * `gap` status with the missing range (`missingFrom`..`missingTo`, inclusive). Ids at or below the
 * last one (repeats, reordering) are not gaps. A `failover` or `switch_back` status forgets the
 * venue it names as left (`fromExchange`) for the instruments it is about (a shard's, or all), so
 * returning to a venue later is not reported as a gap.
 * With a `seed`, the first trade after a restart is checked against the last id published before it;
 * with `handovers$`, the first trade after a cluster shard changed owner, against the previous owner's.
 */
export function detectGaps(config: Partial<DetectGapsConfig> = {}): MonoTypeOperatorFunction<FeedEvent> {
  const options: DetectGapsConfig = { ...DEFAULT_DETECT_GAPS_CONFIG, ...config };
  const venues = new Set(options.exchanges);

  return (source) =>
    new Observable<FeedEvent>((subscriber) => {
      const lastIds = new Map<string, number>();
      /** Keys whose last id is still a seed, with what the seed was read back across (`a restart`, `a shard handover`). */
      const seeded = new Map<string, string>();
      /** Seeded symbols not traded yet, with the venues of their seeds (their first trade keeps its own venue's). */
      const untraded = new Map<string, ExchangeId[]>();
      /** The canonical instrument of each symbol traded (statuses of a shard name instruments). */
      const instruments = new Map<string, string>();
      /** The instrument of each symbol seeded, traded here or not (a shard's move forgets its seeds). */
      const seededInstruments = new Map<string, string>();
      const instrumentOfSymbol = (symbol: string): string => instruments.get(symbol) ?? seededInstruments.get(symbol) ?? '';
      /** With handovers: the first trade of each key since its ids were forgotten, until its shard's seed comes. */
      const firstTrades = new Map<string, TradeEvent>();
      /** Shards whose seed is being read back, for a stop meanwhile. */
      const awaited = new SeedsAwaited(SINCE_HOLE_MAX_MS);
      /** Shards taken from a killed owner: the moment it last published each, for the first trade of a symbol never published (until `expires`). */
      let sinceSeeds: {
        readonly matches: (instrument: string) => boolean;
        readonly since: (instrument: string) => number | undefined;
        readonly expires: number;
      }[] = [];
      const remember = (key: string, id: number): void => {
        lastIds.delete(key);
        lastIds.set(key, id);
        if (lastIds.size > options.maxSymbols) {
          const oldest = lastIds.keys().next();
          if (oldest.done !== true) {
            lastIds.delete(oldest.value);
            seeded.delete(oldest.value);
            firstTrades.delete(oldest.value);
            if (options.symbolCounters !== undefined) options.symbolCounters.evicted += 1;
          }
        }
      };
      /** With `seedSince`, until the hour after it: the symbols seeded (any venue), and the keys traded here, whose first trade is no hole since then. */
      let restartSince = options.seedSince?.at;
      const seededSymbols = new Set([...(options.seed ?? []).map((seed) => seed.symbol), ...(options.seedSince?.symbols ?? [])]);
      const firstSeen = new Set<string>();
      for (const { exchange, symbol, tradeId, instrument } of options.seed ?? []) {
        if (!venues.has(exchange) || !Number.isSafeInteger(tradeId)) continue;
        if (instrument !== undefined) seededInstruments.set(symbol, instrument);
        seeded.set(keyOf(exchange, symbol), 'a restart');
        remember(keyOf(exchange, symbol), tradeId);
        const seedVenues = untraded.get(symbol);
        if (seedVenues === undefined) untraded.set(symbol, [exchange]);
        else seedVenues.push(exchange);
      }
      const gapOf = (trade: TradeEvent, from: number, to: number, across?: string): FeedStatus => ({
        type: 'feed_status',
        exchange: trade.exchange,
        symbol: trade.symbol,
        state: 'gap',
        reason: `trade ids ${from}..${to} missing${across === undefined ? '' : ` across ${across}`}`,
        missingFrom: from,
        missingTo: to,
        lastEventTs: trade.exchangeTs,
        ts: options.scheduler.now(),
      });
      const report = (trade: TradeEvent, from: number, to: number, across?: string): void => {
        if (options.counters !== undefined) {
          options.counters.gaps += 1;
          options.counters.missingTrades += to - from + 1;
        }
        subscriber.next(withGapDetails(gapOf(trade, from, to, across), { revealer: trade }));
      };
      /** The first trade of a symbol nothing of which was published before its shard was taken: the hole since `since`, if it began before the trade and within the hour. */
      const reportSince = (trade: TradeEvent, since: number | undefined, across = 'a shard handover'): void => {
        const id = Number(trade.tradeId);
        if (since === undefined || trade.exchangeTs <= since || trade.exchangeTs - since >= SINCE_HOLE_MAX_MS || id < 1) return;
        if (options.counters !== undefined) options.counters.gaps += 1;
        const gap: FeedStatus = {
          type: 'feed_status',
          exchange: trade.exchange,
          symbol: trade.symbol,
          state: 'gap',
          reason: `trades made since ${new Date(since).toISOString()} before id ${id} may be missing across ${across} (none of the symbol was published before)`,
          missingTo: id - 1,
          lastEventTs: since,
          ts: options.scheduler.now(),
        };
        subscriber.next(withGapDetails(gap, { revealer: trade, since }));
      };
      const check = (trade: TradeEvent): void => {
        const id = Number(trade.tradeId);
        if (!Number.isSafeInteger(id)) return;
        const key = keyOf(trade.exchange, trade.symbol);
        const last = lastIds.get(key);
        if (last !== undefined && id <= last) return;
        if (last !== undefined && id > last + 1) report(trade, last + 1, id - 1, seeded.get(key));
        if (last === undefined && restartSince !== undefined) {
          if (trade.exchangeTs - restartSince >= SINCE_HOLE_MAX_MS) {
            restartSince = undefined;
            firstSeen.clear();
          } else if (!firstSeen.has(key) && !seededSymbols.has(trade.symbol)) reportSince(trade, restartSince, 'a restart');
          firstSeen.add(key);
        }
        if (last === undefined && options.handovers$ !== undefined) {
          const instrument = instrumentOf(trade);
          const taken = sinceSeeds.findLast((seed) => seed.expires > options.scheduler.now() && seed.matches(instrument));
          if (taken !== undefined) reportSince(trade, taken.since(instrument));
          else firstTrades.set(key, trade);
        }
        seeded.delete(key);
        remember(key, id);
      };
      const drop = (key: string): void => {
        lastIds.delete(key);
        seeded.delete(key);
        firstTrades.delete(key);
      };
      /** The keys of the symbols traded whose instrument `matches`. */
      const keysOf = (matches: (instrument: string) => boolean): string[] =>
        [...lastIds.keys()].filter((key) => matches(instrumentOfSymbol(key.slice(key.indexOf('\u0000') + 1))));
      const handOver = (handover: GapHandover): void => {
        if (handover.kind === 'awaiting') return awaited.await(handover.instruments, options.scheduler.now());
        awaited.settle(handover.instruments, options.scheduler.now());
        if (handover.kind === 'moved') {
          for (const key of keysOf(handover.instruments)) drop(key);
          const now = options.scheduler.now();
          sinceSeeds = sinceSeeds
            .filter((seed) => seed.expires > now)
            .map((seed) => ({ ...seed, matches: (instrument: string) => seed.matches(instrument) && !handover.instruments(instrument) }));
          return;
        }
        const seededKeys = new Set<string>();
        for (const { exchange, symbol, tradeId, instrument } of handover.lastIds) {
          if (!venues.has(exchange) || !Number.isSafeInteger(tradeId)) continue;
          if (instrument !== undefined) seededInstruments.set(symbol, instrument);
          const key = keyOf(exchange, symbol);
          seededKeys.add(key);
          const first = firstTrades.get(key);
          if (first !== undefined) {
            const firstId = Number(first.tradeId);
            if (tradeId < firstId - 1) report(first, tradeId + 1, firstId - 1, 'a shard handover');
          } else if (!lastIds.has(key)) {
            seeded.set(key, 'a shard handover');
            remember(key, tradeId);
          }
        }
        const { since } = handover;
        if (since !== undefined) {
          for (const [key, first] of firstTrades)
            if (!seededKeys.has(key) && handover.instruments(instrumentOf(first))) reportSince(first, since(instrumentOf(first)));
          sinceSeeds.push({ matches: handover.instruments, since, expires: options.scheduler.now() + SINCE_HOLE_MAX_MS });
        }
        for (const key of [...firstTrades.keys()]) if (handover.instruments(instrumentOfSymbol(key.slice(key.indexOf('\u0000') + 1)))) firstTrades.delete(key);
      };
      const forget = (status: FeedStatus, exchange: ExchangeId): void => {
        const scope = scopeOf(status);
        const prefix = keyOf(exchange, '');
        for (const key of [...lastIds.keys()]) {
          if (!key.startsWith(prefix)) continue;
          const symbol = key.slice(prefix.length);
          const inScope =
            scope.kind === 'feed' ||
            (scope.kind === 'symbol' && scope.symbol === symbol) ||
            (scope.kind === 'instruments' && scope.instruments.has(instrumentOfSymbol(symbol)));
          if (inScope) drop(key);
        }
      };
      const firstTradeOf = (trade: TradeEvent): void => {
        instruments.set(trade.symbol, instrumentOf(trade));
        const seedVenues = untraded.get(trade.symbol);
        if (seedVenues === undefined) return;
        untraded.delete(trade.symbol);
        for (const exchange of seedVenues) if (exchange !== trade.exchange) drop(keyOf(exchange, trade.symbol));
      };

      const handovers: Subscription | undefined = options.handovers$?.subscribe((handover) => handOver(handover));
      const events = source.subscribe({
        next: (event) => {
          if (event.type === 'trade') {
            if (!instruments.has(event.symbol)) firstTradeOf(event);
            if (venues.has(event.exchange)) check(event);
          } else if (event.type === 'feed_status' && (event.state === 'failover' || event.state === 'switch_back')) {
            if (event.fromExchange !== undefined) forget(event, event.fromExchange);
          }
          subscriber.next(event);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          for (const status of awaited.unread(firstTrades.values(), options.scheduler.now())) subscriber.next(status);
          subscriber.complete();
        },
      });
      return () => {
        handovers?.unsubscribe();
        events.unsubscribe();
      };
    });
}

const keyOf = (exchange: ExchangeId, symbol: string): string => `${exchange}\u0000${symbol}`;
