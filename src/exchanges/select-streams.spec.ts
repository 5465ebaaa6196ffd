import { describe, expect, it } from 'vitest';
import { binanceProtocol } from './binance/binance-protocol.js';
import { bybitProtocol } from './bybit/bybit-protocol.js';
import { selectStreams } from './select-streams.js';

const channels = (streams: readonly { readonly channel: string }[]): readonly string[] => streams.map((s) => s.channel);

describe('selectStreams', () => {
  it('subscribes 1-minute candles and no aggTrade by default', () => {
    expect(channels(selectStreams(bybitProtocol.streams))).toEqual(['publicTrade', 'tickers', 'orderbook.1', 'kline.1']);
    expect(channels(selectStreams(binanceProtocol.streams))).toEqual(['trade', 'miniTicker', 'bookTicker', 'kline_1m']);
  });

  it('adds Binance aggTrade only when agg_trade is selected; Bybit has no such stream and subscribes as before', () => {
    expect(channels(selectStreams(binanceProtocol.streams, { klines: '1m', optional: ['agg_trade'] }))).toEqual([
      'trade',
      'miniTicker',
      'bookTicker',
      'kline_1m',
      'aggTrade',
    ]);
    expect(channels(selectStreams(bybitProtocol.streams, { klines: '1m', optional: ['agg_trade'] }))).toEqual([
      'publicTrade',
      'tickers',
      'orderbook.1',
      'kline.1',
    ]);
  });

  it('names the configured interval in each venue’s own way, or leaves candles out', () => {
    expect(channels(selectStreams(bybitProtocol.streams, { klines: '4h', optional: [] }))).toEqual(['publicTrade', 'tickers', 'orderbook.1', 'kline.240']);
    expect(channels(selectStreams(binanceProtocol.streams, { klines: '4h', optional: [] }))).toEqual(['trade', 'miniTicker', 'bookTicker', 'kline_4h']);
    expect(channels(selectStreams(binanceProtocol.streams, { klines: false, optional: [] }))).toEqual(['trade', 'miniTicker', 'bookTicker']);
  });
});
