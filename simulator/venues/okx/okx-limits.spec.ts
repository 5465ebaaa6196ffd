import { describe, expect, it } from 'vitest';
import { ConnectionGate } from '../../connection-gate.js';
import { limitsOf } from '../../build-sim-venues.js';
import { SIM_VENUES } from '../../sim-venues.js';
import { createVenueCounters } from '../../venue-counters.js';
import { DEFAULT_OKX_LIMITS } from './okx-limits.js';

describe("OKX's limits", () => {
  it('are the documented numbers: 3 connection requests a second per IP, 480 requests an hour per connection, REST 20 (trades 100) per 2 s', () => {
    expect(DEFAULT_OKX_LIMITS).toEqual({
      connectionAttempts: { max: 3, windowMs: 1_000, refuseStatus: 429 },
      subscribeRequests: { max: 480, windowMs: 3_600_000 },
      restEndpoints: {
        instruments: { max: 20, windowMs: 2_000 },
        tickers: { max: 20, windowMs: 2_000 },
        ticker: { max: 20, windowMs: 2_000 },
        trades: { max: 100, windowMs: 2_000 },
        'history-trades': { max: 20, windowMs: 2_000 },
      },
    });
    expect(limitsOf(SIM_VENUES.okx, undefined)).toEqual(DEFAULT_OKX_LIMITS);
    expect(limitsOf(SIM_VENUES.okx_swap, false)).toEqual({});
  });

  it('refuse a fourth upgrade within a second from one IP with HTTP 429, and take it once the second has passed', () => {
    const counters = createVenueCounters();
    const gate = new ConnectionGate(DEFAULT_OKX_LIMITS, counters);
    expect([0, 300, 600].map((t) => gate.admit('10.0.0.1', t, 0).ok)).toEqual([true, true, true]);
    expect(gate.admit('10.0.0.1', 900, 0)).toMatchObject({ ok: false, status: 429 });
    expect(gate.admit('10.0.0.2', 900, 0).ok).toBe(true);
    // The refused attempt counts too: three in the second ending at 1 300 (600, 900 and 1 300 itself) is the most.
    expect(gate.admit('10.0.0.1', 1_300, 0).ok).toBe(true);
    expect(gate.admit('10.0.0.1', 1_310, 0).ok).toBe(false);
    expect(counters.refusals.connectionAttempts).toBe(2);
  });
});
