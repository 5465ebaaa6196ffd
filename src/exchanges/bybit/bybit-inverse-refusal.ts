import type { BybitLinearFrame } from './bybit-linear-frames.js';

/**
 * Why an inverse frame cannot be told in the coin: a USD size over its price that is no number (a price so
 * small that the quotient overflows), named as Deribit's parser names it; `undefined` when every size of
 * the frame can be. Its trades and liquidations are `v / p`, its best bid/ask and book levels size over the
 * level's price (a level of price 0, an empty side, is no size).
 */
export function bybitInverseRefusal(frame: BybitLinearFrame): string | undefined {
  switch (frame.kind) {
    case 'trade':
    case 'liquidation':
      for (const { v, p } of frame.data) {
        const why = overflowOf(Number(v), Number(p));
        if (why !== undefined) return why;
      }
      return undefined;
    case 'orderbook':
      return overflowOfLevel(frame.data.bid) ?? overflowOfLevel(frame.data.ask);
    case 'book':
      for (const level of [...frame.data.b, ...frame.data.a]) {
        const why = level.price > 0 ? overflowOf(level.size, level.price) : undefined;
        if (why !== undefined) return why;
      }
      return undefined;
    default:
      return undefined;
  }
}

function overflowOfLevel(level: readonly [string, string] | undefined): string | undefined {
  if (level === undefined) return undefined;
  const price = Number(level[0]);
  return price > 0 ? overflowOf(Number(level[1]), price) : undefined;
}

function overflowOf(usd: number, price: number): string | undefined {
  return Number.isFinite(usd / price) ? undefined : `${usd} USD over ${price} is no quantity of the base asset`;
}
