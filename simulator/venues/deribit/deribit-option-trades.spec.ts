import { describe, expect, it } from 'vitest';
import { deribitTestVenue, onChannel } from './__fixtures__/deribit-test-venue.js';

type OptionTrade = { trade_seq: number; price: number; amount: number; direction: 'buy' | 'sell'; instrument_name: string; timestamp: number };
type Ticker = { best_bid_price: number; best_ask_price: number; instrument_name: string; last_price: number | null };

/** Options' ticks: 0.0001 up to 0.005, 0.0005 above (support.deribit.com "6 July 2023 (TS)"), as whole ten-thousandths. */
const onOptionTick = (price: number): boolean => {
  const units = Math.round(price * 10_000);
  return Math.abs(units - price * 10_000) < 1e-6 && (price <= 0.005 || units % 5 === 0);
};
const isBtcOrEth = (symbol: string): boolean => symbol.startsWith('BTC-') || symbol.startsWith('ETH-');

describe('the simulated Deribit option trades: random arrivals at one a second per chain from the first seconds', () => {
  // Default rate: 60 a minute for each of BTC's and ETH's chains, so 120 expected in 60 s (Poisson: standard deviation √120 ≈ 11).
  const test = deribitTestVenue(['deribit_options']);
  const symbols = test.venue('deribit_options').config.market.symbols.filter(isBtcOrEth);
  test.run(60_000);
  const made = symbols.flatMap((symbol) => test.control.madeTrades('deribit_options', symbol).map((t) => ({ ...t, symbol })));

  it('makes about 120 trades over BTC and ETH in 60 s (within 4 standard deviations), some in the first 5 s', () => {
    expect(made.length).toBeGreaterThan(120 - 44);
    expect(made.length).toBeLessThan(120 + 44);
    // At 2 a second, no trade in 5 s has a chance of e^-10.
    const start = Math.min(...made.map((t) => t.ts));
    expect(made.some((t) => t.ts <= start + 5_000)).toBe(true);
    expect(made.filter((t) => t.symbol.startsWith('BTC-')).length).toBeGreaterThan(25);
    expect(made.filter((t) => t.symbol.startsWith('ETH-')).length).toBeGreaterThan(25);
  });

  it('spaces them at random, not one every 1 / rate: seconds with none, seconds with several', () => {
    const first = Math.min(...made.map((t) => t.ts));
    const perSecond = Array.from({ length: 60 }, (_, s) => made.filter((t) => t.ts > first - 1 + s * 1000 && t.ts <= first - 1 + (s + 1) * 1000).length);
    // Poisson of mean 2: P(0) = e^-2 ≈ 0.135, P(at least 4) ≈ 0.143; a steady 2 a second would give 2 every second.
    expect(perSecond.filter((n) => n === 0).length).toBeGreaterThanOrEqual(2);
    expect(perSecond.filter((n) => n >= 4).length).toBeGreaterThanOrEqual(2);
  });

  it('prices each on the option tick, in whole tenths of a coin from 0.1, and numbers them consecutively per option', () => {
    for (const t of made) {
      expect([t.symbol, t.price, onOptionTick(t.price)]).toEqual([t.symbol, t.price, true]);
      expect(Number.isInteger(Math.round(t.quantity * 10)) && t.quantity >= 0.1 && Math.abs(t.quantity * 10 - Math.round(t.quantity * 10)) < 1e-9).toBe(true);
    }
    for (const symbol of new Set(made.map((t) => t.symbol))) {
      const ids = test.control.madeTrades('deribit_options', symbol).map((t) => t.tradeId);
      expect(ids).toEqual(ids.map((_, i) => (ids[0] ?? 0) + i));
    }
  });
});

describe('the simulated Deribit option flow: busiest near the money and near expiry', () => {
  const test = deribitTestVenue(['deribit_options']);
  const symbols = test.venue('deribit_options').config.market.symbols.filter((s) => s.startsWith('BTC-'));
  test.run(600_000);
  const count = (list: readonly string[]): number => list.reduce((sum, s) => sum + test.control.madeTrades('deribit_options', s).length, 0);
  const expiries = [...new Set(symbols.map((s) => s.split('-')[1] ?? ''))];
  const ofExpiry = (expiry: string | undefined): string[] => symbols.filter((s) => s.split('-')[1] === expiry);

  it("trades the nearest expiry's options more than twice as often as the furthest's", () => {
    expect(expiries.length).toBeGreaterThanOrEqual(8);
    expect(count(ofExpiry(expiries[0]))).toBeGreaterThan(2 * count(ofExpiry(expiries.at(-1))));
  });

  it("gives the nearest expiry's 4 strikes closest to its forward (of 18) more than half of its trades", () => {
    const nearest = ofExpiry(expiries[0]);
    const summaries = JSON.parse(test.rest().answer('/api/v2/public/get_book_summary_by_currency?currency=BTC&kind=option').body) as {
      result: { instrument_name: string; underlying_price: number }[];
    };
    const forward = summaries.result.find((s) => s.instrument_name === nearest[0])?.underlying_price ?? 0;
    const strikeOf = (s: string): number => Number(s.split('-')[2]);
    const strikes = [...new Set(nearest.map(strikeOf))].sort((a, b) => Math.abs(a - forward) - Math.abs(b - forward));
    expect(strikes).toHaveLength(18);
    const atTheMoney = nearest.filter((s) => strikes.slice(0, 4).includes(strikeOf(s)));
    expect(count(atTheMoney)).toBeGreaterThan(count(nearest) / 2);
  });
});

