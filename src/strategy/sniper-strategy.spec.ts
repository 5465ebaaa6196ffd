import { describe, expect, it } from 'vitest';
import type { FeedStatus, MarketEnv, StrategySignal, TradeEvent } from '../model/index.js';
import { DEFAULT_SNIPER_CONFIG, type SniperConfig } from './sniper-config.js';
import { INITIAL_SNIPER_STATE, paperSummary, stepSniper, type HeldEntry, type SniperInput, type SniperState } from './sniper-strategy.js';

const config: SniperConfig = {
  ...DEFAULT_SNIPER_CONFIG,
  risePct: 1,
  windowMs: 3000,
  minBuyRatio: 0.7,
  minTrades: 3,
  takeProfitPct: 1,
  stopLossPct: 1,
  maxHoldingMs: 10_000,
  failoverHoldMs: 5000,
  reentryCooldownMs: 4000,
};
const T0 = 1_700_000_000_000;

const trade = (ms: number, price: number, side: 'BUY' | 'SELL' = 'BUY', env: MarketEnv = 'prod'): TradeEvent => ({
  type: 'trade',
  exchange: env === 'testnet' ? 'binance_testnet' : 'bybit',
  symbol: 'BTCUSDT',
  coin: 'BTC',
  quote: 'USDT',
  exchangeTs: T0 + ms,
  receivedTs: T0 + ms,
  isFallback: false,
  env,
  connectionId: 'c1',
  tradeId: String(ms),
  price,
  quantity: 1,
  side,
  isBuyerMaker: side === 'SELL',
});
const status = (ms: number, state: FeedStatus['state'], extra: Partial<FeedStatus> = {}): FeedStatus => ({
  type: 'feed_status',
  exchange: 'bybit',
  state,
  reason: '',
  ts: T0 + ms,
  ...extra,
});

function run(inputs: readonly SniperInput[], state: SniperState = INITIAL_SNIPER_STATE): { state: SniperState; signals: StrategySignal[]; held: HeldEntry[] } {
  const signals: StrategySignal[] = [];
  const held: HeldEntry[] = [];
  for (const input of inputs) {
    const step = stepSniper(state, input, config);
    state = step.state;
    signals.push(...step.signals);
    if (step.held !== undefined) held.push(step.held);
  }
  return { state, signals, held };
}

/** +1.5 % over 1.5 s in 4 buyer-initiated trades. */
const jump = (startMs: number, env: MarketEnv = 'prod'): TradeEvent[] =>
  [0, 500, 1000, 1500].map((d, n) => trade(startMs + d, 100 * (1 + (n * 0.5) / 100), 'BUY', env));

