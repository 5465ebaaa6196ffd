import { describe, expect, it } from 'vitest';
import { perpetualTestVenue } from '../../perpetual/__fixtures__/perpetual-test-venue.js';

type Ticker = {
  instrument_name: string;
  underlying_price: number;
  mark_price: number;
  mark_iv: number;
  bid_iv: number;
  ask_iv: number;
  best_bid_price: number;
  best_ask_price: number;
  greeks: { delta: number; gamma: number; vega: number; theta: number; rho: number };
};

// An independent Black-76 (r = 0), its own normal CDF (Zelen & Severo 26.2.17, error < 7.5e-8).
function cdf(x: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(x));
  const poly = t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  const tail = (Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI)) * poly;
  return x >= 0 ? 1 - tail : tail;
}
const pdf = (x: number) => Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
function model(call: boolean, f: number, k: number, t: number, s: number) {
  const d1 = (Math.log(f / k) + (s * s * t) / 2) / (s * Math.sqrt(t));
  const d2 = d1 - s * Math.sqrt(t);
  return {
    price: call ? f * cdf(d1) - k * cdf(d2) : k * cdf(-d2) - f * cdf(-d1),
    delta: call ? cdf(d1) : cdf(d1) - 1,
    gamma: pdf(d1) / (f * s * Math.sqrt(t)),
    vega: (f * pdf(d1) * Math.sqrt(t)) / 100,
    theta: -(f * pdf(d1) * s) / (2 * Math.sqrt(t)) / 365,
    rho: call ? (k * t * cdf(d2)) / 100 : (-k * t * cdf(-d2)) / 100,
  };
}
const YEAR = 365 * 86_400_000;
const MONTHS = 'JANFEBMARAPRMAYJUNJULAUGSEPOCTNOVDEC';
function expiryOf(name: string): number {
  const m = /-(\d{1,2})([A-Z]{3})(\d{2})-/.exec(name) as RegExpExecArray;
  return Date.UTC(2000 + Number(m[3]), MONTHS.indexOf(m[2] ?? '') / 3, Number(m[1]), 8);
}

describe('the simulated Deribit option chain, priced by Black-76', () => {
  it('lists at least 500 BTC and ETH options over at least 8 expiries each, and a small SOL_USDC chain with decimal strikes', () => {
    const { control } = perpetualTestVenue('deribit_options');
    const names = control.instruments('deribit_options').map((l) => l.symbol);
    const coin = names.filter((n) => /^(BTC|ETH)-/.test(n));
    expect(coin.length).toBeGreaterThanOrEqual(500);
    for (const c of ['BTC', 'ETH']) expect(new Set(names.filter((n) => n.startsWith(`${c}-`)).map((n) => n.split('-')[1])).size).toBeGreaterThanOrEqual(8);
    expect(names.some((n) => /^SOL_USDC-\d{1,2}[A-Z]{3}\d{2}-\d+d5-[CP]$/.test(n))).toBe(true);
    expect(names.every((n) => /^(BTC|ETH|SOL_USDC)-\d{1,2}[A-Z]{3}\d{2}-[\dd]+-[CP]$/.test(n))).toBe(true);
  });

  it('writes marks, greeks and IVs that an independent Black-76 gives, for calls and puts, with put-call parity', () => {
    const { connect, run, clock } = perpetualTestVenue('deribit_options');
    const client = connect('/deribit-options/ws/api/v2');
    const chosen = ['BTC', 'ETH'].flatMap((c) => {
      const sample = perpetualTestVenue('deribit_options')
        .control.instruments('deribit_options')
        .map((l) => l.symbol)
        .filter((n) => n.startsWith(`${c}-`));
      return [sample[7], sample[8], sample[100], sample[101]] as string[];
    });
    client.send({ jsonrpc: '2.0', id: 1, method: 'public/subscribe', params: { channels: chosen.map((n) => `ticker.${n}.100ms`) } });
    run(1_100);
    const tickers = new Map<string, Ticker>();
    for (const f of client.frames() as { params?: { data: Ticker } }[]) if (f.params !== undefined) tickers.set(f.params.data.instrument_name, f.params.data);
    expect(tickers.size).toBe(chosen.length);
    for (const [name, t] of tickers) {
      const [, , strikeText, type] = name.split('-');
      const k = Number(strikeText);
      const years = (expiryOf(name) - clock.now) / YEAR;
      const f = t.underlying_price;
      const m = model(type === 'C', f, k, years, t.mark_iv / 100);
      // Marks within what 2-decimal IVs and 2-decimal forwards allow; greeks to their 5 decimals.
      expect(Math.abs(t.mark_price - m.price / f), name).toBeLessThan(2e-4 * Math.max(1, (m.vega * 100) / f));
      expect(t.greeks.delta).toBeCloseTo(m.delta, 3);
      expect(t.greeks.gamma).toBeCloseTo(m.gamma, 4);
      expect(Math.abs(t.greeks.vega - m.vega) / Math.max(1e-3, m.vega)).toBeLessThan(0.01);
      expect(Math.abs(t.greeks.theta - m.theta) / Math.max(1e-3, Math.abs(m.theta))).toBeLessThan(0.01);
      expect(Math.abs(t.greeks.rho - m.rho) / Math.max(1e-3, Math.abs(m.rho))).toBeLessThan(0.01);
      // bid_iv and ask_iv carry 2 decimals: their prices are the bid and ask within 0.005 points of vega.
      const within = (0.006 * m.vega) / f + 5e-6; // plus 5e-6 coin for the 2-decimal forward and the CDF approximation
      // A price at its intrinsic value has no volatility: Deribit writes 0 (as `deribit-options-ticker.ndjson` line 2).
      if (t.bid_iv > 0) expect(Math.abs(model(type === 'C', f, k, years, t.bid_iv / 100).price / f - t.best_bid_price)).toBeLessThan(within);
      if (t.ask_iv > 0) expect(Math.abs(model(type === 'C', f, k, years, t.ask_iv / 100).price / f - t.best_ask_price)).toBeLessThan(within);
      expect(t.bid_iv).toBeLessThanOrEqual(t.mark_iv);
      expect(t.ask_iv).toBeGreaterThanOrEqual(t.mark_iv);
    }
    // Put-call parity on one strike (r = 0): C - P = (F - K) / F in the coin.
    const call = chosen.find((n) => n.endsWith('-C') && tickers.has(n.replace(/-C$/, '-P'))) as string;
    const c = tickers.get(call) as Ticker;
    const p = tickers.get(call.replace(/-C$/, '-P')) as Ticker;
    const strike = Number(call.split('-')[2]);
    expect(c.mark_price - p.mark_price).toBeCloseTo((c.underlying_price - strike) / c.underlying_price, 4);
    expect(c.greeks.delta - p.greeks.delta).toBeCloseTo(1, 4);
  });
});
