import type { DerivativeTicker, MarketEvent, PriceTick } from '../../model/index.js';
import type { MarketRecordBase } from '../../model/market-record.js';
import { changePercent } from '../change-percent.js';
import type { Building } from '../../model/building.js';
import type { SymbolReducer, SymbolStep } from '../venue-protocol.js';

/** A perpetual's figures as Bybit last sent them: mark, index, funding, open interest and the last price. */
export type BybitLinearFigures = Pick<
  DerivativeTicker,
  'markPrice' | 'indexPrice' | 'fundingRate' | 'nextFundingTs' | 'openInterest' | 'openInterestValue' | 'openInterestTs' | 'openInterestSource' | 'lastPrice'
>;

/** The rolling day's figures as Bybit last sent them, in the price tick's terms. */
export type BybitLinearDay = Pick<PriceTick, 'open24h' | 'high24h' | 'low24h' | 'volume24h' | 'turnover24h' | 'change24hPct'>;

/**
 * One linear `tickers` frame as the mapper hands it to the reducer: a `derivative_ticker` holding the
 * figures this frame sent and nothing else (`exchangeTs` its `ts`), with the frame's type and the day's
 * figures it sent. The reducer merges it into the symbol's last known figures and never passes it on.
 */
export interface BybitLinearTickerUpdate extends DerivativeTicker {
  readonly bybitTicker: { readonly type: 'snapshot' | 'delta'; readonly day: BybitLinearDay };
}

/** True for the mapper's ticker updates, which only the reducer reads. */
export function isBybitLinearTickerUpdate(event: MarketEvent): event is BybitLinearTickerUpdate {
  return event.type === 'derivative_ticker' && 'bybitTicker' in event;
}

/** One symbol's figures between frames; empty before its first `tickers` frame. */
export interface BybitLinearTickerState {
  readonly figures: BybitLinearFigures;
  readonly day: BybitLinearDay;
}

const EMPTY: BybitLinearTickerState = { figures: {}, day: {} };

/** The figures whose arrival makes a `derivative_ticker`: a frame of best bid/ask or day figures alone makes none. */
const DERIVATIVE_FIGURES = ['markPrice', 'indexPrice', 'fundingRate', 'nextFundingTs', 'openInterest', 'openInterestValue'] as const;
const MERGED_FIGURES = [...DERIVATIVE_FIGURES, 'openInterestTs', 'openInterestSource', 'lastPrice'] as const;
const DAY_FIGURES = ['open24h', 'high24h', 'low24h', 'volume24h', 'turnover24h', 'change24hPct'] as const;

/**
 * Bybit linear `tickers` per symbol, pure, run with `scan` (fresh for every subscription of the feed).
 * A snapshot replaces the symbol's figures; a delta overlays the figures it sent on the last known ones
 * (a figure it does not send is unchanged). A delta before any snapshot (not seen in recordings: Bybit
 * sends the snapshot first on subscribe) is overlaid on nothing, so its records carry only what it sent.
 * Each frame that sent one of mark, index, funding rate, next funding time, open interest or its value
 * emits a `derivative_ticker` carrying every figure known so far (open interest timed by the frame that
 * last sent `openInterest`, and sourced `stream` whenever it is known); each frame that sent the last price or a day figure emits a `price_tick` of the merged
 * figures once a last price is known. A frame of best bid/ask alone emits nothing. Other events pass.
 */
export function bybitLinearTickerReducer(): SymbolReducer<BybitLinearTickerState> {
  return {
    initial: () => EMPTY,
    reduce: (state, events) => {
      let current = state;
      const out: MarketEvent[] = [];
      for (const event of events) {
        if (!isBybitLinearTickerUpdate(event)) {
          out.push(event);
          continue;
        }
        const step = tickerStep(current, event);
        current = step.state;
        out.push(...step.events);
      }
      return { state: current, events: out };
    },
  };
}

function tickerStep(state: BybitLinearTickerState, update: BybitLinearTickerUpdate): SymbolStep<BybitLinearTickerState> {
  const from = update.bybitTicker.type === 'snapshot' ? EMPTY : state;
  const sent = pick(update, MERGED_FIGURES);
  const next: BybitLinearTickerState = { figures: { ...from.figures, ...sent }, day: { ...from.day, ...update.bybitTicker.day } };
  const events: MarketEvent[] = [];
  const base = provenanceOf(update);
  if (DERIVATIVE_FIGURES.some((key) => sent[key] !== undefined)) events.push({ type: 'derivative_ticker', ...base, ...next.figures });
  const price = next.figures.lastPrice;
  const dayNews = sent.lastPrice !== undefined || DAY_FIGURES.some((key) => update.bybitTicker.day[key] !== undefined);
  if (dayNews && price !== undefined) {
    const tick: Building<PriceTick> = { type: 'price_tick', ...base, price, ...next.day };
    const change = next.day.change24hPct ?? changePercent(price, next.day.open24h);
    if (change !== undefined) tick.change24hPct = change;
    events.push(tick);
  }
  return { state: next, events };
}

/** The keys of `source` that hold a value. */
function pick<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const picked: Partial<Pick<T, K>> = {};
  for (const key of keys) if (source[key] !== undefined) picked[key] = source[key];
  return picked;
}

/** The record fields every market record carries, copied from the update. */
function provenanceOf(update: BybitLinearTickerUpdate): MarketRecordBase {
  const base: Building<MarketRecordBase> = {
    exchange: update.exchange,
    symbol: update.symbol,
    coin: update.coin,
    quote: update.quote,
    exchangeTs: update.exchangeTs,
    receivedTs: update.receivedTs,
    isFallback: update.isFallback,
    env: update.env,
    connectionId: update.connectionId,
  };
  if (update.instrument !== undefined) base.instrument = update.instrument;
  return base;
}
