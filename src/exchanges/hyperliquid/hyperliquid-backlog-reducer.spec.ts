import { describe, expect, it } from 'vitest';
import type { DerivativeTicker } from '../../model/derivative-ticker.js';
import type { MarketEvent } from '../../model/index.js';
import type { TradeEvent } from '../../model/trade-event.js';
import { hyperliquidBacklogReducer, type HyperliquidBacklogState } from './hyperliquid-backlog-reducer.js';

const base = { exchange: 'hyperliquid', symbol: 'BTC', coin: 'BTC', quote: 'USDC', exchangeTs: 1, receivedTs: 2, isFallback: false, env: 'prod' } as const;
const trade = (tradeId: string, connectionId: string): TradeEvent => ({
  type: 'trade',
  ...base,
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
    expect(state).toEqual({ connectionId: 'c1', backlogTrades: 2 });
  });

  it('drops the backlog again on each new connection (a reconnect, a rotation, a replayed capture of several)', () => {
    const { published, state } = run([[trade('1', 'c1')], [trade('2', 'c1')], [trade('2', 'c2'), trade('3', 'c2')], [trade('4', 'c2')]]);
    expect(published).toEqual([[], ['2'], [], ['4']]);
    expect(state).toEqual({ connectionId: 'c2', backlogTrades: 3 });
  });

  it('lets every other record through, before and after the backlog', () => {
    const ticker: DerivativeTicker = { type: 'derivative_ticker', ...base, connectionId: 'c1', markPrice: 1 };
    const { published } = run([[ticker], [trade('1', 'c1')], [ticker]]);
    expect(published).toEqual([['derivative_ticker'], [], ['derivative_ticker']]);
  });
});
