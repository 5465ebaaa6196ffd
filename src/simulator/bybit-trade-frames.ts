import { roundedDecimal } from './scaled-decimal.js';
import type { SimulatedTrade } from './simulated-market.js';
import type { TradeFrame } from './venue-protocol.js';

/** Bybit's limit on trades in one `publicTrade` frame (trade.mdx: "at most 1024 trades"). */
export const BYBIT_MAX_TRADES_PER_FRAME = 1024;

/**
 * Bybit v5 spot `publicTrade.{SYMBOL}` frames of `trades`: consecutive trades of a symbol share a
 * frame, at most `maxPerFrame` to a frame, in the order given (the venue's `data[]` is ascending).
 * `subscribed` picks the topics to write. The text is what `JSON.stringify` gives for the venue's
 * field order (`i, T, p, v, S, seq, s, BT, RPI`), written without building objects.
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
      frames.push({ text: frameText(topic, symbol, chunk, now), trades: chunk });
    }
    start = end;
  }
  return frames;
}

function frameText(topic: string, symbol: string, trades: readonly SimulatedTrade[], now: number): string {
  const s = JSON.stringify(symbol);
  let data = '';
  for (const t of trades) {
    const side = t.isBuyerMaker ? 'Sell' : 'Buy';
    const p = roundedDecimal(t.price, t.priceDecimals);
    const v = roundedDecimal(t.quantity, 6);
    data += `${data === '' ? '' : ','}{"i":"${t.tradeId}","T":${t.ts},"p":"${p}","v":"${v}","S":"${side}","seq":${t.tradeId},"s":${s},"BT":false,"RPI":false}`;
  }
  return `{"topic":${JSON.stringify(topic)},"ts":${now},"type":"snapshot","data":[${data}]}`;
}
