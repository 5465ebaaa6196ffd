import { describe, expect, it } from 'vitest';
import { BYBIT_OPTION_COINS } from './bybit-option-contracts.js';
import { bybitOptionTestVenue } from './__fixtures__/bybit-option-test-venue.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
type StreamTrade = { s: string; i: string; p: string; v: string; S: string; T: number };

describe("Bybit's simulated option trades on the simulator's tape", () => {
  const test = bybitOptionTestVenue();
  const client = test.connect();
  client.send({ op: 'subscribe', args: ['publicTrade.BTC', 'publicTrade.ETH', 'publicTrade.SOL'] });
  test.run(60_000, 50);
  const streamed = client.frames().flatMap((f) => (String(f.topic).startsWith('publicTrade.') ? (f.data as StreamTrade[]) : []));
  const made = test.control.madeTrades('bybit_options');

  it('makes about a trade a second per chain (SOL a tenth), at random, near the money and near expiry the busiest', () => {
    // 60 s at 1 a second for BTC and ETH, 0.1 for SOL: about 126 (Poisson: a standard deviation of about 11).
    expect(made.length).toBeGreaterThan(126 - 50);
    expect(made.length).toBeLessThan(126 + 50);
    expect(made.filter((t) => t.symbol.startsWith('BTC-')).length).toBeGreaterThan(25);
    expect(made.filter((t) => t.symbol.startsWith('ETH-')).length).toBeGreaterThan(25);
  });

  it('puts every trade it made on the tape under a UUID (ids that say nothing of order), the stream carrying the same ids', () => {
    expect(made.every((t) => UUID.test(t.venueTradeId))).toBe(true);
    expect(new Set(made.map((t) => t.venueTradeId)).size).toBe(made.length);
    const byId = new Map(made.map((t) => [t.venueTradeId, t]));
    expect(streamed.length).toBe(made.length);
    for (const trade of streamed) {
      const tape = byId.get(trade.i);
      expect([trade.s, trade.T, Number(trade.p), Number(trade.v), trade.S]).toEqual([
        tape?.symbol,
        tape?.ts,
        tape?.price,
        Number(tape?.quantity.toFixed(8)),
        tape?.isBuyerMaker === true ? 'Sell' : 'Buy',
      ]);
    }
    const sent = test.control.sentTrades('bybit_options').filter((t) => t.connectionId === client.id);
    expect(sent.length).toBe(made.length);
  });

  it("prices each at Bybit's quote on the coin's tick, sized in whole steps of the coin", () => {
    for (const trade of made) {
      const figures = BYBIT_OPTION_COINS[trade.symbol.split('-')[0] ?? ''];
      const ticks = trade.price / (figures?.tick ?? 1);
      const steps = trade.quantity / (figures?.qtyStep ?? 1);
      expect([trade.symbol, Math.abs(ticks - Math.round(ticks)) < 1e-6, Math.abs(steps - Math.round(steps)) < 1e-6, steps >= 1 - 1e-9]).toEqual([
        trade.symbol,
        true,
        true,
        true,
      ]);
    }
    expect(made.some((t) => t.isBuyerMaker) && made.some((t) => !t.isBuyerMaker)).toBe(true);
  });
});
