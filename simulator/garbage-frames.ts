import type { SimVenue } from './sim-venue.js';
import type { FaultTrade } from './sim-venue-protocol.js';

/** Kinds of bad frame a venue can be told to send, beyond the protocol's own malformed frames. */
export const GARBAGE_KINDS = ['not-json', 'truncated', 'wrong-types', 'nan-price', 'negative-price', 'oversized'] as const;
export type GarbageKind = (typeof GARBAGE_KINDS)[number];

/** Bytes of an `oversized` frame: past the client's 1 MiB `maxPayload`, so its socket closes with 1009. */
export const OVERSIZED_FRAME_BYTES = 1024 * 1024 + 4096;

/** One bad frame of `kind` in the framing of `trade`; every kind must be refused (or, for `oversized`, never read) by a client. */
export function garbageFrame(kind: GarbageKind, trade: FaultTrade, symbol: string, now: number): string {
  const { price, quantity, time, side } = trade.names;
  switch (kind) {
    case 'not-json':
      return `<html>502 Bad Gateway ${now}</html>`;
    case 'truncated':
      return trade.frame(symbol, now).slice(0, 40);
    case 'wrong-types':
      return trade.frame(symbol, now, { [price]: { value: 1 }, [quantity]: [1], [time]: 'yesterday', [side]: 42 });
    case 'nan-price':
      return trade.frame(symbol, now, { [price]: 'NaN' });
    case 'negative-price':
      return trade.frame(symbol, now, { [price]: '-12.5' });
    case 'oversized':
      return trade.frame(symbol, now, { padding: 'x'.repeat(OVERSIZED_FRAME_BYTES) });
  }
}

/** Sends `count` bad frames of `kind` to every open socket of the venue; counted as malformed. */
export function sendGarbage(venue: SimVenue, kind: GarbageKind, count: number): void {
  const symbol = venue.config.market.symbols[0] ?? 'BTCUSDT';
  for (let i = 0; i < count; i += 1) {
    venue.counters.malformedSent += venue.connections.broadcast(garbageFrame(kind, venue.config.protocol.faultTrade, symbol, venue.config.clock()));
  }
}
