import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { MapperContext } from '../mapper-context.js';
import { splitSymbol } from '../split-symbol.js';
import { parseBybitLinearFrame, type BybitLinearFrame } from './bybit-linear-frames.js';
import { mapBybitLinearFrame } from './bybit-linear-mappers.js';

const RECEIVED = 1_800_000_000_000;
const context: MapperContext = { exchange: 'bybit_linear', env: 'prod', connectionId: 'c1', partsOf: (s) => splitSymbol(s) };
const provenance = { exchange: 'bybit_linear', receivedTs: RECEIVED, isFallback: false, env: 'prod', connectionId: 'c1' } as const;

function fixture(name: string): string[] {
  const url = new URL(`../../../test/fixtures/exchange-frames/${name}`, import.meta.url);
  return readFileSync(url, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

function parsed(line: string): BybitLinearFrame {
  const result = parseBybitLinearFrame(line);
  if (!result.ok) throw new Error(result.error);
  return result.frame;
}

const mapLine = (line: string) => mapBybitLinearFrame(parsed(line), RECEIVED, context);

describe('mapBybitLinearFrame on recorded publicTrade frames', () => {
  const lines = fixture('bybit-linear-publicTrade.ndjson');

  it('maps a Sell trade to a SELL taker, keeping its UUID id as the trade id and the shared seq', () => {
    expect(mapLine(lines[0] ?? '')).toEqual([
      {
        type: 'trade',
        ...provenance,
        symbol: 'BTCUSDT',
        coin: 'BTC',
        quote: 'USDT',
        exchangeTs: 1786310819680,
        tradeId: 'a9188a0a-82bc-50de-be60-03eedbe3cdd7',
        price: 65114.2,
        quantity: 0.004,
        side: 'SELL',
        isBuyerMaker: true,
        seq: 753843954913,
      },
    ]);
  });

  it('maps a frame of five ETHUSDT Buy trades to five BUY trades, in order, with their own sizes', () => {
    const trades = mapLine(lines[1] ?? '');
    expect(trades.map((t) => (t.type === 'trade' ? [t.tradeId, t.quantity, t.side, t.price] : []))).toEqual([
      ['19d7df56-4f10-5290-a969-d9d9f2c74cc3', 0.01, 'BUY', 1922.5],
      ['4d4ad26c-901f-5146-adc0-1db29b6b9ab6', 1.3, 'BUY', 1922.5],
      ['600c96a7-10e6-5814-80d5-a1427918f84f', 0.1, 'BUY', 1922.5],
      ['566d0d18-a763-5afc-8a7a-27e24ecdc3ea', 0.1, 'BUY', 1922.5],
      ['3f8f151c-8889-5f3a-84c1-9582dd71695b', 0.16, 'BUY', 1922.5],
    ]);
  });

  it('maps every recorded frame to as many trades as data[] holds', () => {
    expect(lines).toHaveLength(31);
    for (const line of lines) {
      const frame = parsed(line);
      expect(mapBybitLinearFrame(frame, RECEIVED, context)).toHaveLength(frame.kind === 'trade' ? frame.data.length : -1);
    }
  });
});

describe('mapBybitLinearFrame on recorded kline frames', () => {
  const lines = fixture('bybit-linear-kline.ndjson');

  it('maps the first open BTCUSDT 1-minute candle, timed by its timestamp', () => {
    expect(mapLine(lines[0] ?? '')).toEqual([
      {
        type: 'kline',
        ...provenance,
        symbol: 'BTCUSDT',
        coin: 'BTC',
        quote: 'USDT',
        exchangeTs: 1786310818440,
        interval: '1m',
        intervalMs: 60_000,
        openTime: 1786310760000,
        closeTime: 1786310819999,
        open: 65119.9,
        high: 65119.9,
        low: 65114.2,
        close: 65114.3,
        volume: 1.576,
        quoteVolume: 102627.995,
        closed: false,
      },
    ]);
  });

  it("maps frame 8, at the minute's turn, to BTCUSDT's closed candle and the new open one", () => {
    expect(mapLine(lines[7] ?? '').map((k) => (k.type === 'kline' ? [k.openTime, k.close, k.volume, k.closed] : []))).toEqual([
      [1786310760000, 65114.2, 3.712, true],
      [1786310820000, 65114.2, 0, false],
    ]);
  });

  it('maps every recorded frame to as many candles as data[] holds', () => {
    for (const line of lines) {
      const frame = parsed(line);
      expect(mapBybitLinearFrame(frame, RECEIVED, context)).toHaveLength(frame.kind === 'kline' ? frame.data.length : -1);
    }
  });
});

describe('mapBybitLinearFrame on allLiquidation frames (documented shape: no recorded frame exists)', () => {
  const lines = fixture('bybit-linear-allLiquidation.ndjson');

  it("maps the documentation's example: S Sell closed a short, at the bankruptcy price p, size v, timed by T, not sampled", () => {
    expect(mapLine(lines[0] ?? '')).toEqual([
      {
        type: 'liquidation',
        ...provenance,
        symbol: 'ROSEUSDT',
        coin: 'ROSE',
        quote: 'USDT',
        exchangeTs: 1739502302929,
        positionSide: 'SHORT',
        price: 0.04499,
        quantity: 20000,
        sampled: false,
      },
    ]);
  });

  it("maps tardis-node's PIPPINUSDT frame as its expected output reads it (a short liquidated, price 0.02456, amount 2846)", () => {
    expect(mapLine(lines[1] ?? '')).toMatchObject([{ symbol: 'PIPPINUSDT', positionSide: 'SHORT', price: 0.02456, quantity: 2846, exchangeTs: 1740480207110 }]);
  });

  it('maps S Buy to a long liquidated', () => {
    expect(mapLine(lines[2] ?? '')).toMatchObject([{ symbol: 'KAITOUSDT', positionSide: 'LONG', price: 1.7531, quantity: 43, exchangeTs: 1740480189987 }]);
  });

  it('maps a push of several liquidations to one record each, in order, skipping a symbol it cannot split', () => {
    const doc = JSON.parse(lines[0] ?? '') as { data: Record<string, unknown>[] };
    const [rose] = doc.data;
    const frame = { ...doc, data: [rose, { ...rose, S: 'Buy', v: '1500', T: 1739502303001 }, { ...rose, s: 'ROSE' }] };
    const events = mapLine(JSON.stringify(frame));
    expect(events.map((e) => (e.type === 'liquidation' ? [e.positionSide, e.quantity, e.exchangeTs] : []))).toEqual([
      ['SHORT', 20000, 1739502302929],
      ['LONG', 1500, 1739502303001],
    ]);
  });
});

describe('mapBybitLinearFrame on recorded tickers frames', () => {
  const lines = fixture('bybit-linear-tickers.ndjson');

  it('hands the snapshot to the reducer as one update: every figure it sent, open interest timed by its ts, the day in price-tick terms', () => {
    expect(mapLine(lines[0] ?? '')).toEqual([
      {
        type: 'derivative_ticker',
        ...provenance,
        symbol: 'BTCUSDT',
        coin: 'BTC',
        quote: 'USDT',
        exchangeTs: 1786310817583,
        markPrice: 65117.44,
        indexPrice: 65137.76,
        fundingRate: 0.0001,
        nextFundingTs: 1786320000000,
        openInterest: 59891.732,
        openInterestValue: 3899996265.01,
        openInterestTs: 1786310817583,
        openInterestSource: 'stream',
        lastPrice: 65114.3,
        bybitTicker: {
          type: 'snapshot',
          // price24hPcnt 0.001624 is 0.1624 %.
          day: { open24h: 65008.7, high24h: 65282.3, low24h: 64694.4, volume24h: 17573.912, turnover24h: 1142118412.9021, change24hPct: 0.1624 },
        },
      },
    ]);
  });

  it('hands a delta over with only what it sent (frame 3: mark price and open-interest value, which times no open interest)', () => {
    expect(mapLine(lines[2] ?? '')).toEqual([
      {
        type: 'derivative_ticker',
        ...provenance,
        symbol: 'BTCUSDT',
        coin: 'BTC',
        quote: 'USDT',
        exchangeTs: 1786310818183,
        markPrice: 65117.43,
        openInterestValue: 3899995666.09,
        bybitTicker: { type: 'delta', day: {} },
      },
    ]);
  });

  it('times open interest by a delta that sent it (frame 84)', () => {
    expect(mapLine(lines[83] ?? '')).toEqual([
      expect.objectContaining({ openInterest: 59895.978, openInterestValue: 3900304498.52, openInterestTs: 1786310836283, openInterestSource: 'stream' }),
    ]);
  });

  it('hands every recorded frame over as one update', () => {
    expect(lines.map((line) => mapLine(line).length)).toEqual(lines.map(() => 1));
  });
});
