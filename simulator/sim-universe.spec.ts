import { describe, expect, it } from 'vitest';
import { WELL_KNOWN_BASES } from './base-asset-names.js';
import { coinsUniverse, generatedUniverse } from './sim-universe.js';
import { simUniverseOf } from './sim-universe-of.js';
import { SIM_VENUES } from './sim-venues.js';

/** A generated universe as the simulator makes it for its default venues. */
const generated = (instruments: number, seed?: number) => simUniverseOf({ universe: { instruments, ...(seed === undefined ? {} : { seed }) } });
const spelled = (venue: keyof typeof SIM_VENUES) => SIM_VENUES[venue].symbolOf;

describe('generatedUniverse', () => {
  const universe = generated(2600);
  const all = universe.instruments;

  it('holds the instruments asked for, the well-known coins first and on both venues', () => {
    expect(all).toHaveLength(2600);
    expect(all.slice(0, 2).map((i) => i.symbol)).toEqual(['BTCUSDT', 'BTCUSDC']);
    const firstPairs = WELL_KNOWN_BASES.map((base) => universe.instrument(`${base}USDT`));
    expect(firstPairs.every((i) => i?.venues.length === 2)).toBe(true);
    expect(new Set(all.map((i) => i.symbol)).size).toBe(2600);
  });

  it('shares the rest between the venues about 60 % both, 25 % Bybit only, 15 % Binance only', () => {
    const share = (test: (venues: readonly string[]) => boolean) => all.filter((i) => test(i.venues)).length / all.length;
    expect(share((v) => v.length === 2)).toBeCloseTo(0.6, 1);
    expect(share((v) => v.length === 1 && v[0] === 'bybit')).toBeCloseTo(0.25, 1);
    expect(share((v) => v.length === 1 && v[0] === 'binance')).toBeCloseTo(0.15, 1);
    expect(universe.forVenue('binance', spelled('binance')).length + universe.forVenue('bybit', spelled('bybit')).length).toBe(
      all.length + all.filter((i) => i.venues.length === 2).length,
    );
  });

  it('names generated bases in upper-case letters and digits, mostly 3 to 5 characters', () => {
    const generated = all.filter((i) => !(WELL_KNOWN_BASES as readonly string[]).includes(i.coin));
    expect(generated.every((i) => /^[A-Z0-9]{2,9}$/.test(i.coin))).toBe(true);
    expect(generated.filter((i) => i.coin.length >= 3 && i.coin.length <= 5).length / generated.length).toBeGreaterThan(0.7);
    expect(new Set(all.map((i) => i.quote))).toEqual(new Set(['USDT', 'USDC']));
  });

  it('gives each a tick size and lot step that fit its price: a tick of at most 1e-4 of the price, a lot worth at most about 10 quote', () => {
    for (const i of all) {
      const price = i.price ?? 0;
      const tick = 10 ** -(i.priceDecimals ?? 0);
      const lot = 10 ** -(i.sizeDecimals ?? 0);
      expect(tick / price).toBeLessThanOrEqual(1.2e-4);
      expect(tick / price).toBeGreaterThan(1e-8);
      expect(lot * price).toBeLessThanOrEqual(11);
    }
    expect(universe.instrument('BTCUSDT')).toMatchObject({ price: 65000, priceDecimals: 2, sizeDecimals: 5 });
    expect(universe.instrument('DOGEUSDT')).toMatchObject({ priceDecimals: 6, sizeDecimals: 0 });
  });

  it('spreads the total trade rate over both venues with a long tail: the top symbol about a tenth, the top 100 most, the tail well under one a second', () => {
    const rates = all.flatMap((i) => i.venues.map(() => i.tradesPerSecond ?? 0)).sort((x, y) => y - x);
    const total = rates.reduce((sum, r) => sum + r, 0);
    const top = (n: number) => rates.slice(0, n).reduce((sum, r) => sum + r, 0) / total;
    expect(total).toBeCloseTo(2000, 6);
    expect(top(2)).toBeGreaterThan(0.08);
    expect(top(200)).toBeGreaterThan(0.6);
    expect(rates.at(-1)).toBeLessThan(0.05);
    expect((universe.instrument('BTCUSDT')?.tradesPerSecond ?? 0) > (universe.instrument('ETHUSDT')?.tradesPerSecond ?? 0)).toBe(true);
  });

  it('is the same universe for the same seed and another for another seed', () => {
    expect(generated(300, 3).instruments).toEqual(generated(300, 3).instruments);
    expect(
      generated(300, 4)
        .instruments.slice(40)
        .map((i) => i.symbol),
    ).not.toEqual(
      generated(300, 3)
        .instruments.slice(40)
        .map((i) => i.symbol),
    );
  });

  it('defines a symbol listed at run time once, so that both venues list it with the same figures', () => {
    const fresh = generated(100);
    const listed = fresh.define('NEWCOIN', 'USDT');
    expect(fresh.define('NEWCOIN', 'USDT')).toBe(listed);
    expect(listed).toMatchObject({ symbol: 'NEWCOINUSDT', coin: 'NEWCOIN', quote: 'USDT' });
    expect(listed.tradesPerSecond).toBe(Math.min(...fresh.instruments.filter((i) => i !== listed).map((i) => i.tradesPerSecond ?? Infinity)));
    expect(fresh.define('OTHER', 'USDC', { price: 2.5, tradesPerSecond: 7 })).toMatchObject({ price: 2.5, tradesPerSecond: 7, priceDecimals: 4 });
  });

  it('splits the universe between the venues it is given, in their order, with those alongside on what all of them list', () => {
    const three = generatedUniverse(
      { instruments: 600, shares: { all: 0.5, only: { bybit: 0.2, binance: 0.2, kraken: 0.1 } } },
      { split: ['bybit', 'binance', 'kraken'], alongside: ['coinbase'] },
    ).instruments;
    const share = (venues: string) => three.filter((i) => i.venues.join() === venues).length / three.length;
    expect(share('bybit,binance,kraken,coinbase')).toBeCloseTo(0.5, 1);
    expect([share('bybit'), share('binance'), share('kraken')].map((s) => Math.round(s * 10))).toEqual([2, 2, 1]);
    expect(three.every((i) => i.venues.length === 1 || i.venues.length === 4)).toBe(true);
  });
});

describe('coinsUniverse', () => {
  it('lists each coin at the quote on both venues with no figures of its own (the classic walk, sizes and rate)', () => {
    expect(coinsUniverse(['BTC', 'ETH'], 'USDT', ['bybit', 'binance']).instruments).toEqual([
      { symbol: 'BTCUSDT', coin: 'BTC', quote: 'USDT', venues: ['bybit', 'binance'] },
      { symbol: 'ETHUSDT', coin: 'ETH', quote: 'USDT', venues: ['bybit', 'binance'] },
    ]);
  });

  it('gives each venue its spelling, and a venue of its own quote the coins at that quote', () => {
    const universe = coinsUniverse(['BTC'], 'USDT', ['bybit', 'coinbase', 'kraken'], { coinbase: 'USD' });
    expect(universe.forVenue('bybit', spelled('bybit')).map((i) => i.symbol)).toEqual(['BTCUSDT']);
    expect(universe.forVenue('kraken', spelled('kraken')).map((i) => i.symbol)).toEqual(['BTC/USDT']);
    expect(universe.forVenue('coinbase', spelled('coinbase')).map((i) => [i.symbol, i.quote])).toEqual([['BTC-USD', 'USD']]);
    expect(universe.quotes).toEqual(['USDT', 'USD']);
  });
});
