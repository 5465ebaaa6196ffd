import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { MarketEvent } from '../../model/index.js';
import type { BookUpdate } from '../book-update.js';
import type { MapperContext } from '../mapper-context.js';
import { bybitBookPlan } from './bybit-book-plan.js';
import { mapBybitInverseFrame } from './bybit-inverse-mappers.js';
import { parseBybitLinearFrame, type BybitLinearFrame } from './bybit-linear-frames.js';
import { bybitLinearTickerReducer } from './bybit-linear-ticker-reducer.js';

const RECEIVED = 1_800_000_000_000;
const PERPETUAL = { coin: 'BTC', quote: 'USD', instrument: 'BTC-USD-INV-PERP' } as const;
const context: MapperContext = { exchange: 'bybit_inverse', env: 'prod', connectionId: 'c1', partsOf: (s) => (s === 'BTCUSD' ? PERPETUAL : undefined) };
const provenance = {
  exchange: 'bybit_inverse',
  symbol: 'BTCUSD',
  ...PERPETUAL,
  receivedTs: RECEIVED,
  isFallback: false,
  env: 'prod',
  connectionId: 'c1',
} as const;

/** The documented-shape inverse frames (`test/fixtures/exchange-frames/SOURCES.md`, DOC-SHAPED): sizes in USD, one contract 1 USD. */
function frames(name: string): BybitLinearFrame[] {
  const url = new URL(`../../../test/fixtures/exchange-frames/${name}`, import.meta.url);
  return readFileSync(url, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const result = parseBybitLinearFrame(line);
      if (!result.ok) throw new Error(result.error);
      return result.frame;
    });
}

const mapped = (frame: BybitLinearFrame | undefined): readonly MarketEvent[] => (frame === undefined ? [] : mapBybitInverseFrame(frame, RECEIVED, context));

describe('mapBybitInverseFrame', () => {
  it('gives a trade in the coin: its USD size over its price (2500 USD at 125000 is 0.02 BTC), the taker side and id as linear', () => {
    expect(mapped(frames('bybit-inverse-publicTrade.ndjson')[0])).toEqual([
      {
        type: 'trade',
        ...provenance,
        exchangeTs: 1760352369811,
        tradeId: '20f43950-d8dd-5b31-9112-a178eb6023af',
        price: 125000,
        quantity: 0.02,
        side: 'BUY',
        isBuyerMaker: false,
        seq: 1783284617,
      },
      {
        type: 'trade',
        ...provenance,
        exchangeTs: 1760352369812,
        tradeId: '5d7a5c8e-43ff-5d1b-9a6a-3c1e1d0b2f4a',
        price: 124000,
        quantity: 0.00025,
        side: 'SELL',
        isBuyerMaker: true,
        seq: 1783284617,
      },
    ]);
  });

  it('gives a liquidation in the coin: 5000 USD at the bankruptcy price 100000 is 0.05 BTC, a long closed', () => {
    expect(mapped(frames('bybit-inverse-allLiquidation.ndjson')[0])).toEqual([
      { type: 'liquidation', ...provenance, exchangeTs: 1760352369500, positionSide: 'LONG', price: 100000, quantity: 0.05, sampled: false },
    ]);
  });

  it('gives the best bid and ask sizes in the coin, each over its own price', () => {
    expect(mapped(frames('bybit-inverse-orderbook.ndjson')[2])).toEqual([
      {
        type: 'book_ticker',
        ...provenance,
        exchangeTs: 1760352369814,
        bid: 124000,
        bidSize: 0.025,
        ask: 125000,
        askSize: 0.02,
        updateId: 2876431,
        exchangeTsEstimated: false,
      },
    ]);
  });

  it("takes a candle's coin turnover as its volume and its USD volume as the quote volume (kline.mdx: inverse volume is USD, turnover the coin)", () => {
    const [kline] = mapped(frames('bybit-inverse-kline.ndjson')[0]);
    expect(kline).toMatchObject({
      type: 'kline',
      ...provenance,
      interval: '5m',
      open: 16649.5,
      close: 16677,
      volume: 2.081,
      quoteVolume: 34666,
      closed: false,
    });
  });

  it("publishes the documented ticker's open interest in the coin (openInterestValue 2089.79) and its USD figure as the value, and the day's coin turnover as its volume", () => {
    const reducer = bybitLinearTickerReducer();
    const [snapshot, delta] = frames('bybit-inverse-tickers.ndjson');
    const first = reducer.reduce(reducer.initial('BTCUSD'), mapped(snapshot));
    expect(first.events).toEqual([
      {
        type: 'derivative_ticker',
        ...provenance,
        exchangeTs: 1760352369814,
        markPrice: 114898.43,
        indexPrice: 114890.92,
        fundingRate: 0.0001,
        nextFundingTs: 1760371200000,
        openInterest: 2089.79,
        openInterestValue: 240113967,
        openInterestTs: 1760352369814,
        openInterestSource: 'stream',
        lastPrice: 120635.5,
      },
      {
        type: 'price_tick',
        ...provenance,
        exchangeTs: 1760352369814,
        price: 120635.5,
        open24h: 105595.9,
        high24h: 131309.3,
        low24h: 102007.6,
        volume24h: 115.6907,
        turnover24h: 13713832,
        change24hPct: 14.2425,
      },
    ]);
    const second = reducer.reduce(first.state, mapped(delta));
    expect(second.events).toEqual([
      expect.objectContaining({
        type: 'derivative_ticker',
        markPrice: 115000,
        openInterest: 2088,
        openInterestValue: 240120000,
        openInterestTs: 1760352369914,
      }),
    ]);
  });
});

describe("Bybit inverse's book plan", () => {
  const plan = bybitBookPlan(50, 'usd');
  const updates = (frame: BybitLinearFrame | undefined): readonly BookUpdate[] => (frame === undefined ? [] : plan.updates(frame, RECEIVED, context));

  it('gives each level of a snapshot in the coin, its USD size over its price', () => {
    const [snapshot] = frames('bybit-inverse-orderbook.ndjson');
    expect(updates(snapshot)).toEqual([
      {
        type: 'book_update',
        symbol: 'BTCUSD',
        action: 'snapshot',
        bids: [
          { price: 124000, size: 0.025 },
          { price: 123000, size: 0.1 },
        ],
        asks: [
          { price: 125000, size: 0.02 },
          { price: 126000, size: 0.5 },
        ],
        updateId: 18521288,
        exchangeTs: 1760352369812,
        receivedTs: RECEIVED,
      },
    ]);
  });

  it('keeps a deleted level at size 0 and gives a changed one in the coin', () => {
    const [, delta] = frames('bybit-inverse-orderbook.ndjson');
    expect(updates(delta)).toMatchObject([{ action: 'delta', bids: [{ price: 123000, size: 0 }], asks: [{ price: 125000, size: 0.04 }], updateId: 18521289 }]);
  });
});
