import { describe, expect, it } from 'vitest';
import { deribitTestVenue, onChannel, type RpcFrame } from './__fixtures__/deribit-test-venue.js';

type Level = [string, number, number];
type BookData = { bids: Level[]; asks: Level[] };
type Trade = { price: number; instrument_name: string };
type Ticker = { best_bid_price: number; best_ask_price: number; last_price: number | null; min_price: number; max_price: number; instrument_name: string };

const decimalsOf = (text: string): number => text.split('.')[1]?.length ?? 0;
const scaled = (text: string, decimals: number): bigint => {
  const [whole = '0', fraction = ''] = text.split('.');
  return BigInt(whole + fraction.padEnd(decimals, '0'));
};

/** True when the JSON number `value`, as `JSON.stringify` writes it, is a whole multiple of the decimal `tick` (plain digits, no float residue). */
function onTick(value: number, tick: string): boolean {
  const text = JSON.stringify(value);
  if (!/^\d+(\.\d+)?$/.test(text)) return false;
  const decimals = Math.max(decimalsOf(text), decimalsOf(tick));
  return scaled(text, decimals) % scaled(tick, decimals) === 0n;
}

/** Futures' ticks: BTC 0.5 (every BTC-PERPETUAL price of the recorded book, trades and ticker frames), ETH 0.05 (`tick_size` of the recorded ETH futures). */
const futureTick = (symbol: string): string => (symbol.startsWith('BTC-') ? '0.5' : '0.05');

/**
 * Options' ticks: BTC and ETH 0.0001 up to 0.005, 0.0005 above (support.deribit.com "6 July 2023 (TS)":
 * `tick_size_steps` `[{above_price: 0.005, tick_size: 0.0005}]`); SOL_USDC's prices in USDC at 0.01.
 */
const optionTick = (symbol: string, price: number): string => (symbol.startsWith('SOL_USDC-') ? '0.01' : price > 0.005 ? '0.0005' : '0.0001');

const data = (frames: readonly RpcFrame[], prefix: string): unknown[] =>
  frames.filter((f) => f.method === 'subscription' && f.params?.channel?.startsWith(prefix) === true).flatMap((f) => f.params?.data ?? []);

describe('onTick, the check itself', () => {
  it('takes whole multiples written plainly and refuses float residue and other steps', () => {
    expect([onTick(65000.5, '0.5'), onTick(1900.05, '0.05'), onTick(0.0055, '0.0005'), onTick(0.0023, '0.0001')]).toEqual([true, true, true, true]);
    expect([onTick(65000.1, '0.5'), onTick(1900.01, '0.05'), onTick(0.0053, '0.0005'), onTick(0.1 + 0.2, '0.1')]).toEqual([false, false, false, false]);
  });
});

