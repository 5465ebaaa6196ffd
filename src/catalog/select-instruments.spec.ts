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
function catalogOf(lists: Partial<Record<ExchangeId, VenueListing[]>>, venues: readonly ExchangeId[] = VENUES): InstrumentCatalog {
  const venueLists: Partial<Record<ExchangeId, VenueListings>> = Object.fromEntries(
    Object.entries(lists).map(([exchange, listings]) => [exchange, { exchange, fetchedAt: 0, listings }]),
  );
  return { venues, instruments: mergeListings(venues, venueLists), health: Object.fromEntries(Object.keys(lists).map((venue) => [venue, health])) };
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

  it('follows each market on its own venues: spot on spot venues, perpetuals (keyed -PERP) on the perpetual venues, in both kinds of selection', () => {
    const venues: readonly ExchangeId[] = ['bybit', 'binance', 'bybit_linear', 'binance_usdm'];
    const both = catalogOf(
      {
        bybit: [listing('bybit', 'BTC', 'USDT', 'trading', 0.1)],
        binance: [listing('binance', 'BTC', 'USDT'), listing('binance', 'ETH', 'USDT')],
        bybit_linear: [listing('bybit_linear', 'BTC', 'USDT', 'trading', 0.5), listing('bybit_linear', 'ETH', 'USDT', 'halted')],
        binance_usdm: [listing('binance_usdm', 'BTC', 'USDT', 'trading', 0.1), listing('binance_usdm', 'ETH', 'USDT')],
      },
      venues,
    );
    expect(summary(selectInstruments(both, { kind: 'all', quotes: ['USDT'] }))).toEqual([
      'BTC-USDT bybit>binance 0.1',
      'BTC-USDT-PERP bybit_linear>binance_usdm 0.5',
      'ETH-USDT binance 0.01',
      'ETH-USDT-PERP binance_usdm 0.01',
    ]);
    expect(summary(selectInstruments(both, { kind: 'coins', coins: ['ETH', 'BTC'], quote: 'USDT' }))).toEqual([
      'ETH-USDT binance 0.01',
      'BTC-USDT bybit>binance 0.1',
      'ETH-USDT-PERP binance_usdm 0.01',
      'BTC-USDT-PERP bybit_linear>binance_usdm 0.5',
    ]);
    // No list read: every venue of each market is assumed to list the coin.
    const unread: InstrumentCatalog = { ...emptyInstrumentCatalog(venues), venues };
    expect(selectInstruments(unread, { kind: 'coins', coins: ['BTC'], quote: 'USDT' }).map((s) => [s.key, s.venues, s.symbols])).toEqual([
      ['BTC-USDT', ['bybit', 'binance'], { bybit: 'BTCUSDT', binance: 'BTCUSDT' }],
      ['BTC-USDT-PERP', ['bybit_linear', 'binance_usdm'], { bybit_linear: 'BTCUSDT', binance_usdm: 'BTCUSDT' }],
    ]);
  });

  it('keeps the contract value of each venue whose list sizes in contracts, in both kinds of selection', () => {
    const venues: readonly ExchangeId[] = ['bybit_linear', 'okx_swap'];
    const swap: VenueListing = { ...listing('okx_swap', 'BTC', 'USDT'), symbol: 'BTC-USDT-SWAP', contractValue: 0.01 };
    const lists = catalogOf({ bybit_linear: [listing('bybit_linear', 'BTC', 'USDT')], okx_swap: [swap] }, venues);
    for (const selection of [
      { kind: 'all', quotes: ['USDT'] },
      { kind: 'coins', coins: ['BTC'], quote: 'USDT' },
    ] as const) {
      expect(selectInstruments(lists, selection).map((s) => [s.key, s.symbols, s.contractValues])).toEqual([
        ['BTC-USDT-PERP', { bybit_linear: 'BTCUSDT', okx_swap: 'BTC-USDT-SWAP' }, { okx_swap: 0.01 }],
      ]);
    }
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

  describe('with equivalent quotes', () => {
    /** A listing spelled as the venue spells it: Coinbase `BTC-USD`, Kraken `BTC/USD`. */
    const spelled = (exchange: ExchangeId, base: string, quote: string, state: ListingState = 'trading', tickSize = 0.01): VenueListing => ({
      ...listing(exchange, base, quote, state, tickSize),
      symbol: exchange === 'coinbase' ? `${base}-${quote}` : exchange === 'kraken' ? `${base}/${quote}` : `${base}${quote}`,
    });
    const CHAIN: readonly ExchangeId[] = ['bybit', 'coinbase', 'kraken'];
    const usd = catalogOf(
      {
        bybit: [spelled('bybit', 'BTC', 'USDT', 'trading', 0.1), spelled('bybit', 'ETH', 'USDT')],
        coinbase: [
          spelled('coinbase', 'BTC', 'USD'),
          spelled('coinbase', 'BTC', 'USDC'),
          spelled('coinbase', 'ETH', 'USDT'),
          spelled('coinbase', 'ETH', 'USD'),
        ],
        kraken: [spelled('kraken', 'BTC', 'USDC'), spelled('kraken', 'BTC', 'USD', 'halted'), spelled('kraken', 'SOL', 'USD', 'trading', 0.001)],
      },
      CHAIN,
    );
    const chains = (selected: ReturnType<typeof selectInstruments>) =>
      selected.map(
        (s) =>
          `${s.key} ${s.venues.map((venue) => `${venue}:${s.symbols[venue] ?? '?'}${s.venueQuotes?.[venue] === undefined ? '' : `@${s.venueQuotes[venue]}`}`).join('>')}`,
      );

    it('a venue listing only BTC-USD serves BTC-USDT when USD is equivalent, saying its own quote', () => {
      expect(selectInstruments(usd, { kind: 'all', quotes: ['USDT'], include: ['BTC'], equivalentQuotes: ['USDT', 'USD'] })).toEqual([
        {
          key: 'BTC-USDT',
          base: 'BTC',
          quote: 'USDT',
          venues: ['bybit', 'coinbase'],
          symbols: { bybit: 'BTCUSDT', coinbase: 'BTC-USD' },
          venueQuotes: { coinbase: 'USD' },
          tickSize: 0.1,
        },
      ]);
    });

    it('nothing crosses quotes without the setting, nor to a quote it does not name', () => {
      const without = selectInstruments(usd, { kind: 'all', quotes: ['USDT'] });
      expect(chains(without)).toEqual(['BTC-USDT bybit:BTCUSDT', 'ETH-USDT bybit:ETHUSDT>coinbase:ETH-USDT']);
      expect(selectInstruments(usd, { kind: 'all', quotes: ['USDT'], equivalentQuotes: [] })).toEqual(without);
      expect(chains(selectInstruments(usd, { kind: 'all', quotes: ['USDT'], equivalentQuotes: ['USDT', 'USDC'] }))).toEqual([
        'BTC-USDT bybit:BTCUSDT>coinbase:BTC-USDC@USDC>kraken:BTC/USDC@USDC',
        'ETH-USDT bybit:ETHUSDT>coinbase:ETH-USDT',
      ]);
      // An instrument whose own quote is not among them is served at its own quote only.
      expect(chains(selectInstruments(usd, { kind: 'all', quotes: ['USDC'], equivalentQuotes: ['USDT', 'USD'] }))).toEqual([
        'BTC-USDC coinbase:BTC-USDC>kraken:BTC/USDC',
      ]);
    });

    it('takes the first equivalent quote, in the order given, that the venue lists trading (a halted listing does not serve)', () => {
      expect(chains(selectInstruments(usd, { kind: 'all', quotes: ['USDT'], include: ['BTC'], equivalentQuotes: ['USDT', 'USD', 'USDC'] }))).toEqual([
        'BTC-USDT bybit:BTCUSDT>coinbase:BTC-USD@USD>kraken:BTC/USDC@USDC',
      ]);
      expect(chains(selectInstruments(usd, { kind: 'all', quotes: ['usdt'], include: ['BTC'], equivalentQuotes: ['usdc', 'usd', 'usdt'] }))).toEqual([
        'BTC-USDT bybit:BTCUSDT>coinbase:BTC-USDC@USDC>kraken:BTC/USDC@USDC',
      ]);
    });

    it('a venue listing the instrument at its own quote keeps that listing', () => {
      expect(chains(selectInstruments(usd, { kind: 'all', quotes: ['USDT'], include: ['ETH'], equivalentQuotes: ['USD', 'USDT'] }))).toEqual([
        'ETH-USDT bybit:ETHUSDT>coinbase:ETH-USDT',
      ]);
    });

    it('a listing followed as an instrument of its own serves no other', () => {
      expect(chains(selectInstruments(usd, { kind: 'all', quotes: ['USDT', 'USD'], equivalentQuotes: ['USDT', 'USD'] }))).toEqual([
        'BTC-USD coinbase:BTC-USD',
        'BTC-USDT bybit:BTCUSDT',
        'ETH-USD coinbase:ETH-USD',
        'ETH-USDT bybit:ETHUSDT>coinbase:ETH-USDT',
        'SOL-USD kraken:SOL/USD',
      ]);
      // Excluded, BTC-USD is no instrument of its own: Coinbase's listing serves BTC-USDT.
      expect(
        chains(selectInstruments(usd, { kind: 'all', quotes: ['USDT', 'USD'], include: ['BTC'], exclude: ['BTC-USD'], equivalentQuotes: ['USDT', 'USD'] })),
      ).toEqual(['BTC-USDT bybit:BTCUSDT>coinbase:BTC-USD@USD']);
    });

    it("coins: a coin no venue lists at the quote is served where it is listed at an equivalent one, with that listing's tick", () => {
      expect(selectInstruments(usd, { kind: 'coins', coins: ['SOL', 'BTC'], quote: 'USDT', equivalentQuotes: ['USDT', 'USD'] })).toEqual([
        { key: 'SOL-USDT', base: 'SOL', quote: 'USDT', venues: ['kraken'], symbols: { kraken: 'SOL/USD' }, venueQuotes: { kraken: 'USD' }, tickSize: 0.001 },
        {
          key: 'BTC-USDT',
          base: 'BTC',
          quote: 'USDT',
          venues: ['bybit', 'coinbase'],
          symbols: { bybit: 'BTCUSDT', coinbase: 'BTC-USD' },
          venueQuotes: { coinbase: 'USD' },
          tickSize: 0.1,
        },
      ]);
      expect(chains(selectInstruments(usd, { kind: 'coins', coins: ['SOL', 'BTC'], quote: 'USDT' }))).toEqual(['BTC-USDT bybit:BTCUSDT']);
    });

    it('coins: a venue whose list was never read is still assumed to list the coin at the quote', () => {
      const partial = catalogOf({ coinbase: [spelled('coinbase', 'BTC', 'USD')] }, CHAIN);
      expect(chains(selectInstruments(partial, { kind: 'coins', coins: ['BTC'], quote: 'USDT', equivalentQuotes: ['USDT', 'USD'] }))).toEqual([
        'BTC-USDT bybit:BTCUSDT>coinbase:BTC-USD@USD>kraken:BTC/USDT',
      ]);
    });
  });

  it("follows an option at each venue that lists it, apart (never as another's fallback), its records keyed by the option", () => {
    const venues: readonly ExchangeId[] = ['deribit_options', 'okx_options', 'bybit_options'];
    const expiryTs = Date.UTC(2026, 10, 27, 8);
    const option = (exchange: ExchangeId, symbol: string, quote: string, key: string, contractValue?: number): VenueListing => ({
      exchange,
      symbol,
      base: 'BTC',
      quote,
      state: 'trading',
      venueStatus: 'open',
      tickSize: 0.0005,
      lotStep: 0.01,
      key,
      expiryTs,
      option: { type: 'call', strike: 56000 },
      ...(contractValue === undefined ? {} : { contractValue }),
    });
    const chains = catalogOf(
      {
        deribit_options: [option('deribit_options', 'BTC-27NOV26-56000-C', 'BTC', 'BTC-USD-20261127-56000-C')],
        okx_options: [option('okx_options', 'BTC-USD-261127-56000-C', 'BTC', 'BTC-USD-20261127-56000-C', 0.01)],
        bybit_options: [option('bybit_options', 'BTC-27NOV26-56000-C-USDT', 'USDT', 'BTC-USDT-20261127-56000-C')],
      },
      venues,
    );
    const selected = selectInstruments(chains, { kind: 'coins', coins: ['BTC'], quote: 'USDT' }, expiryTs - 86_400_000);
    expect(selected.map((s) => [s.key, s.recordKey, s.venues.join('>'), s.contractValues])).toEqual([
      ['deribit_options:BTC-USD-20261127-56000-C', 'BTC-USD-20261127-56000-C', 'deribit_options', undefined],
      ['okx_options:BTC-USD-20261127-56000-C', 'BTC-USD-20261127-56000-C', 'okx_options', { okx_options: 0.01 }],
      ['bybit_options:BTC-USDT-20261127-56000-C', 'BTC-USDT-20261127-56000-C', 'bybit_options', undefined],
    ]);
  });
});
