import { Observable, type OperatorFunction } from 'rxjs';
import {
  instrumentOf,
  type BookChange,
  type FeedEvent,
  type FeedState,
  type FeedStatus,
  type IntervalBookSnapshot,
  type MarketRecordBase,
  type OrderBookView,
  type Quote,
  type TradeBar,
} from '../model/index.js';
import type { Building } from '../model/building.js';
import { statusAffects } from '../operators/status-scope.js';
import type { DerivedDataType } from './data-types.js';
import { TopSampler, type SampledTop } from './top-sampler.js';
import { TradeBarBuilder, type BarFigures } from './trade-bar-builder.js';

/** The records derived from the live books: their changes, and their tops sampled at a cadence. */
export type BookDerivedRecord = BookChange | IntervalBookSnapshot | Quote;

/** The data types made from books. */
export type BookDataType = Extract<DerivedDataType, { readonly kind: 'book_change' | 'book_snapshot' | 'quote' }>;
/** The data types made from trades. */
export type TradeDataType = Extract<DerivedDataType, { readonly kind: 'trade_bar' }>;

/**
 * States after which what a venue sent before can no longer be built on: the books and bars in the
 * status's scope start again (as the live books do, `LiveBooks`), with a book's next view or an
 * instrument's next trade. Not `connecting`: a make-before-break rotation's new socket says it while
 * the old one still feeds.
 */
const RESETS: ReadonlySet<FeedState> = new Set<FeedState>(['disconnected', 'geo_blocked', 'failover', 'switch_back', 'all_sources_down', 'shard_revoked']);

/** Whether a status starts again the state of what it is about: a reset state, or a book's resync (that book only). */
function resets(status: FeedStatus, books: boolean): boolean {
  return RESETS.has(status.state) || (books && status.state === 'book_resync' && status.symbol !== undefined);
}

/** The state of one venue's instrument, with the subject its statuses are matched against. */
interface Held<S> {
  readonly subject: { readonly symbol: string; readonly coin: string; readonly quote: string; readonly instrument?: string };
  readonly state: S;
}

/** Per venue and instrument state, dropped by the statuses that reset it. */
class HeldStates<S> {
  private readonly held = new Map<string, Held<S>>();

  get(record: MarketRecordBase, create: () => S): { readonly state: S; readonly fresh: boolean } {
    const key = `${record.exchange}\u0000${instrumentOf(record)}`;
    const found = this.held.get(key);
    if (found !== undefined) return { state: found.state, fresh: false };
    const state = create();
    this.held.set(key, { subject: record, state });
    return { state, fresh: true };
  }

  drop(status: FeedStatus): void {
    for (const [key, { subject }] of this.held) if (statusAffects(status, subject)) this.held.delete(key);
  }
}

/** One book's state: a sampler per sampled data type. */
interface BookState {
  readonly samplers: readonly TopSampler[];
}

/**
 * The book changes and sampled tops (`book_snapshot_*`, `quote*`) of every live book, from its views and
 * every status, in the order the venues' syncs produced them; the same whether the views come from
 * live sockets or a replay. A book's first view after a (re)sync, and every whole book a venue pushes,
 * is a snapshot change holding the whole book; a resync of a book, a disconnect or a venue switch drops
 * its samplers, so nothing is sampled from a book known to be out of sync and an interval a book did not
 * finish is not published.
 */
