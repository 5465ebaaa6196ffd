import { describe, expect, it } from 'vitest';
import type { BinanceDepthRest } from './venues/binance/binance-depth-rest.js';
import { buildSimVenues } from './build-sim-venues.js';
import { runControlAction } from './control-actions.js';
import { createSimulatorControl } from './simulator-control.js';
import type { SimVenueName } from './sim-venues.js';

function simulator() {
  const now = { ms: 1_800_000_000_000 };
  const { venues } = buildSimVenues({ universe: { instruments: 200, seed: 2 } }, () => now.ms);
  const control = createSimulatorControl(venues);
  const post = (venue: SimVenueName, action: string, query = '') => runControlAction(control, venue, action, new URLSearchParams(query));
  const binanceStatus = (symbol: string): unknown => {
    const text = (venues.get('binance')?.config.rest as BinanceDepthRest | undefined)?.answer('GET', `/api/v3/exchangeInfo?symbol=${symbol}`).text ?? '{}';
    return (JSON.parse(text) as { symbols?: { status: string }[] }).symbols?.[0]?.status;
  };
  const bybitList = (): string[] => {
    const rest = venues.get('bybit')?.config.restApi as { answer(method: string, target: string): { text: string } } | undefined;
    const body = JSON.parse(rest?.answer('GET', '/v5/market/instruments-info?category=spot').text ?? '{}') as { result: { list: { symbol: string }[] } };
    return body.result.list.map((i) => i.symbol);
  };
  return { control, post, binanceStatus, bybitList, venues };
}

describe('listings changed at run time through the control API', () => {
  it('lists a new instrument with the same figures on both venues, and refuses to list it twice', () => {
    const { post, control, bybitList, binanceStatus } = simulator();
    const bybit = post('bybit', 'list', 'base=NEWCOIN');
    const binance = post('binance', 'list', 'base=NEWCOIN&quote=USDT');
    expect(bybit).toMatchObject({ status: 200, body: { symbol: 'NEWCOINUSDT', base: 'NEWCOIN', quote: 'USDT', status: 'trading' } });
    const figures = (b: unknown) => ({ ...(b as Record<string, unknown>), index: 0 });
    expect(figures(binance.body)).toEqual(figures(bybit.body));
    expect(bybitList()).toContain('NEWCOINUSDT');
    expect(binanceStatus('NEWCOINUSDT')).toBe('TRADING');
    expect(post('bybit', 'list', 'base=NEWCOIN')).toMatchObject({ status: 400, body: { parameter: 'base' } });
    expect(control.instruments('bybit').some((i) => i.symbol === 'NEWCOINUSDT')).toBe(true);
  });

  it('halts and resumes: Binance shows HALT or BREAK, Bybit leaves a halted symbol out of its list', () => {
    const { post, bybitList, binanceStatus } = simulator();
    expect(post('binance', 'halt', 'symbol=ETHUSDT').status).toBe(200);
    expect(binanceStatus('ETHUSDT')).toBe('HALT');
    post('binance', 'halt', 'symbol=ETHUSDT&status=BREAK');
    expect(binanceStatus('ETHUSDT')).toBe('BREAK');
    post('bybit', 'halt', 'symbol=ETHUSDT');
    expect(bybitList()).not.toContain('ETHUSDT');
    post('bybit', 'resume', 'symbol=ETHUSDT');
    post('binance', 'resume', 'symbol=ETHUSDT');
    expect(bybitList()).toContain('ETHUSDT');
    expect(binanceStatus('ETHUSDT')).toBe('TRADING');
  });

  it('delists: Binance keeps the pair as BREAK, Bybit drops it; resuming it is refused, listing it again brings it back', () => {
    const { post, bybitList, binanceStatus, venues } = simulator();
    post('binance', 'delist', 'symbol=SOLUSDT');
    post('bybit', 'delist', 'symbol=SOLUSDT');
    expect(binanceStatus('SOLUSDT')).toBe('BREAK');
    expect(bybitList()).not.toContain('SOLUSDT');
    expect(venues.get('bybit')?.config.market.has('SOLUSDT')).toBe(false);
    expect(post('bybit', 'resume', 'symbol=SOLUSDT')).toMatchObject({ status: 400, body: { parameter: 'symbol' } });
    expect(post('bybit', 'delist', 'symbol=SOLUSDT')).toMatchObject({ status: 400 });
    expect(post('bybit', 'list', 'base=SOL')).toMatchObject({ status: 200, body: { status: 'trading' } });
    expect(bybitList()).toContain('SOLUSDT');
  });

  it('answers 404 naming the symbol for one the venue never listed, and 400 naming a malformed parameter', () => {
    const { post } = simulator();
    for (const action of ['delist', 'halt', 'resume'])
      expect(post('bybit', action, 'symbol=NOPEUSDT')).toMatchObject({ status: 404, body: { parameter: 'symbol' } });
    expect(post('bybit', 'list', '')).toMatchObject({ status: 400, body: { parameter: 'base' } });
    expect(post('bybit', 'list', 'base=new')).toMatchObject({ status: 400, body: { parameter: 'base' } });
    expect(post('bybit', 'list', 'base=NEW&price=-1')).toMatchObject({ status: 400, body: { parameter: 'price' } });
    expect(post('bybit', 'halt', 'symbol=BTCUSDT&status=PAUSED')).toMatchObject({ status: 400, body: { parameter: 'status' } });
    expect(post('bybit', 'delist', 'symbol=BTCUSDT&at=now')).toMatchObject({ status: 400, body: { parameter: 'at' } });
  });
});
