import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { binanceDepthSymbolsOf } from './binance/binance-book-plan.js';
import { bybitBookSymbolsOf } from './bybit/bybit-book-plan.js';
import { coinbaseBookSymbolsOf } from './coinbase/coinbase-book-plan.js';
import { krakenBookSymbolsOf } from './kraken/kraken-book-plan.js';
import { protocolFor } from './protocol-registry.js';
import { hasKey, stringValues } from './refused-frame-peek.js';

/** The recorded frames of `test/fixtures/exchange-frames/` (see its SOURCES.md). */
const lines = (file: string): string[] =>
  readFileSync(new URL(`../../test/fixtures/exchange-frames/${file}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line !== '');
const first = (file: string): string => lines(file)[0] ?? '';
/** Cut short just after `needle`: no longer JSON, still naming what came before. */
const cutAfter = (text: string, needle: string): string => text.slice(0, text.indexOf(needle) + needle.length);

describe('stringValues and hasKey (a lenient read of a refused frame)', () => {
  it('finds every string value of a key at any depth, in order and once each, in JSON or not', () => {
    expect(stringValues('{"a":"x","b":{"a" : "y"},"c":[{"a":"x"}]}', 'a')).toEqual(['x', 'y']);
    expect(stringValues('{"a":"x","b":{"a":"y"', 'a')).toEqual(['x', 'y']);
    expect(stringValues('{"a":"x\\/y","a":5,"a":"","ab":"z"}', 'a')).toEqual(['x/y']);
    expect(stringValues('garbage', 'a')).toEqual([]);
    expect(hasKey('{"method":1}', 'method')).toBe(true);
    expect(hasKey('{"x":"method"}', 'method')).toBe(false);
  });
});

describe("each plan's refusedSymbols", () => {
  it('Bybit: the symbol of its own depth topic, spot and linear; not another depth, not another topic', () => {
    const book = first('bybit-orderbook.ndjson');
    expect(bybitBookSymbolsOf(book, 'orderbook.200')).toEqual(['BTCUSDT']);
    expect(bybitBookSymbolsOf(cutAfter(book, '"orderbook.200.BTCUSDT"'), 'orderbook.200')).toEqual(['BTCUSDT']);
    expect(bybitBookSymbolsOf(book, 'orderbook.50')).toEqual([]);
    expect(bybitBookSymbolsOf(first('bybit-publicTrade.ndjson'), 'orderbook.50')).toEqual([]);
    expect(protocolFor('bybit_linear').book?.refusedSymbols(first('bybit-linear-orderbook.ndjson').replace('orderbook.200', 'orderbook.50'))).toEqual([
      'BTCUSDT',
    ]);
    expect(protocolFor('bybit').book?.refusedSymbols(first('bybit-subscribe-ack.ndjson'))).toEqual([]);
  });

  it('Kraken: the symbols of a book message; not a reply naming book and a symbol, not another channel', () => {
    const book = first('kraken-book.ndjson');
    expect(krakenBookSymbolsOf(book)).toEqual(['BTC/USD']);
    expect(krakenBookSymbolsOf(cutAfter(book, '"symbol":"BTC/USD"'))).toEqual(['BTC/USD']);
    expect(krakenBookSymbolsOf(book.replace('"symbol":"BTC/USD"', '"symbol":"BTC/USD"},{"symbol":"ETH/USD"'))).toEqual(['BTC/USD', 'ETH/USD']);
    expect(krakenBookSymbolsOf(lines('kraken-subscribe-ack.ndjson')[2] ?? '')).toEqual([]);
    expect(krakenBookSymbolsOf(first('kraken-trade.ndjson'))).toEqual([]);
    expect(protocolFor('kraken').book?.refusedSymbols(book)).toEqual(['BTC/USD']);
  });

  it('Coinbase: the products of an l2_data frame; not those of another channel', () => {
    const update = first('coinbase-l2_data-updates.ndjson');
    expect(coinbaseBookSymbolsOf(update)).toEqual(['ETH-USD']);
    expect(coinbaseBookSymbolsOf(cutAfter(update, '"product_id":"ETH-USD"'))).toEqual(['ETH-USD']);
    expect(coinbaseBookSymbolsOf(first('coinbase-market_trades.ndjson'))).toEqual([]);
    expect(protocolFor('coinbase').book?.refusedSymbols(update)).toEqual(['ETH-USD']);
  });

  it('Binance: a combined stream of its depth channel (upper-cased) or a raw depthUpdate; not another stream or depth channel', () => {
    const [raw = '', combined = ''] = lines('binance-depthUpdate.ndjson');
    expect(binanceDepthSymbolsOf(combined, 'depth@100ms')).toEqual(['BNBBTC']);
    expect(binanceDepthSymbolsOf(cutAfter(combined, '"stream":"bnbbtc@depth@100ms"'), 'depth@100ms')).toEqual(['BNBBTC']);
    expect(binanceDepthSymbolsOf(raw, 'depth@100ms')).toEqual(['BNBBTC']);
    expect(binanceDepthSymbolsOf(combined.replace('"s":"BNBBTC"', '"s":7'), 'depth@100ms')).toEqual(['BNBBTC']);
    expect(binanceDepthSymbolsOf(combined.replace('@depth@100ms', '@depth'), 'depth@100ms')).toEqual(['BNBBTC']);
    expect(binanceDepthSymbolsOf(combined.replace('@depth@100ms', '@depth').replace('"e":"depthUpdate"', '"e":"x"'), 'depth@100ms')).toEqual([]);
    expect(binanceDepthSymbolsOf(first('binance-trade-combined.ndjson'), 'depth@100ms')).toEqual([]);
    expect(protocolFor('binance', { options: {} }).book?.refusedSymbols(combined)).toEqual(['BNBBTC']);
    expect(protocolFor('binance_usdm', { options: {} }).book?.refusedSymbols(combined)).toEqual(['BNBBTC']);
  });
});
