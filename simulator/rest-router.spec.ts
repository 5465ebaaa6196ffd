import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ListFaults } from './list-faults.js';
import { restRouter } from './rest-router.js';
import type { SimRestApi } from './sim-rest-api.js';
import { SIM_VENUE_IDS, SIM_VENUES } from './sim-venues.js';

/** A REST API that answers nothing, known by its name. */
const api = (name: string): SimRestApi & { readonly name: string } => ({
  name,
  handle: (_request: IncomingMessage, _response: ServerResponse) => undefined,
  restCounters: () => ({}),
  listFaults: new ListFaults(),
  clearFaults: () => undefined,
});

describe('restRouter', () => {
  const wide = api('wide');
  const deep = api('deep');
  const claimed = api('claimed');
  const route = restRouter([
    { routes: [{ path: '/api/' }], api: wide },
    { routes: [{ path: '/api/v3/deep' }], api: deep },
    { routes: [{ path: '/api/', query: { category: 'linear' } }], api: claimed },
  ]);

  it('gives a request to the route that fits it most closely, whatever the order: the longer path, then the one asking for a query', () => {
    expect(route('/api/v3/deep/products?limit=1')).toBe(deep);
    expect(route('/api/v3/deep')).toBe(deep);
    expect(route('/api/v3/deep?x=1')).toBe(deep);
    expect(route('/api/v3/exchangeInfo')).toBe(wide);
    expect(route('/api/v3/tickers?symbol=X&category=linear')).toBe(claimed);
  });

  it('takes a path without a trailing slash as that path and those under it, and a query only as a whole parameter', () => {
    expect(route('/api/v3/deeper')).toBe(wide);
    expect(route('/api/v3/tickers?category=linearx')).toBe(wide);
    expect(route('/api/v3/tickers?xcategory=linear')).toBe(wide);
    expect(route('/control/bybit/counters')).toBeUndefined();
    expect(route('/api')).toBeUndefined();
  });

  it('takes a query value starting with * as any value ending with the rest', () => {
    const suffixed = api('suffixed');
    const routed = restRouter([
      { routes: [{ path: '/api/' }], api: wide },
      { routes: [{ path: '/api/', query: { instId: '*-SWAP' } }], api: suffixed },
    ]);
    expect(routed('/api/v5/market/trades?instId=BTC-USDT-SWAP&limit=5')).toBe(suffixed);
    expect(routed('/api/v5/market/trades?instId=BTC-USDT')).toBe(wide);
    expect(routed('/api/v5/market/trades?instId=BTC-SWAP-USDT')).toBe(wide);
    expect(routed('/api/v5/market/trades?xinstId=BTC-USDT-SWAP')).toBe(wide);
  });

  it("reaches every simulated venue's REST on its own routes when every venue is served", () => {
    const apis = SIM_VENUE_IDS.map((id) => ({ id, routes: SIM_VENUES[id].restRoutes, api: api(id) }));
    const routed = restRouter(apis);
    for (const { id, routes, api: own } of apis)
      for (const { path, query } of routes) {
        const target = `${path.endsWith('/') ? `${path}x` : path}${query === undefined ? '' : `?${new URLSearchParams(query).toString()}`}`;
        expect(routed(target), `${id} ${target}`).toBe(own);
      }
  });
});
