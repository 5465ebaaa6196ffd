import { describe, expect, it } from 'vitest';
import type { DerivativeTicker, Liquidation } from '../model/index.js';
import { OverlapDeduplicator } from './overlap-deduplicator.js';

const base = {
  exchange: 'binance_usdm',
  symbol: 'BTCUSDT',
  coin: 'BTC',
  quote: 'USDT',
  receivedTs: 0,
  isFallback: false,
  env: 'prod',
  connectionId: 'c1',
  instrument: 'BTC-USDT-PERP',
} as const;
const mark = (exchangeTs: number): DerivativeTicker => ({ ...base, type: 'derivative_ticker', exchangeTs, markPrice: 100 });
const polled = (exchangeTs: number): DerivativeTicker => ({
  ...base,
  type: 'derivative_ticker',
  exchangeTs,
  openInterest: 5,
  openInterestTs: exchangeTs,
  openInterestSource: 'poll',
});
const liquidation = (exchangeTs: number, price = 99): Liquidation => ({
  ...base,
  type: 'liquidation',
  exchangeTs,
  positionSide: 'LONG',
  price,
  quantity: 0.5,
  sampled: true,
});

describe('OverlapDeduplicator on the perpetuals’ records', () => {
  it('drops a derivative ticker of a socket that is not newer than the last, and keeps a poll’s answer on its own clock', () => {
    const dedup = new OverlapDeduplicator();
    expect([mark(1000), mark(1000), mark(999), mark(2000)].map((e) => dedup.isNew(e))).toEqual([true, false, false, true]);
    // The poll answered with a time before the last mark price frame: still news, once.
    expect([polled(1500), polled(1500), polled(2500)].map((e) => dedup.isNew(e))).toEqual([true, false, true]);
  });

  it('drops a liquidation both sockets delivered, and keeps two of one millisecond that differ', () => {
    const dedup = new OverlapDeduplicator();
    expect([liquidation(1000), liquidation(1000), liquidation(1000, 98), liquidation(900)].map((e) => dedup.isNew(e))).toEqual([true, false, true, true]);
  });
});
