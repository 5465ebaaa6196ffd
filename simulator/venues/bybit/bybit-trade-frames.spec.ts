import { describe, expect, it } from 'vitest';
import { BYBIT_MAX_TRADES_PER_FRAME, bybitTradeFrames } from './bybit-trade-frames.js';
import type { SimulatedTrade } from '../../simulated-market.js';

interface WireTrade {
  readonly i: string;
  readonly T: number;
  readonly p: string;
  readonly v: string;
  readonly S: string;
  readonly seq: number;
  readonly s: string;
}

const trades = (count: number, symbol = 'BTCUSDT', firstId = 1000): SimulatedTrade[] =>
  Array.from({ length: count }, (_, n) => ({
    symbol,
    tradeId: firstId + n * 2,
    price: Math.round((65000 + n * 0.37) * 100) / 100,
    quantity: Math.round((0.001 + n * 0.000013) * 1e6) / 1e6,
    isBuyerMaker: n % 3 === 0,
    ts: 1_786_310_821_000 + n,
    priceDecimals: 2,
  }));

const all = (): boolean => true;
const parse = (payload: string | Buffer): { topic: string; ts: number; type: string; data: WireTrade[] } => JSON.parse(payload.toString()) as never;

describe('bybitTradeFrames', () => {
  it('packs 2,500 trades of a symbol into 3 frames of 1024, 1024 and 452, in trade-id order, each trade once', () => {
    const batch = trades(2500);
    const frames = bybitTradeFrames(batch, 1_786_310_900_000, all);
    expect(BYBIT_MAX_TRADES_PER_FRAME).toBe(1024);
    expect(frames.map((f) => f.trades.length)).toEqual([1024, 1024, 452]);
    const ids = frames.flatMap((f) => parse(f.payload).data.map((t) => Number(t.i)));
    expect(ids).toEqual(batch.map((t) => t.tradeId));
    for (const frame of frames) expect(parse(frame.payload).data.map((t) => Number(t.i))).toEqual(frame.trades.map((t) => t.tradeId));
  });

  it('writes what JSON.stringify writes for the venue frame, prices and sizes as toFixed', () => {
    const batch = [...trades(3), { symbol: 'PEPEUSDT', tradeId: 7, price: 0.0000091, quantity: 12.5, isBuyerMaker: false, ts: 5, priceDecimals: 10 }];
    const frames = bybitTradeFrames(batch, 1_786_310_900_000, all);
    const expected = (group: readonly SimulatedTrade[]): string =>
      JSON.stringify({
        topic: `publicTrade.${group[0]?.symbol ?? ''}`,
        ts: 1_786_310_900_000,
        type: 'snapshot',
        data: group.map((t) => ({
          i: String(t.tradeId),
          T: t.ts,
          p: t.price.toFixed(t.priceDecimals),
          v: t.quantity.toFixed(6),
          S: t.isBuyerMaker ? 'Sell' : 'Buy',
          seq: t.tradeId,
          s: t.symbol,
          BT: false,
          RPI: false,
        })),
      });
    expect(frames.map((f) => f.payload.toString())).toEqual([expected(batch.slice(0, 3)), expected(batch.slice(3))]);
    expect(parse(frames[1]?.payload ?? '').data[0]).toMatchObject({ p: '0.0000091000', v: '12.500000', S: 'Buy' });
  });

  it('starts a new frame where the symbol changes and leaves out topics the connection did not subscribe', () => {
    const batch = [...trades(3, 'BTCUSDT'), ...trades(2, 'ETHUSDT'), ...trades(4, 'BTCUSDT', 2000)];
    const frames = bybitTradeFrames(batch, 1, (topic) => topic !== 'publicTrade.ETHUSDT');
    expect(frames.map((f) => [parse(f.payload).topic, f.trades.length])).toEqual([
      ['publicTrade.BTCUSDT', 3],
      ['publicTrade.BTCUSDT', 4],
    ]);
    expect(bybitTradeFrames(batch, 1, () => false)).toEqual([]);
  });

  it('caps a frame at maxPerFrame and sends a batch that fits whole', () => {
    const batch = trades(5);
    expect(bybitTradeFrames(batch, 1, all, 2).map((f) => f.trades.length)).toEqual([2, 2, 1]);
    expect(bybitTradeFrames(batch, 1, all)[0]?.trades).toBe(batch);
  });
});
