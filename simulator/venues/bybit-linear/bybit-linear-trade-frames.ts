import { BYBIT_MAX_TRADES_PER_FRAME } from '../bybit/bybit-trade-frames.js';
import type { TickDirection } from '../../perpetual/perpetual-market.js';
import { roundedDecimal } from '../../scaled-decimal.js';
import { bybitSize, LINEAR_CONTRACTS, type BybitContracts } from './bybit-contracts.js';
import { seededRandom } from '../../seeded-random.js';
import type { SimulatedTrade } from '../../simulated-market.js';
import type { TradeFrame } from '../../sim-venue-protocol.js';

/** One `publicTrade` frame of a symbol's trades, before any socket is asked about it. */
export interface LinearTradeFrame extends TradeFrame {
  readonly topic: string;
}

/** What writing a symbol's trades needs beside them: the lot decimals and each trade's tick direction. */
export interface LinearTradeContext {
  readonly sizeDecimals: number;
  readonly directions: readonly TickDirection[];
  /** The category written; default linear (inverse writes `v` in whole USD). */
  readonly contracts?: BybitContracts;
}

/**
 * Bybit v5 linear `publicTrade.{SYMBOL}` frames of one symbol's consecutive `trades`, at most 1024
 * to a frame (trade.mdx), keys in the recorded linear order: envelope `topic, type, ts, data`, each
 * trade `T, s, S, v, p, L, i, BT, RPI, seq` (bybit-linear-publicTrade.ndjson). `p` is written at the
 * price scale with trailing zeros (`"65114.20"`), `v` at the lot step (`"0.004"`), `L` is the tick
 * direction, `i` a UUID (`linearTradeUuid`), and the trades of a frame share one `seq`: the
 * symbol's cross sequence at its last trade (`linearCrossSequence`).
 */
export function bybitLinearTradeFrames(trades: readonly SimulatedTrade[], now: number, context: LinearTradeContext): LinearTradeFrame[] {
  const frames: LinearTradeFrame[] = [];
  const contracts = context.contracts ?? LINEAR_CONTRACTS;
  for (let start = 0; start < trades.length; start += BYBIT_MAX_TRADES_PER_FRAME) {
    const chunk = trades.slice(start, start + BYBIT_MAX_TRADES_PER_FRAME);
    const last = chunk[chunk.length - 1] as SimulatedTrade;
    const topic = `publicTrade.${last.symbol}`;
    const seq = linearCrossSequence(last.tradeId, 0);
    const data = chunk.map((t, n) => {
      const fields = [
        `"T":${t.ts}`,
        `"s":${JSON.stringify(t.symbol)}`,
        `"S":"${t.isBuyerMaker ? 'Sell' : 'Buy'}"`,
        `"v":"${bybitSize(contracts, t.quantity, t.price, context.sizeDecimals)}"`,
        `"p":"${roundedDecimal(t.price, t.priceDecimals)}"`,
        `"L":"${context.directions[start + n] ?? 'ZeroPlusTick'}"`,
        `"i":"${linearTradeUuid(t.symbol, t.tradeId)}"`,
        `"BT":false`,
        `"RPI":false`,
        `"seq":${seq}`,
      ];
      return `{${fields.join(',')}}`;
    });
    frames.push({ topic, trades: chunk, payload: `{"topic":${JSON.stringify(topic)},"type":"snapshot","ts":${now},"data":[${data.join(',')}]}` });
  }
  return frames;
}

/**
 * A symbol's cross sequence (trades' `seq`, tickers' `cs`; recorded as one counter per symbol): its
 * last trade id times 1000, plus the ticker pushes since that trade (fewer than 1000), so that it
 * grows with every trade and every push.
 */
export function linearCrossSequence(lastTradeId: number, pushesSince: number): number {
  return lastTradeId * 1000 + Math.min(999, pushesSince);
}

/** FNV-1a hash of a text, 32 bits. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let n = 0; n < text.length; n += 1) h = Math.imul(h ^ text.charCodeAt(n), 0x01000193);
  return h >>> 0;
}

/** A bijection of 32-bit numbers that scatters neighbours (each step is invertible). */
function mix32(value: number): number {
  let x = value >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b) >>> 0;
  x ^= x >>> 16;
  return x >>> 0;
}

const hex = (value: number, digits: number): string =>
  (value >>> 0)
    .toString(16)
    .padStart(8, '0')
    .slice(8 - digits);

/**
 * The execution id of a linear trade as Bybit writes it: a version-5-style UUID
 * (`a9188a0a-82bc-50de-be60-03eedbe3cdd7`, as recorded), the same for the same symbol and trade, so
 * that the stream and `recent-trade` name a trade alike. Distinct trades of a symbol never share
 * one: the first 15 hex digits are an invertible scramble of the trade id (below 2^60).
 */
export function linearTradeUuid(symbol: string, tradeId: number): string {
  const salt = hash(symbol);
  const low = mix32((tradeId % 0x100000000) ^ salt);
  const high = (Math.floor(tradeId / 0x100000000) ^ salt) & 0xfffffff;
  const random = seededRandom(low ^ salt);
  const tail = Math.floor(random() * 0x100000000);
  const last = Math.floor(random() * 0x100000000);
  const variant = (8 + (tail & 0x3)).toString(16);
  return `${hex(low, 8)}-${hex(high >>> 12, 4)}-5${hex(high, 3)}-${variant}${hex(tail >>> 4, 3)}-${hex(tail >>> 16, 4)}${hex(last, 8)}`;
}
