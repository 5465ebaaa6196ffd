import { describe, expect, it } from 'vitest';
import { frameDecoder } from '../../../src/exchanges/frame-decoder.js';
import { protocolFor } from '../../../src/exchanges/protocol-registry.js';
import { gateSubscribe } from '../../../src/exchanges/gate/gate-subscriptions.js';
import { gateTestVenue, START_TS, type GateVenueName } from './__fixtures__/gate-test-venue.js';

const MARKETS = { gate: 'spot', gate_futures: 'futures' } as const;
const CHANNELS = ['trades', 'tickers', 'book_ticker', 'order_book_update'] as const;

describe("Gate's pushes through the pipeline's decoder", () => {
  for (const name of ['gate', 'gate_futures'] as const satisfies readonly GateVenueName[])
    it(`${name}: every frame of every channel the client asks for is decoded, none refused; trades in the coin equal the tape`, () => {
      const { connect, run, control, venueOf } = gateTestVenue([name]);
      const market = MARKETS[name];
      const client = connect();
      // The client's own requests: one channel a request, a book's instrument alone.
      let id = 0;
      for (const channel of CHANNELS)
        for (const topics of channel === 'order_book_update' ? [[`${channel}:BTC_USDT`]] : [[`${channel}:BTC_USDT`, `${channel}:ETH_USDT`]]) {
          id += 1;
          client.send(gateSubscribe(market, topics, String(id), START_TS).text);
        }
      run(3_000);
      const listings = venueOf(name).config.market;
      const partsOf = (symbol: string) => {
        const listing = listings.listing(symbol);
        return listing === undefined ? undefined : { coin: listing.base, quote: listing.quote, contractValue: 10 ** -listing.sizeDecimals };
      };
      const decode = frameDecoder(protocolFor(name), { exchange: name, partsOf });
      const decoded = client.socket.sent.map((text) => decode(text, START_TS, 'c1'));
      expect(decoded.filter((d) => d.kind === 'invalid')).toEqual([]);
      const acks = decoded.flatMap((d) => (d.kind === 'control' && d.control.kind === 'subscribe_ack' ? [d.control] : []));
      expect(acks.map((a) => [a.success, a.requestId])).toEqual([1, 2, 3, 4].map((n) => [true, String(n)]));
      const events = decoded.flatMap((d) => (d.kind === 'events' ? d.events : []));
      const books = decoded.flatMap((d) => (d.kind === 'events' ? d.books : []));
      expect(new Set(events.map((e) => e.type))).toEqual(
        new Set(name === 'gate' ? ['trade', 'price_tick', 'book_ticker'] : ['trade', 'price_tick', 'book_ticker', 'derivative_ticker']),
      );
      expect(books.length).toBeGreaterThan(10);
      const trades = events.flatMap((e) => (e.type === 'trade' && e.symbol === 'BTC_USDT' ? [e] : []));
      const tape = control.madeTrades(name, 'BTC_USDT');
      expect(trades.map((t) => [t.tradeId, t.price, Math.round(t.quantity * 1e8) / 1e8])).toEqual(
        tape.map((t) => [t.venueTradeId, t.price, Math.round(t.quantity * 1e8) / 1e8]),
      );
    });
});