export function bookDerivedData(types: readonly BookDataType[]): OperatorFunction<OrderBookView | FeedStatus, BookDerivedRecord> {
  const changes = types.some((type) => type.kind === 'book_change');
  const sampled = types.filter((type): type is Exclude<BookDataType, { kind: 'book_change' }> => type.kind !== 'book_change');
  const specs = sampled.map((type) => (type.kind === 'quote' ? { depth: 1, intervalMs: type.intervalMs } : type));
  return (source) =>
    new Observable<BookDerivedRecord>((subscriber) => {
      const books = new HeldStates<BookState>();
      const create = (): BookState => ({ samplers: specs.map((spec) => new TopSampler(spec)) });
      return source.subscribe({
        next: (event) => {
          if (event.type === 'feed_status') {
            if (resets(event, true)) books.drop(event);
            return;
          }
          const { state, fresh } = books.get(event, create);
          if (changes) subscriber.next(bookChangeOf(event, fresh));
          for (const [i, sampler] of state.samplers.entries()) {
            const type = sampled[i];
            if (type === undefined) continue;
            for (const top of sampler.step(event)) subscriber.next(type.kind === 'quote' ? quoteOf(type, top) : intervalSnapshotOf(type, top));
          }
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
    });
}

/**
 * The trade bars (`trade_bar_*`) of every instrument's published trades; a disconnect or a venue
 * switch drops the bars open in its scope (a bar missing trades is not published).
 */
export function tradeBars(types: readonly TradeDataType[]): OperatorFunction<FeedEvent, TradeBar> {
  return (source) =>
    new Observable<TradeBar>((subscriber) => {
      const bars = new HeldStates<readonly TradeBarBuilder[]>();
      const create = (): readonly TradeBarBuilder[] => types.map((type) => new TradeBarBuilder(type.barKind, type.interval));
      return source.subscribe({
        next: (event) => {
          if (event.type === 'feed_status') {
            if (resets(event, false)) bars.drop(event);
            return;
          }
          if (event.type !== 'trade') return;
          const { state } = bars.get(event, create);
          for (const [i, builder] of state.entries()) {
            const type = types[i];
            if (type === undefined) continue;
            for (const figures of builder.step(event)) subscriber.next(tradeBarOf(type, figures));
          }
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
    });
}

/**
 * A record's provenance from the record it is made of, with the time it is stamped with and its
 * trigger's receive time; the builders add their fields to it with `Object.assign`, a spread followed
 * by more properties costing about 1 µs a property on the hot path.
 */
function provenance(of: MarketRecordBase, exchangeTs: number, receivedTs: number): Building<MarketRecordBase> {
  const base: Building<MarketRecordBase> = {
    exchange: of.exchange,
    symbol: of.symbol,
    coin: of.coin,
    quote: of.quote,
    exchangeTs,
    receivedTs,
    isFallback: of.isFallback,
    env: of.env,
    connectionId: of.connectionId,
  };
  if (of.instrument !== undefined) base.instrument = of.instrument;
  return base;
}

/** The change a view's update made: the whole book for a book's first view or a whole-book push, else the update's levels. */
function bookChangeOf(view: OrderBookView, fresh: boolean): BookChange {
  const whole = fresh || view.applied === undefined || view.applied.isSnapshot;
  const levels = whole ? (view.book ?? view) : view.applied;
  return Object.assign(provenance(view, view.exchangeTs, view.receivedTs), {
    type: 'book_change' as const,
    isSnapshot: whole,
    bids: levels?.bids ?? [],
    asks: levels?.asks ?? [],
    updateId: view.updateId,
  });
}

function intervalSnapshotOf(type: Extract<BookDataType, { kind: 'book_snapshot' }>, top: SampledTop): IntervalBookSnapshot {
  const snapshot: Building<IntervalBookSnapshot> = Object.assign(provenance(top.described, top.stampTs, top.trigger.receivedTs), {
    type: 'interval_book_snapshot' as const,
    name: type.name,
    depth: type.depth,
    intervalMs: type.intervalMs,
    bids: top.bids,
    asks: top.asks,
    updateId: top.described.updateId,
  });
  if (type.grouping !== undefined) snapshot.grouping = type.grouping;
  return snapshot;
}

function quoteOf(type: Extract<BookDataType, { kind: 'quote' }>, top: SampledTop): Quote {
  const quote: Building<Quote> = Object.assign(provenance(top.described, top.stampTs, top.trigger.receivedTs), {
    type: 'quote' as const,
    name: type.name,
    intervalMs: type.intervalMs,
    updateId: top.described.updateId,
  });
  const bid = top.bids[0];
  const ask = top.asks[0];
  if (bid !== undefined) {
    quote.bidPrice = bid.price;
    quote.bidSize = bid.size;
  }
  if (ask !== undefined) {
    quote.askPrice = ask.price;
    quote.askSize = ask.size;
  }
  return quote;
}

function tradeBarOf(type: TradeDataType, bar: BarFigures): TradeBar {
  return Object.assign(provenance(bar.last, bar.stampTs, bar.trigger.receivedTs), {
    type: 'trade_bar' as const,
    name: type.name,
    kind: type.barKind,
    interval: type.interval,
    open: bar.open,
    high: bar.high,
    low: bar.low,
    close: bar.close,
    volume: bar.volume,
    buyVolume: bar.buyVolume,
    sellVolume: bar.sellVolume,
    trades: bar.trades,
    vwap: bar.vwap,
    openTs: bar.openTs,
    closeTs: bar.closeTs,
  });
}
