import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ExchangeId, MarketEnv } from '../../model/market-record.js';
import type { MapperContext } from '../mapper-context.js';
import { splitSymbol } from '../split-symbol.js';
import { parseBinanceFrame } from './binance-frames.js';
import { mapBinanceFrame } from './binance-mappers.js';

const RECEIVED = 1_800_000_000_000;

function fixture(name: string): string[] {
  const url = new URL(`../../../test/fixtures/exchange-frames/${name}`, import.meta.url);
  return readFileSync(url, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

function mapLine(line: string, exchange: ExchangeId = 'binance', env: MarketEnv = 'prod') {
  const context: MapperContext = { exchange, env, connectionId: 'c1', partsOf: (s) => splitSymbol(s) };
  const result = parseBinanceFrame(line);
  if (!result.ok) throw new Error(result.error);
  return mapBinanceFrame(result.frame, RECEIVED, context);
}

const base = { exchange: 'binance', receivedTs: RECEIVED, isFallback: false, env: 'prod', connectionId: 'c1' } as const;

describe('mapBinanceFrame on trade frames', () => {
  it('maps a 2021 raw @trade with the old b/a fields; m:true means the taker sold', () => {
    expect(mapLine(fixture('binance-trade.ndjson')[0] ?? '')).toEqual([
      {
        type: 'trade',
        ...base,
        symbol: 'BTCUSDT',
        coin: 'BTC',
        quote: 'USDT',
        exchangeTs: 1629394609694,
        tradeId: '1013351810',
        price: 45746.58,
        quantity: 0.011892,
        side: 'SELL',
        isBuyerMaker: true,
      },
    ]);
  });

  it('maps the current @trade schema without b/a', () => {
    expect(mapLine(fixture('binance-trade.ndjson')[1] ?? '')).toEqual([
      {
        type: 'trade',
        ...base,
        symbol: 'BNBBTC',
        coin: 'BNB',
        quote: 'BTC',
        exchangeTs: 1672515782136,
        tradeId: '12345',
        price: 0.001,
        quantity: 100,
        side: 'SELL',
        isBuyerMaker: true,
      },
    ]);
  });

  it('unwraps the combined envelope; m:false is a BUY, timestamped with T rather than E', () => {
    const [first, second] = fixture('binance-trade-combined.ndjson');
    expect(mapLine(first ?? '')).toEqual([
      {
        type: 'trade',
        ...base,
        symbol: 'BNBBTC',
        coin: 'BNB',
        quote: 'BTC',
        exchangeTs: 1554076800940,
        tradeId: '40756030',
        price: 0.0042699,
        quantity: 33.82,
        side: 'BUY',
        isBuyerMaker: false,
      },
    ]);
    expect(mapLine(second ?? '')).toMatchObject([{ tradeId: '60276726', price: 0.0021965, quantity: 6.48, side: 'SELL', exchangeTs: 1567296001034 }]);
  });

  it('maps @aggTrade to an agg_trade record, never a trade: its id is the aggregate id, f..l the trade ids', () => {
    const [combined, raw] = fixture('binance-aggTrade.ndjson');
    expect(mapLine(combined ?? '')).toEqual([
      {
        type: 'agg_trade',
        ...base,
        symbol: 'NKNUSDT',
        coin: 'NKN',
        quote: 'USDT',
        exchangeTs: 1633998523963,
        aggTradeId: 15683430,
        price: 0.3528,
        quantity: 58,
        firstTradeId: 19862790,
        lastTradeId: 19862790,
        side: 'BUY',
        isBuyerMaker: false,
      },
    ]);
    expect(mapLine(raw ?? '')).toMatchObject([
      { type: 'agg_trade', aggTradeId: 12345, firstTradeId: 100, lastTradeId: 105, side: 'SELL', exchangeTs: 1672515782136 },
    ]);
  });

  it('maps Binance.US frames (BUSD quote) with exchange binance_us', () => {
    const events = fixture('binanceus-aggTrade.ndjson').flatMap((line) => mapLine(line, 'binance_us'));
    expect(events.map((e) => (e.type === 'agg_trade' ? [e.exchange, e.coin, e.quote, String(e.aggTradeId), e.price, e.quantity, e.side] : []))).toEqual([
      ['binance_us', 'OMG', 'BUSD', '425085', 13.8048, 2.1, 'BUY'],
      ['binance_us', 'OMG', 'BUSD', '425086', 13.8076, 105.82, 'BUY'],
      ['binance_us', 'OMG', 'BUSD', '425087', 13.8004, 30.11, 'SELL'],
    ]);
    expect(mapLine(fixture('binanceus-trade.ndjson')[0] ?? '', 'binance_us')).toMatchObject([{ tradeId: '12345', side: 'SELL', isBuyerMaker: true }]);
  });

  it('tags binance_testnet records with env testnet', () => {
    expect(mapLine(fixture('binance-trade.ndjson')[1] ?? '', 'binance_testnet', 'testnet')).toMatchObject([{ exchange: 'binance_testnet', env: 'testnet' }]);
  });
});

describe('mapBinanceFrame on ticker frames', () => {
  it('maps @ticker, taking P as a percent already', () => {
    expect(mapLine(fixture('binance-ticker.ndjson')[0] ?? '')).toEqual([
      {
        type: 'price_tick',
        ...base,
        symbol: 'DOGEBNB',
        coin: 'DOGE',
        quote: 'BNB',
        exchangeTs: 1569805259092,
        price: 0.0001436,
        open24h: 0.00014069,
        high24h: 0.0001455,
        low24h: 0.00013851,
        volume24h: 20014582,
        turnover24h: 2839.62578157,
        change24hPct: 2.068,
      },
    ]);
    expect(mapLine(fixture('binance-ticker.ndjson')[1] ?? '')).toMatchObject([{ symbol: 'BNBBTC', price: 0.0025, change24hPct: 250 }]);
  });

  it('maps @miniTicker, computing the change from the open (0.0010 to 0.0025 is +150 %)', () => {
    for (const [name, exchange] of [
      ['binance-miniTicker.ndjson', 'binance'],
      ['binanceus-miniTicker.ndjson', 'binance_us'],
    ] as const) {
      expect(mapLine(fixture(name)[0] ?? '', exchange)).toEqual([
        {
          type: 'price_tick',
          ...base,
          exchange,
          symbol: 'BNBBTC',
          coin: 'BNB',
          quote: 'BTC',
          exchangeTs: 1672515782136,
          price: 0.0025,
          open24h: 0.001,
          high24h: 0.0025,
          low24h: 0.001,
          volume24h: 10000,
          turnover24h: 18,
          change24hPct: 150,
        },
      ]);
    }
  });
});

describe('mapBinanceFrame on bookTicker frames', () => {
  it('uses the receive time as exchangeTs, flagged estimated, since spot bookTicker has no event time', () => {
    expect(mapLine(fixture('binance-bookTicker.ndjson')[0] ?? '')).toEqual([
      {
        type: 'book_ticker',
        ...base,
        symbol: 'BTCUSDT',
        coin: 'BTC',
        quote: 'USDT',
        exchangeTs: RECEIVED,
        bid: 8010,
        bidSize: 0.142459,
        ask: 8012.15,
        askSize: 0.031201,
        updateId: 1127645101,
        exchangeTsEstimated: true,
      },
    ]);
  });

  it('maps the raw docs example and every recorded combined frame', () => {
    expect(mapLine(fixture('binance-bookTicker.ndjson')[6] ?? '')).toMatchObject([
      { symbol: 'BNBUSDT', bid: 25.3519, bidSize: 31.21, ask: 25.3652, askSize: 40.66, updateId: 400900217 },
    ]);
    const us = fixture('binanceus-bookTicker.ndjson').flatMap((line) => mapLine(line, 'binance_us'));
    expect(us.map((e) => (e.type === 'book_ticker' ? [e.symbol, e.updateId, e.bid, e.ask] : []))).toEqual([
      ['OMGBUSD', 77819472, 13.7664, 13.7952],
      ['OMGBUSD', 77819474, 13.7664, 13.795],
      ['COMPUSDT', 113129225, 296.58, 297.21],
      ['COMPUSDT', 113129228, 296.63, 297.21],
      ['COMPUSDT', 113129230, 296.66, 297.21],
    ]);
    expect(fixture('binance-bookTicker.ndjson').flatMap((line) => mapLine(line))).toHaveLength(7);
  });
});

describe('parseBinanceFrame on control frames', () => {
  it('reads acks in either key order and maps them to nothing', () => {
    for (const line of fixture('binance-subscribe-ack.ndjson')) {
      const result = parseBinanceFrame(line);
      expect(result.ok && result.frame.kind).toBe('ack');
      expect(mapLine(line)).toEqual([]);
    }
  });

  it('reads wrapped error frames with their code, message and id', () => {
    expect(fixture('binance-error.ndjson').map((line) => parseBinanceFrame(line))).toEqual([
      { ok: true, frame: { kind: 'error', code: 4, msg: 'Too many subscriptions', id: 19 } },
      { ok: true, frame: { kind: 'error', code: 2, msg: 'Invalid request: invalid stream', id: 2 } },
      { ok: true, frame: { kind: 'error', code: 3, msg: 'Invalid JSON: expected value at line 1 column 1', id: null } },
    ]);
  });

  it('reads serverShutdown in raw and combined form', () => {
    for (const line of fixture('binance-serverShutdown.ndjson')) {
      expect(parseBinanceFrame(line)).toEqual({ ok: true, frame: { kind: 'server_shutdown', E: 1770123456789 } });
    }
  });

  it('refuses a crossed book and a trade without a price', () => {
    expect(parseBinanceFrame('{"u":1,"s":"BTCUSDT","b":"2","B":"1","a":"1","A":"1"}').ok).toBe(false);
    expect(parseBinanceFrame('{"e":"trade","E":1,"s":"BTCUSDT","t":1,"q":"1","T":1,"m":true}')).toMatchObject({
      ok: false,
      error: expect.stringContaining('$.p') as unknown,
    });
  });

  it('refuses a ticker with a negative 24 h volume, and keeps a negative 24 h change', () => {
    expect(parseBinanceFrame('{"e":"24hrMiniTicker","E":1,"s":"BTCUSDT","c":"2","o":"1","h":"3","l":"1","v":"-4","q":"8"}')).toEqual({
      ok: false,
      error: '$.v: expected a non-negative decimal string',
    });
    expect(parseBinanceFrame('{"e":"24hrTicker","E":1,"s":"BTCUSDT","c":"2","o":"3","h":"3","l":"1","v":"4","q":"8","P":"-33.3"}')).toMatchObject({
      ok: true,
      frame: { kind: 'ticker', P: '-33.3' },
    });
  });
});
