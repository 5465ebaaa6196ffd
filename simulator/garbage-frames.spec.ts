import { describe, expect, it } from 'vitest';
import { frameDecoder } from '../src/exchanges/frame-decoder.js';
import { protocolFor } from '../src/exchanges/protocol-registry.js';
import { splitSymbol } from '../src/exchanges/split-symbol.js';
import { buildSimVenues } from './build-sim-venues.js';
import { GARBAGE_KINDS, garbageFrame } from './garbage-frames.js';
import { SIM_VENUE_IDS } from './sim-venues.js';

const NOW = 1_800_000_000_000;
const { venues } = buildSimVenues({ venues: SIM_VENUE_IDS, coins: ['BTC'], quote: 'USDT' }, () => NOW);

describe("the control API's garbage, in each venue's own framing", () => {
  // A venue whose client has not landed yet (its pipeline definition reads no stream) has no reader to check against.
  for (const [name, venue] of [...venues].filter(([id]) => protocolFor(id).streams.length > 0)) {
    const symbol = venue.config.market.symbols[0] ?? '';
    // Each symbol as the venue lists it, with a contract value for a client that sizes in contracts
    // (any will do: the trade's size is not what is checked here).
    const partsOf = (s: string) => {
      const listing = venue.config.market.listing(s);
      const parts = splitSymbol(s) ?? (listing === undefined ? undefined : { coin: listing.base, quote: listing.quote });
      return parts === undefined ? undefined : { ...parts, contractValue: 1 };
    };
    const decode = frameDecoder(protocolFor(name), { exchange: name, partsOf });
    const decoded = (text: string) => decode(text, NOW, 'c1');

    it(`${name}: the undamaged trade is one the venue's client reads as a trade, and every damaged kind is refused`, () => {
      const whole = decoded(venue.config.protocol.faultTrade.frame(symbol, NOW));
      expect(whole.kind === 'events' ? whole.events.map((e) => e.type) : whole).toEqual(['trade']);
      for (const kind of GARBAGE_KINDS.filter((k) => k !== 'oversized')) {
        expect(decoded(garbageFrame(kind, venue.config.protocol.faultTrade, symbol, NOW)).kind, kind).toBe('invalid');
      }
    });
  }
});
