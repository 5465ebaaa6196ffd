import { describe, expect, it } from 'vitest';
import type { MarketEvent } from '../../model/index.js';
import { okxLine, okxLines, okxParsed, SPOT_CONTEXT, SWAP_CONTEXT } from './__fixtures__/okx-frames-at-hand.js';
import { parseOkxFrame } from './okx-frames.js';
import { mapOkxFrame } from './okx-mappers.js';

const RECEIVED = 1_800_000_000_000;
const spot = (text: string): readonly MarketEvent[] => mapOkxFrame(okxParsed(text), RECEIVED, SPOT_CONTEXT, 'base');
const swap = (text: string): readonly MarketEvent[] => mapOkxFrame(okxParsed(text), RECEIVED, SWAP_CONTEXT, 'contracts');

const provenance = { exchange: 'okx', env: 'prod', connectionId: 'okx-1', isFallback: false, receivedTs: RECEIVED } as const;
const swapProvenance = { exchange: 'okx_swap', env: 'prod', connectionId: 'okx-swap-1', isFallback: false, receivedTs: RECEIVED } as const;

describe('mapOkxFrame on spot', () => {
  it('maps a recorded 2022 `trades` record, one fill without `count`, to that trade, its side the taker\u2019s', () => {
    expect(spot(okxLine('okx-trades.ndjson', 1))).toEqual([
      {
        type: 'trade',
        ...provenance,
        symbol: 'BTC-USDT',
        coin: 'BTC',
        quote: 'USDT',
        exchangeTs: 1652459224818,
        tradeId: '338476307',
        price: 30236,
        quantity: 0.0002,
        side: 'BUY',
        isBuyerMaker: false,
      },
    ]);
  });

  it('maps the 21 recorded 2022 `trades` frames to trades of consecutive ids 338476307..338476327', () => {
    const trades = okxLines('okx-trades.ndjson').slice(0, 21).flatMap(spot);
    expect(trades.map((t) => (t.type === 'trade' ? Number(t.tradeId) : 0))).toEqual(Array.from({ length: 21 }, (_, n) => 338476307 + n));
  });

  it('maps a 2026 `trades` record merging 2 fills to an agg_trade of ids 1040968612..1040968613, never a trade', () => {
    expect(spot(okxLine('okx-trades.ndjson', 22))).toEqual([
      {
        type: 'agg_trade',
        ...provenance,
        symbol: 'BTC-USDT',
        coin: 'BTC',
        quote: 'USDT',
        exchangeTs: 1786538760218,
        price: 64040.2,
        quantity: 0.00240857,
        side: 'BUY',
        isBuyerMaker: false,
        aggTradeId: 1040968613,
        firstTradeId: 1040968612,
        lastTradeId: 1040968613,
      },
    ]);
  });

  it('maps the recorded `trades-all` record to a trade', () => {
    expect(spot(okxLine('okx-trades-all.ndjson', 1))).toMatchObject([
      {
        type: 'trade',
        symbol: 'BSV-USDT',
        coin: 'BSV',
        quote: 'USDT',
        tradeId: '84834539',
        price: 42.52,
        quantity: 3.75,
        side: 'BUY',
        exchangeTs: 1697760012017,
      },
    ]);
  });

  it('maps a spot ticker: `vol24h` is the base volume, `volCcy24h` the quote turnover, the change from `open24h`', () => {
    const [tick] = spot(okxLine('okx-tickers.ndjson', 1));
    expect(tick).toEqual({
      type: 'price_tick',
      ...provenance,
      symbol: 'BTC-USDT',
      coin: 'BTC',
      quote: 'USDT',
      exchangeTs: 1652459224956,
      price: 30236,
      open24h: 29700.4,
      high24h: 31073,
      low24h: 28020.3,
      volume24h: 17602.13085371,
      turnover24h: Number('525802090.62716611'),
      // (30236 - 29700.4) / 29700.4 * 100
      change24hPct: expect.closeTo(1.803342716, 8) as unknown,
    });
  });

  it('maps the recorded spot `bbo-tbt` record to the best bid and ask, sized in the base currency', () => {
    expect(spot(okxLine('okx-bbo-tbt.ndjson', 1))).toEqual([
      {
        type: 'book_ticker',
        ...provenance,
        symbol: 'BTC-USDT',
        coin: 'BTC',
        quote: 'USDT',
        exchangeTs: 1654032991947,
        bid: 31774.6,
        bidSize: 0.3392211,
        ask: 31774.7,
        askSize: 0.14368878,
        exchangeTsEstimated: false,
      },
    ]);
  });

  it('maps the documentation\u2019s candle to a kline: base volume `vol`, quote volume `volCcyQuote`, open until `confirm` is "1"', () => {
    // docs "Candlesticks channel" example (JKorf/OKX.Net Subscriptions/.../Klines.txt), on candle1m.
    const text =
      '{"arg":{"channel":"candle1m","instId":"ETH-USDT"},"data":[["1597026383085","8533.02","8553.74","8527.17","8548.26","45247","529.5858061","5529.5858061","0"]]}';
    expect(spot(text)).toEqual([
      {
        type: 'kline',
        ...provenance,
        symbol: 'ETH-USDT',
        coin: 'ETH',
        quote: 'USDT',
        exchangeTs: RECEIVED,
        interval: '1m',
        intervalMs: 60_000,
        openTime: 1597026383085,
        closeTime: 1597026443084,
        open: 8533.02,
        high: 8553.74,
        low: 8527.17,
        close: 8548.26,
        volume: 45247,
        quoteVolume: 5529.5858061,
        closed: false,
      },
    ]);
  });

  it('makes no price tick of a record without a last price (`""`: nothing traded yet), and refuses one that is not a price', () => {
    const line = okxLine('okx-tickers.ndjson', 1);
    expect(spot(line.replace('"last":"30236"', '"last":""'))).toEqual([]);
    expect(parseOkxFrame(line.replace('"last":"30236"', '"last":"-3"'))).toEqual({ ok: false, error: '$.data[0].last: expected a positive decimal string' });
  });

  it('maps acks, depth pushes and other channels to nothing', () => {
    for (const text of [...okxLines('okx-subscribe-ack.ndjson'), okxLine('okx-books.ndjson', 1), 'pong']) expect(spot(text)).toEqual([]);
  });
});

