import type { EpochMillis, ExchangeId, ExitReason, FeedStatus, MarketEnv, PriceTick, StrategySignal, TradeEvent, WindowStats } from '../model/index.js';
import type { Building } from '../model/building.js';
import { marketOf } from '../exchanges/venues.js';
import { INITIAL_BREAKER, holdReasons, reduceBreaker, type BreakerState, type HoldReason } from './circuit-breaker.js';
import { EMPTY_WINDOW, addToWindow, windowMove, type PriceWindow } from './price-window.js';
import type { SniperConfig } from './sniper-config.js';

/** What the sniper consumes: ticks, trades, stats and feed status. */
export type SniperInput = TradeEvent | PriceTick | WindowStats | FeedStatus;

interface LastPrice {
  readonly price: number;
  readonly exchangeTs: EpochMillis;
  readonly exchange: ExchangeId;
  readonly symbol: string;
  readonly quote: string;
  /** The instrument the price is published under when not `coin-quote` (equivalent quotes). */
  readonly instrument?: string;
  readonly env: MarketEnv;
}

/** An open paper position. */
export interface Position {
  readonly entryPrice: number;
  readonly entryTs: EpochMillis;
  readonly signalId: string;
}

/** A closed paper position. */
export interface ClosedTrade {
  readonly coin: string;
  readonly entryPrice: number;
  readonly exitPrice: number;
  readonly pnlPct: number;
  readonly holdingMs: number;
  readonly exitReason: ExitReason;
}

/** One coin: its price cache entry, rolling window, latest stats and open position. */
export interface CoinState {
  readonly window: PriceWindow;
  readonly last?: LastPrice;
  readonly stats?: WindowStats;
  readonly position?: Position;
  /** When the coin's last position was closed. */
  readonly lastExitTs?: EpochMillis;
}

export interface SniperState {
  readonly coins: ReadonlyMap<string, CoinState>;
  readonly breaker: BreakerState;
  readonly closed: readonly ClosedTrade[];
  /** Latest time seen in the input (receive times, status times, window ends), epoch ms. */
  readonly now: EpochMillis;
}

export const INITIAL_SNIPER_STATE: SniperState = { coins: new Map(), breaker: INITIAL_BREAKER, closed: [], now: 0 };

/** The entry rule fired but the circuit breaker held it back. */
export interface HeldEntry {
  readonly coin: string;
  readonly risePct: number;
  readonly buyRatio: number;
  readonly reasons: readonly HoldReason[];
}

export interface SniperStep {
  readonly state: SniperState;
  readonly signals: readonly StrategySignal[];
  readonly held?: HeldEntry;
}

const round = (value: number, digits = 4): number => Number(value.toFixed(digits));

/**
 * The sniper as a reducer: folds one record of a spot venue in and says which paper signals it causes
 * (a perpetual's records are left alone: its coin's price there is another one).
 * Entry: the coin's price rose at least `risePct` over its lowest price within `windowMs`, with at
 * least `minTrades` trades and a buy ratio of at least `minBuyRatio`, and the circuit breaker open.
 * Exit: take-profit, stop-loss or `maxHoldingMs`. After an exit the coin's window starts afresh and
 * no new entry is taken on it for `reentryCooldownMs`.
 */
export function stepSniper(state: SniperState, input: SniperInput, config: SniperConfig): SniperStep {
  // A spot strategy: a perpetual's records (the same coin at another price) and its venues' statuses are not its inputs.
  if (marketOf(input.exchange) !== 'spot') return { state, signals: [] };
  if (input.type === 'feed_status') {
    const now = Math.max(state.now, input.ts);
    return expireHoldings({ ...state, now, breaker: reduceBreaker(state.breaker, input) }, config);
  }
  if (input.type === 'window_stats') {
    const coin = state.coins.get(input.coin) ?? { window: EMPTY_WINDOW };
    const coins = new Map(state.coins).set(input.coin, { ...coin, stats: input });
    return expireHoldings({ ...state, coins, now: Math.max(state.now, input.windowEnd) }, config);
  }
  const previous = state.coins.get(input.coin) ?? { window: EMPTY_WINDOW };
  const now = Math.max(state.now, input.receivedTs);
  if (previous.last !== undefined && previous.last.exchange === input.exchange && input.exchangeTs < previous.last.exchangeTs) {
    return expireHoldings({ ...state, now }, config);
  }
  const trade = input.type === 'trade' ? { quantity: input.quantity, side: input.side } : undefined;
  const last: Building<LastPrice> = {
    price: input.price,
    exchangeTs: input.exchangeTs,
    exchange: input.exchange,
    symbol: input.symbol,
    quote: input.quote,
    env: input.env,
  };
  if (input.instrument !== undefined) last.instrument = input.instrument;
  const coin: CoinState = { ...previous, last, window: addToWindow(previous.window, input.receivedTs, input.price, config.windowMs, trade) };
  const next: SniperState = { ...state, now, coins: new Map(state.coins).set(input.coin, coin) };
  const expired = expireHoldings(next, config);
  const current = expired.state.coins.get(input.coin) ?? coin;
  if (current.position !== undefined) {
    const exit = exitOf(current.position, input.price, now, config);
    if (exit === undefined) return expired;
    const closed = closePosition(expired.state, input.coin, exit, now);
    return { state: closed.state, signals: [...expired.signals, ...closed.signals] };
  }
  if (expired.signals.length > 0) return expired;
  return tryEntry(expired.state, input.coin, current, last, now, config);
}

