import { describe, expect, it } from 'vitest';
import { buildSimVenues } from '../../build-sim-venues.js';
import { SIM_VENUES } from '../../sim-venues.js';
import { START_TS } from './__fixtures__/bitget-test-venue.js';
import { BITGET_FUTURES_PATH, BITGET_SPOT_PATH } from './sim-bitget-venue.js';

describe('Bitget in the registry', () => {
  it('serves spot and USDT-M futures each on its path, the other path refused by each', () => {
    const { venues } = buildSimVenues({ venues: ['bitget', 'bitget_futures'], coins: ['BTC'] }, () => START_TS);
    const spot = venues.get('bitget');
    const futures = venues.get('bitget_futures');
    expect([spot?.config.protocol.accepts(BITGET_SPOT_PATH), spot?.config.protocol.accepts(BITGET_FUTURES_PATH)]).toEqual([true, false]);
    expect([futures?.config.protocol.accepts(BITGET_FUTURES_PATH), futures?.config.protocol.accepts(BITGET_SPOT_PATH)]).toEqual([true, false]);
    expect([SIM_VENUES.bitget.restRoutes, SIM_VENUES.bitget_futures.restRoutes]).toEqual([[{ path: '/api/v2/spot/' }], [{ path: '/api/v2/mix/' }]]);
  });

  it('counts the 300 connection requests an IP may make in 5 minutes over both paths, as over the one URL', () => {
    const { venues } = buildSimVenues({ venues: ['bitget', 'bitget_futures'], coins: ['BTC'] }, () => START_TS);
    const spot = venues.get('bitget');
    const futures = venues.get('bitget_futures');
    if (spot === undefined || futures === undefined) throw new Error('both markets built');
    for (let n = 0; n < 150; n++) expect([spot.gate.admit('127.0.0.1', START_TS, 0).ok, futures.gate.admit('127.0.0.1', START_TS, 0).ok]).toEqual([true, true]);
    expect(futures.gate.admit('127.0.0.1', START_TS + 1000, 0)).toMatchObject({ ok: false, status: 429 });
    expect(spot.gate.admit('127.0.0.2', START_TS + 1000, 0).ok).toBe(true);
    expect(spot.gate.admit('127.0.0.1', START_TS + 300_000, 0).ok).toBe(true);
  });

  it("lists the coins mode's coins (futures at USDT), and a generated universe's shared instruments on spot only", () => {
    const coins = buildSimVenues({ venues: ['bitget', 'bitget_futures'], coins: ['BTC', 'ETH'], quote: 'USDC' }, () => START_TS).venues;
    expect(coins.get('bitget')?.config.market.symbols).toEqual(['BTCUSDC', 'ETHUSDC']);
    expect(coins.get('bitget_futures')?.config.market.symbols).toEqual(['BTCUSDT', 'ETHUSDT']);
    const generated = buildSimVenues({ venues: ['bybit', 'bitget', 'bitget_futures'], universe: { instruments: 60, seed: 5 } }, () => START_TS).venues;
    expect(generated.get('bitget')?.config.market.symbols.length).toBeGreaterThan(0);
    expect(generated.get('bitget_futures')?.config.market.symbols).toEqual([]);
  });
});
