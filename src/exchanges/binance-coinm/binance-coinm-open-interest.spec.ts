import { describe, expect, it } from 'vitest';
import type { DerivativeTicker, MarketEvent } from '../../model/index.js';
import { FrameParseError } from '../frame-parse-error.js';
import { coinmContext, documented, RECEIVED } from './__fixtures__/coinm-context.js';
import { binanceCoinmOpenInterestPath, readBinanceCoinmOpenInterest } from './binance-coinm-open-interest.js';
import { binanceCoinmTickerReducer } from './binance-coinm-ticker-reducer.js';

const context = coinmContext();
const base = { exchange: 'binance_coinm', env: 'prod', connectionId: 'coinm-1', isFallback: false, symbol: 'BTCUSD_PERP', coin: 'BTC', quote: 'USD' } as const;
const mark = (markPrice: number, exchangeTs: number): DerivativeTicker => ({
  type: 'derivative_ticker',
  ...base,
  exchangeTs,
  receivedTs: exchangeTs,
  markPrice,
});

describe('the COIN-M open interest poll (GET /dapi/v1/openInterest)', () => {
  it('reads the documented answer as the open interest in USD: 15004 contracts of 100 USD', () => {
    expect(binanceCoinmOpenInterestPath('btcusd_perp')).toBe('/dapi/v1/openInterest?symbol=BTCUSD_PERP');
    expect(readBinanceCoinmOpenInterest(documented('binance-coinm-openInterest.json'), 'BTCUSD_PERP', RECEIVED, context)).toEqual([
      {
        type: 'derivative_ticker',
        ...base,
        exchangeTs: 1591261042378,
        receivedTs: RECEIVED,
        openInterestValue: 1_500_400,
        openInterestTs: 1591261042378,
        openInterestSource: 'poll',
      },
    ]);
  });

  it('refuses an answer about another symbol, and gives nothing for a symbol whose contract size is unknown', () => {
    expect(() => readBinanceCoinmOpenInterest(documented('binance-coinm-openInterest.json'), 'ETHUSD_PERP', RECEIVED, context)).toThrow(FrameParseError);
    expect(readBinanceCoinmOpenInterest(documented('binance-coinm-openInterest.json'), 'BTCUSD_PERP', RECEIVED, coinmContext(true))).toEqual([]);
  });
});

describe('binanceCoinmTickerReducer', () => {
  const [poll] = readBinanceCoinmOpenInterest(documented('binance-coinm-openInterest.json'), 'BTCUSD_PERP', RECEIVED, context) as DerivativeTicker[];
  const run = (events: readonly MarketEvent[]) =>
    binanceCoinmTickerReducer.reduce(binanceCoinmTickerReducer.initial('BTCUSD_PERP'), events).events as DerivativeTicker[];

  it('tells the polled open interest in BTC over the mark known when the answer came, and keeps it at later marks', () => {
    const out = run([mark(50_000, 1), poll as DerivativeTicker, mark(60_000, 3)]);
    expect(out[0]?.openInterest).toBeUndefined();
    expect(out[1]).toMatchObject({ markPrice: 50_000, openInterestValue: 1_500_400, openInterest: 30.008 });
    expect(out[2]).toMatchObject({ markPrice: 60_000, openInterestValue: 1_500_400, openInterest: 30.008, exchangeTs: 3 });
  });

  it('tells it at the first mark after a poll that came before any mark, and again at the next poll', () => {
    const out = run([poll as DerivativeTicker, mark(40_000, 2), { ...(poll as DerivativeTicker), openInterestValue: 2_000_000 }]);
    expect(out[0]?.openInterest).toBeUndefined();
    expect(out[1]?.openInterest).toBeCloseTo(37.51, 10);
    expect(out[2]?.openInterest).toBe(50);
  });
});
