import { asyncScheduler, firstValueFrom, of } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { readVenueList } from '../../src/catalog/read-venue-list.js';
import { gateFuturesProtocol, gateProtocol } from '../../src/exchanges/gate/gate-protocol.js';
import { restWeightPacer } from '../../src/exchanges/rest/rest-weight-pacer.js';
import { venueFeed } from '../../src/exchanges/venue-feed.js';
import { VENUES } from '../../src/exchanges/venues.js';
import { listingKey } from '../../src/model/instrument.js';
import { startSimulator, type RunningSimulator } from '../../simulator/start-simulator.js';
import { collectUntil } from './collect-until.js';
import { count, books, resyncs } from './feed-outputs.js';

/**
 * The Gate feeds (`venueFeed` with the spot and USDT futures protocols) against the simulator playing
 * Gate's WebSocket API v4 (spot on `/gate/ws/v4/`, futures on `/gate-futures/v4/ws/usdt`) and REST v4:
 * trades equal to the venue's tape (futures contracts in the coin), tickers, best bid/ask, and books
 * kept by update ids from REST snapshots, a skipped update resyncing that book only.
 */
let sim: RunningSimulator | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('the Gate feeds against the simulator', () => {
  it('spot: maps the trades the venue made (every one in order), tickers and best bid/ask', async () => {
    sim = await startSimulator({ venues: ['gate'], coins: ['BTC', 'ETH'], tradesPerSecond: 20, tickerIntervalMs: 100 });
    const feed = venueFeed(gateProtocol, { exchange: 'gate', url: sim.urls.gate, symbols: { coins: ['BTC', 'ETH'], quote: 'USDT' } });
    const { values, error } = await collectUntil(feed, (v) => count(v, 'trade') >= 60 && count(v, 'price_tick') >= 4 && count(v, 'book_ticker') >= 4, 20_000);
    expect(error).toBeUndefined();
    expect(values.filter((v) => v.type === 'invalid_frame')).toEqual([]);
    expect(sim.control.subscribeLog('gate').every((r) => r.accepted)).toBe(true);
    const made = new Map(sim.control.madeTrades('gate').map((t) => [`${t.symbol} ${t.venueTradeId}`, t]));
    const trades = values.flatMap((v) => (v.type === 'trade' ? [v] : []));
    for (const trade of trades) {
      const own = made.get(`${trade.symbol} ${trade.tradeId}`);
      expect(own, `${trade.symbol} ${trade.tradeId}`).toBeDefined();
      expect([trade.price, trade.quantity, trade.isBuyerMaker]).toEqual([own?.price, own?.quantity, own?.isBuyerMaker]);
    }
    // Every trade made after a symbol's first one published, in order: nothing lost between them.
    for (const symbol of ['BTC_USDT', 'ETH_USDT']) {
      const ids = trades.filter((t) => t.symbol === symbol).map((t) => t.tradeId);
      const tape = sim.control
        .madeTrades('gate', symbol)
        .map((t) => t.venueTradeId)
        .filter((id) => BigInt(id) >= BigInt(ids[0] ?? '0') && BigInt(id) <= BigInt(ids.at(-1) ?? '0'));
      expect(ids, symbol).toEqual(tape);
    }
  });

  it('USDT futures: reads the contracts keyed as perpetuals with their contract values, and publishes trades in the coin, derivative tickers and best bid/ask', async () => {
    sim = await startSimulator({ venues: ['gate_futures'], coins: ['BTC', 'ETH'], tradesPerSecond: 20, tickerIntervalMs: 100 });
    const pacer = restWeightPacer(asyncScheduler, VENUES.gate_futures.catalog.pacer);
    const read = await firstValueFrom(
      readVenueList('listings', { exchange: 'gate_futures', restUrl: sim.restUrl, pacer, timeoutMs: 10_000, scheduler: asyncScheduler }),
    );
    expect(read.listings.map((l) => [l.symbol, l.state, listingKey(l, VENUES.gate_futures.market)])).toEqual([
      ['BTC_USDT', 'trading', 'BTC-USDT-PERP'],
      ['ETH_USDT', 'trading', 'ETH-USDT-PERP'],
    ]);
    const instruments = read.listings.map((l) => ({
      symbol: l.symbol,
      coin: l.base,
      quote: l.quote,
      ...(l.contractValue === undefined ? {} : { contractValue: l.contractValue }),
    }));
    expect(instruments.every((i) => i.contractValue !== undefined)).toBe(true);
    const feed = venueFeed(gateFuturesProtocol, {
      exchange: 'gate_futures',
      url: sim.urls.gate_futures,
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
    const made = new Map(sim.control.madeTrades('gate_futures').map((t) => [`${t.symbol} ${t.venueTradeId}`, t]));
    const trades = values.flatMap((v) => (v.type === 'trade' ? [v] : []));
    expect(trades.length).toBeGreaterThanOrEqual(40);
    for (const trade of trades) expect(made.get(`${trade.symbol} ${trade.tradeId}`)?.quantity, `${trade.symbol} ${trade.tradeId}`).toBe(trade.quantity);
    const ticker = values
      .flatMap((v) => (v.type === 'derivative_ticker' ? [v] : []))
      .find((v) => v.markPrice !== undefined && v.indexPrice !== undefined && v.openInterest !== undefined && v.fundingRate !== undefined);
    expect(ticker).toBeDefined();
    const contract = sim.control.perpetual('gate_futures', ticker?.symbol)[0];
    expect(Math.abs((ticker?.markPrice ?? 0) / (contract?.markPrice ?? 1) - 1)).toBeLessThan(0.01);
  });

  it('keeps the books by update ids from REST snapshots; a skipped update resyncs that book only, which comes back from a new snapshot', async () => {
    sim = await startSimulator({ venues: ['gate'], coins: ['BTC', 'ETH'], tradesPerSecond: 30 });
    const running = sim;
    const feed = venueFeed(gateProtocol, {
      exchange: 'gate',
      url: running.urls.gate,
      restUrl: running.restUrl,
      symbols: { coins: ['BTC', 'ETH'], quote: 'USDT' },
      books: true,
    });
    let dropped = -1;
    const { values, error } = await collectUntil(
      feed,
      (v) => {
        if (dropped < 0 && books(v, 'BTC_USDT') >= 5 && books(v, 'ETH_USDT') >= 5) {
          dropped = v.length;
          running.control.bookFault('gate', 'drop', 'BTC_USDT');
        }
        if (dropped < 0) return false;
        const after = v.slice(dropped);
        const resynced = after.findIndex((e) => e.type === 'feed_status' && e.state === 'book_resync' && e.symbol === 'BTC_USDT');
        return resynced >= 0 && books(after.slice(resynced), 'BTC_USDT') >= 3;
      },
      30_000,
    );
    expect(error).toBeUndefined();
    expect(values.filter((v) => v.type === 'invalid_frame')).toEqual([]);
    expect(resyncs(values).map((r) => [r.symbol, r.reason.split(':')[0]])).toEqual([['BTC_USDT', 'gap']]);
    expect(books(values.slice(dropped), 'ETH_USDT')).toBeGreaterThan(0);
  });
});
