import type { PerpetualMarket, PerpetualState } from '../../perpetual/perpetual-market.js';
import type { SimulatedMarket, SymbolState } from '../../simulated-market.js';
import type { TickAudience } from '../../tick-audience.js';
import { bybitSize, LINEAR_CONTRACTS, type BybitContracts } from './bybit-contracts.js';
import { linearCrossSequence } from './bybit-linear-trade-frames.js';

/** Bybit's push interval of derivative `tickers` deltas, ms (ticker.mdx "Push frequency: 100ms"). */
export const BYBIT_LINEAR_TICKER_INTERVAL_MS = 100;

/** The recorded linear snapshot's fields, in its order (bybit-linear-tickers.ndjson line 1, 27 fields). */
export const LINEAR_TICKER_FIELDS = [
  'symbol',
  'tickDirection',
  'price24hPcnt',
  'lastPrice',
  'prevPrice24h',
  'highPrice24h',
  'lowPrice24h',
  'prevPrice1h',
  'markPrice',
  'indexPrice',
  'openInterest',
  'openInterestValue',
  'turnover24h',
  'volume24h',
  'fundingIntervalHour',
  'fundingCap',
  'singleOpenInterest',
  'singleOpenInterestValue',
  'nextFundingTime',
  'fundingRate',
  'bid1Price',
  'bid1Size',
  'ask1Price',
  'ask1Size',
  'preOpenPrice',
  'preQty',
  'curPreListingPhase',
] as const;
export type LinearTickerField = (typeof LINEAR_TICKER_FIELDS)[number];

/**
 * The order of a delta's fields: the snapshot's, but `singleOpenInterest` and its value after
 * `ask1Size`, as every recorded delta has them (184 deltas, no two disagreeing). Where the funding
 * fields fall in a delta is not recorded (they did not change); the snapshot's place is kept.
 */
const MOVED_LAST: readonly LinearTickerField[] = ['singleOpenInterest', 'singleOpenInterestValue', 'preOpenPrice', 'preQty', 'curPreListingPhase'];
const DELTA_ORDER: readonly LinearTickerField[] = [...LINEAR_TICKER_FIELDS.filter((f) => !MOVED_LAST.includes(f)), ...MOVED_LAST];

/** A best price goes with its size: the recorded deltas carry both when only the size changed. */
const PARTNERS: Readonly<Partial<Record<LinearTickerField, LinearTickerField>>> = {
  bid1Price: 'bid1Size',
  bid1Size: 'bid1Price',
  ask1Price: 'ask1Size',
  ask1Size: 'ask1Price',
};

type TickerFields = Readonly<Record<LinearTickerField, string>>;

/** `value` with at most `decimals` decimals and no trailing zeros (`0.0001`, `-0.000212`). */
const trimmed = (value: number, decimals: number): string => {
  const text = value.toFixed(decimals);
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
};

/**
 * A contract's ticker fields as Bybit linear writes them (all strings, as recorded): prices at the
 * price scale with trailing zeros (`"65114.30"`), sizes at the lot step, `price24hPcnt` with 6
 * decimals, 24 h volume and turnover with 4, open interest value with 2, the funding rate without
 * trailing zeros, the funding interval and cap as recorded (`"8"`, `"0.005"`), the single-side open
 * interest half of the total (recorded: 29945.866 of 59891.732), the pre-listing fields empty.
 * Inverse (`contracts`) writes sizes in whole USD and the quote's figures in the coin, as its
 * documented ticker has them (tickers.mdx, Inverse: `openInterest` "240113967" USD,
 * `openInterestValue` "2089.79" BTC, `volume24h` "13713832.0000" USD, `turnover24h` "115.6907" BTC).
 */
export function linearTickerFields(
  state: SymbolState,
  perpetual: PerpetualState,
  fundingCap: number,
  contracts: BybitContracts = LINEAR_CONTRACTS,
): TickerFields {
  const d = state.priceDecimals;
  const s = perpetual.sizeDecimals;
  const single = Math.round((perpetual.openInterest / 2) * 10 ** s) / 10 ** s;
  const linear = {
    symbol: state.symbol,
    tickDirection: perpetual.tickDirection,
    price24hPcnt: ((state.last - state.open) / state.open).toFixed(6),
    lastPrice: state.last.toFixed(d),
    prevPrice24h: state.open.toFixed(d),
    highPrice24h: state.high.toFixed(d),
    lowPrice24h: state.low.toFixed(d),
    prevPrice1h: perpetual.prevPrice1h.toFixed(d),
    markPrice: perpetual.markPrice.toFixed(d),
    indexPrice: perpetual.indexPrice.toFixed(d),
    openInterest: perpetual.openInterest.toFixed(s),
    openInterestValue: perpetual.openInterestValue.toFixed(2),
    turnover24h: state.turnover.toFixed(4),
    volume24h: state.volume.toFixed(4),
    fundingIntervalHour: '8',
    fundingCap: String(fundingCap),
    singleOpenInterest: single.toFixed(s),
    singleOpenInterestValue: (single * perpetual.markPrice).toFixed(2),
    nextFundingTime: String(perpetual.nextFundingTime),
    fundingRate: trimmed(perpetual.fundingRate, 6),
    bid1Price: state.bid.toFixed(d),
    bid1Size: state.bidSize.toFixed(s),
    ask1Price: state.ask.toFixed(d),
    ask1Size: state.askSize.toFixed(s),
    preOpenPrice: '',
    preQty: '',
    curPreListingPhase: '',
  };
  if (contracts.category === 'linear') return linear;
  const usd = (quantity: number, price: number): string => bybitSize(contracts, quantity, price, s);
  const mark = perpetual.markPrice;
  return {
    ...linear,
    openInterest: usd(perpetual.openInterest, mark),
    openInterestValue: perpetual.openInterest.toFixed(4),
    turnover24h: state.volume.toFixed(4),
    volume24h: state.turnover.toFixed(4),
    singleOpenInterest: usd(single, mark),
    singleOpenInterestValue: single.toFixed(4),
    bid1Size: usd(state.bidSize, state.bid),
    ask1Size: usd(state.askSize, state.ask),
  };
}

