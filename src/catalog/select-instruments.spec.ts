import { describe, expect, it } from 'vitest';
import type { ListingState, VenueListing, VenueListings } from '../model/instrument.js';
import type { ExchangeId } from '../model/market-record.js';
import type { InstrumentCatalog } from './catalog-event.js';
import { emptyInstrumentCatalog } from './empty-instrument-catalog.js';
import { mergeListings } from './merge-listings.js';
import { selectInstruments } from './select-instruments.js';

const listing = (exchange: ExchangeId, base: string, quote: string, state: ListingState = 'trading', tickSize = 0.01): VenueListing => ({
  exchange,
  symbol: `${base}${quote}`,
  base,
  quote,
  state,
  venueStatus: state,
  tickSize,
  lotStep: 0.001,
});
const VENUES: readonly ExchangeId[] = ['bybit', 'binance', 'binance_us'];
const health = { state: 'fresh', listedAt: 0, listed: 1, skipped: 0, reads: 1, failedReads: 0, consecutiveFailures: 0 } as const;

/** A catalog of the venues' lists; a venue without one is unavailable. */
function catalogOf(lists: Partial<Record<ExchangeId, VenueListing[]>>): InstrumentCatalog {
  const venueLists: Partial<Record<ExchangeId, VenueListings>> = Object.fromEntries(
    Object.entries(lists).map(([exchange, listings]) => [exchange, { exchange, fetchedAt: 0, listings }]),
  );
  return { venues: VENUES, instruments: mergeListings(VENUES, venueLists), health: Object.fromEntries(Object.keys(lists).map((venue) => [venue, health])) };
}

const market = catalogOf({
  bybit: [listing('bybit', 'BTC', 'USDT', 'trading', 0.1), listing('bybit', 'PEPE', 'USDT'), listing('bybit', 'ETH', 'USDC')],
  binance: [
    listing('binance', 'BTC', 'USDT'),
    listing('binance', 'ETH', 'USDT', 'trading', 0.01),
    listing('binance', 'DOGE', 'USDT', 'halted'),
    listing('binance', '1000SATS', 'USDT'),
    listing('binance', 'BTC', 'FDUSD'),
  ],
  binance_us: [listing('binance_us', 'ETH', 'USDT', 'trading', 0.05)],
});
const summary = (selected: ReturnType<typeof selectInstruments>) => selected.map((s) => `${s.key} ${s.venues.join('>')} ${s.tickSize ?? '-'}`);

describe('selectInstruments', () => {
  it('all: every instrument at the quotes that a venue lists trading, venues in failover order, tick of the primary', () => {
    expect(summary(selectInstruments(market, { kind: 'all', quotes: ['USDT', 'usdc'] }))).toEqual([
      '1000SATS-USDT binance 0.01',
      'BTC-USDT bybit>binance 0.1',
      'ETH-USDC bybit 0.01',
      'ETH-USDT binance>binance_us 0.01',
      'PEPE-USDT bybit 0.01',
    ]);
  });

  it("all: names each venue's symbol", () => {
    expect(selectInstruments(market, { kind: 'all', quotes: ['USDT'], include: ['BTC'] })).toEqual([
      { key: 'BTC-USDT', base: 'BTC', quote: 'USDT', venues: ['bybit', 'binance'], symbols: { bybit: 'BTCUSDT', binance: 'BTCUSDT' }, tickSize: 0.1 },
    ]);
  });

  it('all: include and exclude by base, by key and with wildcards', () => {
    const keys = (include: string[], exclude: string[] = []) =>
      selectInstruments(market, { kind: 'all', quotes: ['USDT', 'USDC'], include, exclude }).map((s) => s.key);
    expect(keys(['eth'])).toEqual(['ETH-USDC', 'ETH-USDT']);
    expect(keys(['ETH-USDC', '1000*'])).toEqual(['1000SATS-USDT', 'ETH-USDC']);
    expect(keys([], ['*-USDC', 'PEP?'])).toEqual(['1000SATS-USDT', 'BTC-USDT', 'ETH-USDT']);
  });

  it('an instrument halted at every venue that lists it is not selected', () => {
    expect(selectInstruments(market, { kind: 'all', quotes: ['USDT'], include: ['DOGE'] })).toEqual([]);
  });

  it('coins without any list read: every coin at every venue as COINQUOTE, in the order given, no tick', () => {
    expect(selectInstruments(emptyInstrumentCatalog(['bybit', 'binance']), { kind: 'coins', coins: ['eth', 'BTC', 'ETH'], quote: 'usdt' })).toEqual([
      { key: 'ETH-USDT', base: 'ETH', quote: 'USDT', venues: ['bybit', 'binance'], symbols: { bybit: 'ETHUSDT', binance: 'ETHUSDT' } },
      { key: 'BTC-USDT', base: 'BTC', quote: 'USDT', venues: ['bybit', 'binance'], symbols: { bybit: 'BTCUSDT', binance: 'BTCUSDT' } },
    ]);
  });

  it('coins with lists read: only venues listing the coin trading, a venue without a list still assumed', () => {
    const partial = catalogOf({ binance: [listing('binance', 'ETH', 'USDT'), listing('binance', 'DOGE', 'USDT', 'halted')] });
    expect(summary(selectInstruments(partial, { kind: 'coins', coins: ['ETH', 'DOGE', 'XYZ'], quote: 'USDT' }))).toEqual([
      'ETH-USDT bybit>binance>binance_us -',
      'DOGE-USDT bybit>binance_us -',
      'XYZ-USDT bybit>binance_us -',
    ]);
    expect(summary(selectInstruments(market, { kind: 'coins', coins: ['ETH', 'DOGE'], quote: 'USDT' }))).toEqual(['ETH-USDT binance>binance_us 0.01']);
  });
});
