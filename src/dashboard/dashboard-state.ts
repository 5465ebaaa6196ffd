import type { FeedRecord } from '../model/index.js';
import type { FeedStatus } from '../model/feed-status.js';
import { instrumentOf } from '../model/market-record.js';
import { bookPanel, type BookPanel } from './book-panel.js';
import { reduceInstrumentTick, reduceInstrumentTrade, type InstrumentFigures } from './instrument-figures.js';
import {
  busiestOf,
  DEFAULT_ROWS,
  instrumentRow,
  instrumentsView,
  NO_FILTER,
  rankInstruments,
  type InstrumentFilter,
  type InstrumentRow,
  type InstrumentsView,
  type RankedInstrument,
} from './instrument-table.js';
import { KeyedTable } from './keyed-table.js';
import { EMPTY_OPTION_CHAINS, reduceOptionSummary, type OptionChains } from './option-chains.js';
import { optionsView, type OptionsView } from './options-view.js';
import type { PipelineHealth } from './pipeline-health.js';
import {
  EMPTY_DETAIL,
  reduceBook,
  reduceDerivativeTicker,
  reduceLargeTrade,
  reduceLiquidation,
  reduceSale,
  reduceSymbolStatus,
  reduceWindowStats,
  type SymbolDetail,
} from './symbol-detail.js';
import { EMPTY_VENUES, reduceVenues, type VenuesView } from './venue-state.js';
import { pruneTimeline, reduceTimelines, type Timelines } from './venue-timeline.js';

/** A record as the dashboard reads it: a known record type, or a book topic's value by topic name. */
export type DashboardInput =
  | { readonly kind: 'record'; readonly record: FeedRecord }
  | { readonly kind: 'book' | 'bookStats'; readonly instrument: string; readonly value: Readonly<Record<string, unknown>> }
  | { readonly kind: 'dead_letter' };

/**
 * Everything the page shows, folded from the topics. Per instrument (`BASE-QUOTE`) in tables that
 * copy about 1/64 of themselves per record, so a record costs the same at 20 instruments or 2,600.
 */
export interface DashboardState {
  readonly venues: VenuesView;
  readonly timelines: Timelines;
  readonly instruments: KeyedTable<InstrumentFigures>;
  readonly details: KeyedTable<SymbolDetail>;
  /** `exchange:symbol` -> instrument, learned from the records, to place a status about one venue symbol. */
  readonly symbols: KeyedTable<string>;
  /** The quote assets seen, longest first (to read an unseen venue symbol as `BASE-QUOTE`). */
  readonly quotes: readonly string[];
  /** Option chains by underlying and expiry, from the option summaries. */
  readonly options: OptionChains;
  /** Records read, by type. */
  readonly counts: Readonly<Record<string, number>>;
}

export const EMPTY_DASHBOARD: DashboardState = {
  venues: EMPTY_VENUES,
  timelines: {},
  instruments: KeyedTable.empty(),
  details: KeyedTable.empty(),
  symbols: KeyedTable.empty(),
  quotes: [],
  options: EMPTY_OPTION_CHAINS,
  counts: {},
};

function withDetail(state: DashboardState, instrument: string, step: (detail: SymbolDetail) => SymbolDetail): DashboardState {
  return { ...state, details: state.details.update(instrument, (d) => step(d ?? EMPTY_DETAIL)) };
}

/** Learns which instrument a venue symbol is (once per symbol). */
function learned(
  state: DashboardState,
  record: { readonly exchange: string; readonly symbol: string; readonly coin: string; readonly quote: string; readonly instrument?: string },
): DashboardState {
  const key = `${record.exchange}:${record.symbol}`;
  if (state.symbols.has(key)) return state;
  const quotes = state.quotes.includes(record.quote) ? state.quotes : [...state.quotes, record.quote].sort((a, b) => b.length - a.length);
  return { ...state, symbols: state.symbols.set(key, instrumentOf(record)), quotes };
}

/** The instrument of a status about one venue symbol: as learned from records, else the symbol less a quote seen on another instrument. */
function instrumentOfSymbol(state: DashboardState, status: FeedStatus & { readonly symbol: string }): string | undefined {
  const known = state.symbols.get(`${status.exchange}:${status.symbol}`);
  if (known !== undefined) return known;
  const symbol = status.symbol.toUpperCase().replace(/[-_/]/g, '');
  const quote = state.quotes.find((q) => symbol.length > q.length && symbol.endsWith(q));
  return quote === undefined ? undefined : `${symbol.slice(0, -quote.length)}-${quote}`;
}

function foldStatus(state: DashboardState, status: FeedStatus): DashboardState {
  if (status.symbol !== undefined) {
    const instrument = instrumentOfSymbol(state, { ...status, symbol: status.symbol });
    return instrument === undefined ? state : withDetail(state, instrument, (d) => reduceSymbolStatus(d, status));
  }
  const venues = reduceVenues(state.venues, status);
  return { ...state, venues, timelines: reduceTimelines(state.timelines, state.venues, venues, status) };
}