function tryEntry(state: SniperState, coinName: string, coin: CoinState, last: LastPrice, now: EpochMillis, config: SniperConfig): SniperStep {
  if (coin.lastExitTs !== undefined && now - coin.lastExitTs < config.reentryCooldownMs) return { state, signals: [] };
  const move = windowMove(coin.window);
  if (move.risePct < config.risePct || move.trades < config.minTrades || move.buyRatio === undefined || move.buyRatio < config.minBuyRatio) {
    return { state, signals: [] };
  }
  const reasons = holdReasons(state.breaker, { ...last, coin: coinName }, now, config.failoverHoldMs);
  if (reasons.length > 0) return { state, signals: [], held: { coin: coinName, risePct: round(move.risePct), buyRatio: round(move.buyRatio), reasons } };
  const signalId = `sniper-${coinName}-${now}-entry`;
  const signal: StrategySignal = {
    ...signalBase(coinName, last, now),
    signalId,
    action: 'ENTRY',
    risePct: round(move.risePct),
    buyRatio: round(move.buyRatio),
    reason: `price +${round(move.risePct, 2)}% within ${config.windowMs / 1000} s (>= ${config.risePct}%), buy ratio ${round(move.buyRatio, 2)} (>= ${config.minBuyRatio}) over ${move.trades} trades`,
  };
  const coins = new Map(state.coins).set(coinName, { ...coin, position: { entryPrice: last.price, entryTs: now, signalId } });
  return { state: { ...state, coins }, signals: [signal] };
}

function exitOf(
  position: Position,
  price: number,
  now: EpochMillis,
  config: SniperConfig,
): { readonly reason: ExitReason; readonly price: number; readonly text: string } | undefined {
  const pnlPct = ((price - position.entryPrice) / position.entryPrice) * 100;
  if (pnlPct >= config.takeProfitPct) return { reason: 'take_profit', price, text: `take-profit: ${round(pnlPct, 2)}% >= ${config.takeProfitPct}%` };
  if (pnlPct <= -config.stopLossPct) return { reason: 'stop_loss', price, text: `stop-loss: ${round(pnlPct, 2)}% <= -${config.stopLossPct}%` };
  if (now - position.entryTs >= config.maxHoldingMs) return { reason: 'max_holding', price, text: `max holding time ${config.maxHoldingMs / 1000} s reached` };
  return undefined;
}

/** Closes positions held for `maxHoldingMs` at the coin's last price. */
function expireHoldings(state: SniperState, config: SniperConfig): SniperStep {
  let step: SniperStep = { state, signals: [] };
  for (const [coinName, coin] of state.coins) {
    if (coin.position === undefined || coin.last === undefined || state.now - coin.position.entryTs < config.maxHoldingMs) continue;
    const exit = exitOf(coin.position, coin.last.price, state.now, config);
    if (exit === undefined) continue;
    const closed = closePosition(step.state, coinName, exit, state.now);
    step = { state: closed.state, signals: [...step.signals, ...closed.signals] };
  }
  return step;
}

function closePosition(
  state: SniperState,
  coinName: string,
  exit: { readonly reason: ExitReason; readonly price: number; readonly text: string },
  now: EpochMillis,
): SniperStep {
  const coin = state.coins.get(coinName);
  if (coin?.position === undefined || coin.last === undefined) return { state, signals: [] };
  const { position, last } = coin;
  const pnlPct = round(((exit.price - position.entryPrice) / position.entryPrice) * 100);
  const holdingMs = now - position.entryTs;
  const signal: StrategySignal = {
    ...signalBase(coinName, last, now),
    signalId: `sniper-${coinName}-${position.entryTs}-exit`,
    action: 'EXIT',
    exitReason: exit.reason,
    price: exit.price,
    entryPrice: position.entryPrice,
    entryTs: position.entryTs,
    pnlPct,
    holdingMs,
    reason: exit.text,
  };
  const coins = new Map(state.coins).set(coinName, { last, window: EMPTY_WINDOW, lastExitTs: now, ...(coin.stats === undefined ? {} : { stats: coin.stats }) });
  const closed: ClosedTrade = { coin: coinName, entryPrice: position.entryPrice, exitPrice: exit.price, pnlPct, holdingMs, exitReason: exit.reason };
  return { state: { ...state, coins, closed: [...state.closed, closed] }, signals: [signal] };
}

function signalBase(coin: string, last: LastPrice, now: EpochMillis): Omit<StrategySignal, 'signalId' | 'action' | 'reason'> {
  return {
    type: 'strategy_signal',
    strategy: 'sniper',
    exchange: last.exchange,
    symbol: last.symbol,
    coin,
    quote: last.quote,
    env: last.env,
    price: last.price,
    ts: now,
    ...(last.instrument === undefined ? {} : { instrument: last.instrument }),
  };
}

/** Paper P&L of the closed positions, and the positions still open. */
export function paperSummary(state: SniperState): {
  readonly closedTrades: number;
  readonly wins: number;
  readonly losses: number;
  readonly totalPnlPct: number;
  readonly byExitReason: Readonly<Record<string, number>>;
  readonly openPositions: readonly string[];
} {
  const byExitReason: Record<string, number> = {};
  for (const trade of state.closed) byExitReason[trade.exitReason] = (byExitReason[trade.exitReason] ?? 0) + 1;
  return {
    closedTrades: state.closed.length,
    wins: state.closed.filter((t) => t.pnlPct > 0).length,
    losses: state.closed.filter((t) => t.pnlPct <= 0).length,
    totalPnlPct: round(state.closed.reduce((sum, t) => sum + t.pnlPct, 0)),
    byExitReason,
    openPositions: [...state.coins].filter(([, coin]) => coin.position !== undefined).map(([name]) => name),
  };
}
