import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { MarketEvent, TradeEvent } from '../../model/index.js';
import type { MapperContext } from '../mapper-context.js';
import { splitSymbol } from '../split-symbol.js';
import { parseBinanceUsdmFrame } from './binance-usdm-frames.js';
import { mapBinanceUsdmFrame } from './binance-usdm-mappers.js';

const RECEIVED = 1_800_000_000_000;

/** The lines of a recorded file of the shared collection's copy. */
function recorded(name: string): string[] {
  return lines(new URL(`../../../test/fixtures/exchange-frames/${name}`, import.meta.url));
}

/** The lines of a documented example (`__fixtures__/README.md`). */
function documented(name: string): string[] {
  return lines(new URL(`./__fixtures__/${name}`, import.meta.url));
}

function lines(url: URL): string[] {
  return readFileSync(url, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

const context: MapperContext = {
  exchange: 'binance_usdm',
  env: 'prod',
  connectionId: 'c1',
  partsOf: (s) => (s === 'BTCUSD_201225' ? { coin: 'BTC', quote: 'USD' } : splitSymbol(s)),
};

function mapLine(line: string): readonly MarketEvent[] {
  const result = parseBinanceUsdmFrame(line);
  if (!result.ok) throw new Error(result.error);
  return mapBinanceUsdmFrame(result.frame, RECEIVED, context);
}

const base = { exchange: 'binance_usdm', receivedTs: RECEIVED, isFallback: false, env: 'prod', connectionId: 'c1' } as const;

describe('mapBinanceUsdmFrame on the recorded aggregate trades (cryptofeed, fstream 2021-07-22)', () => {
  const trades = recorded('binance-usdm-aggTrade.ndjson').flatMap((line) => mapLine(line)) as TradeEvent[];

  it('maps every frame to one trade record whose id is the aggregate id a', () => {
    expect(trades).toHaveLength(27);
    expect(trades.every((t) => t.type === 'trade')).toBe(true);
    // Line 1: {"a":16599292,"s":"CTKUSDT","p":"1.01100","q":"10","T":1626992741421,"m":false}: the buyer took.
    expect(trades[0]).toEqual({
      type: 'trade',
      ...base,
      symbol: 'CTKUSDT',
      coin: 'CTK',
      quote: 'USDT',
      exchangeTs: 1626992741421,
      tradeId: '16599292',
      price: 1.011,
      quantity: 10,
      side: 'BUY',
      isBuyerMaker: false,
    });
    // Line 2: AKROUSDT a 14888302, m:true: the buyer was the maker, so the taker sold.
    expect(trades[1]).toMatchObject({ symbol: 'AKROUSDT', tradeId: '14888302', price: 0.01731, quantity: 312, side: 'SELL', isBuyerMaker: true });
  });

  it('gives each symbol consecutive ids, as read by hand from the file (CTK 14, SUSHI 11, AKRO 2)', () => {
    const idsOf = (symbol: string) => trades.filter((t) => t.symbol === symbol).map((t) => Number(t.tradeId));
    const run = (from: number, count: number) => Array.from({ length: count }, (_, n) => from + n);
    expect(idsOf('CTKUSDT')).toEqual(run(16599292, 14));
    expect(idsOf('SUSHIUSDT')).toEqual(run(87353230, 11));
    expect(idsOf('AKROUSDT')).toEqual([14888302, 14888303]);
  });

  it('reads the side of every trade from m (7 of the 11 SUSHI trades were the taker selling, m:true)', () => {
    const sides = trades.filter((t) => t.symbol === 'SUSHIUSDT').map((t) => t.side);
    expect(sides).toEqual(['BUY', 'SELL', 'BUY', 'BUY', 'BUY', 'SELL', 'SELL', 'SELL', 'SELL', 'SELL', 'SELL']);
  });
});

describe('mapBinanceUsdmFrame on documented shapes (not recordings)', () => {
  it('maps markPriceUpdate to a derivative ticker at the event time E, the estimated settle price left out', () => {
    const expected = [
      {
        type: 'derivative_ticker',
        ...base,
        symbol: 'BTCUSDT',
        coin: 'BTC',
        quote: 'USDT',
        exchangeTs: 1562305380000,
        markPrice: 11794.15,
        indexPrice: 11784.62659091,
        fundingRate: 0.00038167,
        nextFundingTs: 1562306400000,
      },
    ];
    const [enveloped, raw] = documented('binance-usdm-markPrice.ndjson');
    expect(mapLine(enveloped ?? '')).toEqual(expected);
    expect(mapLine(raw ?? '')).toEqual(expected);
  });

  it('leaves funding out when the venue sends r "" and T 0 (a delivery contract)', () => {
    const [ticker] = mapLine(documented('binance-usdm-markPrice.ndjson')[2] ?? '');
    expect(ticker).toMatchObject({ type: 'derivative_ticker', markPrice: 10934.62615417, indexPrice: 10933.62615417 });
    expect(ticker).not.toHaveProperty('fundingRate');
    expect(ticker).not.toHaveProperty('nextFundingTs');
  });

  it('maps forceOrder to a sampled liquidation: a forced SELL closed a long, a forced BUY a short; price p, quantity z, time o.T', () => {
    const [sell, buy] = documented('binance-usdm-forceOrder.ndjson').map((line) => mapLine(line));
    expect(sell).toEqual([
      {
        type: 'liquidation',
        ...base,
        symbol: 'BTCUSDT',
        coin: 'BTC',
        quote: 'USDT',
        exchangeTs: 1568014460893,
        positionSide: 'LONG',
        price: 9910,
        quantity: 0.014,
        sampled: true,
      },
    ]);
    // Average price ap 34959.70 is not the record's price; the event time E 1698871323061 is not its time.
    expect(buy).toEqual([expect.objectContaining({ positionSide: 'SHORT', price: 35100.81, quantity: 1.437, exchangeTs: 1698871323059, sampled: true })]);
  });

  /** The documented SELL example (q 0.014, filled whole) with only its status X, last fill l and filled quantity z changed. */
  function documentedSellWith(fill: string): string {
    const documentedFill = '"X":"FILLED","l":"0.014","z":"0.014"';
    const line = documented('binance-usdm-forceOrder.ndjson')[0] ?? '';
    expect(line).toContain(documentedFill);
    return line.replace(documentedFill, fill);
  }

  it('forceOrder with X = PARTIALLY_FILLED publishes z, the quantity liquidated, not the original quantity q', () => {
    // Of the order's 0.014 BTC, 0.010 filled so far (the last fill 0.004): 0.010 of the long was closed.
    const partial = documentedSellWith('"X":"PARTIALLY_FILLED","l":"0.004","z":"0.010"');
    expect(mapLine(partial)).toEqual([
      {
        type: 'liquidation',
        ...base,
        symbol: 'BTCUSDT',
        coin: 'BTC',
        quote: 'USDT',
        exchangeTs: 1568014460893,
        positionSide: 'LONG',
        price: 9910,
        quantity: 0.01,
        sampled: true,
      },
    ]);
  });

  it('publishes z for an order that expired after part of it filled', () => {
    const expired = documentedSellWith('"X":"EXPIRED","l":"0.002","z":"0.003"');
    expect(mapLine(expired)).toEqual([expect.objectContaining({ type: 'liquidation', quantity: 0.003 })]);
  });

  it('maps a forceOrder that filled nothing (z 0) to no liquidation: no position was closed', () => {
    const parsed = parseBinanceUsdmFrame(documentedSellWith('"X":"EXPIRED","l":"0","z":"0"'));
    expect(parsed).toMatchObject({ ok: true, frame: { kind: 'force_order', q: '0.014', z: '0', X: 'EXPIRED' } });
    expect(mapLine(documentedSellWith('"X":"EXPIRED","l":"0","z":"0"'))).toEqual([]);
  });

  it('refuses a forceOrder without its filled quantity z or status X, or with z above the original quantity q', () => {
    const refused = (text: string) => {
      const result = parseBinanceUsdmFrame(text);
      return result.ok ? 'accepted' : result.error;
    };
    expect(refused(documentedSellWith('"X":"FILLED","l":"0.014"'))).toContain('$.data.o.z');
    expect(refused(documentedSellWith('"X":"FILLED","l":"0.014","z":"-0.001"'))).toContain('$.data.o.z');
    expect(refused(documentedSellWith('"X":"FILLED","l":"0.014","z":"0.015"'))).toContain('$.data.o.z');
    expect(refused(documentedSellWith('"l":"0.014","z":"0.014"'))).toContain('$.data.o.X');
  });

  it("maps USD-M's bookTicker (it has e, E and T) with the transaction time T, not estimated", () => {
    expect(mapLine(documented('binance-usdm-bookTicker.ndjson')[0] ?? '')).toEqual([
      {
        type: 'book_ticker',
        ...base,
        symbol: 'BNBUSDT',
        coin: 'BNB',
        quote: 'USDT',
        exchangeTs: 1568014460891,
        bid: 25.3519,
        bidSize: 31.21,
        ask: 25.3652,
        askSize: 40.66,
        updateId: 400900217,
        exchangeTsEstimated: false,
      },
    ]);
  });

  it('reads depthUpdate with its pu and maps it to no market event (it feeds the book)', () => {
    const line = documented('binance-usdm-depthUpdate.ndjson')[0] ?? '';
    const parsed = parseBinanceUsdmFrame(line);
    expect(parsed).toMatchObject({ ok: true, frame: { kind: 'depth', s: 'BTCUSDT', U: 157, u: 160, pu: 149 } });
    expect(mapLine(line)).toEqual([]);
  });

  it('refuses a depthUpdate without pu, a forceOrder side that is neither BUY nor SELL, and a funding rate that is not a decimal', () => {
    const refused = (text: string) => {
      const result = parseBinanceUsdmFrame(text);
      return result.ok ? 'accepted' : result.error;
    };
    const depth = documented('binance-usdm-depthUpdate.ndjson')[0] ?? '';
    expect(refused(depth.replace('"pu":149,', ''))).toContain('$.data.pu');
    expect(refused((documented('binance-usdm-forceOrder.ndjson')[0] ?? '').replace('"S":"SELL"', '"S":"LONG"'))).toContain('$.data.o.S');
    expect(refused((documented('binance-usdm-markPrice.ndjson')[0] ?? '').replace('"r":"0.00038167"', '"r":"x"'))).toContain('$.data.r');
  });

  it('maps a @trade frame to nothing: its ids count trades, not the aggregate ids of this venue', () => {
    expect(mapLine('{"stream":"btcusdt@trade","data":{"e":"trade","E":1,"s":"BTCUSDT","t":5,"p":"1","q":"1","T":1,"m":true}}')).toEqual([]);
  });
});