/** The fields of `current` that differ from `previous` (with a changed best price's or size's partner), in delta order, after `symbol`. */
export function linearTickerDelta(previous: TickerFields, current: TickerFields): Record<string, string> | undefined {
  const changed = new Set(LINEAR_TICKER_FIELDS.filter((f) => f !== 'symbol' && previous[f] !== current[f]));
  if (changed.size === 0) return undefined;
  for (const field of [...changed]) {
    const partner = PARTNERS[field];
    if (partner !== undefined) changed.add(partner);
  }
  const delta: Record<string, string> = { symbol: current.symbol };
  for (const field of DELTA_ORDER) if (changed.has(field)) delta[field] = current[field];
  return delta;
}

export interface BybitLinearTickersConfig {
  readonly market: SimulatedMarket;
  readonly perpetual: PerpetualMarket;
  /** The `fundingCap` written, the perpetual model's bound. */
  readonly fundingCap: number;
  /** The category written; default linear. */
  readonly contracts?: BybitContracts;
}

/** What the venue last pushed of a symbol's ticker: every subscriber holds it. */
interface Pushed {
  fields: TickerFields;
  lastTradeId: number;
  pushesSince: number;
}

/**
 * Bybit linear `tickers.{SYMBOL}`: a `snapshot` with every field to a new subscriber (the ticker as
 * last pushed, so that the deltas after it apply to what it holds), then every 100 ms a `delta` to
 * the topic's holders with only the fields that changed since the last push; nothing changed, no
 * frame. Envelope keys `topic, type, data, cs, ts`, as recorded; `cs` is the symbol's cross sequence.
 */
export class BybitLinearTickers {
  private readonly pushed = new Map<string, Pushed>();

  constructor(private readonly config: BybitLinearTickersConfig) {}

  /** The snapshot frame a new subscriber of `symbol`'s ticker gets now; undefined for an unknown symbol. */
  snapshot(symbol: string, now: number): string | undefined {
    let pushed = this.pushed.get(symbol);
    if (pushed === undefined) {
      const fields = this.fields(symbol);
      const state = this.config.market.state(symbol);
      if (fields === undefined || state === undefined) return undefined;
      pushed = { fields, lastTradeId: state.lastTradeId, pushesSince: 0 };
      this.pushed.set(symbol, pushed);
    }
    return frame(symbol, 'snapshot', pushed.fields, linearCrossSequence(pushed.lastTradeId, pushed.pushesSince), now);
  }

  /** The deltas due now, written to each holder of the symbol's topic; forgets symbols nobody holds. */
  push(now: number, audience: TickAudience): void {
    for (const [symbol, pushed] of this.pushed) {
      const topic = `tickers.${symbol}`;
      if (!audience.subscribed(topic)) {
        this.pushed.delete(symbol);
        continue;
      }
      const fields = this.fields(symbol);
      const state = this.config.market.state(symbol);
      if (fields === undefined || state === undefined || !this.config.market.isTrading(symbol)) continue;
      const delta = linearTickerDelta(pushed.fields, fields);
      if (delta === undefined) continue;
      pushed.pushesSince = state.lastTradeId === pushed.lastTradeId ? pushed.pushesSince + 1 : 0;
      pushed.lastTradeId = state.lastTradeId;
      pushed.fields = fields;
      const text = frame(symbol, 'delta', delta, linearCrossSequence(pushed.lastTradeId, pushed.pushesSince), now);
      for (const connection of audience.forTopic(topic)) connection.sendData(text);
    }
  }

  private fields(symbol: string): TickerFields | undefined {
    const state = this.config.market.state(symbol);
    const perpetual = this.config.perpetual.state(symbol);
    return state === undefined || perpetual === undefined ? undefined : linearTickerFields(state, perpetual, this.config.fundingCap, this.config.contracts);
  }
}

function frame(symbol: string, type: 'snapshot' | 'delta', data: Readonly<Record<string, string>>, cs: number, now: number): string {
  return JSON.stringify({ topic: `tickers.${symbol}`, type, data, cs, ts: now });
}
