import { asyncScheduler, firstValueFrom, of } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { readVenueList } from '../../src/catalog/read-venue-list.js';
import { bitgetFuturesProtocol, bitgetProtocol } from '../../src/exchanges/bitget/bitget-protocol.js';
import { restWeightPacer } from '../../src/exchanges/rest/rest-weight-pacer.js';
import { venueFeed } from '../../src/exchanges/venue-feed.js';
import type { VenueOutput } from '../../src/exchanges/venue-item.js';
import { VENUES } from '../../src/exchanges/venues.js';
import { listingKey } from '../../src/model/instrument.js';
import { startSimulator, type RunningSimulator } from '../../simulator/start-simulator.js';
import { collectUntil } from './collect-until.js';
import { count, books, resyncs } from './feed-outputs.js';

/**
 * The Bitget feeds (`venueFeed` with the spot and USDT-M protocols) against the simulator playing
 * Bitget's public API v2 (spot on `/bitget/v2/ws/public`, USDT-M on `/bitget-futures/v2/ws/public`):
 * trades equal to the venue's tape, tickers, best bid/ask, and books kept along `seq`/`pseq` with every
 * checksum checked, a skipped `seq` and a wrong checksum each resyncing that book only.
 */
let sim: RunningSimulator | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('the Bitget feeds against the simulator', () => {
  it('spot: maps the trades the venue made (ids as text, every one in order), tickers and best bid/ask', async () => {
    sim = await startSimulator({ venues: ['bitget'], coins: ['BTC', 'ETH'], tradesPerSecond: 20, tickerIntervalMs: 100 });
    const feed = venueFeed(bitgetProtocol, { exchange: 'bitget', url: sim.urls.bitget, symbols: { coins: ['BTC', 'ETH'], quote: 'USDT' } });
    const { values, error } = await collectUntil(feed, (v) => count(v, 'trade') >= 60 && count(v, 'price_tick') >= 4 && count(v, 'book_ticker') >= 4, 20_000);
    expect(error).toBeUndefined();
    expect(values.filter((v) => v.type === 'invalid_frame')).toEqual([]);
    expect(sim.control.subscribeLog('bitget').every((r) => r.accepted)).toBe(true);
    const made = new Map(sim.control.madeTrades('bitget').map((t) => [`${t.symbol} ${t.venueTradeId}`, t]));
    const trades = values.flatMap((v) => (v.type === 'trade' ? [v] : []));
    for (const trade of trades) {
      const own = made.get(`${trade.symbol} ${trade.tradeId}`);
      expect(own, `${trade.symbol} ${trade.tradeId}`).toBeDefined();
      expect([trade.price, trade.quantity, trade.isBuyerMaker, trade.exchangeTs]).toEqual([own?.price, own?.quantity, own?.isBuyerMaker, own?.ts]);
    }
    // Every trade made after a symbol's first one published, in order: nothing lost between them.
    for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
      const ids = trades.filter((t) => t.symbol === symbol).map((t) => t.tradeId);
      const tape = sim.control
        .madeTrades('bitget', symbol)
        .map((t) => t.venueTradeId)
        .filter((id) => BigInt(id) >= BigInt(ids[0] ?? '0') && BigInt(id) <= BigInt(ids.at(-1) ?? '0'));
      expect(ids, symbol).toEqual(tape);
    }
  });

  it('USDT-M: reads the contracts keyed as perpetuals, and publishes trades, derivative tickers (mark, index, funding, open interest) and best bid/ask', async () => {
    sim = await startSimulator({ venues: ['bitget_futures'], coins: ['BTC', 'ETH'], tradesPerSecond: 20, tickerIntervalMs: 100 });
    const pacer = restWeightPacer(asyncScheduler, VENUES.bitget_futures.catalog.pacer);
    const read = await firstValueFrom(
      readVenueList('listings', { exchange: 'bitget_futures', restUrl: sim.restUrl, pacer, timeoutMs: 10_000, scheduler: asyncScheduler }),
    );
    expect(read.listings.map((l) => [l.symbol, l.state, listingKey(l, VENUES.bitget_futures.market)])).toEqual([
      ['BTCUSDT', 'trading', 'BTC-USDT-PERP'],
      ['ETHUSDT', 'trading', 'ETH-USDT-PERP'],
    ]);
    const instruments = [
      { symbol: 'BTCUSDT', coin: 'BTC', quote: 'USDT' },
      { symbol: 'ETHUSDT', coin: 'ETH', quote: 'USDT' },
    ];
    const feed = venueFeed(bitgetFuturesProtocol, {
      exchange: 'bitget_futures',
      url: sim.urls.bitget_futures,
      symbols: { coins: ['BTC', 'ETH'], quote: 'USDT' },
      instruments$: of(instruments),
    });
    const { values, error } = await collectUntil(
      feed,
      (v) => count(v, 'trade') >= 40 && count(v, 'derivative_ticker') >= 4 && count(v, 'book_ticker') >= 2,
      20_000,
    );
    expect(error).toBeUndefined();
    expect(values.filter((v) => v.type === 'invalid_frame')).toEqual([]);
    const made = new Map(sim.control.madeTrades('bitget_futures').map((t) => [`${t.symbol} ${t.venueTradeId}`, t]));
    for (const trade of values.flatMap((v) => (v.type === 'trade' ? [v] : [])))
      expect(made.get(`${trade.symbol} ${trade.tradeId}`)?.quantity).toBe(trade.quantity);
    const ticker = values
      .flatMap((v) => (v.type === 'derivative_ticker' ? [v] : []))
      .find((v) => v.markPrice !== undefined && v.indexPrice !== undefined && v.openInterest !== undefined && v.fundingRate !== undefined);
    expect(ticker).toBeDefined();
    const contract = sim.control.perpetual('bitget_futures', ticker?.symbol)[0];
    expect(Math.abs((ticker?.markPrice ?? 0) / (contract?.markPrice ?? 1) - 1)).toBeLessThan(0.01);
    expect(ticker?.nextFundingTs).toBe(contract?.nextFundingTime);
  });

  it('keeps both books through their updates, every checksum checked; a skipped seq (drop-delta) and a wrong checksum (checksum-book) each resync that book only, which comes back from a new snapshot', async () => {
    sim = await startSimulator({ venues: ['bitget'], coins: ['BTC', 'ETH'], tradesPerSecond: 30 });
    const running = sim;
    const feed = venueFeed(bitgetProtocol, { exchange: 'bitget', url: running.urls.bitget, symbols: { coins: ['BTC', 'ETH'], quote: 'USDT' }, books: true });
    let dropped = -1;
    let damaged = -1;
    const cameBack = (values: readonly VenueOutput[], from: number, symbol: string): boolean => {
      const after = values.slice(from);
      const resynced = after.findIndex((e) => e.type === 'feed_status' && e.state === 'book_resync' && e.symbol === symbol);
      return resynced >= 0 && books(after.slice(resynced), symbol) >= 3;
    };
    const { values, error } = await collectUntil(
      feed,
      (v) => {
        if (dropped < 0 && books(v, 'BTCUSDT') >= 5 && books(v, 'ETHUSDT') >= 5) {
          dropped = v.length;
          running.control.bookFault('bitget', 'drop', 'BTCUSDT');
        }
        if (damaged < 0 && dropped >= 0 && cameBack(v, dropped, 'BTCUSDT')) {
          damaged = v.length;
          running.control.bookFault('bitget', 'checksum', 'ETHUSDT');
        }
        return damaged >= 0 && cameBack(v, damaged, 'ETHUSDT');
      },
      30_000,
    );
    expect(error).toBeUndefined();
    expect(values.filter((v) => v.type === 'invalid_frame')).toEqual([]);
    // No resync but the two the faults made: the books held through every update before them.
    expect(resyncs(values).map((r) => [r.symbol, r.reason.split(':')[0]])).toEqual([
      ['BTCUSDT', 'gap'],
      ['ETHUSDT', 'checksum'],
    ]);
    expect(books(values.slice(0, dropped), 'BTCUSDT')).toBeGreaterThanOrEqual(5);
    // The other book went on meanwhile.
    expect(books(values.slice(dropped, damaged), 'ETHUSDT')).toBeGreaterThan(0);
    expect(books(values.slice(damaged), 'BTCUSDT')).toBeGreaterThan(0);
    // Each came back after a new subscription of its `books` topic.
    const bookSubscribes = running.control.subscribeLog('bitget').filter((r) => r.topics.some((t) => t.startsWith('books:')));
    expect(bookSubscribes.filter((r) => r.topics.includes('books:BTCUSDT')).length).toBeGreaterThanOrEqual(2);
    expect(bookSubscribes.filter((r) => r.topics.includes('books:ETHUSDT')).length).toBeGreaterThanOrEqual(2);
  });
});
