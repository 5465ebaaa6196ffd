import { describe, expect, it } from 'vitest';
import { binanceOptionsTestVenue, recorded, type Frame } from './__fixtures__/binance-options-test-venue.js';

/** Each value's kind and, for a string, its shape: digits with their decimals, `-1.0`, or text. */
function shapeOf(value: unknown): string {
  if (typeof value !== 'string') return typeof value;
  const decimal = /^-?\d+(\.(\d+))?$/.exec(value);
  return decimal === null ? 'text' : 'decimal';
}

/** The keys of a payload in order, each with its value's kind. */
const keysOf = (payload: Frame): string[] => Object.entries(payload).map(([key, value]) => `${key}:${shapeOf(value)}`);

/** A venue with a client on BTC's public streams of its busiest option and one on the market streams, trading a while. */
function followed() {
  const test = binanceOptionsTestVenue();
  test.control.setTradeRate('binance_options', 2);
  const info = test.get('/eapi/v1/exchangeInfo').body as { optionSymbols: { symbol: string; underlying: string }[] };
  const btc = info.optionSymbols.filter((s) => s.underlying === 'BTCUSDT').map((s) => s.symbol);
  const symbol = btc[Math.floor(btc.length / 2)] ?? '';
  const lower = symbol.toLowerCase();
  const streams = [`${lower}@optionTrade`, `${lower}@bookTicker`, `${lower}@optionTicker`];
  const pub = test.connect(`/binance-options/public/stream?streams=${streams.join('/')}`);
  const market = test.connect('/binance-options/market/stream');
  market.send({ method: 'SUBSCRIBE', params: ['btcusdt@optionMarkPrice', '!index@arr', 'btcusdt@optionIndexPrice'], id: 1 });
  test.run(3_000);
  return { ...test, symbol, pub, market };
}

describe("Binance's simulated options frames, against the recorded ones", () => {
  it('writes optionTrade, optionTicker and bookTicker with the recorded keys, order and number formats', () => {
    const { pub, symbol } = followed();
    const frames = pub.take();
    const of = (suffix: string) => frames.find((f) => String(f['stream']).endsWith(suffix));
    for (const [suffix, file] of [
      ['@optionTrade', 'binance-options-optionTrade.ndjson'],
      ['@optionTicker', 'binance-options-optionTicker.ndjson'],
      ['@bookTicker', 'binance-options-bookTicker.ndjson'],
    ] as const) {
      const frame = of(suffix);
      const recordedFrame = recorded(file)[0] as Frame;
      expect(Object.keys(frame ?? {})).toEqual(['stream', 'data']);
      expect(keysOf(frame?.['data'] as Frame)).toEqual(keysOf(recordedFrame['data'] as Frame));
      expect((frame?.['data'] as Frame)['s']).toBe(symbol);
    }
    const trade = of('@optionTrade')?.['data'] as Frame;
    expect(trade['p']).toMatch(/^\d+\.\d{3}$/);
    expect(trade['q']).toMatch(/^\d+\.\d{2}$/);
    expect(trade['X']).toBe('MARKET');
    expect(trade['S']).toBe(trade['m'] === true ? 'SELL' : 'BUY');
  });

  it("numbers trades 1, 2, 3, ... per option, and the ticker's L is the last trade's t", () => {
    const { pub } = followed();
    const frames = pub.take();
    const ids = frames.filter((f) => String(f['stream']).endsWith('@optionTrade')).map((f) => (f['data'] as Frame)['t']);
    expect(ids.length).toBeGreaterThan(1);
    expect(ids).toEqual(ids.map((_, n) => n + 1));
    const tickers = frames.filter((f) => String(f['stream']).endsWith('@optionTicker')).map((f) => f['data'] as Frame);
    const last = tickers[tickers.length - 1] as Frame;
    expect(last['F']).toBe(1);
    expect(ids).toContain(last['L']);
    expect(last['n']).toBe(last['L']);
  });

  it('writes one optionMarkPrice frame per second carrying every live BTC option, each entry as recorded', () => {
    const { market, get } = followed();
    const marks = market.take().filter((f) => f['stream'] === 'btcusdt@optionMarkPrice');
    expect(marks.length).toBeGreaterThanOrEqual(2);
    const entries = marks[marks.length - 1]?.['data'] as Frame[];
    const info = get('/eapi/v1/exchangeInfo').body as { optionSymbols: { symbol: string; underlying: string }[] };
    expect(entries.map((e) => e['s'])).toEqual(info.optionSymbols.filter((s) => s.underlying === 'BTCUSDT').map((s) => s.symbol));
    const recordedEntry = (recorded('binance-options-optionMarkPrice.ndjson')[0]?.['data'] as Frame[])[0] as Frame;
    for (const entry of entries) {
      expect(Object.keys(entry)).toEqual(Object.keys(recordedEntry));
      expect(entry['rf']).toBe('0.0');
      expect(Number(entry['vo'])).toBeGreaterThan(0.05);
      expect(Number(entry['vo'])).toBeLessThan(3);
      if (entry['bo'] === '0.000') expect([entry['bq'], entry['b']]).toEqual(['0.00', '-1.0']);
      for (const key of ['d', 't', 'g', 'v']) expect(entry[key]).toMatch(/^-?\d+\.\d{8}$/);
    }
  });

  it('writes the index as !index@arr and per underlying', () => {
    const { market } = followed();
    const frames = market.take();
    const all = frames.find((f) => f['stream'] === '!index@arr')?.['data'] as Frame[];
    expect(all.map((e) => e['s'])).toEqual(['BTCUSDT', 'ETHUSDT', 'SOLUSDT']);
    expect(Object.keys(all[0] as Frame)).toEqual(['e', 'E', 's', 'p']);
    const one = frames.find((f) => f['stream'] === 'btcusdt@optionIndexPrice')?.['data'] as Frame;
    expect(one['e']).toBe('indexPrice');
    expect(one['p']).toMatch(/^\d+\.\d{8}$/);
  });

  it('sends bare payloads on /ws and wraps none', () => {
    const test = binanceOptionsTestVenue();
    const raw = test.connect('/binance-options/market/ws/btcusdt@optionMarkPrice');
    test.run(1_100);
    const [frame] = raw.take();
    expect(Array.isArray(frame)).toBe(true);
  });
});
