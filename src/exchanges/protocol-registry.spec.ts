import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ExchangeId } from '../model/market-record.js';
import { frameDecoder, type DecodedFrame } from './frame-decoder.js';
import { protocolFor, type ProtocolSettings } from './protocol-registry.js';

const RECEIVED_TS = 1_800_000_000_000;

function firstLine(file: string): string {
  return readFileSync(new URL(`../../test/fixtures/exchange-frames/${file}`, import.meta.url), 'utf8').split('\n')[0] ?? '';
}

/** One recorded frame through the decoder of the protocol `protocolFor` picks for `exchange`. */
function decode(exchange: ExchangeId, file: string, settings?: ProtocolSettings): DecodedFrame {
  return frameDecoder(protocolFor(exchange, settings), { exchange })(firstLine(file), RECEIVED_TS, 'c1');
}

describe('protocolFor', () => {
  // Recorded frames of each venue; Binance's spot testnet has none in public sources (its payloads match mainnet).
  it.each([
    [
      'bybit',
      'bybit-publicTrade.ndjson',
      { type: 'trade', symbol: 'ETHUSDT', tradeId: '2280000001739247417', price: 1923.28, quantity: 0.04537, side: 'SELL', env: 'prod' },
    ],
    [
      'binance',
      'binance-trade.ndjson',
      { type: 'trade', symbol: 'BTCUSDT', tradeId: '1013351810', price: 45746.58, quantity: 0.011892, side: 'SELL', env: 'prod' },
    ],
    [
      'binance_us',
      'binanceus-aggTrade.ndjson',
      { type: 'agg_trade', symbol: 'OMGBUSD', aggTradeId: 425085, price: 13.8048, quantity: 2.1, side: 'BUY', env: 'prod' },
    ],
    [
      'binance_testnet',
      'binance-trade.ndjson',
      { type: 'trade', symbol: 'BTCUSDT', tradeId: '1013351810', price: 45746.58, quantity: 0.011892, side: 'SELL', env: 'testnet' },
    ],
  ] as const)('gives %s a protocol that decodes its recorded %s, stamped with the venue and its environment', (exchange, file, event) => {
    expect(decode(exchange, file)).toEqual({ kind: 'events', events: [expect.objectContaining({ ...event, exchange, connectionId: 'c1' })], books: [] });
  });

  it("does not read one venue family's frames with the other's protocol", () => {
    expect(decode('bybit', 'binance-trade.ndjson')).toEqual({ kind: 'events', events: [], books: [] });
    expect(decode('binance_us', 'bybit-publicTrade.ndjson')).toEqual({ kind: 'events', events: [], books: [] });
  });

  it('subscribes each venue by its own topic names', () => {
    const tradeTopic = (exchange: ExchangeId): string => {
      const protocol = protocolFor(exchange);
      const trades = protocol.streams.find((stream) => stream.record === 'trade');
      return trades === undefined ? 'no trade stream' : protocol.topic('BTCUSDT', trades);
    };
    expect((['bybit', 'binance', 'binance_us', 'binance_testnet'] as const).map(tradeTopic)).toEqual([
      'publicTrade.BTCUSDT',
      'btcusdt@trade',
      'btcusdt@trade',
      'btcusdt@trade',
    ]);
  });

  it("reads Bybit's books at the configured depth: the recorded orderbook.200 snapshot only at 200", () => {
    const at200 = decode('bybit', 'bybit-orderbook.ndjson', { options: { 'books.bybitDepth': 200 } });
    expect(at200).toMatchObject({ kind: 'events', books: [{ type: 'book_update', symbol: 'BTCUSDT', action: 'snapshot', updateId: 62505424 }] });
    expect(decode('bybit', 'bybit-orderbook.ndjson')).toEqual({ kind: 'events', events: [], books: [] });
  });

  it('gives the Binance venues, and only them, the Binance book plan when books are followed', () => {
    const settings = { options: {} };
    for (const exchange of ['binance', 'binance_us', 'binance_testnet'] as const) {
      expect(decode(exchange, 'binance-depthUpdate.ndjson', settings)).toMatchObject({
        books: [{ type: 'book_update', symbol: 'BNBBTC', firstUpdateId: 157, updateId: 160 }],
      });
      expect(decode(exchange, 'binance-depthUpdate.ndjson')).toMatchObject({ books: [] });
    }
    expect(protocolFor('bybit', settings).book?.channel).toBe('orderbook.50');
    expect((['bybit', 'binance', 'binance_us', 'binance_testnet'] as const).map((exchange) => protocolFor(exchange, settings).book?.channel)).toEqual([
      'orderbook.50',
      'depth@100ms',
      'depth@100ms',
      'depth@100ms',
    ]);
  });

  it("takes each venue's book options from its own keys: the Binance channel and the Bybit depth, each venue only its own", () => {
    const settings = { options: { 'binanceBook.channel': 'depth', 'books.bybitDepth': 200 } };
    expect(protocolFor('binance', settings).book?.channel).toBe('depth');
    expect(protocolFor('binance_us', settings).book?.channel).toBe('depth');
    expect(protocolFor('bybit', settings).book?.channel).toBe('orderbook.200');
    expect(protocolFor('binance').book).toBeUndefined();
  });
});
