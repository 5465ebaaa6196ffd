import { describe, expect, it } from 'vitest';
import type { MapperContext } from '../mapper-context.js';
import { splitSymbol } from '../split-symbol.js';
import { bitgetLines, bitgetParsed } from './__fixtures__/bitget-frames-at-hand.js';
import { mapBitgetFrame, type BitgetMarket } from './bitget-mappers.js';
import { parseBitgetFrame } from './bitget-frames.js';

const spot: MapperContext = { exchange: 'okx', env: 'prod', connectionId: 'bg-1', partsOf: (s) => splitSymbol(s) };
const RECEIVED = 1_800_000_000_000;
const mapped = (file: string, line: number, market: BitgetMarket, context: MapperContext = spot) =>
  mapBitgetFrame(bitgetParsed(bitgetLines(file)[line - 1] ?? ''), RECEIVED, context, market);

// Expected values are the recorded frames' own fields as Bitget documents them ("Trade Channel", "Tickers Channel",
// "Depth Channel") and as tardis-node's bitget mappers read them (trades of `update` pushes only, the taker's side,
// best bid/ask from `books1`, the derivative ticker's open interest from `holdingAmount`).
describe('mapBitgetFrame on recorded frames', () => {
  it('maps a v2 trade update: id as written (beyond a double), price, size in the coin, the taker side', () => {
    expect(mapped('bitget-trade.ndjson', 1, 'spot')).toEqual([
      {
        type: 'trade',
        exchange: 'okx',
        symbol: 'BTCUSDT',
        coin: 'BTC',
        quote: 'USDT',
        exchangeTs: 1730332858796,
        receivedTs: RECEIVED,
        isFallback: false,
        env: 'prod',
        connectionId: 'bg-1',
        tradeId: '1235671058980749319',
        price: 72389.99,
        quantity: 0.001373,
        side: 'BUY',
        isBuyerMaker: false,
      },
    ]);
  });

  it("publishes none of a trade snapshot (the trades made before the subscription), spot's or futures'", () => {
    expect(mapped('bitget-trade.ndjson', 2, 'spot')).toEqual([]);
    expect(mapped('bitget-futures-trade.ndjson', 1, 'futures')).toEqual([]);
  });

  it('maps a v3 publicTrade alike (i, p, v, S, T)', () => {
    expect(mapped('bitget-v3-publicTrade.ndjson', 1, 'spot')).toMatchObject([
      {
        type: 'trade',
        symbol: 'BTCUSDT',
        tradeId: '1432912488536195072',
        price: 76671.22,
        quantity: 0.001367,
        side: 'SELL',
        isBuyerMaker: true,
        exchangeTs: 1777358880170,
      },
    ]);
  });

  it('maps a spot ticker to a price tick with the rolling day, and nothing derivative', () => {
    const events = mapped('bitget-ticker.ndjson', 1, 'spot');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'price_tick',
      symbol: 'BTCUSDT',
      exchangeTs: 1786539478094,
      price: 64117.94,
      open24h: 63610.01,
      high24h: 64481.09,
      low24h: 63235.29,
      volume24h: 1754.541891,
      turnover24h: 112038111.906637,
    });
    // (64117.94 - 63610.01) / 63610.01 * 100
    expect((events[0] as { change24hPct: number }).change24hPct).toBeCloseTo(0.7985, 4);
  });

  it('maps a futures ticker to a price tick and a derivative ticker: mark, index, funding and its next time, holding as open interest', () => {
    const events = mapped('bitget-futures-ticker.ndjson', 2, 'futures');
    expect(events.map((e) => e.type)).toEqual(['price_tick', 'derivative_ticker']);
    expect(events[1]).toMatchObject({
      symbol: 'BTCUSDT',
      exchangeTs: 1786540544274,
      markPrice: 63997.5,
      indexPrice: 64023.4365,
      fundingRate: 0.00001,
      nextFundingTs: 1786550400000,
      openInterest: Number('37698.1952000001167'),
      openInterestTs: 1786540544274,
      openInterestSource: 'stream',
      lastPrice: 63997.5,
    });
  });

  it('maps a v3 futures ticker alike (its own names, the push time)', () => {
    const events = mapped('bitget-v3-ticker.ndjson', 1, 'futures');
    expect(events[1]).toMatchObject({
      type: 'derivative_ticker',
      exchangeTs: 1777358880084,
      markPrice: 76631.3,
      indexPrice: 76671.43816860554,
      fundingRate: -0.00003,
      nextFundingTs: 1777363200000,
      openInterest: 29539.3825,
    });
    expect(events[0]).toMatchObject({ type: 'price_tick', price: 76631.3, volume24h: 37764.7894, turnover24h: 2914473798.93323 });
  });

  it('maps books1 to the best bid and ask, spot and futures, and every other depth push to nothing', () => {
    expect(mapped('bitget-books1.ndjson', 1, 'spot')).toMatchObject([
      { type: 'book_ticker', symbol: 'BTCUSDC', bid: 72354.67, bidSize: 1.1646, ask: 72377.25, askSize: 0.00408, exchangeTs: 1730332859984 },
    ]);
    expect(mapped('bitget-futures-books1.ndjson', 1, 'futures')).toHaveLength(1);
    expect(mapped('bitget-books5.ndjson', 1, 'spot')).toEqual([]);
    expect(mapped('bitget-books.ndjson', 1, 'spot')).toEqual([]);
  });

  it('maps v3 liquidations of the followed symbols only, the position side as Bitget writes it', () => {
    const following: MapperContext = { ...spot, follows: (symbol) => symbol === 'IPUSDT' };
    expect(mapped('bitget-v3-liquidation.ndjson', 1, 'futures', following)).toMatchObject([
      {
        type: 'liquidation',
        symbol: 'IPUSDT',
        positionSide: 'LONG',
        price: 0.500280739469,
        quantity: 143.330431857868,
        sampled: false,
        exchangeTs: 1777358876983,
      },
    ]);
    expect(mapped('bitget-v3-liquidation.ndjson', 1, 'spot')).toEqual([]);
  });

  it('reads acks, the pong and candles without a record, and refuses a trade without a price, naming the field', () => {
    for (const line of [...bitgetLines('bitget-subscribe-ack.ndjson'), ...bitgetLines('bitget-candle.ndjson'), 'pong'])
      expect(mapBitgetFrame(bitgetParsed(line), RECEIVED, spot, 'spot')).toEqual([]);
    const bad = parseBitgetFrame(
      '{"action":"update","arg":{"instType":"SPOT","channel":"trade","instId":"BTCUSDT"},"data":[{"ts":"1","size":"1","side":"buy","tradeId":"7"}],"ts":1}',
    );
    expect(bad).toEqual({ ok: false, error: '$.data[0].price: expected a positive decimal string' });
  });

  it('keeps a futures ticker whose mark is 0 (a new listing): its other figures, no mark', () => {
    const text = JSON.stringify({
      action: 'snapshot',
      arg: { instType: 'USDT-FUTURES', channel: 'ticker', instId: 'NEWUSDT' },
      data: [{ instId: 'NEWUSDT', lastPr: '', markPrice: '0', indexPrice: '1.5', fundingRate: '0', nextFundingTime: '0', holdingAmount: '0', ts: '1' }],
      ts: 1,
    });
    expect(mapBitgetFrame(bitgetParsed(text), RECEIVED, spot, 'futures')).toEqual([
      expect.objectContaining({ type: 'derivative_ticker', indexPrice: 1.5, fundingRate: 0, openInterest: 0 }),
    ]);
  });
});
