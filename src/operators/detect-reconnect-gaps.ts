import { asyncScheduler, Observable, type MonoTypeOperatorFunction, type SchedulerLike } from 'rxjs';
import { instrumentOf, type ExchangeId, type FeedEvent, type FeedStatus, type TradeEvent } from '../model/index.js';
import { SINCE_HOLE_MAX_MS, type GapHandover } from './detect-gaps.js';
import { withGapDetails, type PublishedTrade } from './gap-details.js';
import { SeedsAwaited } from './seeds-awaited.js';
import { scopeOf } from './status-scope.js';
import { DEFAULT_MAX_SYMBOLS } from './symbol-counters.js';
import { venuesWithTradeIds } from '../exchanges/venues.js';
import { tradeAfter } from '../exchanges/trade-order.js';

/** Options for {@link detectReconnectGaps}. */
export interface DetectReconnectGapsConfig {
  /** Venues whose trade ids are not consecutive (a hole is a time range). Default those the registry says so of (`venuesWithTradeIds('by_time')`). */
  readonly exchanges: readonly ExchangeId[];
  /** Most (exchange, symbol) pairs whose last trade is kept; past it the one listed first is forgotten. Default 10000. */
  readonly maxSymbols: number;
  /**
   * The last trades published before a restart (read back from the trades topic): the first trade
   * of each seeded symbol after it reports the time between as a gap `across a restart`, unless its
   * id is not after the seed's. Seeds of other venues are ignored. Default: none.
   */
  readonly seed?: readonly TradeEvent[];
  /**
   * When the process before the restart last published (`at`: its last trade read back, less a
   * margin, ms) and the symbols it published (any venue): a symbol not among them whose first trade
   * here comes within {@link SINCE_HOLE_MAX_MS} reports the trades made from then to it as a gap
   * `across a restart`. Default: none.
   */
  readonly seedSince?: { readonly at: number; readonly symbols: readonly string[] };
  /**
   * Changes of owner in a cluster (`GapHandover`): `moved` forgets the instruments' last trades;
   * `seed`'s `lastTrades` are the previous owner's last, against which the first trade since the
   * move is checked (`across a shard handover`), after the fact when it came first. Default: none.
   */
  readonly handovers$?: Observable<GapHandover>;
  /** Clock for the status `ts`. Default `asyncScheduler`. */
  readonly scheduler: SchedulerLike;
}

export const DEFAULT_DETECT_RECONNECT_GAPS_CONFIG = {
  exchanges: venuesWithTradeIds('by_time'),
  maxSymbols: DEFAULT_MAX_SYMBOLS,
  scheduler: asyncScheduler,
} as const satisfies DetectReconnectGapsConfig;

/** A symbol's last trade, and whether its connection was lost since (what across: a reconnect, a restart, a shard handover). */
interface Tracked {
  last: TradeEvent | PublishedTrade;
  interrupted: boolean;
  across: string;
}

/** Statuses after which a venue's connection has lost trades it may not send again. */
const INTERRUPTIONS: ReadonlySet<FeedStatus['state']> = new Set(['disconnected', 'retry_scheduled']);

/**
 * For venues whose trade ids are not consecutive (Bybit spot), a hole is known by time only: a
 * symbol's trades between the last one before a lost connection (`disconnected`, `retry_scheduled`
 * of its venue, for its symbol, its shard's instruments or the whole feed) and the first one after
 * may be missing. Before that first trade, a `gap` status names the range by time (no ids:
 * `missingFrom` and `missingTo` stay unset; `lastEventTs` is the last trade's time before it).
 * A `failover` or `switch_back` away from the venue forgets its symbols in scope: a later return
 * is not a gap, as with `detectGaps`. With a `seed` (a restart) or `handovers$` (a cluster shard
 * changing owner), the first trade after the last one published before is checked the same way,
 * the gap said to be across a restart or a shard handover. Every event is forwarded.
 */
