import { describe, expect, it } from 'vitest';
import type { DerivativeTicker } from '../../model/derivative-ticker.js';
import type { MarketEvent } from '../../model/index.js';
import type { TradeEvent } from '../../model/trade-event.js';
import { hyperliquidBacklogReducer, type HyperliquidBacklogState } from './hyperliquid-backlog-reducer.js';

const base = { exchange: 'hyperliquid', symbol: 'BTC', coin: 'BTC', quote: 'USDC', exchangeTs: 1, receivedTs: 2, isFallback: false, env: 'prod' } as const;
/** Trade `tradeId` at time `tradeId` * 10 ms, unless told otherwise. */
const trade = (tradeId: string, connectionId: string, exchangeTs = Number(tradeId) * 10): TradeEvent => ({
  type: 'trade',
  ...base,
  exchangeTs,
  connectionId,
  tradeId,
  price: 1,
  quantity: 1,
  side: 'BUY',
  isBuyerMaker: false,
});

/** Runs one coin's frames (each a list of events) through the reducer: the ids published per frame, and the state after. */
function run(frames: readonly (readonly MarketEvent[])[]): { readonly published: readonly (readonly string[])[]; readonly state: HyperliquidBacklogState } {
  let state = hyperliquidBacklogReducer.initial('BTC');
  const published = frames.map((events) => {
    const step = hyperliquidBacklogReducer.reduce(state, events);
    state = step.state;
    return step.events.map((e) => (e.type === 'trade' ? e.tradeId : e.type));
  });
  return { published, state };
}

describe('hyperliquidBacklogReducer', () => {
  it('drops the first trades message of a coin on a connection, counts its trades, and publishes the later ones', () => {
    const { published, state } = run([[trade('1', 'c1'), trade('2', 'c1')], [trade('3', 'c1')], [trade('4', 'c1')]]);
    expect(published).toEqual([[], ['3'], ['4']]);
    expect(state).toEqual({ connectionId: 'c1', lastTime: 40, backlogTrades: 2 });
  });

  it('drops the backlog again on each new connection (a reconnect, a rotation, a replayed capture of several)', () => {
    const { published, state } = run([[trade('1', 'c1')], [trade('2', 'c1')], [trade('2', 'c2'), trade('3', 'c2')], [trade('4', 'c2')]]);
    expect(published).toEqual([[], ['2'], [], ['4']]);
    expect(state).toEqual({ connectionId: 'c2', lastTime: 40, backlogTrades: 3 });
  });

  it('drops what a backlog sent again on the same connection holds of trades older than the newest seen, and publishes the newer', () => {
    // Followed until trade 3, unsubscribed, subscribed again: the venue's second backlog is trades 2 to 6.
    // Trade 3, of the newest millisecond seen, passes again (trades of one millisecond are not told apart
    // by time); the trade de-duplication downstream drops it by its id.
    const again = ['2', '3', '4', '5', '6'].map((id) => trade(id, 'c1'));
    const { published, state } = run([[trade('1', 'c1')], [trade('2', 'c1'), trade('3', 'c1')], again, [trade('7', 'c1')]]);
    expect(published).toEqual([[], ['2', '3'], ['3', '4', '5', '6'], ['7']]);
    expect(state).toEqual({ connectionId: 'c1', lastTime: 70, backlogTrades: 2 });
  });

  it('publishes live trades of the same millisecond as the newest seen', () => {
    expect(run([[trade('1', 'c1', 5)], [trade('2', 'c1', 5), trade('3', 'c1', 5)]]).published).toEqual([[], ['2', '3']]);
  });

  it('lets every other record through, before and after the backlog', () => {
    const ticker: DerivativeTicker = { type: 'derivative_ticker', ...base, connectionId: 'c1', markPrice: 1 };
    const { published } = run([[ticker], [trade('1', 'c1')], [ticker]]);
    expect(published).toEqual([['derivative_ticker'], [], ['derivative_ticker']]);
  });
});
