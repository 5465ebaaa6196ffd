import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { MarketEvent } from '../../model/index.js';
import type { MapperContext } from '../mapper-context.js';
import { splitSymbol } from '../split-symbol.js';
import { parseBinanceUsdmFrame } from './binance-usdm-frames.js';
import { mapBinanceUsdmFrame } from './binance-usdm-mappers.js';
import { readBinanceUsdmOpenInterest } from './binance-usdm-open-interest.js';
import { binanceUsdmTickerReducer, type DerivativeValues } from './binance-usdm-ticker-reducer.js';

const context: MapperContext = { exchange: 'binance_usdm', env: 'prod', connectionId: 'c1', partsOf: (s) => splitSymbol(s) };
const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

/** The documented markPriceUpdate (`__fixtures__`), its values changed by `edit`, mapped as the socket's events. */
function markPrice(received: number, edit: (text: string) => string = (t) => t): readonly MarketEvent[] {
  const parsed = parseBinanceUsdmFrame(edit(fixture('binance-usdm-markPrice.ndjson').split('\n')[0] ?? ''));
  if (!parsed.ok) throw new Error(parsed.error);
  return mapBinanceUsdmFrame(parsed.frame, received, context);
}

/** The documented open-interest answer read by the poll. */
function openInterest(received: number, edit: (text: string) => string = (t) => t): readonly MarketEvent[] {
  return readBinanceUsdmOpenInterest(JSON.parse(edit(fixture('binance-usdm-openInterest.json'))) as unknown, 'BTCUSDT', received, {
    ...context,
    connectionId: 'binance_usdm-poll',
  });
}

/** Folds batches through one symbol's state, as the feed does, and returns everything emitted. */
function reduceAll(batches: readonly (readonly MarketEvent[])[]): { readonly events: readonly MarketEvent[]; readonly state: DerivativeValues } {
  let state = binanceUsdmTickerReducer.initial('BTCUSDT');
  const events: MarketEvent[] = [];
  for (const batch of batches) {
    const step = binanceUsdmTickerReducer.reduce(state, batch);
    state = step.state;
    events.push(...step.events);
  }
  return { events, state };
}

describe('binanceUsdmTickerReducer: mark price and polled open interest merged per symbol', () => {
  it('emits a mark-price record as it is while no open interest is known, then every record with all values known so far', () => {
    const { events } = reduceAll([
      markPrice(1),
      openInterest(2),
      markPrice(3, (t) => t.replace('"p":"11794.15000000"', '"p":"11800.5"').replace('"E":1562305380000', '"E":1562305381000')),
    ]);
    expect(events).toEqual([
      expect.objectContaining({ type: 'derivative_ticker', exchangeTs: 1562305380000, markPrice: 11794.15, fundingRate: 0.00038167 }),
      // The poll's record keeps its own time and socket, and carries the mark price and funding known by then.
      expect.objectContaining({
        type: 'derivative_ticker',
        exchangeTs: 1589437530011,
        receivedTs: 2,
        connectionId: 'binance_usdm-poll',
        openInterest: 10659.509,
        openInterestTs: 1589437530011,
        openInterestSource: 'poll',
        markPrice: 11794.15,
        indexPrice: 11784.62659091,
        fundingRate: 0.00038167,
        nextFundingTs: 1562306400000,
      }),
      // The next mark price brings its new value and keeps the open interest, its time and source.
      expect.objectContaining({
        exchangeTs: 1562305381000,
        receivedTs: 3,
        connectionId: 'c1',
        markPrice: 11800.5,
        openInterest: 10659.509,
        openInterestTs: 1589437530011,
        openInterestSource: 'poll',
      }),
    ]);
    expect(events[0]).not.toHaveProperty('openInterest');
  });

  it('replaces a value with the newer one and never erases a known value with an absent one', () => {
    const { state } = reduceAll([
      markPrice(1),
      openInterest(2),
      openInterest(3, (t) => t.replace('"10659.509"', '"10700"').replace('1589437530011', '1589437590011')),
      markPrice(4, (t) => t.replace('"r":"0.00038167",', '').replace(',"T":1562306400000', '')),
    ]);
    expect(state).toEqual({
      markPrice: 11794.15,
      indexPrice: 11784.62659091,
      fundingRate: 0.00038167,
      nextFundingTs: 1562306400000,
      openInterest: 10700,
      openInterestTs: 1589437590011,
      openInterestSource: 'poll',
    });
  });

  it('passes other records through unchanged and in order', () => {
    const trade = mapBinanceUsdmFrame({ kind: 'agg_trade', s: 'BTCUSDT', a: 7, p: '1', q: '2', f: 1, l: 1, T: 5, m: false }, 9, context);
    const batch = [...trade, ...markPrice(9)];
    const { events } = reduceAll([batch]);
    expect(events[0]).toBe(trade[0]);
    expect(events[1]).toMatchObject({ type: 'derivative_ticker', markPrice: 11794.15 });
  });

  it('starts every symbol, and every new subscription, from nothing known', () => {
    expect(binanceUsdmTickerReducer.initial('ETHUSDT')).toEqual({});
  });
});

describe('readBinanceUsdmOpenInterest (GET /fapi/v1/openInterest, documented answer)', () => {
  it('reads open interest in the base asset with its time, as a polled derivative ticker', () => {
    expect(openInterest(7)).toEqual([
      {
        type: 'derivative_ticker',
        exchange: 'binance_usdm',
        symbol: 'BTCUSDT',
        coin: 'BTC',
        quote: 'USDT',
        exchangeTs: 1589437530011,
        receivedTs: 7,
        isFallback: false,
        env: 'prod',
        connectionId: 'binance_usdm-poll',
        openInterest: 10659.509,
        openInterestTs: 1589437530011,
        openInterestSource: 'poll',
      },
    ]);
  });

  it('refuses an answer about another symbol, an error body, and a negative open interest', () => {
    const read = (body: unknown) => () => readBinanceUsdmOpenInterest(body, 'BTCUSDT', 1, context);
    expect(read({ openInterest: '1', symbol: 'ETHUSDT', time: 1 })).toThrow('$.symbol');
    expect(read({ code: -1121, msg: 'Invalid symbol.' })).toThrow('$.symbol');
    expect(read({ openInterest: '-1', symbol: 'BTCUSDT', time: 1 })).toThrow('$.openInterest');
  });
});