describe('mapOkxFrame on linear swaps', () => {
  it('publishes a swap trade in the base asset: 7 contracts of 0.01 BTC are 0.07 BTC', () => {
    expect(swap(okxLine('okx-swap-trades.ndjson', 1))).toEqual([
      {
        type: 'trade',
        ...swapProvenance,
        symbol: 'BTC-USDT-SWAP',
        coin: 'BTC',
        quote: 'USDT',
        instrument: 'BTC-USDT-PERP',
        exchangeTs: 1646312440645,
        tradeId: '219066264',
        price: 43568.8,
        quantity: 0.07,
        side: 'BUY',
        isBuyerMaker: false,
      },
    ]);
  });

  it('reads a 2026 swap record of one fill (`count` 1) as a trade of 0.01 BTC', () => {
    expect(swap(okxLine('okx-swap-trades.ndjson', 2))).toMatchObject([{ type: 'trade', tradeId: '2832749635', price: 63913.5, quantity: 0.01 }]);
  });

  it('publishes a swap\u2019s best bid and ask sizes in the base asset: 50 and 7 contracts of 0.01 BTC', () => {
    expect(swap(okxLine('okx-swap-bbo-tbt.ndjson', 1))).toMatchObject([
      {
        type: 'book_ticker',
        symbol: 'BTC-USDT-SWAP',
        instrument: 'BTC-USDT-PERP',
        bid: 20386.7,
        bidSize: 0.5,
        ask: 20386.8,
        askSize: 0.07,
        exchangeTs: 1656642503092,
      },
    ]);
  });

  it('maps a swap ticker: `volCcy24h` is already the base volume, and no quote turnover is sent', () => {
    const [tick] = swap(okxLine('okx-swap-tickers.ndjson', 3));
    expect(tick).toEqual({
      type: 'price_tick',
      ...swapProvenance,
      symbol: 'BTC-USDT-SWAP',
      coin: 'BTC',
      quote: 'USDT',
      instrument: 'BTC-USDT-PERP',
      exchangeTs: 1786540471710,
      price: 63921,
      open24h: 64297.6,
      high24h: 64466,
      low24h: 63162.7,
      volume24h: 73998.8786,
      // (63921 - 64297.6) / 64297.6 * 100
      change24hPct: expect.closeTo(-0.58571393, 8) as unknown,
    });
  });

  it('reads the 2023 USDC swap ticker\u2019s base volume as sent: 77.6509 BTC (776509 contracts of 0.0001)', () => {
    expect(swap(okxLine('okx-swap-tickers.ndjson', 1))).toMatchObject([{ symbol: 'BTC-USDC-SWAP', instrument: 'BTC-USDC-PERP', volume24h: 77.6509 }]);
  });

  it('skips instruments it cannot split (an inverse or dated future\u2019s record on the swap venue)', () => {
    expect(swap(okxLine('okx-swap-funding-rate.ndjson', 1))).toEqual([]);
    expect(swap('{"arg":{"channel":"tickers","instId":"BTC-USD-230929"},"data":[{"instId":"BTC-USD-230929","last":"1","ts":"1"}]}')).toEqual([]);
  });
});
