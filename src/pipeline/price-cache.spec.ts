import { describe, expect, it } from 'vitest';
import type { PriceTick, TradeEvent } from '../model/index.js';
import { PriceCache } from './price-cache.js';

const tick: PriceTick = {
  type: 'price_tick',
  exchange: 'bybit',
  symbol: 'BTCUSDT',
  coin: 'BTC',
  quote: 'USDT',
  exchangeTs: 1000,
  receivedTs: 1005,
  isFallback: false,
  env: 'prod',
  connectionId: 'c1',
  price: 65000,
  high24h: 66000,
  volume24h: 10,
};
const trade: TradeEvent = {
  type: 'trade',
  exchange: 'binance',
  symbol: 'BTCUSDT',
  coin: 'BTC',
  quote: 'USDT',
  exchangeTs: 1200,
  receivedTs: 1201,
  isFallback: true,
  env: 'prod',
  connectionId: 'c2',
  tradeId: '7',
  price: 65010,
  quantity: 1,
  side: 'BUY',
  isBuyerMaker: false,
};

describe('PriceCache', () => {
  it('keeps the latest ticker per coin and looks coins up case-insensitively', () => {
    const cache = new PriceCache();
    cache.update(tick);
    cache.update({ ...tick, coin: 'ETH', symbol: 'ETHUSDT', price: 1900 });
    expect(cache.get('btc')?.price).toBe(65000);
    expect(Object.keys(cache.all()).sort()).toEqual(['BTC', 'ETH']);
  });

  it('moves the price with a newer trade, keeping the 24 h figures and taking its provenance', () => {
    const cache = new PriceCache();
    cache.update(tick);
    expect(cache.update(trade)).toBe(true);
    const updated = cache.get('BTC');
    expect(updated).toMatchObject({ price: 65010, high24h: 66000, exchange: 'binance', isFallback: true, exchangeTs: 1200 });
    expect(cache.get('BTC')).toBe(updated);
    expect(cache.all()['BTC']).toBe(updated);
  });

  it('ignores a trade older than the cached price and a trade for a coin without a ticker yet', () => {
    const cache = new PriceCache();
    expect(cache.update(trade)).toBe(false);
    cache.update(tick);
    expect(cache.update({ ...trade, exchangeTs: 900 })).toBe(false);
    expect(cache.get('BTC')?.price).toBe(65000);
  });

  it('judges a trade against the newest price, a pending trade included, and keeps only the newest of several trades', () => {
    const cache = new PriceCache();
    cache.update(tick);
    expect(cache.update({ ...trade, exchangeTs: 1300, price: 65020 })).toBe(true);
    expect(cache.update({ ...trade, exchangeTs: 1250, price: 64000 })).toBe(false);
    expect(cache.update({ ...trade, exchangeTs: 1400, price: 65030 })).toBe(true);
    expect(cache.get('BTC')).toMatchObject({ price: 65030, exchangeTs: 1400, high24h: 66000 });
  });
});
