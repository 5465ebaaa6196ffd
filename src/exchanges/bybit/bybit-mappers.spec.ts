import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { MapperContext } from '../mapper-context.js';
import { splitSymbol } from '../split-symbol.js';
import { parseBybitFrame, type BybitFrame } from './bybit-frames.js';
import { mapBybitBookFrame, mapBybitFrame } from './bybit-mappers.js';

const RECEIVED = 1_800_000_000_000;
const context: MapperContext = { exchange: 'bybit', env: 'prod', connectionId: 'c1', partsOf: (s) => splitSymbol(s) };

function fixture(name: string): string[] {
  const url = new URL(`../../../test/fixtures/exchange-frames/${name}`, import.meta.url);
  return readFileSync(url, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

function parsed(line: string): BybitFrame {
  const result = parseBybitFrame(line);
  if (!result.ok) throw new Error(result.error);
  return result.frame;
}

function mapLine(line: string) {
  return mapBybitFrame(parsed(line), RECEIVED, context);
}

const provenance = { exchange: 'bybit', receivedTs: RECEIVED, isFallback: false, env: 'prod', connectionId: 'c1' } as const;

describe('mapBybitFrame on publicTrade frames', () => {
  const lines = fixture('bybit-publicTrade.ndjson');

  it('maps a 2026 spot Sell trade (with seq and RPI) to a SELL taker whose buyer was the maker', () => {
    expect(mapLine(lines[0] ?? '')).toEqual([
      {
        type: 'trade',
        ...provenance,
        symbol: 'ETHUSDT',
        coin: 'ETH',
        quote: 'USDT',
        exchangeTs: 1786310821917,
        tradeId: '2280000001739247417',
        price: 1923.28,
        quantity: 0.04537,
        side: 'SELL',
        isBuyerMaker: true,
        seq: 178477362706,
      },
    ]);
  });

  it('maps a Buy trade to BUY, timestamped with the fill time T, not the envelope ts', () => {
    expect(mapLine(lines[1] ?? '')).toEqual([
      {
        type: 'trade',
        ...provenance,
        symbol: 'BTCUSDT',
        coin: 'BTC',
        quote: 'USDT',
        exchangeTs: 1786310822605,
        tradeId: '2290000001189048101',
        price: 65140.5,
        quantity: 0.002705,
        side: 'BUY',
        isBuyerMaker: false,
        seq: 112488547164,
      },
    ]);
  });

  it('emits one event per trade of a batched frame, in order, sharing the seq', () => {
    const events = mapLine(lines[3] ?? '');
    expect(events.map((e) => (e.type === 'trade' ? [e.tradeId, e.quantity, e.seq] : []))).toEqual([
      ['2280000001739247420', 0.0008, 178477363675],
      ['2280000001739247421', 0.00032, 178477363675],
    ]);
  });

  it('maps 2023 frames without seq or RPI, leaving seq absent', () => {
    const events = mapLine(lines[5] ?? '');
    expect(events).toHaveLength(4);
    expect(events.map((e) => (e.type === 'trade' ? e.quantity : 0))).toEqual([0.041732, 0.008513, 0.042384, 0.055371]);
    for (const e of events) {
      expect(e).toMatchObject({ symbol: 'BTCUSDT', price: 28165.38, side: 'SELL', exchangeTs: 1680652847524 });
      expect(e).not.toHaveProperty('seq');
    }
  });

  it('splits a USDC-quoted symbol into coin and quote', () => {
    expect(mapLine(lines[6] ?? '')).toEqual([
      {
        type: 'trade',
        ...provenance,
        symbol: 'BTCUSDC',
        coin: 'BTC',
        quote: 'USDC',
        exchangeTs: 1680688979998,
        tradeId: '2240000000041223438',
        price: 28528.98,
        quantity: 0.00433,
        side: 'BUY',
        isBuyerMaker: false,
      },
    ]);
  });

  it("accepts the docs' linear-style example with a UUID id and an L field", () => {
    expect(mapLine(lines[7] ?? '')).toEqual([
      {
        type: 'trade',
        ...provenance,
        symbol: 'BTCUSDT',
        coin: 'BTC',
        quote: 'USDT',
        exchangeTs: 1672304486865,
        tradeId: '20f43950-d8dd-5b31-9112-a178eb6023af',
        price: 16578.5,
        quantity: 0.001,
        side: 'BUY',
        isBuyerMaker: false,
        seq: 1783284617,
      },
    ]);
  });

  it('maps every recorded spot and linear trade frame to as many trades as data[] holds', () => {
    for (const line of [...lines, ...fixture('bybit-linear-publicTrade.ndjson')]) {
      const frame = parsed(line);
      expect(frame.kind).toBe('trade');
      expect(mapBybitFrame(frame, RECEIVED, context)).toHaveLength(frame.kind === 'trade' ? frame.data.length : -1);
    }
  });
});

describe('mapBybitFrame on tickers frames', () => {
  const lines = fixture('bybit-tickers.ndjson');

  it('maps a spot ticker, turning the price24hPcnt fraction into percent and prevPrice24h into open24h', () => {
    expect(mapLine(lines[0] ?? '')).toEqual([
      {
        type: 'price_tick',
        ...provenance,
        symbol: 'BTCUSDT',
        coin: 'BTC',
        quote: 'USDT',
        exchangeTs: 1786310819126,
        price: 65140.5,
        open24h: 65045.3,
        high24h: 65305.6,
        low24h: 64727.9,
        volume24h: 2953.835931,
        turnover24h: Number('191907024.69597728'),
        change24hPct: 0.15,
      },
    ]);
  });

  it('ignores an empty usdIndexPrice', () => {
    expect(mapLine(lines[6] ?? '')).toEqual([
      {
        type: 'price_tick',
        ...provenance,
        symbol: 'ETHUSDT',
        coin: 'ETH',
        quote: 'USDT',
        exchangeTs: 1786310821965,
        price: 1923.28,
        open24h: 1921.35,
        high24h: 1927.4,
        low24h: 1912.2,
        volume24h: 19783.34857,
        turnover24h: 37985720.3074675,
        change24hPct: 0.1,
      },
    ]);
  });

  it("maps the docs' spot example: 0.0196 becomes 1.96 %", () => {
    expect(mapLine(lines[8] ?? '')).toEqual([
      {
        type: 'price_tick',
        ...provenance,
        symbol: 'BTCUSDT',
        coin: 'BTC',
        quote: 'USDT',
        exchangeTs: 1673853746003,
        price: 21109.77,
        open24h: 20704.93,
        high24h: 21426.99,
        low24h: 20575,
        volume24h: 6780.866843,
        turnover24h: Number('141946527.22907118'),
        change24hPct: 1.96,
      },
    ]);
  });

  it('maps every recorded ticker frame to exactly one tick', () => {
    for (const line of lines) expect(mapLine(line)).toHaveLength(1);
  });

  it('computes the change from prevPrice24h when price24hPcnt is missing', () => {
    const frame = '{"topic":"tickers.BTCUSDT","ts":1,"type":"snapshot","data":{"symbol":"BTCUSDT","lastPrice":"110","prevPrice24h":"100"}}';
    expect(mapLine(frame)).toEqual([
      { type: 'price_tick', ...provenance, symbol: 'BTCUSDT', coin: 'BTC', quote: 'USDT', exchangeTs: 1, price: 110, open24h: 100, change24hPct: 10 },
    ]);
  });
});

describe('mapBybitFrame on orderbook.1 frames', () => {
  it('maps the best level on each side to a book ticker with the update id', () => {
    const frame =
      '{"topic":"orderbook.1.BTCUSDT","ts":1786310820000,"type":"snapshot","data":{"s":"BTCUSDT","b":[["65140.4","1.25"]],"a":[["65140.5","0.3"]],"u":42,"seq":7},"cts":1786310819998}';
    expect(mapLine(frame)).toEqual([
      {
        type: 'book_ticker',
        ...provenance,
        symbol: 'BTCUSDT',
        coin: 'BTC',
        quote: 'USDT',
        exchangeTs: 1786310820000,
        bid: 65140.4,
        bidSize: 1.25,
        ask: 65140.5,
        askSize: 0.3,
        updateId: 42,
        exchangeTsEstimated: false,
      },
    ]);
  });

  it('emits nothing while one side of the book is empty', () => {
    expect(mapLine('{"topic":"orderbook.1.BTCUSDT","ts":1,"type":"snapshot","data":{"s":"BTCUSDT","b":[],"a":[["2","1"]],"u":1}}')).toEqual([]);
  });

  // Level 1 sent deltas before 2025-03-20: these two were recorded on linear in 2023 (tardis-dev/tardis-node
  // test/mappers.test.ts @c1d73fb, "map bybit messages"). A delta names the old best with size "0" beside the new one.
  it('reads a level-1 delta: a level of size zero is the old best, passed over; a side the delta leaves empty makes no best bid/ask', () => {
    const twoLevels =
      '{"topic":"orderbook.1.BTCUSDT","type":"delta","ts":1682092584425,"data":{"s":"BTCUSDT","b":[["27994.60","0"],["27991.70","0.777"]],"a":[["27994.40","0.058"],["27994.80","0"]],"u":1188472,"seq":11155892580}}';
    expect(mapLine(twoLevels)).toEqual([
      expect.objectContaining({
        type: 'book_ticker',
        exchangeTs: 1682092584425,
        bid: 27991.7,
        bidSize: 0.777,
        ask: 27994.4,
        askSize: 0.058,
        updateId: 1188472,
      }),
    ]);
    const oneSided =
      '{"topic":"orderbook.1.BTCUSDT","type":"delta","ts":1680673821137,"data":{"s":"BTCUSDT","b":[["28552.00","0.012"]],"a":[],"u":7003306,"seq":50193543147}}';
    expect(mapLine(oneSided)).toEqual([]);
  });

  it('refuses a snapshot whose best level has size zero', () => {
    expect(
      parseBybitFrame('{"topic":"orderbook.1.BTCUSDT","ts":1,"type":"snapshot","data":{"s":"BTCUSDT","b":[["1","0"]],"a":[["2","1"]],"u":1}}'),
    ).toMatchObject({
      ok: false,
      error: expect.stringContaining('$.data.b[0].size') as string,
    });
  });
});

describe('mapBybitFrame on control frames', () => {
  it('maps acks, pongs and errors to no events', () => {
    for (const name of ['bybit-subscribe-ack.ndjson', 'bybit-pong.ndjson', 'bybit-error.ndjson']) {
      for (const line of fixture(name)) expect(mapLine(line)).toEqual([]);
    }
  });

  it('stamps testnet records with env testnet', () => {
    const [event] = mapBybitFrame(parsed(fixture('bybit-publicTrade.ndjson')[0] ?? ''), RECEIVED, { ...context, env: 'testnet' });
    expect(event?.env).toBe('testnet');
  });
});

describe('depth-N order book frames', () => {
  const [, recordedDelta] = fixture('bybit-orderbook.ndjson');

  it('map to no market event: they go to the book reducer instead', () => {
    expect(fixture('bybit-orderbook.ndjson').flatMap(mapLine)).toEqual([]);
  });

  it('become a BookUpdate with numeric levels, u, and cts as the exchange time', () => {
    const frame = parsed(recordedDelta ?? '');
    if (frame.kind !== 'book') throw new Error('not a book frame');
    expect(mapBybitBookFrame(frame, RECEIVED)).toEqual({
      type: 'book_update',
      symbol: 'BTCUSDT',
      action: 'delta',
      bids: [{ price: 65140.4, size: 0.875077 }],
      asks: [
        { price: 65154.6, size: 0.09948 },
        { price: 65154.7, size: 0.123013 },
        { price: 65239, size: 0.155135 },
        { price: 65239.1, size: 0 },
      ],
      updateId: 62505425,
      exchangeTs: 1786310816585,
      receivedTs: RECEIVED,
    });
  });

  it('take the envelope ts as the exchange time when cts is absent', () => {
    const frame = parsed(
      '{"topic":"orderbook.50.BTCUSDT","type":"snapshot","ts":1672304484978,"data":{"s":"BTCUSDT","b":[["16493.50","0.006"]],"a":[],"u":18521288}}',
    );
    if (frame.kind !== 'book') throw new Error('not a book frame');
    expect(mapBybitBookFrame(frame, RECEIVED).exchangeTs).toBe(1672304484978);
  });
});
