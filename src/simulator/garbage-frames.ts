import type { SimVenue } from './sim-venue.js';
import type { SimVenueName } from './sim-venue-protocol.js';

/** Kinds of bad frame a venue can be told to send, beyond the protocol's own malformed frames. */
export const GARBAGE_KINDS = ['not-json', 'truncated', 'wrong-types', 'nan-price', 'negative-price', 'oversized'] as const;
export type GarbageKind = (typeof GARBAGE_KINDS)[number];

/** Bytes of an `oversized` frame: past the client's 1 MiB `maxPayload`, so its socket closes with 1009. */
export const OVERSIZED_FRAME_BYTES = 1024 * 1024 + 4096;

/** Venues that frame trades as Bybit does (`publicTrade.{SYMBOL}`); the others get Binance's framing. */
const BYBIT_FRAMED: readonly SimVenueName[] = ['bybit', 'bybit_linear'];

/** A trade frame of the venue's protocol with the given trade fields, wrapped as the venue wraps it. */
function tradeFrame(venue: SimVenueName, symbol: string, now: number, fields: Readonly<Record<string, unknown>>): string {
  if (BYBIT_FRAMED.includes(venue)) {
    const trade = { i: '1', T: now, p: '1.0', v: '1.0', S: 'Buy', s: symbol, BT: false, ...fields };
    return JSON.stringify({ topic: `publicTrade.${symbol}`, ts: now, type: 'snapshot', data: [trade] });
  }
  const trade = { e: 'trade', E: now, s: symbol, t: 1, p: '1.0', q: '1.0', T: now, m: false, M: true, ...fields };
  return JSON.stringify({ stream: `${symbol.toLowerCase()}@trade`, data: trade });
}

/** One bad frame of `kind` for `venue`; every kind must be refused (or, for `oversized`, never read) by a client. */
export function garbageFrame(kind: GarbageKind, venue: SimVenueName, symbol: string, now: number): string {
  switch (kind) {
    case 'not-json':
      return `<html>502 Bad Gateway ${now}</html>`;
    case 'truncated':
      return tradeFrame(venue, symbol, now, {}).slice(0, 40);
    case 'wrong-types':
      return BYBIT_FRAMED.includes(venue)
        ? tradeFrame(venue, symbol, now, { p: { value: 1 }, v: [1], T: 'yesterday', S: 42 })
        : tradeFrame(venue, symbol, now, { p: { value: 1 }, q: [1], T: 'yesterday', m: 'maybe' });
    case 'nan-price':
      return tradeFrame(venue, symbol, now, { p: 'NaN' });
    case 'negative-price':
      return tradeFrame(venue, symbol, now, { p: '-12.5' });
    case 'oversized':
      return tradeFrame(venue, symbol, now, { padding: 'x'.repeat(OVERSIZED_FRAME_BYTES) });
  }
}

/** Sends `count` bad frames of `kind` to every open socket of the venue; counted as malformed. */
export function sendGarbage(venue: SimVenue, kind: GarbageKind, count: number): void {
  const symbol = venue.config.market.symbols[0] ?? 'BTCUSDT';
  for (let i = 0; i < count; i += 1) {
    venue.counters.malformedSent += venue.connections.broadcast(garbageFrame(kind, venue.config.name, symbol, venue.config.clock()));
  }
}
