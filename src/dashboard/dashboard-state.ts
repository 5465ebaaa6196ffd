import type { FeedRecord } from '../model/index.js';
import { bookPanel, type BookPanel } from './book-panel.js';
import { buyRatio, reduceCoinTick, reduceCoinTrade, tradesPerSecond, type CoinFigures } from './coin-figures.js';
import type { PipelineHealth } from './pipeline-health.js';
import { EMPTY_DETAIL, reduceBook, reduceLargeTrade, reduceSale, reduceWindowStats, type SymbolDetail } from './symbol-detail.js';
import { EMPTY_VENUES, reduceVenues, type VenuesView } from './venue-state.js';
import { reduceTimelines, pruneTimeline, type Timelines } from './venue-timeline.js';

/** A record as the dashboard reads it: a known record type, or a book topic's value by topic name. */
export type DashboardInput =
  | { readonly kind: 'record'; readonly record: FeedRecord }
  | { readonly kind: 'book' | 'bookStats'; readonly coin: string; readonly value: Readonly<Record<string, unknown>> }
  | { readonly kind: 'dead_letter' };

/** Everything the page shows, folded from the topics. */
export interface DashboardState {
  readonly venues: VenuesView;
  readonly timelines: Timelines;
  readonly coins: Readonly<Record<string, CoinFigures>>;
  readonly details: Readonly<Record<string, SymbolDetail>>;
  /** Records read, by type. */
  readonly counts: Readonly<Record<string, number>>;
}

export const EMPTY_DASHBOARD: DashboardState = { venues: EMPTY_VENUES, timelines: {}, coins: {}, details: {}, counts: {} };

function withDetail(state: DashboardState, coin: string, step: (detail: SymbolDetail) => SymbolDetail): DashboardState {
  return { ...state, details: { ...state.details, [coin]: step(state.details[coin] ?? EMPTY_DETAIL) } };
}

function fold(state: DashboardState, input: DashboardInput): DashboardState {
  if (input.kind === 'dead_letter') return state;
  if (input.kind !== 'record') {
    const { kind, value } = input;
    return withDetail(state, input.coin, (d) => reduceBook(d, kind, value));
  }
  const record = input.record;
  switch (record.type) {
    case 'feed_status': {
      const venues = reduceVenues(state.venues, record);
      return { ...state, venues, timelines: reduceTimelines(state.timelines, state.venues, venues, record) };
    }
    case 'trade': {
      const coins = { ...state.coins, [record.coin]: reduceCoinTrade(state.coins[record.coin], record) };
      return withDetail({ ...state, coins }, record.coin, (d) => reduceSale(d, record));
    }
    case 'price_tick':
      return { ...state, coins: { ...state.coins, [record.coin]: reduceCoinTick(state.coins[record.coin], record) } };
    case 'large_trade':
      return withDetail(state, record.coin, (d) => reduceLargeTrade(d, record));
    case 'window_stats':
      return withDetail(state, record.coin, (d) => reduceWindowStats(d, record));
    default:
      return state;
  }
}

/** Folds one input into the dashboard's state. */
export function reduceDashboard(state: DashboardState, input: DashboardInput): DashboardState {
  const type = input.kind === 'record' ? input.record.type : input.kind;
  const next = fold(state, input);
  return { ...next, counts: { ...next.counts, [type]: (next.counts[type] ?? 0) + 1 } };
}

/** One coin's row as the page draws it. */
export interface CoinRow {
  readonly coin: string;
  readonly symbol: string;
  readonly exchange: string;
  readonly env: string;
  readonly isFallback: boolean;
  readonly price: number;
  readonly ageMs: number;
  readonly change24hPct: number | null;
  readonly tradesPerSecond: number;
  readonly buyRatio: number | null;
  readonly spark: readonly number[];
}

/** The chosen coin's detail as the page draws it: the order book as one panel from one book. */
export interface ChosenView extends Omit<SymbolDetail, 'book' | 'bookStats'> {
  readonly coin: string;
  readonly book?: BookPanel;
}

/** What one Server-Sent Event carries: the whole view for one chosen coin (small enough to send whole). */
export interface DashboardView {
  readonly now: number;
  readonly venues: VenuesView;
  readonly timelines: Timelines;
  readonly coins: readonly CoinRow[];
  readonly chosen?: ChosenView;
  readonly health: Omit<PipelineHealth, 'readings'>;
  readonly counts: Readonly<Record<string, number>>;
}

/** The page's view at `now`: rows sorted by coin, timelines clipped to the last hour, the chosen coin's detail. */
export function dashboardView(state: DashboardState, health: PipelineHealth, now: number, chosen?: string): DashboardView {
  const coins = Object.values(state.coins)
    .sort((a, b) => a.coin.localeCompare(b.coin))
    .map((c): CoinRow => ({
      coin: c.coin, symbol: c.symbol, exchange: c.exchange, env: c.env, isFallback: c.isFallback, price: c.lastPrice, ageMs: now - c.lastTs,
      change24hPct: c.change24hPct ?? null, tradesPerSecond: tradesPerSecond(c, now), buyRatio: buyRatio(c, now) ?? null, spark: c.spark.map((p) => p.p),
    }));
  const timelines = Object.fromEntries(Object.entries(state.timelines).map(([id, t]) => [id, t === undefined ? t : pruneTimeline(t, now)]));
  const { readings: _readings, ...shown } = health;
  const venues = state.venues.activeExchange === undefined ? withActiveFromRecords(state) : state.venues;
  return {
    now, venues, timelines, coins, health: shown, counts: state.counts,
    ...(chosen === undefined ? {} : { chosen: chosenView(state, chosen, now) }),
  };
}

function chosenView(state: DashboardState, coin: string, now: number): ChosenView {
  const { book, bookStats, ...detail } = state.details[coin] ?? EMPTY_DETAIL;
  const panel = bookPanel({ book, bookStats }, now, state.coins[coin]?.exchange);
  return { coin, ...detail, ...(panel === undefined ? {} : { book: panel }) };
}

/** Before any failover names the active venue, it is the venue of the latest record from a primary. */
function withActiveFromRecords(state: DashboardState): VenuesView {
  let latest: CoinFigures | undefined;
  for (const c of Object.values(state.coins)) if (!c.isFallback && (latest === undefined || c.lastTs > latest.lastTs)) latest = c;
  const active = latest?.exchange;
  if (active === undefined) return state.venues;
  const venues = Object.fromEntries(Object.entries(state.venues.venues).map(([id, v]) => [id, v === undefined ? v : { ...v, active: id === active }]));
  return { ...state.venues, venues, activeExchange: active };
}
