import { describe, expect, it } from 'vitest';
import { createFrameNormalizer } from '../frame-normalizer.js';
import type { OptionSummary } from '../../model/option-summary.js';
import {
  BYBIT_OPTION_INSTRUMENTS_PATH,
  bybitOptionNextPage,
  bybitOptionTickersPath,
  readBybitOptionInstruments,
  readBybitOptionVolumes,
} from './bybit-option-listings.js';
import { bybitOptionOf, splitBybitOptionSymbol } from './bybit-option-names.js';
import { bybitOptionControl, bybitOptionProtocol, bybitOptionTopic } from './bybit-option-protocol.js';

const TS = 1_764_230_400_000;

/** A ticker push of one option as Bybit writes it (ticker.mdx, Option tab), with `data` overridden. */
function ticker(data: Record<string, string>): string {
  const base = {
    symbol: 'BTC-27NOV26-56000-P-USDT',
    bidPrice: '120',
    bidSize: '1.5',
    bidIv: '0.51',
    askPrice: '135',
    askSize: '2',
    askIv: '0.55',
    lastPrice: '130',
    markPrice: '127.5',
    indexPrice: '91000',
    markPriceIv: '0.53',
    underlyingPrice: '91050',
    openInterest: '12.3',
    delta: '-0.02',
    gamma: '0.000004',
    vega: '3.1',
    theta: '-40.2',
  };
  const merged = { ...base, ...data };
  return JSON.stringify({ id: `tickers.${merged.symbol}-1-${TS}`, topic: `tickers.${merged.symbol}`, ts: TS, data: merged, type: 'snapshot' });
}

function summariesOf(text: string): { readonly summaries: readonly OptionSummary[]; readonly refused?: string } {
  const result = createFrameNormalizer('bybit_options', 'c1')(text, TS + 5);
  if (!result.ok) return { summaries: [], refused: result.error };
  return { summaries: result.frame.filter((e): e is OptionSummary => e.type === 'option_summary') };
}

describe('Bybit option names', () => {
  it('read the coin, expiry at 08:00 UTC, strike, type and settlement: USDT when named, USDC before', () => {
    expect(bybitOptionOf('BTC-27NOV26-56000-C-USDT')).toEqual({
      base: 'BTC',
      settle: 'USDT',
      expiryTs: Date.UTC(2026, 10, 27, 8),
      terms: { type: 'call', strike: 56000 },
    });
    expect(bybitOptionOf('SOL-28APR23-24-P')).toEqual({ base: 'SOL', settle: 'USDC', expiryTs: Date.UTC(2023, 3, 28, 8), terms: { type: 'put', strike: 24 } });
    expect(bybitOptionOf('XRP-5DEC26-2.5-C-USDT')?.terms.strike).toBe(2.5);
    expect(splitBybitOptionSymbol('ETH-26DEC26-4000-P-USDT')).toEqual({ coin: 'ETH', quote: 'USDT', instrument: 'ETH-USDT-20261226-4000-P' });
  });

  it('are none for a perpetual, a bad day, a bad type or strike', () => {
    expect(
      ['BTCUSDT', 'BTC-31NOV26-56000-C', 'BTC-27NOV26-56000-X', 'BTC-27NOV26-0-C', 'BTC-27XXX26-1-C', 'BTC-27NOV26-56000-C-USDT-1'].map(bybitOptionOf),
    ).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });
});

