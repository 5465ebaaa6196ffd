import { describe, expect, it } from 'vitest';
import type { SimVenue } from '../../sim-venue.js';
import type { BybitRest } from '../bybit/bybit-rest.js';
import { expiryCode } from '../deribit/deribit-instruments.js';
import { deribitOptionTickers } from '../deribit/__fixtures__/deribit-option-ticker-reader.js';
import { binanceOptionsTestVenue, type Frame } from './__fixtures__/binance-options-test-venue.js';

/** `BTC-261127-56000-C` on Deribit (`BTC-27NOV26-56000-C`, SOL's `SOL_USDC-...` with a `d` for a strike's point) and on Bybit (`BTC-27NOV26-56000-C-USDT`). */
function twins(symbol: string): { deribit: string; bybit: string } {
  const [coin = '', day = '', strike = '', type = ''] = symbol.split('-');
  const code = expiryCode(Date.UTC(2000 + Number(day.slice(0, 2)), Number(day.slice(2, 4)) - 1, Number(day.slice(4, 6)), 8));
  return { deribit: `${coin === 'SOL' ? 'SOL_USDC' : coin}-${code}-${strike.replace('.', 'd')}-${type}`, bybit: `${coin}-${code}-${strike}-${type}-USDT` };
}

describe("Binance's simulated options on the shared option board", () => {
  it('shows the mark IV deribit_options and bybit_options show for the same option at the same moment (BTC, ETH, SOL)', () => {
    const test = binanceOptionsTestVenue(['deribit_options', 'bybit_options', 'binance_options']);
    const info = test.get('/eapi/v1/exchangeInfo').body as { optionSymbols: { symbol: string; underlying: string; expiryDate: number }[] };
    const pick = (underlying: string): string => {
      const of = info.optionSymbols.filter((s) => s.underlying === underlying);
      const days = [...new Set(of.map((s) => s.expiryDate))];
      const ofDay = of.filter((s) => s.expiryDate === days[Math.min(1, days.length - 1)]);
      return ofDay[Math.floor(ofDay.length / 2)]?.symbol ?? '';
    };
    const symbols = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'].map(pick);
    const market = test.connect('/binance-options/market/stream?streams=btcusdt@optionMarkPrice/ethusdt@optionMarkPrice/solusdt@optionMarkPrice');
    const deribit = deribitOptionTickers(
      test.venues.get('deribit_options') as SimVenue,
      symbols.map((s) => twins(s).deribit),
    );
    const bybit = (test.venues.get('bybit_options') as SimVenue).config.restApi as BybitRest;
    const seen = new Set<string>();
    for (const step of [1_050, 1_000, 1_000]) {
      test.run(step);
      const entries = market.take().flatMap((f) => f['data'] as Frame[]);
      const tickers = deribit();
      for (const symbol of symbols) {
        const entry = entries.filter((e) => e['s'] === symbol).at(-1) as Frame;
        const twin = twins(symbol);
        const ticker = tickers.filter((t) => t.instrument_name === twin.deribit && t.timestamp === entry['E']).at(-1);
        // Deribit writes the volatility in percent at 2 decimals, Binance a fraction at 8.
        expect(Math.abs(Number(entry['vo']) - (ticker?.mark_iv ?? 0) / 100)).toBeLessThanOrEqual(0.0001 + 1e-12);
        expect(Number(entry['i'])).toBeCloseTo(ticker?.index_price ?? 0, 2);
        const answer = JSON.parse(bybit.answer('GET', `/v5/market/tickers?category=option&symbol=${twin.bybit}`).text) as {
          result: { list: { markIv: string }[] };
        };
        expect(Math.abs(Number(entry['vo']) - Number(answer.result.list[0]?.markIv))).toBeLessThanOrEqual(0.00005 + 1e-12);
        seen.add(`${symbol} ${String(entry['vo'])}`);
      }
    }
    expect(seen.size).toBeGreaterThan(symbols.length);
  });

  it('prices a contract of one coin at the Black-76 value the mark IV gives, between its bid and ask', () => {
    const test = binanceOptionsTestVenue();
    const market = test.connect('/binance-options/market/stream?streams=ethusdt@optionMarkPrice');
    test.run(1_100);
    const entries = market.take().flatMap((f) => f['data'] as Frame[]);
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) {
      const [mp, bo, ao] = [Number(e['mp']), Number(e['bo']), Number(e['ao'])];
      if (bo > 0) expect(bo).toBeLessThanOrEqual(mp);
      expect(ao).toBeGreaterThanOrEqual(mp - 0.0001);
      expect(Number(e['hl'])).toBeGreaterThan(mp);
    }
  });
});
