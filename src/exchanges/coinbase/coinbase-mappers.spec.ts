import { describe, expect, it } from 'vitest';
import type { MapperContext } from '../mapper-context.js';
import { mapCoinbaseFrame } from './coinbase-mappers.js';
import { splitSymbol } from '../split-symbol.js';
import { parsedFrame, recordedBookLines, recordedLines } from './__fixtures__/recorded-frames.js';

const RECEIVED = 1_800_000_000_000;
const context: MapperContext = { exchange: 'coinbase', env: 'prod', connectionId: 'c1', partsOf: (s) => splitSymbol(s) };
const provenance = { exchange: 'coinbase', receivedTs: RECEIVED, isFallback: false, env: 'prod', connectionId: 'c1' } as const;
const btc = { symbol: 'BTC-USD', coin: 'BTC', quote: 'USD' } as const;
const eth = { symbol: 'ETH-USD', coin: 'ETH', quote: 'USD' } as const;

// 2026-08-09T21:05:48Z is 1786309548 s after the epoch (Python's datetime, not this code).
const AT_21_05_48 = 1_786_309_548_000;

const mapLine = (line: string) => mapCoinbaseFrame(parsedFrame(line), RECEIVED, context);

describe('mapCoinbaseFrame on market_trades frames', () => {
  const lines = recordedLines('coinbase-market_trades.ndjson');

  it('maps a SELL (the maker sold) to a taker BUY, timestamped with the trade time, not the envelope', () => {
    expect(mapLine(lines[2] ?? '')).toEqual([
      {
        type: 'trade',
        ...provenance,
        ...btc,
        exchangeTs: AT_21_05_48 + 167,
        tradeId: '1068572091',
        price: 65083.67,
        quantity: 0.01034361,
        side: 'BUY',
        isBuyerMaker: false,
      },
    ]);
  });

  it('maps a BUY (the maker bought) to a taker SELL whose buyer was the maker', () => {
    expect(mapLine(lines[3] ?? '')).toEqual([
      {
        type: 'trade',
        ...provenance,
        ...btc,
        exchangeTs: AT_21_05_48 + 1205,
        tradeId: '1068572092',
        price: 65083.66,
        quantity: 0.00171442,
        side: 'SELL',
        isBuyerMaker: true,
      },
    ]);
  });

  it('emits a batched frame oldest first (the wire sends newest first)', () => {
    expect(mapLine(lines[7] ?? '')).toEqual([
      {
        type: 'trade',
        ...provenance,
        ...btc,
        exchangeTs: AT_21_05_48 + 3376,
        tradeId: '1068572095',
        price: 65083.67,
        quantity: 0.00322434,
        side: 'BUY',
        isBuyerMaker: false,
      },
      {
        type: 'trade',
        ...provenance,
        ...btc,
        exchangeTs: AT_21_05_48 + 3426,
        tradeId: '1068572096',
        price: 65083.66,
        quantity: 0.00100346,
        side: 'SELL',
        isBuyerMaker: true,
      },
    ]);
  });

  it('orders trades of the same time by id: a taker sell walking down the bids', () => {
    expect(mapLine(lines[17] ?? '').map((e) => (e.type === 'trade' ? [e.tradeId, e.price, e.side, e.exchangeTs] : []))).toEqual([
      ['833140784', 1919.47, 'SELL', AT_21_05_48 + 6257],
      ['833140785', 1919.43, 'SELL', AT_21_05_48 + 6257],
      ['833140786', 1919.42, 'SELL', AT_21_05_48 + 6257],
      ['833140787', 1919.38, 'SELL', AT_21_05_48 + 6257],
    ]);
  });

  it("maps the snapshot's 100 trades (the venue's last 100), oldest first", () => {
    const events = mapLine(lines[0] ?? '');
    const ids = events.map((e) => (e.type === 'trade' ? e.tradeId : ''));
    expect(ids).toHaveLength(100);
    expect(ids).toEqual(Array.from({ length: 100 }, (_, n) => String(1_068_571_991 + n)));
    // 21:04:35.345704 and 21:05:42.514318: 73 s and 6 s before 21:05:48.
    expect([events[0]?.exchangeTs, events[99]?.exchangeTs]).toEqual([AT_21_05_48 - 73_000 + 345, AT_21_05_48 - 6000 + 514]);
    expect(events[0]).toMatchObject({ ...btc, price: 65090.99, quantity: 0.00310335, side: 'SELL', isBuyerMaker: true });
  });

  it('maps every recorded trades frame to as many trades as it holds (222 in all)', () => {
    let total = 0;
    for (const line of lines) {
      const frame = parsedFrame(line);
      const held = frame.kind === 'market_trades' ? frame.events.reduce((sum, e) => sum + e.trades.length, 0) : -1;
      const events = mapCoinbaseFrame(frame, RECEIVED, context);
      expect(events).toHaveLength(held);
      for (const e of events) expect(e.type === 'trade' && e.isBuyerMaker === (e.side === 'SELL')).toBe(true);
      total += events.length;
    }
    expect(total).toBe(222);
  });

  it('skips a trade of a product the context cannot split', () => {
    expect(mapCoinbaseFrame(parsedFrame(lines[2] ?? ''), RECEIVED, { ...context, partsOf: () => undefined })).toEqual([]);
  });
});

