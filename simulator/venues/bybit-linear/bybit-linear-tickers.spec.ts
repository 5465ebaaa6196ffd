import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PerpetualMarket } from '../../perpetual/perpetual-market.js';
import { SimulatedMarket } from '../../simulated-market.js';
import { TopicAudience } from '../../topic-audience.js';
import { BybitLinearTickers, LINEAR_TICKER_FIELDS, linearTickerDelta, type LinearTickerField } from './bybit-linear-tickers.js';
import { fakeConnection } from '../kraken/__fixtures__/kraken-test-venue.js';

type TickerFrame = { topic: string; type: 'snapshot' | 'delta'; data: Record<string, string>; cs: number; ts: number };

const recorded = readFileSync(new URL('../../../test/fixtures/exchange-frames/bybit-linear-tickers.ndjson', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as TickerFrame);

describe('Bybit linear ticker deltas', () => {
  it('rebuild every recorded delta from the ticker states before and after it: the fields that changed, a best price with its size, in the recorded order', () => {
    const [snapshot, ...deltas] = recorded;
    expect(snapshot?.type).toBe('snapshot');
    expect(Object.keys(snapshot?.data ?? {})).toEqual(LINEAR_TICKER_FIELDS);
    let state = snapshot?.data as Record<LinearTickerField, string>;
    for (const delta of deltas) {
      const next = { ...state, ...delta.data } as Record<LinearTickerField, string>;
      expect(linearTickerDelta(state, next)).toEqual(delta.data);
      expect(Object.keys(linearTickerDelta(state, next) ?? {})).toEqual(Object.keys(delta.data));
      state = next;
    }
    expect(deltas).toHaveLength(184);
  });

  it('carry nothing when nothing changed', () => {
    const fields = recorded[0]?.data as Record<LinearTickerField, string>;
    expect(linearTickerDelta(fields, { ...fields })).toBeUndefined();
  });
});

describe('BybitLinearTickers', () => {
  function tickers() {
    const clock = { now: 1_786_310_817_583 };
    const market = new SimulatedMarket({
      symbols: [{ symbol: 'BTCUSDT', coin: 'BTC', quote: 'USDT', sizeDecimals: 3, tradeNotional: 2000 }],
      seed: 3,
      idStep: 'sparse',
    });
    const perpetual = new PerpetualMarket({ market, seed: 3, clock: () => clock.now });
    const published = new BybitLinearTickers({ market, perpetual, fundingCap: 0.005 });
    const audience = new TopicAudience((topic) => topic.slice(topic.lastIndexOf('.') + 1));
    const client = fakeConnection('c1');
    const connections = Object.assign(audience, { [Symbol.iterator]: () => [client.connection][Symbol.iterator]() });
    client.connection.subscriptions.listen({ added: (t) => audience.added(client.connection, t), removed: (t) => audience.removed(client.connection, t) });
    return { clock, market, perpetual, published, connections, client };
  }

  it('sends a new subscriber a snapshot of every field, then pushes no delta while nothing changed', () => {
    const { published, connections, client, clock } = tickers();
    client.connection.subscriptions.add('tickers.BTCUSDT');
    const snapshot = JSON.parse(published.snapshot('BTCUSDT', clock.now) ?? '{}') as TickerFrame;
    expect(Object.keys(snapshot)).toEqual(['topic', 'type', 'data', 'cs', 'ts']);
    expect(Object.keys(snapshot.data)).toEqual(LINEAR_TICKER_FIELDS);
    expect(snapshot.data['nextFundingTime']).toBe('1786320000000');
    published.push(clock.now + 100, connections);
    published.push(clock.now + 200, connections);
    expect(client.socket.sent).toHaveLength(0);
  });

  it('pushes, after trades, a delta of the fields that changed since the last push, and the cross sequence grows', () => {
    const { published, connections, client, clock, market, perpetual } = tickers();
    client.connection.subscriptions.add('tickers.BTCUSDT');
    const snapshot = JSON.parse(published.snapshot('BTCUSDT', clock.now) ?? '{}') as TickerFrame;
    let held = snapshot.data;
    let cs = snapshot.cs;
    for (let step = 1; step <= 30; step++) {
      clock.now += 100;
      market.nextTrade('BTCUSDT', clock.now);
      perpetual.advance(clock.now);
      published.push(clock.now, connections);
    }
    const deltas = client.socket.sent.map((text) => JSON.parse(text) as TickerFrame);
    expect(deltas.length).toBeGreaterThan(20);
    for (const delta of deltas) {
      expect(delta.type).toBe('delta');
      expect(delta.cs).toBeGreaterThan(cs);
      cs = delta.cs;
      const changed = Object.keys(delta.data).filter((field) => field !== 'symbol' && delta.data[field] !== held[field]);
      const partners = Object.keys(delta.data).filter((field) => field !== 'symbol' && !changed.includes(field));
      // An unchanged field rides along only as the partner of a changed best price or size.
      for (const field of partners) expect(changed).toContain(field.endsWith('Price') ? field.replace('Price', 'Size') : field.replace('Size', 'Price'));
      held = { ...held, ...delta.data };
    }
    const state = market.state('BTCUSDT');
    expect(held['lastPrice']).toBe(state?.last.toFixed(2));
  });
});