export function detectReconnectGaps(config: Partial<DetectReconnectGapsConfig> = {}): MonoTypeOperatorFunction<FeedEvent> {
  const options: DetectReconnectGapsConfig = { ...DEFAULT_DETECT_RECONNECT_GAPS_CONFIG, ...config };
  const venues = new Set(options.exchanges);
  return (source) =>
    new Observable<FeedEvent>((subscriber) => {
      /** Per venue, each symbol's last trade and whether its connection was lost since; symbols first listed first. */
      const venuesSeen = new Map<ExchangeId, Map<string, Tracked>>();
      let tracked = 0;
      const entriesIn = (status: FeedStatus, exchange: ExchangeId): Tracked[] => {
        const scope = scopeOf(status);
        const symbols = venuesSeen.get(exchange);
        if (symbols === undefined) return [];
        if (scope.kind === 'symbol') return [symbols.get(scope.symbol)].filter((entry) => entry !== undefined);
        return [...symbols.values()].filter((entry) => scope.kind === 'feed' || scope.instruments.has(instrumentOfLast(entry.last)));
      };
      /** With handovers: the first trade of each symbol since its last trade was forgotten, until its shard's seed comes. */
      const firstTrades = new Map<string, TradeEvent>();
      /** Shards whose seed is being read back, for a stop meanwhile. */
      const awaited = new SeedsAwaited(SINCE_HOLE_MAX_MS);
      /** Shards taken from an owner that published nothing of some symbols: when it last published each, for their first trades here (until `expires`). */
      let sinceSeeds: {
        readonly matches: (instrument: string) => boolean;
        readonly since: (instrument: string) => number | undefined;
        readonly expires: number;
      }[] = [];
      /** With `seedSince`, until the hour after it: the symbols the process before the restart published, and the keys traded here since. */
      let restartSince = options.seedSince?.at;
      const restartSymbols = new Set([...(options.seed ?? []).map((seed) => seed.symbol), ...(options.seedSince?.symbols ?? [])]);
      const firstSeen = new Set<string>();
      const report = (before: TradeEvent | PublishedTrade, trade: TradeEvent, across: string): void => {
        const gap: FeedStatus = {
          type: 'feed_status',
          exchange: trade.exchange,
          symbol: trade.symbol,
          state: 'gap',
          reason: `trades after id ${before.tradeId} (${new Date(before.exchangeTs).toISOString()}) and before id ${trade.tradeId} (${new Date(trade.exchangeTs).toISOString()}) may be missing across ${across}`,
          lastEventTs: before.exchangeTs,
          ts: options.scheduler.now(),
        };
        subscriber.next(withGapDetails(gap, { revealer: trade, before }));
      };
      /** The first trade of a symbol nothing of which was published before: the trades made from `since` to it, if it came within the hour after. */
      const reportSince = (trade: TradeEvent, since: number | undefined, across: string): void => {
        if (since === undefined || trade.exchangeTs <= since || trade.exchangeTs - since >= SINCE_HOLE_MAX_MS) return;
        const gap: FeedStatus = {
          type: 'feed_status',
          exchange: trade.exchange,
          symbol: trade.symbol,
          state: 'gap',
          reason: `trades made since ${new Date(since).toISOString()} and before id ${trade.tradeId} (${new Date(trade.exchangeTs).toISOString()}) may be missing across ${across} (none of the symbol was published before)`,
          lastEventTs: since,
          ts: options.scheduler.now(),
        };
        subscriber.next(withGapDetails(gap, { revealer: trade, since }));
      };
      /** A symbol's first trade here: a hole since the previous owner's (or the process before the restart's) last sign of life, when nothing of it was published before. */
      const firstTrade = (trade: TradeEvent): void => {
        const key = keyOf(trade.exchange, trade.symbol);
        if (restartSince !== undefined) {
          if (trade.exchangeTs - restartSince >= SINCE_HOLE_MAX_MS) {
            restartSince = undefined;
            firstSeen.clear();
          } else if (!firstSeen.has(key) && !restartSymbols.has(trade.symbol)) reportSince(trade, restartSince, 'a restart');
          firstSeen.add(key);
        }
        if (options.handovers$ === undefined) return;
        const instrument = instrumentOf(trade);
        const taken = sinceSeeds.findLast((seed) => seed.expires > options.scheduler.now() && seed.matches(instrument));
        if (taken !== undefined) reportSince(trade, taken.since(instrument), 'a shard handover');
        else firstTrades.set(key, trade);
      };
      const track = (trade: TradeEvent | PublishedTrade, entry: Tracked): void => {
        let symbols = venuesSeen.get(trade.exchange);
        if (symbols === undefined) venuesSeen.set(trade.exchange, (symbols = new Map<string, Tracked>()));
        symbols.set(trade.symbol, entry);
        if (++tracked > options.maxSymbols) forgetFirst();
      };
      const onTrade = (trade: TradeEvent): void => {
        const entry = venuesSeen.get(trade.exchange)?.get(trade.symbol);
        if (entry === undefined) {
          track(trade, { last: trade, interrupted: false, across: 'a reconnect' });
          firstTrade(trade);
          return;
        }
        if (entry.interrupted) {
          // A trade published already, sent again: nothing is known missing yet.
          if (!tradeAfter(trade, entry.last)) return;
          entry.interrupted = false;
          report(entry.last, trade, entry.across);
          entry.across = 'a reconnect';
        }
        entry.last = trade;
      };
      /** A trade published before (a restart's, or the previous owner's): the next trade of its symbol is checked against it. */
      const seed = (last: TradeEvent | PublishedTrade, across: string): void => {
        if (!venues.has(last.exchange) || venuesSeen.get(last.exchange)?.has(last.symbol) === true) return;
        track(last, { last, interrupted: true, across });
      };
      const handOver = (handover: GapHandover): void => {
        if (handover.kind === 'awaiting') return awaited.await(handover.instruments, options.scheduler.now());
        awaited.settle(handover.instruments, options.scheduler.now());
        if (handover.kind === 'moved') {
          for (const [exchange, symbols] of venuesSeen)
            forget(
              exchange,
              [...symbols.values()].filter((entry) => handover.instruments(instrumentOfLast(entry.last))),
            );
          for (const [key, first] of [...firstTrades]) if (handover.instruments(instrumentOf(first))) firstTrades.delete(key);
          const now = options.scheduler.now();
          sinceSeeds = sinceSeeds
            .filter((seed) => seed.expires > now)
            .map((seed) => ({ ...seed, matches: (instrument: string) => seed.matches(instrument) && !handover.instruments(instrument) }));
          return;
        }
        const seeded = new Set<string>();
        for (const last of handover.lastTrades ?? []) {
          if (!venues.has(last.exchange)) continue;
          const key = keyOf(last.exchange, last.symbol);
          seeded.add(key);
          const first = firstTrades.get(key);
          if (first !== undefined) {
            if (tradeAfter(first, last)) report(last, first, 'a shard handover');
          } else seed(last, 'a shard handover');
        }
        const { since } = handover;
        if (since !== undefined) {
          for (const [key, first] of firstTrades)
            if (!seeded.has(key) && handover.instruments(instrumentOf(first))) reportSince(first, since(instrumentOf(first)), 'a shard handover');
          sinceSeeds.push({ matches: handover.instruments, since, expires: options.scheduler.now() + SINCE_HOLE_MAX_MS });
        }
        for (const [key, first] of [...firstTrades]) if (handover.instruments(instrumentOf(first))) firstTrades.delete(key);
      };
      for (const last of options.seed ?? []) seed(last, 'a restart');
      /** Forgets the symbol listed first (of the venue listed first) to make room. */
      const forgetFirst = (): void => {
        for (const [exchange, symbols] of venuesSeen) {
          const first = symbols.keys().next();
          if (first.done === true) continue;
          symbols.delete(first.value);
          if (symbols.size === 0) venuesSeen.delete(exchange);
          tracked--;
          return;
        }
      };
      const forget = (exchange: ExchangeId, entries: readonly Tracked[]): void => {
        const symbols = venuesSeen.get(exchange);
        for (const entry of entries) if (symbols?.delete(entry.last.symbol) === true) tracked--;
      };
      const handovers = options.handovers$?.subscribe((handover) => handOver(handover));
      const events = source.subscribe({
        next: (event) => {
          if (event.type === 'trade') {
            if (venues.has(event.exchange)) onTrade(event);
          } else if (event.type === 'feed_status' && venues.has(event.exchange) && INTERRUPTIONS.has(event.state)) {
            for (const entry of entriesIn(event, event.exchange)) entry.interrupted = true;
          } else if (
            event.type === 'feed_status' &&
            (event.state === 'failover' || event.state === 'switch_back') &&
            event.fromExchange !== undefined &&
            venues.has(event.fromExchange)
          ) {
            forget(event.fromExchange, entriesIn(event, event.fromExchange));
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

/** The instrument of a trade, or of what a previous owner said of its last one. */
const instrumentOfLast = (trade: TradeEvent | PublishedTrade): string => ('coin' in trade ? instrumentOf(trade) : trade.instrument);
