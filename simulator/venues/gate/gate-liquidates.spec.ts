import { describe, expect, it } from 'vitest';
import { parseGateFrame } from '../../../src/exchanges/gate/gate-frames.js';
import type { GateLiquidation } from '../../../src/exchanges/gate/gate-liquidation-frames.js';
import { gateSubscribe } from '../../../src/exchanges/gate/gate-subscriptions.js';
import { GATE_DOCUMENTED_LIQUIDATES } from '../../../src/exchanges/gate/__fixtures__/gate-liquidation-frames.js';
import { gateTestVenue, pushes, request, START_TS } from './__fixtures__/gate-test-venue.js';
import { GATE_LIQUIDATES_MOST_ROWS } from './gate-liquidates.js';

const CHANNEL = 'futures.public_liquidates';

/** The liquidations of the pushes a client got, as the client reads them. */
function read(frames: readonly Record<string, unknown>[]): GateLiquidation[] {
  return pushes(frames, CHANNEL).flatMap((frame) => {
    const parsed = parseGateFrame(JSON.stringify(frame), 'futures');
    if (!parsed.ok || parsed.frame.kind !== 'liquidations') throw new Error(`not read: ${JSON.stringify(frame)}`);
    expect(parsed.frame.refused).toEqual([]);
    return [...parsed.frame.liquidations];
  });
}

describe('Gate futures liquidations (futures.public_liquidates)', () => {
  it("pushes every liquidation the contracts make to a holder of !all, one contract's rows a push in the documented shape, each logged published and sent", () => {
    const { connect, run, control } = gateTestVenue(['gate_futures']);
    const client = connect();
    client.send(gateSubscribe('futures', ['public_liquidates:!all'], '1', START_TS).text);
    expect(client.take()).toMatchObject([{ id: 1, channel: CHANNEL, event: 'subscribe', payload: ['!all'], result: { status: 'success' } }]);
    control.movePrice('gate_futures', { pct: -6, durationMs: 4_000, buyRatio: 0.1 });
    run(5_000);
    control.movePrice('gate_futures', { pct: 6, durationMs: 4_000, buyRatio: 0.9 });
    run(6_000);

    const frames = pushes(client.json(), CHANNEL);
    const documented = (JSON.parse(GATE_DOCUMENTED_LIQUIDATES) as { result: Record<string, unknown>[] }).result[0] ?? {};
    for (const frame of frames) {
      expect(Object.keys(frame)).toEqual(['time', 'time_ms', 'channel', 'event', 'result']);
      const rows = frame['result'] as Record<string, unknown>[];
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.length).toBeLessThanOrEqual(GATE_LIQUIDATES_MOST_ROWS);
      expect(new Set(rows.map((row) => row['contract'])).size).toBe(1);
      for (const row of rows) {
        expect(Object.keys(row)).toEqual(Object.keys(documented));
        expect([typeof row['price'], Number.isInteger(row['size'])]).toEqual(['number', true]);
      }
    }

    const made = control.liquidations('gate_futures');
    expect(made.length).toBeGreaterThan(5);
    expect(new Set(made.map((l) => l.position))).toEqual(new Set(['long', 'short']));
    expect(made.filter((l) => l.published !== true || !l.sentTo.includes(client.id))).toEqual([]);
    // BTC contracts are 0.0001 BTC, ETH's 0.01 ETH: in the coin, the rows are what the contracts made.
    const quanto: Readonly<Record<string, number>> = { BTC_USDT: 0.0001, ETH_USDT: 0.01 };
    const key = (symbol: string, side: string, price: number, quantity: number, ts: number) =>
      `${symbol} ${side} ${price.toFixed(8)} ${quantity.toFixed(8)} ${ts}`;
    const sent = read(client.json()).map((l) => key(l.symbol, l.side, Number(l.price), Number(l.size) * (quanto[l.symbol] ?? NaN), l.ts));
    const logged = made.map((l) => key(l.symbol, l.position === 'long' ? 'sell' : 'buy', Number(l.price.toFixed(l.priceDecimals)), l.quantity, l.ts));
    // Pushed contract by contract: the same rows, in another order across contracts.
    expect([...sent].sort()).toEqual([...logged].sort());
  });

  it("gives a contract's own subscription its liquidations only; refuses the channel on spot and an unknown contract", () => {
    const { connect, run, control } = gateTestVenue(['gate', 'gate_futures']);
    const btc = connect('gate_futures');
    btc.send(request(CHANNEL, ['BTC_USDT'], 1));
    btc.send(request(CHANNEL, ['XYZ_USDT'], 2));
    expect(btc.take().map((f) => [f['id'], f['error'] ?? null])).toEqual([
      [1, null],
      [2, { code: 2, message: 'unknown contract XYZ_USDT' }],
    ]);
    const spot = connect('gate');
    spot.send(request('spot.public_liquidates', ['!all'], 3));
    expect(spot.take()).toMatchObject([{ id: 3, error: { code: 2, message: 'unknown channel spot.public_liquidates' } }]);
    control.movePrice('gate_futures', { pct: -6, durationMs: 4_000, buyRatio: 0.1 });
    run(5_000);
    const got = read(btc.json());
    expect(got.length).toBeGreaterThan(0);
    expect(new Set(got.map((l) => l.symbol))).toEqual(new Set(['BTC_USDT']));
    expect(got).toHaveLength(control.liquidations('gate_futures', 'BTC_USDT').length);
  });
});
