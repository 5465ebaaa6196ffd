import { describe, expect, it } from 'vitest';
import type { MarketRecordBase } from '../model/index.js';
import { binanceProtocol } from './binance/binance-protocol.js';
import { bookOutputEvent } from './book-output-event.js';
import { frameDecoder } from './frame-decoder.js';
import type { MapperContext } from './mapper-context.js';
import { recordProvenance } from './record-provenance.js';
import { SymbolDirectory } from './symbol-directory.js';

/** Binance-family symbols as a shard told them: ETH at its own quote, BTC's USDC listing serving BTC-USDT. */
function directory(): SymbolDirectory {
  const told = new SymbolDirectory();
  told.learn([
    { symbol: 'ETHUSDT', coin: 'ETH', quote: 'USDT' },
    { symbol: 'BTCUSDC', coin: 'BTC', quote: 'USDC', instrument: 'BTC-USDT' },
  ]);
  return told;
}
const context = (told: SymbolDirectory): MapperContext => ({ exchange: 'binance_us', env: 'prod', connectionId: 'c1', partsOf: told.partsOf });

describe('recordProvenance', () => {
  it('stamps the venue, its symbol, base and quote, the times and the socket', () => {
    expect(recordProvenance('ETHUSDT', 5, 7, context(directory()))).toEqual({
      exchange: 'binance_us',
      symbol: 'ETHUSDT',
      coin: 'ETH',
      quote: 'USDT',
      exchangeTs: 5,
      receivedTs: 7,
      isFallback: false,
      env: 'prod',
      connectionId: 'c1',
    });
  });

  it('has no instrument field when the symbol is its own instrument: the fields records always had, in the same order', () => {
    const provenance = recordProvenance('ETHUSDT', 5, 7, context(directory()));
    expect(Object.keys(provenance ?? {})).toEqual(['exchange', 'symbol', 'coin', 'quote', 'exchangeTs', 'receivedTs', 'isFallback', 'env', 'connectionId']);
  });

  it('stamps the instrument a listing at an equivalent quote serves, with its own symbol, base and quote', () => {
    expect(recordProvenance('BTCUSDC', 5, 7, context(directory()))).toMatchObject<Partial<MarketRecordBase>>({
      symbol: 'BTCUSDC',
      coin: 'BTC',
      quote: 'USDC',
      instrument: 'BTC-USDT',
    });
  });

  it('is undefined for a symbol that cannot be split', () => {
    expect(recordProvenance('???', 5, 7, context(directory()))).toBeUndefined();
  });

  it("reaches every record a venue's frames map to (trades, tickers, book tickers, candles, aggregate trades)", () => {
    const told = directory();
    const decode = frameDecoder(binanceProtocol, { exchange: 'binance_us', partsOf: told.partsOf });
    const frames = [
      { stream: 'btcusdc@trade', data: { e: 'trade', E: 5, s: 'BTCUSDC', t: 7, p: '65000.5', q: '0.1', T: 5, m: true } },
      {
        stream: 'btcusdc@ticker',
        data: { e: '24hrTicker', E: 5, s: 'BTCUSDC', c: '65000.5', o: '64000', h: '66000', l: '63000', v: '10', q: '650000', P: '1.5' },
      },
      { stream: 'btcusdc@bookTicker', data: { u: 9, s: 'BTCUSDC', b: '65000', B: '1', a: '65001', A: '2' } },
      {
        stream: 'btcusdc@kline_1m',
        data: {
          e: 'kline',
          E: 5,
          s: 'BTCUSDC',
          k: { t: 0, T: 59_999, s: 'BTCUSDC', i: '1m', o: '1', c: '2', h: '3', l: '0.5', v: '4', q: '5', n: 6, x: false },
        },
      },
      { stream: 'btcusdc@aggTrade', data: { e: 'aggTrade', E: 5, s: 'BTCUSDC', a: 11, p: '65000.5', q: '0.1', f: 7, l: 8, T: 5, m: false } },
    ];
    const types: string[] = [];
    for (const frame of frames) {
      const decoded = decode(JSON.stringify(frame), 9, 'c1');
      expect(decoded.kind, JSON.stringify(frame)).toBe('events');
      for (const event of decoded.kind === 'events' ? decoded.events : []) {
        types.push(event.type);
        expect(event, event.type).toMatchObject({ exchange: 'binance_us', symbol: 'BTCUSDC', coin: 'BTC', quote: 'USDC', instrument: 'BTC-USDT' });
      }
    }
    expect(types).toEqual(['trade', 'price_tick', 'book_ticker', 'kline', 'agg_trade']);
  });

  it("reaches a venue's book views", () => {
    const told = directory();
    const stamp = { exchange: 'binance_us', env: 'prod', connectionId: 'c1', partsOf: told.partsOf } as const;
    const view = {
      type: 'book_view',
      symbol: 'BTCUSDC',
      exchangeTs: 5,
      receivedTs: 7,
      bids: [{ price: 1, size: 1 }],
      asks: [{ price: 2, size: 1 }],
      updateId: 3,
    } as const;
    expect(bookOutputEvent(view, stamp)).toMatchObject({ type: 'order_book', symbol: 'BTCUSDC', quote: 'USDC', instrument: 'BTC-USDT' });
    expect(bookOutputEvent({ ...view, symbol: 'ETHUSDT' }, stamp)).not.toHaveProperty('instrument');
  });
});
