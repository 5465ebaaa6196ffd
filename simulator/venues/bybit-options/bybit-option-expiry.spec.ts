import { describe, expect, it } from 'vitest';
import { nextNewExpiry } from '../../options/expiry-schedule.js';
import { bybitOptionTestVenue } from './__fixtures__/bybit-option-test-venue.js';

const listed = (test: ReturnType<typeof bybitOptionTestVenue>, coin: string): { symbol: string; deliveryTime: number }[] =>
  (test.get(`/v5/market/instruments-info?category=option&baseCoin=${coin}&limit=1000`).result.list ?? []).map((i) => ({
    symbol: String(i['symbol']),
    deliveryTime: Number(i['deliveryTime']),
  }));

describe("Bybit's simulated options deliver at 08:00 UTC of their day", () => {
  it("takes the expiring options off the list, silences their topics (held still), refuses new subscriptions, and lists the board's new weekly", () => {
    const test = bybitOptionTestVenue();
    const before = listed(test, 'BTC');
    const nearest = Math.min(...before.map((i) => i.deliveryTime));
    expect(new Date(nearest).getUTCHours()).toBe(8);
    const expiring = before.filter((i) => i.deliveryTime === nearest).map((i) => i.symbol);
    const coin = expiring[Math.floor(expiring.length / 2)] ?? '';
    const client = test.connect();
    client.send({ op: 'subscribe', args: ['publicTrade.BTC', `tickers.${coin}`, `orderbook.25.${coin}`] });
    test.control.setTradeRate('bybit_options', 1);
    test.clock.now = nearest - 2_000;
    test.run(1_900);
    const live = client.take();
    expect(live.some((f) => f.topic === `tickers.${coin}`)).toBe(true);
    expect(live.some((f) => f.topic === 'publicTrade.BTC' && (f.data as { s: string }[]).some((t) => expiring.includes(t.s)))).toBe(true);

    test.run(2_000);
    const after = listed(test, 'BTC');
    expect(after.some((i) => expiring.includes(i.symbol))).toBe(false);
    const late = client.take().filter((f) => Number(f.ts) > nearest);
    expect(late.filter((f) => f.topic === `tickers.${coin}` || f.topic === `orderbook.25.${coin}`)).toEqual([]);
    expect(late.some((f) => f.topic === 'publicTrade.BTC')).toBe(true);
    expect(late.flatMap((f) => (f.topic === 'publicTrade.BTC' ? (f.data as { s: string }[]) : [])).some((t) => expiring.includes(t.s))).toBe(false);
    expect(test.venue.connections.subscribeLog.length).toBe(1);
    expect([...test.venue.connections].every((c) => c.subscriptions.has(`tickers.${coin}`))).toBe(true);
    client.send({ op: 'subscribe', args: [`tickers.${coin}`, `orderbook.100.${coin}`] });
    expect(client.take()[0]).toMatchObject({ success: false, data: { failTopics: [`tickers.${coin}`, `orderbook.100.${coin}`], successTopics: [] } });
    expect(test.get(`/v5/market/tickers?category=option&symbol=${coin}`)).toMatchObject({ retCode: 10001 });
    // The tape keeps what the delivered options traded.
    expect(expiring.some((s) => test.control.madeTrades('bybit_options', s).length > 0)).toBe(true);
    // The board ends the expiry on every venue listing it and lists a weekly past the furthest, 36 options of BTC's (18 strikes).
    const days = (list: readonly { deliveryTime: number }[]) => [...new Set(list.map((i) => i.deliveryTime))].sort((a, b) => a - b);
    const weekly = nextNewExpiry(days(before));
    expect(days(after)).toEqual([...days(before).filter((d) => d !== nearest), weekly]);
    expect(new Date(weekly).getUTCHours()).toBe(8);
    expect(after.filter((i) => i.deliveryTime === weekly).length).toBe(36);
    // The next expiry delivers at its own 08:00 UTC in turn, and another weekly lists.
    const next = days(after)[0] ?? 0;
    test.clock.now = next - 20;
    test.run(40);
    const later = listed(test, 'BTC');
    expect(days(later)).toEqual([...days(after).filter((d) => d !== next), nextNewExpiry(days(after))]);
  });

  it("delivers the nearest expiry at once on the control API's expire, and lists a weekly after the last", () => {
    const test = bybitOptionTestVenue();
    const before = listed(test, 'ETH');
    const nearest = Math.min(...before.map((i) => i.deliveryTime));
    const answer = test.control.expire('bybit_options');
    expect(answer.expiryTs).toBe(nearest);
    expect(answer.expired.length).toBeGreaterThan(0);
    expect(answer.expired.every((s) => /-\d{1,2}[A-Z]{3}\d{2}-/.test(s))).toBe(true);
    const after = listed(test, 'ETH');
    expect(after.some((i) => i.deliveryTime === nearest)).toBe(false);
    const weekly = Math.max(...after.map((i) => i.deliveryTime));
    expect(weekly).toBeGreaterThan(Math.max(...before.map((i) => i.deliveryTime)));
    expect(new Date(weekly).getUTCDay()).toBe(5);
    expect(answer.listed.length).toBeGreaterThan(0);
  });
});
