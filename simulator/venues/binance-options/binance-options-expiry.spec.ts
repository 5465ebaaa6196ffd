import { describe, expect, it } from 'vitest';
import { nextNewExpiry } from '../../options/expiry-schedule.js';
import { binanceOptionsTestVenue } from './__fixtures__/binance-options-test-venue.js';

type Listed = { symbol: string; expiryDate: number; underlying: string };

const listed = (test: ReturnType<typeof binanceOptionsTestVenue>): Listed[] =>
  (test.get('/eapi/v1/exchangeInfo').body as { optionSymbols: Listed[] }).optionSymbols.filter((s) => s.underlying === 'BTCUSDT');

describe("Binance's simulated options expire at 08:00 UTC of their day", () => {
  it("takes the expiring options off exchangeInfo and the mark array, silences their streams (held still), and lists the board's new weekly", () => {
    const test = binanceOptionsTestVenue();
    const before = listed(test);
    const nearest = Math.min(...before.map((s) => s.expiryDate));
    expect(new Date(nearest).getUTCHours()).toBe(8);
    const expiring = before.filter((s) => s.expiryDate === nearest).map((s) => s.symbol);
    const option = expiring[Math.floor(expiring.length / 2)] ?? '';
    const pub = test.connect(`/binance-options/public/stream?streams=${option.toLowerCase()}@bookTicker/btcusdt@optionTrade`);
    const market = test.connect('/binance-options/market/stream?streams=btcusdt@optionMarkPrice');
    test.control.setTradeRate('binance_options', 0.5);
    test.clock.now = nearest - 2_000;
    test.run(1_900, 100);
    expect(pub.take().some((f) => f['stream'] === `${option.toLowerCase()}@bookTicker`)).toBe(true);
    expect(market.take().some((f) => (f['data'] as { s: string }[]).some((e) => e.s === option))).toBe(true);

    test.run(2_100, 100);
    const after = listed(test);
    expect(after.some((s) => expiring.includes(s.symbol))).toBe(false);
    const late = pub.take();
    const lateBooks = late.filter((f) => f['stream'] === `${option.toLowerCase()}@bookTicker` && (f['data'] as { E: number }).E >= nearest);
    expect(lateBooks).toEqual([]);
    const lateTrades = late.filter((f) => f['stream'] === 'btcusdt@optionTrade').map((f) => f['data'] as { s: string; T: number });
    expect(lateTrades.filter((t) => t.T >= nearest).some((t) => expiring.includes(t.s))).toBe(false);
    const lastMarks = market.take().at(-1)?.['data'] as { s: string }[];
    expect(lastMarks.map((e) => e.s)).toEqual(after.map((s) => s.symbol));
    expect([...test.venue.connections].some((c) => c.subscriptions.has(`${option.toLowerCase()}@bookTicker`))).toBe(true);
    expect(test.get(`/eapi/v1/ticker?symbol=${option}`)).toMatchObject({ status: 400, body: { code: -1121 } });
    const days = (list: readonly Listed[]) => [...new Set(list.map((s) => s.expiryDate))].sort((a, b) => a - b);
    expect(days(after)).toEqual([...days(before).filter((d) => d !== nearest), nextNewExpiry(days(before))]);
  });

  it("expires the nearest expiry at once on the control API's expire, on the other options venues too", () => {
    const test = binanceOptionsTestVenue(['bybit_options', 'binance_options']);
    const nearest = Math.min(...listed(test).map((s) => s.expiryDate));
    const answer = test.control.expire('binance_options');
    expect(answer.expiryTs).toBe(nearest);
    expect(answer.expired.every((s) => /^(BTC|ETH|SOL)-\d{6}-[\d.]+-[CP]$/.test(s))).toBe(true);
    expect(answer.listed.length).toBeGreaterThan(0);
    expect(listed(test).some((s) => s.expiryDate === nearest)).toBe(false);
    const bybit = test.control.instruments('bybit_options').map((i) => i.symbol);
    expect(bybit.length).toBeGreaterThan(0);
  });
});
