import { asyncScheduler, firstValueFrom, of } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readVenueList } from '../../src/catalog/read-venue-list.js';
import { protocolFor } from '../../src/exchanges/protocol-registry.js';
import { restWeightPacer } from '../../src/exchanges/rest/rest-weight-pacer.js';
import { venueFeed } from '../../src/exchanges/venue-feed.js';
import { VENUES } from '../../src/exchanges/venues.js';
import { SIM_VENUE_IDS, startSimulator, type RunningSimulator } from '../../simulator/index.js';
import { collectUntil } from '../exchanges/collect-until.js';

/**
 * One simulator serving every venue of its registry at once: each venue's REST and WebSocket answer
 * as that venue, whatever else is served (each REST on the routes of its own definition, the closest
 * route of a request taking it), read by the pipeline's own readers of that venue.
 */
let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ venues: SIM_VENUE_IDS, coins: ['BTC', 'ETH'], quote: 'USDT', tradesPerSecond: 20 });
});
afterAll(async () => {
  await sim.close();
});

const trading = (venue: (typeof SIM_VENUE_IDS)[number]) => sim.control.instruments(venue).filter((listing) => listing.status === 'trading');
/** The venues whose client has landed (a first definition reads no stream yet): each is read by the pipeline's own readers. */
const CLIENT_VENUES = SIM_VENUE_IDS.filter((venue) => VENUES[venue].protocol.streams.length > 0);

describe('a simulator serving every venue at once', () => {
  it.each(CLIENT_VENUES)("%s: its REST instrument list is its own, as the pipeline's reader of the venue reads it", async (venue) => {
    const pacer = restWeightPacer(asyncScheduler, VENUES[venue].catalog.pacer);
    const read = await firstValueFrom(
      readVenueList('listings', { exchange: venue, restUrl: sim.restUrl, pacer, timeoutMs: 10_000, scheduler: asyncScheduler }),
    );
    const listed = read.listings.filter((listing) => listing.state === 'trading').map((listing) => listing.symbol);
    expect(listed).toEqual(expect.arrayContaining(trading(venue).map((listing) => listing.symbol)));
  });

  it("answers Coinbase's product list with Coinbase's, not Binance's 404 (both serve paths under /api/)", async () => {
    const coinbase = await fetch(`${sim.restUrl}/api/v3/brokerage/market/products`);
    expect(coinbase.status).toBe(200);
    expect(Object.keys((await coinbase.json()) as object)).toContain('products');
    const binance = await fetch(`${sim.restUrl}/api/v3/exchangeInfo`);
    expect(binance.status).toBe(200);
    expect(Object.keys((await binance.json()) as object)).toContain('symbols');
  });

  it.each(CLIENT_VENUES)(
    "%s: a subscribe on its own WebSocket path gets the trades its market made, as the pipeline's feed of the venue reads them",
    async (venue) => {
      // One instrument as the pipeline learns it from the venue's own list (an OKX swap's contract value with it).
      const { listings } = VENUES[venue].catalog;
      // As the catalog asks: a GET, or a POST of the list's JSON body (Hyperliquid's /info).
      const request = listings.body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: listings.body };
      const listed = listings.read(await (await fetch(`${sim.restUrl}${listings.path}`, request)).json(), venue).listings;
      const first = trading(venue)[0];
      const instruments = listed
        .filter((listing) => listing.symbol === first?.symbol)
        .map(({ symbol, base, quote, contractValue }) => ({ symbol, coin: base, quote, ...(contractValue === undefined ? {} : { contractValue }) }));
      expect(instruments, `${venue} lists ${first?.symbol ?? 'nothing'}`).toHaveLength(1);
      const feed = venueFeed(protocolFor(venue), {
        exchange: venue,
        url: sim.urls[venue],
        symbols: { coins: instruments.map((i) => i.coin), quote: instruments[0]?.quote ?? 'USDT' },
        instruments$: of(instruments),
      });
      // Every instrument trading twice a second, whatever the venue's own flow (an option chain's is 1 a second over hundreds of options).
      sim.control.setTradeRate(venue, 2);
      const { values, error } = await collectUntil(feed, (events) => events.some((event) => event.type === 'trade')).finally(() => sim.control.reset(venue));
      expect(error).toBeUndefined();
      const trade = values.find((event) => event.type === 'trade');
      const made = new Set(sim.control.madeTrades(venue).map((t) => `${t.symbol} ${t.venueTradeId}`));
      expect(trade?.type === 'trade' && made.has(`${trade.symbol} ${trade.tradeId}`)).toBe(true);
    },
  );
});
