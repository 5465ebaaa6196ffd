import { rfc3339Micro, rfc3339Nano } from './coinbase-time.js';

/** The kinds of damage {@link coinbaseMalformedFrame} makes, in the order `n` picks them. */
export const COINBASE_MALFORMED_KINDS = ['truncated', 'negative-price', 'missing-trade-id', 'ask-side'] as const;

/**
 * A frame a client must refuse, in Coinbase's envelope; `n` picks the damage (`n` modulo 4):
 * `truncated` (a `market_trades` frame cut in the middle: not JSON), `negative-price` (a trade at
 * `"-1"`), `missing-trade-id` (a trade without `trade_id`), `ask-side` (an `l2_data` row with side
 * `"ask"`, the name some clients expect where the venue writes `"offer"`, memo §8). Each is one text
 * sent to every socket, so it cannot carry each socket's next `sequence_num`: it says 0, outside
 * the connection's sequence, and a client that refuses the frame whole never reads it.
 */
export function coinbaseMalformedFrame(n: number, symbol: string, now: number): string {
  switch (COINBASE_MALFORMED_KINDS[n % COINBASE_MALFORMED_KINDS.length]) {
    case 'truncated': {
      const whole = coinbaseTradeFrame(symbol, now);
      return whole.slice(0, Math.floor(whole.length / 2));
    }
    case 'negative-price':
      return coinbaseTradeFrame(symbol, now, { price: '-1' });
    case 'missing-trade-id':
      return coinbaseTradeFrame(symbol, now, { trade_id: undefined });
    default: {
      const row = { side: 'ask', event_time: rfc3339Micro(now, 0), price_level: '1', new_quantity: '1' };
      return frame(now, 'l2_data', [{ type: 'update', product_id: symbol, updates: [row] }]);
    }
  }
}

/**
 * One `market_trades` update of one trade, `fields` laid over it (a field set to `undefined` is left
 * out), outside any connection's sequence (`sequence_num` 0).
 */
export function coinbaseTradeFrame(symbol: string, now: number, fields: Readonly<Record<string, unknown>> = {}): string {
  const trade = { product_id: symbol, trade_id: '1', price: '1', size: '1', time: rfc3339Micro(now, 0), side: 'SELL', ...fields };
  return frame(now, 'market_trades', [{ type: 'update', trades: [trade] }]);
}

function frame(now: number, channel: string, events: unknown): string {
  return JSON.stringify({ channel, timestamp: rfc3339Nano(now, 500_000), sequence_num: 0, events });
}
