import { describe, expect, it } from 'vitest';
import type { MarketEvent } from '../../model/index.js';
import type { MapperContext } from '../mapper-context.js';
import { okxLine, okxParsed, SWAP_CONTEXT } from './__fixtures__/okx-frames-at-hand.js';
import { mapOkxFrame } from './okx-mappers.js';
import { okxSwapTickerReducer } from './okx-swap-ticker-reducer.js';

const RECEIVED = 1_800_000_000_000;
const swap = (text: string, context: MapperContext = SWAP_CONTEXT): readonly MarketEvent[] => mapOkxFrame(okxParsed(text), RECEIVED, context, 'contracts');

/**
 * A SWAP `liquidation-orders` push as the docs describe it ("Liquidation orders channel": `instType`
 * SWAP, `details[]` of bkLoss, bkPx, ccy, posSide, side, sz, ts): the recorded FUTURES push's shape
 * (okx-swap-liquidation-orders.ndjson) with two swaps, each one liquidation.
 */
const LIQUIDATIONS =
  '{"arg":{"channel":"liquidation-orders","instType":"SWAP"},"data":[' +
  '{"details":[{"bkLoss":"0","bkPx":"43000.5","ccy":"","posSide":"long","side":"sell","sz":"25","ts":"1700000000100"}],"instFamily":"BTC-USDT","instId":"BTC-USDT-SWAP","instType":"SWAP","uly":"BTC-USDT"},' +
  '{"details":[{"bkLoss":"0","bkPx":"2.1","ccy":"","posSide":"short","side":"buy","sz":"3","ts":"1700000000200"}],"instFamily":"WNCG-USDT","instId":"WNCG-USDT-SWAP","instType":"SWAP","uly":"WNCG-USDT"}]}';