describe('stepSniper', () => {
  it('enters once when the price rises at least X % within Y s with a buy ratio of at least Z', () => {
    const { signals } = run(jump(0));
    expect(signals).toHaveLength(1);
    expect(signals[0]).toMatchObject({ action: 'ENTRY', coin: 'BTC', price: 101, risePct: 1, buyRatio: 1, ts: T0 + 1000 });
  });

  it('says the instrument a price of a listing at an equivalent quote is published under, with its own venue, symbol and quote', () => {
    const coinbase = jump(0).map((t): TradeEvent => ({ ...t, exchange: 'coinbase', symbol: 'BTC-USD', quote: 'USD', instrument: 'BTC-USDT' }));
    const { signals } = run(coinbase);
    expect(signals[0]).toMatchObject({ action: 'ENTRY', exchange: 'coinbase', symbol: 'BTC-USD', coin: 'BTC', quote: 'USD', instrument: 'BTC-USDT' });
    expect(run(jump(0)).signals[0]).not.toHaveProperty('instrument');
  });

  it("follows spot alone: the coin's perpetual, trading at its own price between the spot trades, neither dilutes a rise nor enters, and its venue's statuses hold nothing", () => {
    const perpetual = (ms: number, price: number): TradeEvent => ({
      ...trade(ms, price, 'SELL'),
      exchange: 'bybit_linear',
      instrument: 'BTC-USDT-PERP',
      tradeId: `p${ms}`,
    });
    const spot = jump(0);
    const mixed = spot.flatMap((t, n) => [t, perpetual(n * 500 + 250, 95 - n)]);
    expect(run(mixed).signals).toMatchObject([{ action: 'ENTRY', exchange: 'bybit', coin: 'BTC', price: 101 }]);
    // A jump of the perpetual alone, and a failover among the perpetual venues, are not the sniper's.
    expect(run(jump(0).map((t) => ({ ...t, exchange: 'bybit_linear' as const, instrument: 'BTC-USDT-PERP' }))).signals).toEqual([]);
    const away = status(-100, 'failover', { exchange: 'binance_usdm', fromExchange: 'bybit_linear', toExchange: 'binance_usdm' });
    expect(run([away, ...jump(0)]).signals).toHaveLength(1);
  });

  it('does not enter on a rise spread over more than the window, or with too little buying', () => {
    expect(run([0, 2000, 4000, 6000].map((ms, n) => trade(ms, 100 + n * 0.5))).signals).toEqual([]);
    expect(run([trade(0, 100, 'SELL'), trade(500, 100.5, 'SELL'), trade(1000, 101, 'BUY'), trade(1500, 101.5, 'SELL')]).signals).toEqual([]);
  });

  it('exits on take-profit, stop-loss or max holding time, with the paper P&L', () => {
    const up = run([...jump(0), trade(2000, 102.6)]);
    expect(up.signals.map((s) => [s.action, s.exitReason])).toEqual([
      ['ENTRY', undefined],
      ['EXIT', 'take_profit'],
    ]);
    expect(up.signals[1]?.pnlPct).toBeCloseTo(1.5842, 3);
    const down = run([...jump(0), trade(2000, 99.9, 'SELL')]);
    expect(down.signals[1]).toMatchObject({ action: 'EXIT', exitReason: 'stop_loss', entryPrice: 101, holdingMs: 1000 });
    const flat = run([...jump(0), trade(5000, 101.6), status(11_600, 'subscribed')]);
    expect(flat.signals[1]).toMatchObject({ action: 'EXIT', exitReason: 'max_holding', price: 101.6, holdingMs: 10_600 });
    expect(paperSummary(up.state)).toMatchObject({ closedTrades: 1, wins: 1, losses: 0, byExitReason: { take_profit: 1 }, openPositions: [] });
  });

  it('starts the window afresh after an exit, so the same rise does not re-enter at once', () => {
    const { signals } = run([...jump(0), trade(1600, 102.6), trade(1700, 102.7)]);
    expect(signals.map((s) => s.action)).toEqual(['ENTRY', 'EXIT']);
  });

  it('takes no new entry on a coin within the cooldown after its exit, and enters on a jump after it', () => {
    const exited = run([...jump(0), trade(1600, 102.6)]);
    expect(exited.signals.map((s) => s.action)).toEqual(['ENTRY', 'EXIT']);
    expect(run(jump(2000), exited.state).signals).toEqual([]);
    expect(run(jump(6000), exited.state).signals.map((s) => s.action)).toEqual(['ENTRY']);
  });

  it('holds back an entry while a feed_stale is open, and enters once it is recovered', () => {
    const stale = run([status(0, 'feed_stale'), ...jump(100)]);
    expect(stale.signals).toEqual([]);
    expect(stale.held[0]?.reasons.map((r) => r.code)).toEqual(['feed_stale']);
    expect(run([status(0, 'feed_stale'), status(50, 'feed_recovered'), ...jump(100)]).signals).toHaveLength(1);
  });

  it('ignores a stale period of another symbol', () => {
    expect(run([status(0, 'feed_stale', { symbol: 'ETHUSDT' }), ...jump(100)]).signals).toHaveLength(1);
  });

  it('never enters on testnet prices, and says so', () => {
    const { signals, held } = run(jump(0, 'testnet'));
    expect(signals).toEqual([]);
    expect(held[0]?.reasons.map((r) => r.code)).toEqual(['testnet']);
  });

  it('holds entries for N s after a failover, then enters again', () => {
    const failover = status(0, 'failover', { fromExchange: 'bybit', toExchange: 'binance' });
    const during = run([failover, ...jump(1000)]);
    expect(during.signals).toEqual([]);
    expect(during.held[0]?.reasons.map((r) => r.code)).toEqual(['failover']);
    expect(run([failover, ...jump(6000)]).signals.map((s) => s.action)).toEqual(['ENTRY']);
  });

  it('closes the stale period of a venue that becomes active again by a switch-back', () => {
    const inputs = [status(0, 'feed_stale'), status(100, 'switch_back', { fromExchange: 'binance', toExchange: 'bybit' }), ...jump(6000)];
    expect(run(inputs).signals).toHaveLength(1);
  });
});
