import type { SimulatedTrade } from '../../simulated-market.js';
import type { TradeFrame } from '../../sim-venue-protocol.js';
import { BYBIT_MAX_TRADES_PER_FRAME } from '../bybit/bybit-trade-frames.js';
import { linearCrossSequence, linearTradeUuid } from '../bybit-linear/bybit-linear-trade-frames.js';
import { optionDecimal } from './bybit-option-contracts.js';
import type { OptionTradeFigures } from './bybit-option-tape.js';

/** One `publicTrade.{baseCoin}` frame, before any socket is asked about it. */
export interface OptionTradeFrame extends TradeFrame {
  readonly topic: string;
}

/** What writing one option's trades needs beside them. */
export interface OptionTradeContext {
  /** The option's coin: its trades go to `publicTrade.{coin}`. */
  readonly coin: string;
  readonly sizeDecimals: number;
  /** Each trade's figures of when it was made. */
  readonly figures: (trade: SimulatedTrade) => OptionTradeFigures;
}

/** An option message's `id` (the recorded frames': `publicTrade.BTC-3414637898-1680652922102`): its topic, its cross sequence and its time. */
export function optionMessageId(topic: string, seq: number, ts: number): string {
  return `${topic}-${seq}-${ts}`;
}

/**
 * Bybit v5 option `publicTrade.{baseCoin}` frames of one option's consecutive `trades` ("option uses
 * baseCoin, e.g., publicTrade.BTC", trade.mdx), at most 1024 trades a frame: the envelope as recorded
 * (`bybit-option-publicTrade.ndjson`: `id, topic, ts, data, type`), each trade the documented fields in
 * the table's order, `T, s, S, v, p, i, BT, RPI, seq, mP, iP, mIv, iv` (the option fields `mP`, `iP`,
 * `mIv`, `iv`; no `L`, "unique field for Perps & futures"). `p` at the tick and `v` at the size step
 * without trailing zeros (`"985"`, `"0.01"`, as recorded), `i` a UUID as linear writes (trade ids say
 * nothing of order), `seq` the option's cross sequence at the trade, `mP` and `iP` at 8 decimals and
 * the volatilities at 4 (fractions), trailing zeros trimmed. The message `id` carries the last trade's `seq`.
 */
export function bybitOptionTradeFrames(trades: readonly SimulatedTrade[], now: number, context: OptionTradeContext): OptionTradeFrame[] {
  const frames: OptionTradeFrame[] = [];
  const topic = `publicTrade.${context.coin}`;
  for (let start = 0; start < trades.length; start += BYBIT_MAX_TRADES_PER_FRAME) {
    const chunk = trades.slice(start, start + BYBIT_MAX_TRADES_PER_FRAME);
    const data = chunk.map((t) => {
      const figures = context.figures(t);
      return {
        T: t.ts,
        s: t.symbol,
        S: t.isBuyerMaker ? 'Sell' : 'Buy',
        v: optionDecimal(t.quantity, context.sizeDecimals),
        p: optionDecimal(t.price, t.priceDecimals),
        i: linearTradeUuid(t.symbol, t.tradeId),
        BT: false,
        RPI: false,
        seq: linearCrossSequence(t.tradeId, 0),
        mP: optionDecimal(figures.markPrice, 8),
        iP: optionDecimal(figures.indexPrice, 8),
        mIv: optionDecimal(figures.markIv, 4),
        iv: optionDecimal(figures.iv, 4),
      };
    });
    const seq = data[data.length - 1]?.seq ?? 0;
    frames.push({ topic, trades: chunk, payload: JSON.stringify({ id: optionMessageId(topic, seq, now), topic, ts: now, data, type: 'snapshot' }) });
  }
  return frames;
}
