import type { VenueProtocol } from './venue-protocol.js';

/** The venue's symbol of an instrument: its protocol's spelling (`BTC-USD`, `BTC/USD`), else base and quote run together (`BTCUSDT`). */
export function venueSymbolOf(protocol: Pick<VenueProtocol, 'symbolOf'>, coin: string, quote: string): string {
  return protocol.symbolOf?.(coin, quote) ?? `${coin}${quote}`;
}
