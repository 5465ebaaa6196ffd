import { roundedDecimal } from '../../scaled-decimal.js';
import type { SimulatedTrade } from '../../simulated-market.js';
import type { TradeFrame } from '../../sim-venue-protocol.js';

/** Bybit's limit on trades in one `publicTrade` frame (trade.mdx: "at most 1024 trades"). */
export const BYBIT_MAX_TRADES_PER_FRAME = 1024;

/** Bytes reserved per trade before a frame's buffer grows (a trade is about 120 bytes). */
const BYTES_PER_TRADE = 192;

/**
 * Bybit v5 spot `publicTrade.{SYMBOL}` frames of `trades`: consecutive trades of a symbol share a
 * frame, at most `maxPerFrame` to a frame, in the order given (the venue's `data[]` is ascending).
 * `subscribed` picks the topics to write. The text is what `JSON.stringify` gives for the venue's
 * field order (`i, T, p, v, S, seq, s, BT, RPI`), written as UTF-8 bytes straight into one buffer
 * per frame: at 250,000 trades/s, building strings per trade costs the simulator more in garbage
 * collection than everything else it does.
 */
export function bybitTradeFrames(
  trades: readonly SimulatedTrade[],
  now: number,
  subscribed: (topic: string) => boolean,
  maxPerFrame = BYBIT_MAX_TRADES_PER_FRAME,
): TradeFrame[] {
  const frames: TradeFrame[] = [];
  let start = 0;
  while (start < trades.length) {
    const symbol = (trades[start] as SimulatedTrade).symbol;
    let end = start + 1;
    while (end < trades.length && end - start < maxPerFrame && (trades[end] as SimulatedTrade).symbol === symbol) end += 1;
    const topic = `publicTrade.${symbol}`;
    if (subscribed(topic)) {
      const chunk = start === 0 && end === trades.length ? trades : trades.slice(start, end);
      frames.push({ payload: frameBytes(topic, symbol, chunk, now), trades: chunk });
    }
    start = end;
  }
  return frames;
}

function frameBytes(topic: string, symbol: string, trades: readonly SimulatedTrade[], now: number): Buffer {
  const head = `{"topic":${JSON.stringify(topic)},"ts":${now},"type":"snapshot","data":[`;
  const tail = `,"s":${JSON.stringify(symbol)},"BT":false,"RPI":false}`;
  let out: Buffer = Buffer.allocUnsafe(head.length * 3 + 2 + trades.length * (BYTES_PER_TRADE + tail.length * 3));
  let at = out.write(head, 0);
  let lastTs = Number.NaN;
  let tsText = '';
  for (let n = 0; n < trades.length; n += 1) {
    const t = trades[n] as SimulatedTrade;
    if (t.ts !== lastTs) {
      lastTs = t.ts;
      tsText = String(t.ts);
    }
    const id = String(t.tradeId);
    const text = `${n === 0 ? '' : ','}{"i":"${id}","T":${tsText},"p":"${roundedDecimal(t.price, t.priceDecimals)}","v":"${roundedDecimal(t.quantity, 6)}","S":"${t.isBuyerMaker ? 'Sell' : 'Buy'}","seq":${id}${tail}`;
    if (at + text.length * 3 + 2 > out.length) out = grown(out, at, text.length * 3 + 2);
    at += out.write(text, at);
  }
  at += out.write(']}', at);
  return out.subarray(0, at);
}

function grown(buffer: Buffer, used: number, more: number): Buffer {
  const next = Buffer.allocUnsafe(Math.max(buffer.length * 2, used + more));
  buffer.copy(next, 0, 0, used);
  return next;
}
