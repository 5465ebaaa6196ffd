import { describe, expect, it } from 'vitest';
import { buildSimVenues } from '../../build-sim-venues.js';
import { SIM_VENUES } from '../../sim-venues.js';
import { START_TS } from './__fixtures__/gate-test-venue.js';
import { GATE_FUTURES_PATH, GATE_SPOT_PATH } from './sim-gate-venue.js';

describe('Gate in the registry', () => {
  it('serves spot and USDT futures each on its path, the other path refused by each, REST routed by path', () => {
    const { venues } = buildSimVenues({ venues: ['gate', 'gate_futures'], coins: ['BTC'] }, () => START_TS);
    const spot = venues.get('gate');
    const futures = venues.get('gate_futures');
    expect([spot?.config.protocol.accepts(GATE_SPOT_PATH), spot?.config.protocol.accepts(GATE_FUTURES_PATH)]).toEqual([true, false]);
    expect([futures?.config.protocol.accepts(GATE_FUTURES_PATH), futures?.config.protocol.accepts(GATE_SPOT_PATH)]).toEqual([true, false]);
    expect([SIM_VENUES.gate.restRoutes, SIM_VENUES.gate_futures.restRoutes]).toEqual([[{ path: '/api/v4/spot/' }], [{ path: '/api/v4/futures/' }]]);
  });

  it("lists the coins mode's coins (futures at USDT, in contracts of a few USD), and a generated universe's shared instruments on spot only", () => {
    const coins = buildSimVenues({ venues: ['gate', 'gate_futures'], coins: ['BTC', 'ETH', 'SOL', 'DOGE'], quote: 'USDC' }, () => START_TS).venues;
    expect(coins.get('gate')?.config.market.symbols).toEqual(['BTC_USDC', 'ETH_USDC', 'SOL_USDC', 'DOGE_USDC']);
    const futures = coins.get('gate_futures')?.config.market;
    expect(futures?.symbols).toEqual(['BTC_USDT', 'ETH_USDT', 'SOL_USDT', 'DOGE_USDT']);
    // A contract is the lot: BTC 0.0001, ETH 0.01, SOL 1 (Gate's), DOGE a whole coin (the simulator's).
    expect(futures?.symbols.map((s) => futures.listing(s)?.sizeDecimals)).toEqual([4, 2, 0, 0]);
    const generated = buildSimVenues({ venues: ['bybit', 'gate', 'gate_futures'], universe: { instruments: 60, seed: 5 } }, () => START_TS).venues;
    expect(generated.get('gate')?.config.market.symbols.length).toBeGreaterThan(0);
    expect(generated.get('gate')?.config.market.symbols.every((s) => /^[A-Z0-9]+_[A-Z0-9]+$/.test(s))).toBe(true);
    expect(generated.get('gate_futures')?.config.market.symbols).toEqual([]);
  });
});
