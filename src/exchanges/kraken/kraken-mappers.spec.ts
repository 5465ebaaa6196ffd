import { describe, expect, it } from 'vitest';
import type { MapperContext } from '../mapper-context.js';
import { frameLines } from './__fixtures__/recorded-frames.js';
import { parseKrakenFrame } from './kraken-frames.js';
import { mapKrakenFrame } from './kraken-mappers.js';

const RECEIVED_TS = 1_800_000_000_000;
const context: MapperContext = {
  exchange: 'kraken',
  env: 'prod',
  connectionId: 'kraken-1',
  partsOf: (symbol) => {
    const [coin, quote] = symbol.split('/');
    return coin === undefined || quote === undefined || coin === 'UNKNOWN' ? undefined : { coin, quote };
  },
};
const provenance = (symbol: string, exchangeTs: number) => {
  const [coin = '', quote = ''] = symbol.split('/');
  return { exchange: 'kraken', symbol, coin, quote, exchangeTs, receivedTs: RECEIVED_TS, isFallback: false, env: 'prod', connectionId: 'kraken-1' };
};

function mapped(line: string | undefined) {
  const result = parseKrakenFrame(line ?? '');
  if (!result.ok) throw new Error(result.error);
  return mapKrakenFrame(result.frame, RECEIVED_TS, context);
}

describe('mapKrakenFrame: trades', () => {
  it("maps the documentation's snapshot trades: buy takers, the trade id as text, the trade's own time", () => {
    expect(mapped(frameLines('kraken-trade.ndjson')[0])).toEqual([
      { type: 'trade', ...provenance('MATIC/USD', 1695628116925), tradeId: '4665846', price: 0.5147, quantity: 6423.46326, side: 'BUY', isBuyerMaker: false },
      {
        type: 'trade',
        ...provenance('MATIC/USD', 1695628176925),
        tradeId: '4665847',
        price: 0.5147,
        quantity: 1136.19677815,
        side: 'BUY',
        isBuyerMaker: false,
      },
    ]);
  });

  it('maps a sell taker as SELL, the buyer being the maker', () => {
    expect(mapped(frameLines('kraken-trade.ndjson')[1])).toEqual([
      { type: 'trade', ...provenance('MATIC/USD', 1695628177708), tradeId: '4665906', price: 0.5117, quantity: 40, side: 'SELL', isBuyerMaker: true },
    ]);
  });

  it('skips trades of a symbol the context cannot split', () => {
    const line =
      '{"channel":"trade","type":"update","data":[{"symbol":"UNKNOWN/X","side":"buy","price":1,"qty":1,"trade_id":1,"timestamp":"2026-01-01T00:00:00Z"}]}';
    expect(mapped(line)).toEqual([]);
  });
});

describe('mapKrakenFrame: tickers', () => {
  it('maps the recorded ticker to a price tick with the open and change worked out from change, and a book ticker', () => {
    const [tick, bbo] = mapped(frameLines('kraken-ticker.ndjson')[0]);
    // By hand: open = 63297.8 - 0.7 = 63297.1; change = 0.7 / 63297.1 * 100 = 0.00110589584...% (Kraken's change_pct says 0);
    // turnover = 1020.88387727 * 63685.7 = 65015704.3427 (ccxt's quoteVolume of the same frame: 65015704.34265404).
    expect(tick).toMatchObject({
      type: 'price_tick',
      ...provenance('BTC/USD', 1786562940921),
      price: 63297.8,
      open24h: 63297.1,
      high24h: 64409.2,
      low24h: 63250,
      volume24h: 1020.88387727,
      change24hPct: 0.0011058958,
    });
    expect(tick?.type === 'price_tick' && tick.turnover24h).toBeCloseTo(65015704.3427, 3);
    expect(bbo).toEqual({
      type: 'book_ticker',
      ...provenance('BTC/USD', 1786562940921),
      bid: 63297.7,
      bidSize: 5.75119051,
      ask: 63297.8,
      askSize: 0.36977971,
      exchangeTsEstimated: false,
    });
  });

  it('maps the recorded update with its new sizes', () => {
    const [, bbo] = mapped(frameLines('kraken-ticker.ndjson')[1]);
    expect(bbo).toMatchObject({ bidSize: 5.45673101, askSize: 0.36974422, exchangeTs: 1786562942066 });
  });

  it('without a timestamp, stamps the receive time and says the book ticker time is estimated', () => {
    const line = '{"channel":"ticker","type":"update","data":[{"symbol":"BTC/USD","bid":1,"bid_qty":2,"ask":3,"ask_qty":4,"last":2}]}';
    expect(mapped(line)).toEqual([
      { type: 'price_tick', ...provenance('BTC/USD', RECEIVED_TS), price: 2 },
      { type: 'book_ticker', ...provenance('BTC/USD', RECEIVED_TS), bid: 1, bidSize: 2, ask: 3, askSize: 4, exchangeTsEstimated: true },
    ]);
  });

  it("falls back on Kraken's rounded change_pct without a change, and leaves out zero highs and lows", () => {
    const line =
      '{"channel":"ticker","type":"update","data":[{"symbol":"BTC/USD","bid":1,"bid_qty":2,"ask":3,"ask_qty":4,"last":2,"low":0,"high":0,"volume":0,"vwap":0,"change_pct":-1.25}]}';
    expect(mapped(line)[0]).toEqual({ type: 'price_tick', ...provenance('BTC/USD', RECEIVED_TS), price: 2, volume24h: 0, turnover24h: 0, change24hPct: -1.25 });
  });
});

describe('mapKrakenFrame: frames that are not market data', () => {
  it('maps status, heartbeats, pongs, acks and book messages to nothing', () => {
    const lines = [
      ...frameLines('kraken-status.ndjson'),
      ...frameLines('kraken-heartbeat.ndjson'),
      ...frameLines('kraken-pong.ndjson'),
      ...frameLines('kraken-subscribe-ack.ndjson'),
      ...frameLines('kraken-book.ndjson'),
    ];
    expect(lines.flatMap(mapped)).toEqual([]);
  });

  it('leaves out only the turnover where volume times VWAP is no number', () => {
    const line =
      '{"channel":"ticker","type":"update","data":[{"symbol":"BTC/USD","bid":1,"bid_qty":2,"ask":3,"ask_qty":4,"last":2,"low":1,"high":3,"volume":1e308,"vwap":63685.7,"change_pct":-1.25}]}';
    expect(mapped(line)[0]).toEqual({
      type: 'price_tick',
      ...provenance('BTC/USD', RECEIVED_TS),
      price: 2,
      high24h: 3,
      low24h: 1,
      volume24h: 1e308,
      change24hPct: -1.25,
    });
  });
});