describe("the simulated Deribit futures' prices sit on the venue's tick (BTC 0.5, ETH 0.05)", () => {
  const test = deribitTestVenue(['deribit']);
  const symbols = test.venue('deribit').config.market.symbols;
  const client = test.connect('deribit');
  client.call('public/subscribe', { channels: symbols.flatMap((s) => [`trades.${s}.100ms`, `book.${s}.100ms`, `ticker.${s}.100ms`]) });
  test.run(10_000);
  const frames = client.take();

  it('every trade price on the wire and on the tape', () => {
    const sent = data(frames, 'trades.') as Trade[];
    expect(sent.length).toBeGreaterThan(500);
    expect(new Set(sent.map((t) => t.instrument_name)).size).toBe(symbols.length);
    for (const t of sent) expect([t.instrument_name, t.price, onTick(t.price, futureTick(t.instrument_name))]).toEqual([t.instrument_name, t.price, true]);
    for (const symbol of symbols)
      for (const t of test.control.madeTrades('deribit', symbol))
        expect([symbol, t.price, onTick(t.price, futureTick(symbol))]).toEqual([symbol, t.price, true]);
    // Off the old 0.1 and 0.01 steps: BTC trades at half dollars too, ETH at 0.05 between tenths.
    expect(sent.some((t) => t.instrument_name.startsWith('BTC-') && !Number.isInteger(t.price))).toBe(true);
    expect(sent.some((t) => t.instrument_name.startsWith('ETH-') && !onTick(t.price, '0.1'))).toBe(true);
  });

  it('every book level of every snapshot and change', () => {
    let levels = 0;
    for (const symbol of symbols) {
      for (const book of onChannel(frames, `book.${symbol}.100ms`).map((f) => f.params?.data as BookData)) {
        for (const [, price] of [...book.bids, ...book.asks]) {
          levels += 1;
          expect([symbol, price, onTick(price, futureTick(symbol))]).toEqual([symbol, price, true]);
        }
      }
    }
    expect(levels).toBeGreaterThan(5_000);
  });

  it('every best bid and ask, last price and price band of the tickers', () => {
    const tickers = data(frames, 'ticker.') as Ticker[];
    expect(tickers.length).toBeGreaterThan(200);
    for (const t of tickers) {
      const tick = futureTick(t.instrument_name);
      const prices = [t.best_bid_price, t.best_ask_price, t.last_price ?? 0, t.min_price, t.max_price];
      expect([t.instrument_name, prices, prices.every((p) => onTick(p, tick))]).toEqual([t.instrument_name, prices, true]);
      expect(t.best_ask_price).toBeGreaterThan(t.best_bid_price);
    }
  });
});

describe("the simulated Deribit options' bid, ask and trade prices sit on the option's tick", () => {
  const test = deribitTestVenue(['deribit_options']);
  test.control.setTradeRate('deribit_options', 0.5);
  const all = test.venue('deribit_options').config.market.symbols;
  // A third of the chain, every currency's, within one call's 250 channels.
  const followed = all.filter((_, i) => i % 3 === 0).slice(0, 250);
  const client = test.connect('deribit_options');
  client.call('public/subscribe', { channels: followed.map((s) => `ticker.${s}.100ms`) });
  client.call('public/subscribe', { channels: followed.map((s) => `trades.${s}.100ms`) });
  test.run(10_000);
  const frames = client.take();

  it('every best bid and ask and last price of the tickers, above and below 0.005', () => {
    const tickers = data(frames, 'ticker.') as Ticker[];
    expect(new Set(tickers.map((t) => t.instrument_name)).size).toBe(followed.length);
    const quoted = tickers.flatMap((t) =>
      [t.best_bid_price, t.best_ask_price, t.last_price ?? 0].filter((p) => p > 0).map((p) => [t.instrument_name, p] as const),
    );
    for (const [symbol, price] of quoted) expect([symbol, price, onTick(price, optionTick(symbol, price))]).toEqual([symbol, price, true]);
    const coin = quoted.filter(([symbol]) => !symbol.startsWith('SOL_USDC-')).map(([, price]) => price);
    expect(coin.filter((p) => p <= 0.005).length).toBeGreaterThan(100);
    expect(coin.filter((p) => p > 0.005).length).toBeGreaterThan(100);
    expect(quoted.some(([symbol]) => symbol.startsWith('SOL_USDC-'))).toBe(true);
  });

  it('every trade price on the wire and on the tape of every option', () => {
    const sent = data(frames, 'trades.') as Trade[];
    expect(sent.length).toBeGreaterThan(100);
    for (const t of sent)
      expect([t.instrument_name, t.price, onTick(t.price, optionTick(t.instrument_name, t.price))]).toEqual([t.instrument_name, t.price, true]);
    let made = 0;
    for (const symbol of all) {
      for (const t of test.control.madeTrades('deribit_options', symbol)) {
        made += 1;
        expect([symbol, t.price, onTick(t.price, optionTick(symbol, t.price))]).toEqual([symbol, t.price, true]);
      }
    }
    expect(made).toBeGreaterThan(1_000);
  });
});
