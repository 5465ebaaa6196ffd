import { describe, expect, it } from 'vitest';
import type { VenueListing } from '../model/instrument.js';
import { catalogFeedStatuses } from './catalog-feed-statuses.js';
import { emptyInstrumentCatalog } from './empty-instrument-catalog.js';

const halted: VenueListing = {
  exchange: 'binance',
  symbol: 'DOGEUSDT',
  base: 'DOGE',
  quote: 'USDT',
  state: 'halted',
  venueStatus: 'BREAK',
  tickSize: 0.00001,
  lotStep: 1,
};

describe('catalogFeedStatuses', () => {
  it("reports a venue's list status for the whole venue, with the failed reads in a row as the attempt", () => {
    expect(
      catalogFeedStatuses({
        type: 'catalog_status',
        exchange: 'bybit',
        state: 'catalog_stale',
        reason: 'HTTP 503; keeping the list read 300 s ago',
        ts: 7,
        consecutiveFailures: 2,
        listedAt: 1,
      }),
    ).toEqual([{ type: 'feed_status', exchange: 'bybit', state: 'catalog_stale', reason: 'HTTP 503; keeping the list read 300 s ago', ts: 7, attempt: 2 }]);
    expect(
      catalogFeedStatuses({ type: 'catalog_status', exchange: 'bybit', state: 'catalog_ready', reason: '2 instruments listed', ts: 0, consecutiveFailures: 0 }),
    ).toEqual([{ type: 'feed_status', exchange: 'bybit', state: 'catalog_ready', reason: '2 instruments listed', ts: 0 }]);
  });

  it("reports each change for the venue's symbol, and nothing for an update without changes", () => {
    const catalog = emptyInstrumentCatalog(['binance']);
    expect(
      catalogFeedStatuses({
        type: 'catalog',
        ts: 9,
        catalog,
        changes: [{ kind: 'halted', exchange: 'binance', key: 'DOGE-USDT', symbol: 'DOGEUSDT', listing: halted }],
      }),
    ).toEqual([{ type: 'feed_status', exchange: 'binance', symbol: 'DOGEUSDT', state: 'halted', reason: 'DOGE-USDT halted (BREAK, tick 0.00001)', ts: 9 }]);
    expect(catalogFeedStatuses({ type: 'catalog', ts: 9, catalog, changes: [] })).toEqual([]);
  });

  it("gives a listing the time of the venue's previous list, which did not hold it, as its lastEventTs", () => {
    const catalog = emptyInstrumentCatalog(['binance']);
    const listing = { ...halted, state: 'trading' as const, venueStatus: 'TRADING' };
    expect(
      catalogFeedStatuses({
        type: 'catalog',
        ts: 9,
        catalog,
        changes: [{ kind: 'listed', exchange: 'binance', key: 'DOGE-USDT', symbol: 'DOGEUSDT', listing, absentAt: 4 }],
      }),
    ).toEqual([
      {
        type: 'feed_status',
        exchange: 'binance',
        symbol: 'DOGEUSDT',
        state: 'listed',
        reason: 'DOGE-USDT listed (TRADING, tick 0.00001)',
        ts: 9,
        lastEventTs: 4,
      },
    ]);
  });

  it('says an instrument gone from the list after its expiry expired, and when; one gone before it was delisted', () => {
    const catalog = emptyInstrumentCatalog(['binance']);
    const expiryTs = Date.UTC(2026, 10, 27, 8);
    const option = { ...halted, state: 'trading' as const, key: 'DOGE-USDT-20261127-1-C', expiryTs };
    const gone = (ts: number) =>
      catalogFeedStatuses({
        type: 'catalog',
        ts,
        catalog,
        changes: [{ kind: 'delisted', exchange: 'binance', key: option.key, symbol: 'DOGE-27NOV26-1-C', listing: option }],
      });
    expect(gone(expiryTs + 60_000).map((status) => status.reason)).toEqual(['DOGE-USDT-20261127-1-C delisted (expired at 2026-11-27T08:00:00.000Z)']);
    expect(gone(expiryTs - 60_000).map((status) => status.reason)).toEqual(['DOGE-USDT-20261127-1-C delisted (BREAK, tick 0.00001)']);
  });
});
