import { describe, expect, it } from 'vitest';
import type { MarketEvent } from '../../model/index.js';
import { RECORDED_FRAMES, frameLines } from '../__fixtures__/never-throw-properties.js';
import type { MapperContext } from '../mapper-context.js';
import { venuePartsLookup } from '../venue-parts-lookup.js';
import { parseHyperliquidFrame } from './hyperliquid-frames.js';
import { hyperliquidNextFundingTs, mapHyperliquidFrame } from './hyperliquid-mappers.js';

const RECEIVED_TS = 1_786_539_700_123;
/** Coins split as a replay splits them, without the list: every one at USDC, keyed `<base>-USDC-PERP`. */
const context: MapperContext = { exchange: 'hyperliquid', env: 'prod', connectionId: 'hl-1', partsOf: venuePartsLookup('hyperliquid') };
const provenance = { exchange: 'hyperliquid', env: 'prod', connectionId: 'hl-1', isFallback: false, receivedTs: RECEIVED_TS } as const;

const lines = (file: string): readonly string[] => frameLines(RECORDED_FRAMES, (name) => name === file).map(({ text }) => text);
const mapped = (text: string): readonly MarketEvent[] => {
  const result = parseHyperliquidFrame(text);
  if (!result.ok) throw new Error(result.error);
  return mapHyperliquidFrame(result.frame, RECEIVED_TS, context);
};

describe('mapHyperliquidFrame', () => {
  it('maps the recorded FXS trade: A is a sell by the taker, at its own time, keyed FXS-USDC-PERP', () => {
    expect(mapped(lines('hyperliquid-trades.ndjson')[0] ?? '')).toEqual([
      {
        type: 'trade',
        ...provenance,
        symbol: 'FXS',
        coin: 'FXS',
        quote: 'USDC',
        instrument: 'FXS-USDC-PERP',
        exchangeTs: 1730160015113,
        tradeId: '611279506717453',
        price: 1.9008,
        quantity: 10.5,
        side: 'SELL',
        isBuyerMaker: true,
      },
    ]);
  });

  it('maps the three recorded BTC trades in order, B a buy by the taker, tids as sent', () => {
    expect(
      mapped(lines('hyperliquid-trades.ndjson')[1] ?? '').map((e) =>
        e.type === 'trade' ? [e.tradeId, e.side, e.isBuyerMaker, e.price, e.quantity, e.exchangeTs] : e,
      ),
    ).toEqual([
      ['604438142537043', 'BUY', false, 64097, 0.00033, 1786539552700],
      ['153378402400855', 'SELL', true, 64096, 0.00023, 1786539553004],
      ['663834423078060', 'SELL', true, 64096, 0.0312, 1786539553102],
    ]);
  });

  it('maps the recorded activeAssetCtx to a derivative ticker at the receive time, funding due on the next whole hour', () => {
    // 1786539700123 is 2026-08-12 13:01:40.123 UTC: the next hour is 14:00, 1786543200000.
    expect(hyperliquidNextFundingTs(RECEIVED_TS)).toBe(1786543200000);
    expect(mapped(lines('hyperliquid-activeAssetCtx.ndjson')[0] ?? '')).toEqual([
      {
        type: 'derivative_ticker',
        ...provenance,
        symbol: 'BTC',
        coin: 'BTC',
        quote: 'USDC',
        instrument: 'BTC-USDC-PERP',
        exchangeTs: RECEIVED_TS,
        markPrice: 64040,
        indexPrice: 64063.1,
        fundingRate: 0.0000125,
        nextFundingTs: 1786543200000,
        openInterest: 38485.06546,
        openInterestTs: RECEIVED_TS,
        openInterestSource: 'stream',
      },
    ]);
  });

  it('says the next funding time is the hour after a time on the hour', () => {
    expect(hyperliquidNextFundingTs(1733954400000)).toBe(1733958000000);
    expect(hyperliquidNextFundingTs(1733957999999)).toBe(1733958000000);
  });

  it('maps a bbo of both sides at its time, and none when a side is null', () => {
    const bbo = (bid: string, ask: string): string => `{"channel":"bbo","data":{"coin":"kPEPE","time":1786539643751,"bbo":[${bid},${ask}]}}`;
    expect(mapped(bbo('{"px":"0.010511","sz":"125000","n":3}', '{"px":"0.010512","sz":"80000","n":1}'))).toEqual([
      {
        type: 'book_ticker',
        ...provenance,
        symbol: 'kPEPE',
        coin: '1000PEPE',
        quote: 'USDC',
        instrument: '1000PEPE-USDC-PERP',
        exchangeTs: 1786539643751,
        bid: 0.010511,
        bidSize: 125000,
        ask: 0.010512,
        askSize: 80000,
        exchangeTsEstimated: false,
      },
    ]);
    expect(mapped(bbo('null', '{"px":"0.010512","sz":"80000","n":1}'))).toEqual([]);
    expect(mapped(bbo('{"px":"0.010513","sz":"1","n":1}', '{"px":"0.010512","sz":"1","n":1}'))).toEqual([]);
  });

  it('maps books, acks, pongs and errors to no record (books go to the book plan)', () => {
    for (const text of [
      ...lines('hyperliquid-l2Book.ndjson'),
      ...lines('hyperliquid-subscriptionResponse.ndjson'),
      '{"channel":"pong"}',
      '{"channel":"error","data":"x"}',
    ])
      expect(mapped(text)).toEqual([]);
  });

  it('publishes under the instrument the feed was told, and skips a coin it cannot split', () => {
    const told: MapperContext = {
      ...context,
      partsOf: (symbol) => (symbol === 'BTC' ? { coin: 'BTC', quote: 'USDC', instrument: 'BTC-USDT-PERP' } : undefined),
    };
    const parsedFrame = parseHyperliquidFrame(lines('hyperliquid-trades.ndjson')[1] ?? '');
    const events = parsedFrame.ok ? mapHyperliquidFrame(parsedFrame.frame, RECEIVED_TS, told) : [];
    expect(events.map((e) => [e.symbol, e.instrument])).toEqual([
      ['BTC', 'BTC-USDT-PERP'],
      ['BTC', 'BTC-USDT-PERP'],
      ['BTC', 'BTC-USDT-PERP'],
    ]);
    const fxs = parseHyperliquidFrame(lines('hyperliquid-trades.ndjson')[0] ?? '');
    expect(fxs.ok ? mapHyperliquidFrame(fxs.frame, RECEIVED_TS, told) : fxs).toEqual([]);
  });
});