describe('the swap derivative channels', () => {
  it('reads `funding-rate` as the rate settled at `fundingTime`, the next funding; the 2022 layout without `ts` at the receive time', () => {
    expect(swap(okxLine('okx-swap-funding-rate.ndjson', 2))).toEqual([
      {
        type: 'derivative_ticker',
        exchange: 'okx_swap',
        env: 'prod',
        connectionId: 'okx-swap-1',
        isFallback: false,
        receivedTs: RECEIVED,
        symbol: 'BTC-USDT-SWAP',
        coin: 'BTC',
        quote: 'USDT',
        instrument: 'BTC-USDT-PERP',
        exchangeTs: RECEIVED,
        fundingRate: 0.0001534702159002,
        nextFundingTs: 1646323200000,
      },
    ]);
  });

  it('reads a `funding-rate` push without `fundingRate` (only `nextFundingRate` and `fundingTime`) as its next funding time alone', () => {
    // The recorded 2022 push (line 2) less its `fundingRate`, as the issue saw it: ccxt and tardis keep `fundingTime`.
    const withoutRate = okxLine('okx-swap-funding-rate.ndjson', 2).replace('"fundingRate":"0.0001534702159002",', '');
    expect(withoutRate).not.toContain('"fundingRate"');
    expect(swap(withoutRate)).toEqual([
      expect.objectContaining({ type: 'derivative_ticker', symbol: 'BTC-USDT-SWAP', nextFundingTs: 1646323200000 }) as unknown,
    ]);
    expect(swap(withoutRate)[0]).not.toHaveProperty('fundingRate');
    // An empty rate (`""`, as the 2026 layout writes a figure not published) is not sent either.
    expect(swap(withoutRate.replace('"fundingTime"', '"fundingRate":"","fundingTime"'))[0]).not.toHaveProperty('fundingRate');
  });

  it('forgets the known rate when a push without one moves the next funding time: that rate was settled at the earlier time', () => {
    const at = (rate: string, time: string): string =>
      `{"arg":{"channel":"funding-rate","instId":"BTC-USDT-SWAP"},"data":[{${rate}"fundingTime":"${time}","instId":"BTC-USDT-SWAP","instType":"SWAP","nextFundingRate":"0.0002"}]}`;
    const events = [at('"fundingRate":"0.0001",', '1646323200000'), at('', '1646323200000'), at('', '1646352000000')].flatMap((text) => swap(text));
    const out = okxSwapTickerReducer.reduce(okxSwapTickerReducer.initial('BTC-USDT-SWAP'), events).events;
    expect(out.map((e) => (e.type === 'derivative_ticker' ? [e.fundingRate, e.nextFundingTs] : []))).toEqual([
      [0.0001, 1646323200000],
      [0.0001, 1646323200000],
      [undefined, 1646352000000],
    ]);
  });

  it('reads `mark-price` and `open-interest` (`oiCcy`, the base coin) of WNCG-USDT-SWAP', () => {
    expect(swap(okxLine('okx-swap-mark-price.ndjson', 1))).toMatchObject([{ symbol: 'WNCG-USDT-SWAP', markPrice: 2.1729, exchangeTs: 1640131259180 }]);
    expect(swap(okxLine('okx-swap-open-interest.ndjson', 1))).toMatchObject([
      { symbol: 'WNCG-USDT-SWAP', openInterest: 644195, openInterestTs: 1640131258756, openInterestSource: 'stream', exchangeTs: 1640131258756 },
    ]);
  });

  it('reads `index-tickers` of the index WNCG-USDT as the index price of its swap WNCG-USDT-SWAP', () => {
    expect(swap(okxLine('okx-swap-index-tickers.ndjson', 1))).toMatchObject([
      { type: 'derivative_ticker', symbol: 'WNCG-USDT-SWAP', instrument: 'WNCG-USDT-PERP', indexPrice: 2.1675, exchangeTs: 1640131290649 },
    ]);
    // BTC-USD is the index of the inverse BTC-USD-SWAP, not a linear swap's.
    expect(swap(okxLine('okx-swap-index-tickers.ndjson', 2))).toEqual([]);
  });

  it('merges the four channels per swap, each record carrying every figure known so far', () => {
    const reducer = okxSwapTickerReducer;
    const events = [
      okxLine('okx-swap-mark-price.ndjson', 1),
      okxLine('okx-swap-index-tickers.ndjson', 1),
      okxLine('okx-swap-open-interest.ndjson', 1),
      '{"arg":{"channel":"funding-rate","instId":"WNCG-USDT-SWAP"},"data":[{"fundingRate":"-0.0002","fundingTime":"1640160000000","instId":"WNCG-USDT-SWAP","instType":"SWAP","ts":"1640131300000"}]}',
      okxLine('okx-swap-mark-price.ndjson', 1).replace('"2.1729"', '"2.18"').replace('1640131259180', '1640131301000'),
    ].flatMap((text) => swap(text));
    const out = reducer.reduce(reducer.initial('WNCG-USDT-SWAP'), events).events;
    const figures = out.map((e) =>
      e.type === 'derivative_ticker' ? [e.exchangeTs, e.markPrice, e.indexPrice, e.openInterest, e.openInterestTs, e.fundingRate, e.nextFundingTs] : [],
    );
    expect(figures).toEqual([
      [1640131259180, 2.1729, undefined, undefined, undefined, undefined, undefined],
      [1640131290649, 2.1729, 2.1675, undefined, undefined, undefined, undefined],
      [1640131258756, 2.1729, 2.1675, 644195, 1640131258756, undefined, undefined],
      [1640131300000, 2.1729, 2.1675, 644195, 1640131258756, -0.0002, 1640160000000],
      [1640131301000, 2.18, 2.1675, 644195, 1640131258756, -0.0002, 1640160000000],
    ]);
  });

  it('publishes liquidations at the bankruptcy price, in the base asset (25 contracts of 0.01 BTC: 0.25 BTC), sampled', () => {
    expect(swap(LIQUIDATIONS)).toEqual([
      {
        type: 'liquidation',
        exchange: 'okx_swap',
        env: 'prod',
        connectionId: 'okx-swap-1',
        isFallback: false,
        receivedTs: RECEIVED,
        symbol: 'BTC-USDT-SWAP',
        coin: 'BTC',
        quote: 'USDT',
        instrument: 'BTC-USDT-PERP',
        exchangeTs: 1700000000100,
        positionSide: 'LONG',
        price: 43000.5,
        quantity: 0.25,
        sampled: true,
      },
      expect.objectContaining({ symbol: 'WNCG-USDT-SWAP', positionSide: 'SHORT', price: 2.1, quantity: 3, exchangeTs: 1700000000200 }) as unknown,
    ]);
  });

  it('keeps only the liquidations of the swaps its socket follows: another shard publishes the others', () => {
    const btcOnly: MapperContext = { ...SWAP_CONTEXT, follows: (symbol) => symbol === 'BTC-USDT-SWAP' };
    expect(swap(LIQUIDATIONS, btcOnly).map((e) => e.symbol)).toEqual(['BTC-USDT-SWAP']);
    const neither: MapperContext = { ...SWAP_CONTEXT, follows: () => false };
    expect(swap(LIQUIDATIONS, neither)).toEqual([]);
  });

  it('publishes no liquidation of a dated future (the recorded FUTURES push)', () => {
    expect(swap(okxLine('okx-swap-liquidation-orders.ndjson', 1))).toEqual([]);
  });
});