describe('the Bybit option lists', () => {
  const answer = (list: readonly unknown[], cursor = ''): unknown => ({
    retCode: 0,
    retMsg: 'OK',
    result: { category: 'option', nextPageCursor: cursor, list },
    time: TS,
  });
  const option = {
    symbol: 'BTC-27NOV26-56000-C-USDT',
    status: 'Trading',
    baseCoin: 'BTC',
    quoteCoin: 'USDT',
    settleCoin: 'USDT',
    optionsType: 'Call',
    launchTime: '1764000000000',
    deliveryTime: String(Date.UTC(2026, 10, 27, 8)),
    priceFilter: { minPrice: '5', maxPrice: '10000000', tickSize: '5' },
    lotSizeFilter: { maxOrderQty: '500', minOrderQty: '0.01', qtyStep: '0.01' },
  };

  it('read each option keyed by its terms and settlement, halting what is not Trading, skipping what is no option', () => {
    const read = readBybitOptionInstruments(
      answer([option, { ...option, symbol: 'BTC-27NOV26-60000-C-USDT', status: 'Delivering' }, { ...option, symbol: 'BTCUSDT' }]),
    );
    expect(read.listings.map((l) => [l.symbol, l.key, l.base, l.quote, l.state, l.tickSize, l.lotStep, l.expiryTs, l.option])).toEqual([
      ['BTC-27NOV26-56000-C-USDT', 'BTC-USDT-20261127-56000-C', 'BTC', 'USDT', 'trading', 5, 0.01, Date.UTC(2026, 10, 27, 8), { type: 'call', strike: 56000 }],
      ['BTC-27NOV26-60000-C-USDT', 'BTC-USDT-20261127-60000-C', 'BTC', 'USDT', 'halted', 5, 0.01, Date.UTC(2026, 10, 27, 8), { type: 'call', strike: 60000 }],
    ]);
    expect(read.skipped).toHaveLength(1);
  });

  it("are read coin by coin: a coin's pages by cursor, then the next coin's first page, until the last coin", () => {
    expect(BYBIT_OPTION_INSTRUMENTS_PATH).toBe('/v5/market/instruments-info?category=option&baseCoin=BTC&limit=1000');
    expect(bybitOptionNextPage(answer([], 'abc%3D1'), BYBIT_OPTION_INSTRUMENTS_PATH)).toBe(`${BYBIT_OPTION_INSTRUMENTS_PATH}&cursor=abc%3D1`);
    expect(bybitOptionNextPage(answer([]), `${BYBIT_OPTION_INSTRUMENTS_PATH}&cursor=abc%3D1`)).toBe(
      '/v5/market/instruments-info?category=option&baseCoin=ETH&limit=1000',
    );
    expect(bybitOptionNextPage(answer([]), '/v5/market/instruments-info?category=option&baseCoin=ETH&limit=1000')).toBe(
      '/v5/market/instruments-info?category=option&baseCoin=SOL&limit=1000',
    );
    expect(bybitOptionNextPage(answer([]), '/v5/market/instruments-info?category=option&baseCoin=SOL&limit=1000')).toBeUndefined();
    expect(bybitOptionNextPage(answer([]), bybitOptionTickersPath('BTC'))).toBe(bybitOptionTickersPath('ETH'));
  });

  it("read the day's turnover in each option's quote", () => {
    const read = readBybitOptionVolumes(answer([{ symbol: 'BTC-27NOV26-56000-C-USDT', turnover24h: '1234.5', volume24h: '0.5' }, { symbol: 'X' }]));
    expect([...read.volumes]).toEqual([['BTC-27NOV26-56000-C-USDT', 1234.5]]);
    expect(read.skipped).toHaveLength(1);
  });
});