describe('mapCoinbaseFrame on ticker frames', () => {
  const lines = recordedLines('coinbase-ticker.ndjson');

  it('maps a ticker to a price tick (the 24 h change already in percent) and a book ticker, both at the envelope time', () => {
    const at = { ...provenance, ...btc, exchangeTs: AT_21_05_48 + 229 };
    expect(mapLine(lines[0] ?? '')).toEqual([
      { type: 'price_tick', ...at, price: 65086.18, high24h: 65252.99, low24h: 64675.22, volume24h: 2867.54532609, change24hPct: 0.0960110729 },
      { type: 'book_ticker', ...at, bid: 65083.66, bidSize: 0.20371215, ask: 65083.67, askSize: 0.24290402, exchangeTsEstimated: false },
    ]);
  });

  it('maps an ETH-USD update', () => {
    const at = { ...provenance, ...eth, exchangeTs: AT_21_05_48 + 298 };
    expect(mapLine(lines[2] ?? '')).toEqual([
      { type: 'price_tick', ...at, price: 1919.41, high24h: 1925, low24h: 1911.04, volume24h: 19975.95927439, change24hPct: 0.0250139401 },
      { type: 'book_ticker', ...at, bid: 1919.44, bidSize: 0.02858092, ask: 1919.49, askSize: 0.07814824, exchangeTsEstimated: false },
    ]);
  });

  it('maps every recorded ticker frame to one price tick and one book ticker', () => {
    for (const line of lines) expect(mapLine(line).map((e) => e.type)).toEqual(['price_tick', 'book_ticker']);
  });

  const ticker = (fields: Record<string, string>, channel = 'ticker'): string =>
    JSON.stringify({
      channel,
      timestamp: '2026-08-09T21:05:48.5Z',
      sequence_num: 3,
      events: [{ type: 'update', tickers: [{ type: 'ticker', product_id: 'BTC-USD', price: '100', ...fields }] }],
    });

  it('maps a ticker_batch (no best bid or ask) to a price tick alone', () => {
    expect(mapLine(ticker({ volume_24_h: '5', price_percent_chg_24_h: '-1.5' }, 'ticker_batch'))).toEqual([
      { type: 'price_tick', ...provenance, ...btc, exchangeTs: AT_21_05_48 + 500, price: 100, volume24h: 5, change24hPct: -1.5 },
    ]);
  });

  it('leaves the book ticker out when the best bid is not below the best ask, or a side is empty', () => {
    const touch = { best_bid_quantity: '1', best_ask_quantity: '1' };
    expect(mapLine(ticker({ ...touch, best_bid: '101', best_ask: '101' })).map((e) => e.type)).toEqual(['price_tick']);
    expect(mapLine(ticker({ ...touch, best_bid: '102', best_ask: '101' })).map((e) => e.type)).toEqual(['price_tick']);
    expect(mapLine(ticker({ best_bid: '99', best_ask: '101', best_bid_quantity: '0', best_ask_quantity: '1' })).map((e) => e.type)).toEqual(['price_tick']);
    expect(mapLine(ticker({ best_bid: '', best_ask: '101', ...touch })).map((e) => e.type)).toEqual(['price_tick']);
  });
});

describe('mapCoinbaseFrame on frames that carry no market event', () => {
  it.each([
    'coinbase-heartbeats.ndjson',
    'coinbase-subscriptions.ndjson',
    'coinbase-error.ndjson',
    'coinbase-candles.ndjson',
    'coinbase-l2_data-updates.ndjson',
  ])('maps every line of %s to nothing', (file) => {
    for (const line of recordedLines(file)) expect(mapLine(line)).toEqual([]);
  });

  it('maps the whole-book snapshot to nothing: books go to the book reducer', () => {
    expect(mapLine(recordedBookLines()[0] ?? '')).toEqual([]);
  });
});
