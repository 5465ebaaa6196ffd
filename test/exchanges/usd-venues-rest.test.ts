import { asyncScheduler, firstValueFrom } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { readVenueList } from '../../src/catalog/read-venue-list.js';
import { restWeightPacer } from '../../src/exchanges/rest/rest-weight-pacer.js';
import { VENUES } from '../../src/exchanges/venues.js';
import { startSimulator, type RunningSimulator } from '../../simulator/start-simulator.js';

/**
 * The Coinbase and Kraken REST readers against the simulator's REST APIs, which are written from the
 * venues' documentation apart from the readers: the catalog lists, the 24 h volumes, and the trade
 * history repair reads, each checked against what the simulated venue lists and made.
 */
let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const COINS = ['BTC', 'ETH', 'SOL'];

async function started(): Promise<RunningSimulator> {
  sim = await startSimulator({ venues: ['coinbase', 'kraken'], coins: COINS, quote: 'USD', tradesPerSecond: 40 });
  return sim;
}

/** What a repair is given to read a venue's history: its pacer (as the venue defines it), the simulator's REST URL. */
function accessOf(running: RunningSimulator, exchange: 'coinbase' | 'kraken') {
  const pacer = restWeightPacer(asyncScheduler, VENUES[exchange].catalog.pacer);
  return { exchange, restUrl: running.restUrl, pacer, timeoutMs: 10_000, scheduler: asyncScheduler, options: {} } as const;
}

describe('Coinbase and Kraken REST against the simulated venues', () => {
  it.each(['coinbase', 'kraken'] as const)(
    '%s: the catalog lists every instrument trading, with its tick size, and its 24 h volume by stream symbol',
    async (exchange) => {
      const running = await started();
      const access = accessOf(running, exchange);
      const request = { exchange, restUrl: running.restUrl, pacer: access.pacer, timeoutMs: 10_000, scheduler: asyncScheduler };
      const listings = await firstValueFrom(readVenueList('listings', request));
      const symbols = COINS.map((coin) => (exchange === 'coinbase' ? `${coin}-USD` : `${coin}/USD`));
      expect(listings.listings.map((l) => [l.symbol, l.base, l.quote, l.state])).toEqual(symbols.map((s, i) => [s, COINS[i], 'USD', 'trading']));
      const venueListings = new Map(running.control.instruments(exchange).map((l) => [l.symbol, l]));
      for (const listing of listings.listings) expect(listing.tickSize).toBe(Number(venueListings.get(listing.symbol)?.tickSize));
      const volumes = await firstValueFrom(readVenueList('volumes', request));
      const keys = VENUES[exchange].catalog.volumeKeys === undefined ? undefined : await firstValueFrom(readVenueList('volumeKeys', request));
      const bySymbol = new Map([...volumes.volumes].map(([key, volume]) => [keys?.get(key) ?? key, volume]));
      for (const symbol of symbols) expect(bySymbol.get(symbol), symbol).toBeGreaterThan(0);
    },
  );

  it("coinbase: the latest trades a repair reads are the venue's, with the taker's side", async () => {
    const running = await started();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const read = VENUES.coinbase.tradeHistory?.(accessOf(running, 'coinbase')).recent;
    if (read === undefined) throw new Error('no recent trades read');
    const recent = await firstValueFrom(read('BTC-USD'));
    const made = new Map(running.control.madeTrades('coinbase', 'BTC-USD').map((t) => [String(t.tradeId), t]));
    expect(recent.length).toBeGreaterThan(20);
    for (const trade of recent) {
      const venueTrade = made.get(trade.id);
      expect(venueTrade, trade.id).toBeDefined();
      expect([Number(trade.price), trade.isBuyerMaker, trade.time]).toEqual([venueTrade?.price, venueTrade?.isBuyerMaker, venueTrade?.ts]);
    }
  });

  it('kraken: a hole is read back by id, exactly the trades the venue made from that id on, and the first id since a time', async () => {
    const running = await started();
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const history = VENUES.kraken.tradeHistory?.(accessOf(running, 'kraken'));
    const made = running.control.madeTrades('kraken', 'ETH/USD');
    const from = made[Math.floor(made.length / 3)];
    if (from === undefined || history?.byId === undefined || history.firstIdSince === undefined) throw new Error('no history to read');
    const page = await firstValueFrom(history.byId('ETH/USD', from.tradeId, 20));
    const expected = made.filter((t) => t.tradeId >= from.tradeId).slice(0, 20);
    expect(page.map((t) => [t.id, Number(t.price), t.isBuyerMaker])).toEqual(expected.map((t) => [t.tradeId, t.price, t.isBuyerMaker]));
    const first = await firstValueFrom(history.firstIdSince('ETH/USD', from.ts, from.ts + 60_000));
    expect(first).toBe(made.find((t) => t.ts >= from.ts)?.tradeId);
  });
});