describe('the Bybit option protocol', () => {
  it("subscribes each option's ticker and its coin's trades, one trade topic for every option of a coin", () => {
    const topics = bybitOptionProtocol.streams.map((stream) => bybitOptionProtocol.topic('ETH-26DEC26-4000-P-USDT', stream));
    expect(topics).toEqual(['publicTrade.ETH', 'tickers.ETH-26DEC26-4000-P-USDT']);
    expect(bybitOptionTopic('BTC-27NOV26-56000-C-USDT', 'publicTrade')).toBe(bybitOptionTopic('BTC-26DEC26-90000-P-USDT', 'publicTrade'));
  });

  it('reads the option socket’s answers by topic, the topics it failed unserved, and its pong', () => {
    const read = (text: string) => {
      const parsed = bybitOptionProtocol.parse(text);
      if (!parsed.ok) throw new Error(parsed.error);
      return bybitOptionControl(parsed.frame);
    };
    const answer = (success: readonly string[], fail: readonly string[]): string =>
      JSON.stringify({ success: fail.length === 0, conn_id: 'c', data: { failTopics: fail, successTopics: success }, type: 'COMMAND_RESP' });
    expect(read(answer(['tickers.A', 'publicTrade.BTC'], []))).toEqual({
      kind: 'subscribe_ack',
      success: true,
      message: '',
      topics: ['tickers.A', 'publicTrade.BTC'],
    });
    expect(read(answer(['tickers.A'], ['tickers.B']))).toEqual({
      kind: 'subscribe_ack',
      success: true,
      message: 'not subscribed by the venue (failTopics)',
      topics: ['tickers.A'],
      unserved: ['tickers.B'],
    });
    expect(read('{"args":["1672916271846"],"op":"pong"}')).toEqual({ kind: 'pong' });
  });
});

describe("a Bybit option's summary", () => {
  it('carries the quotes with their IVs in percent, mark, greeks as sent, the underlying, open interest, rho NaN', () => {
    const { summaries } = summariesOf(ticker({}));
    expect(summaries).toHaveLength(1);
    expect(summaries[0]).toMatchObject({
      exchange: 'bybit_options',
      instrument: 'BTC-USDT-20261127-56000-P',
      coin: 'BTC',
      quote: 'USDT',
      optionType: 'put',
      strike: 56000,
      expiryTs: Date.UTC(2026, 10, 27, 8),
      bestBidPrice: 120,
      bestBidAmount: 1.5,
      bestBidIv: 51,
      bestAskPrice: 135,
      bestAskAmount: 2,
      bestAskIv: 55,
      lastPrice: 130,
      markPrice: 127.5,
      markIv: 53,
      delta: -0.02,
      gamma: 0.000004,
      vega: 3.1,
      theta: -40.2,
      underlyingPrice: 91050,
      underlyingIndex: 'BTC-27NOV26',
      indexPrice: 91000,
      openInterest: 12.3,
      exchangeTs: TS,
    });
    expect(summaries[0]?.rho).toBeNaN();
  });

  it("keeps a worthless option's mark of 0 and leaves out empty sides and a never-traded last price", () => {
    const { summaries } = summariesOf(
      ticker({ bidPrice: '0', bidSize: '0', bidIv: '0', askPrice: '5', askSize: '3', askIv: '0', lastPrice: '0', markPrice: '0', markPriceIv: '0' }),
    );
    expect(summaries).toHaveLength(1);
    const [s] = summaries;
    expect([s?.markPrice, s?.markIv, s?.bestBidPrice, s?.bestBidAmount, s?.bestBidIv, s?.bestAskPrice, s?.bestAskAmount, s?.bestAskIv, s?.lastPrice]).toEqual([
      0,
      0,
      undefined,
      undefined,
      undefined,
      5,
      3,
      undefined,
      undefined,
    ]);
  });

  it('drops a figure out of its kind alone, and refuses, naming the field, only a ticker without what every summary holds', () => {
    const [kept] = summariesOf(ticker({ lastPrice: '-1', openInterest: 'x' })).summaries;
    expect([kept?.markPrice, 'lastPrice' in (kept ?? {}), 'openInterest' in (kept ?? {})]).toEqual([127.5, false, false]);
    expect(summariesOf(ticker({ markPriceIv: '' }))).toEqual({
      summaries: [],
      refused: '$.data.markPriceIv: BTC-27NOV26-56000-P-USDT option ticker without markPriceIv',
    });
    expect(summariesOf(ticker({ underlyingPrice: '0' })).refused).toBe(
      '$.data.underlyingPrice: BTC-27NOV26-56000-P-USDT option ticker without underlyingPrice',
    );
    expect(summariesOf(ticker({ symbol: 'BTCUSDT' })).refused).toBe('$.data.symbol: "BTCUSDT" is not a Bybit option\'s name');
  });
});
