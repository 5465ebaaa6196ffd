import { rfc3339Micros } from './kraken-json.js';

/**
 * A frame a Kraken v2 client must refuse, `n` picking the damage: cut mid-frame, a negative price,
 * a quantity that is not a number, a book update whose checksum is a string, a ticker without its
 * figures, a trade with an unknown side.
 */
export function krakenMalformedFrame(n: number, symbol: string, now: number): string {
  const timestamp = rfc3339Micros(now * 1000);
  const damaged = [
    `{"channel":"trade","type":"update","data":[{"symbol":${JSON.stringify(symbol)},"side":`,
    krakenFaultTradeFrame(symbol, now, { price: -5 }),
    krakenFaultTradeFrame(symbol, now, { qty: 'NaN' }),
    JSON.stringify({ channel: 'book', type: 'update', data: [{ symbol, bids: [{ price: 1.5, qty: 1 }], asks: [], checksum: 'abc', timestamp }] }),
    JSON.stringify({ channel: 'ticker', type: 'update', data: [{ symbol }] }),
    krakenFaultTradeFrame(symbol, now, { side: 'up' }),
  ];
  return damaged[n % damaged.length] ?? '';
}

/** One `trade` update of one trade, `fields` laid over it. */
export function krakenFaultTradeFrame(symbol: string, now: number, fields: Readonly<Record<string, unknown>> = {}): string {
  const trade = { symbol, side: 'buy', price: 1.5, qty: 1, ord_type: 'market', trade_id: 1, timestamp: rfc3339Micros(now * 1000), ...fields };
  return JSON.stringify({ channel: 'trade', type: 'update', data: [trade] });
}