function fold(state: DashboardState, input: DashboardInput): DashboardState {
  if (input.kind === 'dead_letter') return state;
  if (input.kind !== 'record') {
    const { kind, value } = input;
    return withDetail(state, input.instrument, (d) => reduceBook(d, kind, value));
  }
  const record = input.record;
  switch (record.type) {
    case 'feed_status':
      return foldStatus(state, record);
    case 'trade': {
      const key = instrumentOf(record);
      const next = learned(state, record);
      return {
        ...next,
        instruments: next.instruments.update(key, (f) => reduceInstrumentTrade(f, record)),
        details: next.details.update(key, (d) => reduceSale(d ?? EMPTY_DETAIL, record)),
      };
    }
    case 'price_tick': {
      const next = learned(state, record);
      return { ...next, instruments: next.instruments.update(instrumentOf(record), (f) => reduceInstrumentTick(f, record)) };
    }
    case 'large_trade':
      return withDetail(state, instrumentOf(record), (d) => reduceLargeTrade(d, record));
    case 'window_stats':
      return withDetail(state, instrumentOf(record), (d) => reduceWindowStats(d, record));
    case 'derivative_ticker':
      return withDetail(learned(state, record), instrumentOf(record), (d) => reduceDerivativeTicker(d, record));
    case 'liquidation':
      return withDetail(learned(state, record), instrumentOf(record), (d) => reduceLiquidation(d, record));
    case 'option_summary':
      return { ...state, options: reduceOptionSummary(state.options, record) };
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

/** The chosen instrument's detail as the page draws it: its row, and the order book as one panel from one book. */
export interface ChosenView extends Omit<SymbolDetail, 'book' | 'bookStats'> {
  readonly instrument: string;
  readonly coin: string;
  readonly quote: string;
  readonly row?: InstrumentRow;
  readonly book?: BookPanel;
}

/** What one Server-Sent Event carries: venues, the table's first rows for the page's filter, the chosen instrument. */
export interface DashboardView {
  readonly now: number;
  readonly venues: VenuesView;
  readonly timelines: Timelines;
  readonly instruments: InstrumentsView;
  readonly chosen?: ChosenView;
  /** The option chains to choose from and the chosen one's expiries, smiles and strikes. */
  readonly options: OptionsView;
  readonly health: Omit<PipelineHealth, 'readings'>;
  readonly counts: Readonly<Record<string, number>>;
}

/** What a page asks for: the instrument it shows (`instrument`, or `coin` for that coin's busiest), its filter and how many rows. */
export interface ViewRequest {
  readonly instrument?: string;
  readonly coin?: string;
  readonly filter?: InstrumentFilter;
  /** Rows at most; default DEFAULT_ROWS. */
  readonly limit?: number;
  /** The option chain shown (`BTC-USD`; default the largest), its venue (`okx_options`; default the one with most of its options) and its expiry (`20261226`; default the nearest). */
  readonly chain?: string;
  readonly venue?: string;
  readonly expiry?: string;
}

/**
 * The page's view at `now`: the first `limit` instruments matching the filter, busiest first (never the
 * whole universe), timelines clipped to the last hour, the chosen instrument's detail, the option chains
 * (the chosen chain's expiries and smiles, the chosen expiry's strikes). `ranked` is
 * `rankInstruments(state.instruments, now)`, passed in when several views share it.
 */
export function dashboardView(
  state: DashboardState,
  health: PipelineHealth,
  now: number,
  request: ViewRequest = {},
  ranked: readonly RankedInstrument[] = rankInstruments(state.instruments, now),
): DashboardView {
  const flagOf = (instrument: string): string | undefined => state.details.get(instrument)?.flag?.flag;
  const instruments = instrumentsView(ranked, now, request.filter ?? NO_FILTER, request.limit ?? DEFAULT_ROWS, flagOf);
  const timelines = Object.fromEntries(Object.entries(state.timelines).map(([id, t]) => [id, t === undefined ? t : pruneTimeline(t, now)]));
  const { readings: _readings, ...shown } = health;
  const venues = state.venues.activeExchange === undefined ? withActiveFromRecords(state.venues, ranked) : state.venues;
  const chosen = request.instrument ?? (request.coin === undefined ? undefined : busiestOf(ranked, request.coin));
  return {
    now,
    venues,
    timelines,
    instruments,
    options: optionsView(state.options, now, {
      ...(request.chain === undefined ? {} : { chain: request.chain }),
      ...(request.venue === undefined ? {} : { venue: request.venue }),
      ...(request.expiry === undefined ? {} : { expiry: request.expiry }),
    }),
    health: shown,
    counts: state.counts,
    ...(chosen === undefined ? {} : { chosen: chosenView(state, ranked, chosen, now, flagOf) }),
  };
}

function chosenView(
  state: DashboardState,
  ranked: readonly RankedInstrument[],
  instrument: string,
  now: number,
  flagOf: (instrument: string) => string | undefined,
): ChosenView {
  const { book, bookStats, ...detail } = state.details.get(instrument) ?? EMPTY_DETAIL;
  const figures = state.instruments.get(instrument);
  const panel = bookPanel({ book, bookStats }, now, figures?.exchange);
  const at = instrument.indexOf('-');
  const found = figures === undefined ? undefined : ranked.find((r) => r.figures === figures);
  return {
    instrument,
    coin: at === -1 ? instrument : instrument.slice(0, at),
    // The key's second part: `USDT` of `BTC-USDT-PERP`, `USD` of an option `BTC-USD-20261127-56000-C`.
    quote: instrument.split('-')[1] ?? '',
    ...detail,
    ...(found === undefined ? {} : { row: instrumentRow(found, now, flagOf(instrument)) }),
    ...(panel === undefined ? {} : { book: panel }),
  };
}

/** Before any status names the active venue, it is the venue of the latest record from a primary. */
function withActiveFromRecords(view: VenuesView, ranked: readonly RankedInstrument[]): VenuesView {
  let latest: InstrumentFigures | undefined;
  for (const { figures: c } of ranked) if (!c.isFallback && (latest === undefined || c.lastTs > latest.lastTs)) latest = c;
  const active = latest?.exchange;
  if (active === undefined) return view;
  const venues = Object.fromEntries(Object.entries(view.venues).map(([id, v]) => [id, v === undefined ? v : { ...v, active: id === active }]));
  return { ...view, venues, activeExchange: active };
}
