import { describe, expect, it } from 'vitest';
import {
  GATE_FUTURES_CONTRACTS_PATH,
  GATE_FUTURES_TICKERS_PATH,
  GATE_SPOT_PAIRS_PATH,
  GATE_SPOT_TICKERS_PATH,
  readGateFuturesContracts,
  readGateQuoteVolumes,
  readGateSpotPairs,
} from '../../../src/exchanges/gate/gate-listings.js';
import { gateTradesPath, readGateTrades } from '../../../src/exchanges/gate/gate-recent-trades.js';
import { GATE_REST_DIALECT } from '../../../src/exchanges/gate/gate-rest.js';
import { gateTestVenue } from './__fixtures__/gate-test-venue.js';

/** Both venues after `ms` of BTC and ETH trading at 20 a second. */
function traded(ms = 60_000) {
  const venue = gateTestVenue(['gate', 'gate_futures']);
  venue.run(ms);
  return venue;
}

describe('Gate REST', () => {
  it('lists spot pairs and USDT contracts read by the client: tick, lot, and each contract\u2019s value in the coin', () => {
    const { get, control, venueOf } = traded(1_000);
    const pairs = readGateSpotPairs(get('gate', GATE_SPOT_PAIRS_PATH).body);
    expect(pairs.skipped).toEqual([]);
    expect(pairs.listings.map((l) => [l.symbol, l.base, l.quote, l.state])).toEqual([
      ['BTC_USDT', 'BTC', 'USDT', 'trading'],
      ['ETH_USDT', 'ETH', 'USDT', 'trading'],
    ]);
    const listing = venueOf('gate').config.market.listing('BTC_USDT');
    expect([pairs.listings[0]?.tickSize, pairs.listings[0]?.lotStep]).toEqual([Number(`1e-${listing?.priceDecimals}`), Number(`1e-${listing?.sizeDecimals}`)]);
    const contracts = readGateFuturesContracts(get('gate_futures', GATE_FUTURES_CONTRACTS_PATH).body);
    expect(contracts.skipped).toEqual([]);
    expect(contracts.listings.map((l) => [l.symbol, l.state, l.contractValue, l.lotStep])).toEqual([
      ['BTC_USDT', 'trading', 0.0001, 0.0001],
      ['ETH_USDT', 'trading', 0.01, 0.01],
    ]);
    expect(get('gate_futures', `${GATE_FUTURES_CONTRACTS_PATH}/ETH_USDT`).body).toMatchObject({
      name: 'ETH_USDT',
      type: 'direct',
      quanto_multiplier: '0.01',
      status: 'trading',
      in_delisting: false,
    });
    // Halted and delisted instruments as Gate marks them.
    control.halt('gate_futures', 'ETH_USDT');
    expect(readGateFuturesContracts(get('gate_futures', GATE_FUTURES_CONTRACTS_PATH).body).listings[1]?.state).toBe('halted');
    control.delist('gate', 'ETH_USDT');
    expect(readGateSpotPairs(get('gate', GATE_SPOT_PAIRS_PATH).body).listings.map((l) => l.symbol)).toEqual(['BTC_USDT']);
  });

  it('answers tickers whose quote volume is the day\u2019s turnover, read by the client', () => {
    const { get, venueOf } = traded();
    for (const [name, path] of [
      ['gate', GATE_SPOT_TICKERS_PATH],
      ['gate_futures', GATE_FUTURES_TICKERS_PATH],
    ] as const) {
      const { volumes, skipped } = readGateQuoteVolumes(get(name, path).body);
      expect(skipped).toEqual([]);
      const turnover = venueOf(name).config.market.state('BTC_USDT')?.turnover ?? 0;
      expect(turnover).toBeGreaterThan(0);
      expect(volumes.get('BTC_USDT')).toBeCloseTo(turnover, 0);
      expect([...volumes.keys()]).toEqual(['BTC_USDT', 'ETH_USDT']);
    }
  });

  it('answers trades with the latest 1,000 newest first, read back by the client equal to the tape (futures in the coin)', () => {
    const { get, control } = traded();
    for (const [name, market, value] of [
      ['gate', 'spot', 1],
      ['gate_futures', 'futures', 0.0001],
    ] as const) {
      const answer = get(name, gateTradesPath(market, 'BTC_USDT'));
      expect(answer.status).toBe(200);
      const trades = readGateTrades(answer.body, market, value);
      const tape = control.madeTrades(name, 'BTC_USDT');
      expect(tape.length).toBeGreaterThan(1000);
      expect(trades.map((t) => [t.id, Number(t.price), Math.round(Number(t.qty) * 1e8) / 1e8, t.isBuyerMaker, t.time])).toEqual(
        tape
          .slice(-1000)
          .reverse()
          .map((t) => [t.venueTradeId, t.price, Math.round(t.quantity * 1e8) / 1e8, t.isBuyerMaker, t.ts]),
      );
    }
    expect(get('gate', '/api/v4/spot/trades?currency_pair=BTC_USDT').body).toHaveLength(100);
    expect(get('gate', '/api/v4/spot/trades?currency_pair=BTC_USDT&limit=5000').body).toHaveLength(1000);
  });

  it('refuses a missing or unknown instrument with 400 INVALID_PARAM_VALUE, an unknown path with 404', () => {
    const { get } = traded(1_000);
    expect(get('gate', '/api/v4/spot/trades')).toMatchObject({ status: 400, body: { label: 'INVALID_PARAM_VALUE' } });
    expect(get('gate', '/api/v4/spot/order_book?currency_pair=NMR_USDT&with_id=true')).toEqual({
      status: 400,
      body: { label: 'INVALID_PARAM_VALUE', message: 'unknown currency pair NMR_USDT' },
    });
    expect(get('gate_futures', `${GATE_FUTURES_CONTRACTS_PATH}/XYZ_USDT`).status).toBe(400);
    expect(get('gate', '/api/v4/spot/trades?currency_pair=BTC_USDT&limit=abc').status).toBe(400);
    expect(get('gate', '/api/v4/spot/candlesticks').status).toBe(404);
    // Without with_id the snapshot has no id.
    expect(Object.keys(get('gate', '/api/v4/spot/order_book?currency_pair=BTC_USDT').body as object)).toEqual(['current', 'update', 'asks', 'bids']);
  });

  it('answers HTTP 429 TOO_MANY_REQUESTS past 200 requests of one endpoint in 10 s per IP, each endpoint and IP its own', () => {
    const { get, raw, control, clock } = traded(1_000);
    const statuses = (path: string, count: number, ip?: string) => Array.from({ length: count }, () => get('gate', path, ip).status);
    expect(statuses(GATE_SPOT_PAIRS_PATH, 201)).toEqual([...Array<number>(200).fill(200), 429]);
    const refused = raw('gate', GATE_SPOT_PAIRS_PATH);
    expect(JSON.parse(refused.text)).toEqual({ label: 'TOO_MANY_REQUESTS', message: 'Too many requests' });
    expect(GATE_REST_DIALECT.refusalOf({ url: GATE_SPOT_PAIRS_PATH, status: refused.status } as never)).toBeDefined();
    expect(statuses(GATE_SPOT_TICKERS_PATH, 1)).toEqual([200]);
    expect(statuses(GATE_SPOT_PAIRS_PATH, 1, '10.0.0.2')).toEqual([200]);
    clock.now += 10_000;
    expect(statuses(GATE_SPOT_PAIRS_PATH, 1)).toEqual([200]);
    expect(control.counters('gate').refusals.restRate).toBe(2);
  });

  it('serves the armed list faults on the instrument lists', () => {
    const { get, raw, control } = traded(1_000);
    control.listFault('gate_futures', 'empty', 1);
    control.listFault('gate_futures', 'unavailable', 1);
    control.listFault('gate_futures', 'garbage', 1);
    expect(readGateFuturesContracts(get('gate_futures', GATE_FUTURES_CONTRACTS_PATH).body).listings).toEqual([]);
    expect(get('gate_futures', GATE_FUTURES_CONTRACTS_PATH).status).toBe(503);
    expect(() => JSON.parse(raw('gate_futures', GATE_FUTURES_CONTRACTS_PATH).text) as unknown).toThrow();
    expect(readGateFuturesContracts(get('gate_futures', GATE_FUTURES_CONTRACTS_PATH).body).listings).toHaveLength(2);
  });
});
