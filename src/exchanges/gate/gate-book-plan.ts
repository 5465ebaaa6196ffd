import { EMPTY, map, type Observable } from 'rxjs';
import type { ExchangeId } from '../../model/index.js';
import { binanceBookSync } from '../binance/binance-book-sync.js';
import type { BookPlan, BookSyncContext } from '../book-sync.js';
import type { BookUpdate } from '../book-update.js';
import type { LevelChange } from '../l2-book.js';
import type { MapperContext } from '../mapper-context.js';
import { contractsToBase } from '../okx/okx-contracts.js';
import { stringValues } from '../refused-frame-peek.js';
import { fetchVenueList } from '../rest/fetch-venue-list.js';
import { pacedVenueRead } from '../rest/paced-venue-read.js';
import { restWeightPacer, type RestWeightPacer } from '../rest/rest-weight-pacer.js';
import { gateBookUpdate, readGateBookSnapshot } from './gate-book.js';
import type { GateFrame, GateMarket } from './gate-frames.js';
import { GATE_REST_PACER_CONFIG } from './gate-limits.js';
import { GATE_REST_DIALECT } from './gate-rest.js';
import { GATE_BOOK_CHANNEL, GATE_BOOK_LEVELS } from './gate-subscriptions.js';

/** Time a snapshot request may take, waiting for its turn included, ms. */
const SNAPSHOT_TIMEOUT_MS = 10_000;

/**
 * `GET /api/v4/spot/order_book?currency_pair=X&limit=100&with_id=true` and
 * `GET /api/v4/futures/usdt/order_book?contract=X&limit=100&with_id=true` (docs "Retrieve order book"):
 * the snapshot the pushes are bridged to by its `id`, as deep as a futures push's levels.
 */
export function gateOrderBookPath(market: GateMarket, symbol: string): string {
  const encoded = encodeURIComponent(symbol);
  return market === 'spot'
    ? `/api/v4/spot/order_book?currency_pair=${encoded}&limit=${GATE_BOOK_LEVELS}&with_id=true`
    : `/api/v4/futures/usdt/order_book?contract=${encoded}&limit=${GATE_BOOK_LEVELS}&with_id=true`;
}

/** A book update's sizes in the coin: futures contracts times the instrument's contract value; undefined when that is unknown. */
function inCoin(update: BookUpdate, market: GateMarket, partsOf: MapperContext['partsOf'] | undefined): BookUpdate | undefined {
  if (market === 'spot') return update;
  const value = partsOf?.(update.symbol)?.contractValue;
  if (value === undefined) return undefined;
  const scale = (levels: readonly LevelChange[]) => levels.map((level) => ({ price: level.price, size: contractsToBase(level.size, value) }));
  return { ...update, bids: scale(update.bids), asks: scale(update.asks) };
}

/**
 * Gate's order books over `order_book_update` (100 ms), kept as Binance's by update ids (Gate's rule is
 * Binance US's, `us`: `gateBookUpdate`), bridged to paced REST snapshots of 100 levels; on futures every
 * size in the coin (contracts times the contract value of the venue's list; a book of an instrument without
 * one stays empty). A whole-book push (`full: true`) of a live book is left to the next push, whose ids
 * then no longer follow on: the book is fetched again. The snapshots have their own pacer per venue:
 * Gate counts each REST endpoint apart (200 requests in 10 s each).
 */
export function gateBookPlan(market: GateMarket): BookPlan<GateFrame> {
  const pacers = new Map<ExchangeId, RestWeightPacer>();
  return {
    channel: GATE_BOOK_CHANNEL,
    updates: (frame, receivedTs, context) => {
      if (frame.kind !== 'book_update' || frame.channel !== GATE_BOOK_CHANNEL) return [];
      const update = inCoin(gateBookUpdate(frame, receivedTs), market, context?.partsOf);
      return update === undefined ? [] : [update];
    },
    refusedSymbols: gateBookSymbolsOf,
    sync: (context) => binanceBookSync({ rule: 'us', scheduler: context.scheduler, logger: context.logger, snapshot: snapshotOf(market, context, pacers) }),
  };
}

/** One symbol's REST snapshot, paced, in the coin; nothing without a REST URL (replay, `normalize`: no book goes live). */
function snapshotOf(market: GateMarket, context: BookSyncContext, pacers: Map<ExchangeId, RestWeightPacer>): (symbol: string) => Observable<BookUpdate> {
  const { exchange, restUrl, scheduler, logger, partsOf } = context;
  const pacer = pacers.get(exchange) ?? restWeightPacer(scheduler, GATE_REST_PACER_CONFIG);
  pacers.set(exchange, pacer);
  if (restUrl === undefined) logger.warn({ exchange }, 'no REST URL for depth snapshots: books stay empty');
  return (symbol) => {
    if (restUrl === undefined) return EMPTY;
    const url = `${restUrl.replace(/\/+$/, '')}${gateOrderBookPath(market, symbol)}`;
    const task = () => fetchVenueList({ exchange, url, dialect: GATE_REST_DIALECT, read: (json) => readGateBookSnapshot(json, symbol, scheduler.now()) });
    return pacedVenueRead({ exchange, url, pacer, weight: 1, timeoutMs: SNAPSHOT_TIMEOUT_MS, scheduler, task }).pipe(
      map((snapshot) => inCoin(snapshot, market, partsOf) ?? { ...snapshot, bids: [], asks: [] }),
    );
  };
}

/** The instruments of a refused depth push, read leniently from its text: `"channel":"spot.order_book_update"` with its `"s"`. */
export function gateBookSymbolsOf(text: string): readonly string[] {
  return stringValues(text, 'channel').some((channel) => channel.endsWith(`.${GATE_BOOK_CHANNEL}`)) ? stringValues(text, 's') : [];
}