describe('the simulated Deribit option trades on the wire: at the quoted bid or ask, on the tape and in get_last_trades_by_instrument', () => {
  const test = deribitTestVenue(['deribit_options']);
  const symbols = test.venue('deribit_options').config.market.symbols;
  const client = test.connect('deribit_options');
  client.call('public/auth', { grant_type: 'client_credentials', client_id: 'id', client_secret: 'secret' });
  // The trade-rate control (per option) still sets the options' rate: 0.2 a second each here, so that every followed option trades.
  test.control.setTradeRate('deribit_options', 0.2);
  const followed = symbols.filter((_, i) => i % 8 === 0).slice(0, 100);
  client.call('public/subscribe', { channels: followed.flatMap((s) => [`ticker.${s}.raw`, `trades.${s}.raw`]) });
  test.run(20_000);
  const frames = client.take();

  it('sells at the best bid and buys at the best ask of the ticker last sent before the trade', () => {
    const touch = new Map<string, Ticker>();
    let trades = 0;
    for (const frame of frames) {
      const channel = frame.params?.channel ?? '';
      if (channel.startsWith('ticker.')) touch.set((frame.params?.data as Ticker).instrument_name, frame.params?.data as Ticker);
      if (!channel.startsWith('trades.')) continue;
      for (const t of frame.params?.data as OptionTrade[]) {
        trades += 1;
        const ticker = touch.get(t.instrument_name);
        expect([t.instrument_name, t.direction, t.price]).toEqual([
          t.instrument_name,
          t.direction,
          t.direction === 'sell' ? ticker?.best_bid_price : ticker?.best_ask_price,
        ]);
      }
    }
    // 100 options at 0.2 a second for 20 s: 400 expected (standard deviation 20).
    expect(trades).toBeGreaterThan(300);
    expect(trades).toBeLessThan(500);
  });

  it("sends consecutive trade_seq per option, each trade the tape's (price, amount) and get_last_trades_by_instrument's", () => {
    for (const symbol of followed) {
      const sent = onChannel(frames, `trades.${symbol}.raw`).flatMap((f) => f.params?.data as OptionTrade[]);
      const made = test.control.madeTrades('deribit_options', symbol);
      expect(sent.map((t) => t.trade_seq)).toEqual(made.map((t) => t.tradeId));
      expect(sent.map((t) => [t.price, t.amount])).toEqual(made.map((t) => [t.price, t.quantity]));
      if (sent.length === 0) continue;
      const from = sent[0]?.trade_seq ?? 0;
      const answer = test.rest().answer(`/api/v2/public/get_last_trades_by_instrument?instrument_name=${symbol}&start_seq=${from}&count=1000&sorting=asc`);
      const kept = (JSON.parse(answer.body) as { result: { trades: OptionTrade[] } }).result.trades;
      expect(kept.map((t) => [t.trade_seq, t.price, t.amount])).toEqual(sent.map((t) => [t.trade_seq, t.price, t.amount]));
    }
  });

  it('stops the options trading at a trade rate of 0', () => {
    test.control.setTradeRate('deribit_options', 0);
    const before = test.control.madeTrades('deribit_options').length;
    test.run(10_000);
    expect(test.control.madeTrades('deribit_options').length).toBe(before);
    expect(client.take().filter((f) => f.params?.channel?.startsWith('trades.') === true)).toEqual([]);
  });
});

describe('the simulated Deribit option tickers: sent once per mark step and after a trade, not every 100 ms', () => {
  it('sends a .100ms ticker on subscribe, then one a mark step (1 s) while the option does not trade', () => {
    const test = deribitTestVenue(['deribit_options']);
    test.control.setTradeRate('deribit_options', 0);
    const option = test.venue('deribit_options').config.market.symbols.find((s) => s.startsWith('BTC-')) ?? '';
    const client = test.connect('deribit_options');
    client.call('public/subscribe', { channels: [`ticker.${option}.100ms`] });
    test.run(10_000);
    // 10 s of 1 s mark steps: the first ticker and 10 more.
    expect(onChannel(client.take(), `ticker.${option}.100ms`)).toHaveLength(11);
  });

  it('sends a .raw ticker with the new last price in the same step as a trade of the option', () => {
    const test = deribitTestVenue(['deribit_options']);
    const option = test.venue('deribit_options').config.market.symbols.find((s) => s.startsWith('ETH-')) ?? '';
    const client = test.connect('deribit_options');
    client.call('public/auth', { grant_type: 'client_credentials', client_id: 'id', client_secret: 'secret' });
    test.control.setTradeRate('deribit_options', 0.5);
    client.call('public/subscribe', { channels: [`ticker.${option}.raw`, `trades.${option}.raw`] });
    test.run(20_000);
    const frames = client.take().filter((f) => f.method === 'subscription');
    const tradeAt = frames.flatMap((f, i) => (f.params?.channel?.startsWith('trades.') === true ? [i] : []));
    expect(tradeAt.length).toBeGreaterThan(2);
    for (const i of tradeAt) {
      const trade = (frames[i]?.params?.data as OptionTrade[]).at(-1);
      const next = frames[i + 1]?.params?.data as (Ticker & { timestamp: number }) | undefined;
      expect([next?.instrument_name, next?.last_price, next?.timestamp]).toEqual([option, trade?.price, trade?.timestamp]);
    }
  });
});
