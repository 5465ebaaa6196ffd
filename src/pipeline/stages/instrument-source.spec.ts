import { VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load-config.js';
import type { VenueListing } from '../../model/instrument.js';
import type { ShardCandidate } from '../../shards/plan-shards.js';
import { instrumentSource } from './instrument-source.js';
import { venueAccess } from './venue-access.js';

/** The instruments of `run` with these flags (nothing is read until `candidates$` is subscribed). */
function sourceOf(flags: Readonly<Record<string, string>>): ReturnType<typeof instrumentSource> {
  const config = loadConfig({ env: {}, flags: { venues: 'bybit,coinbase', ...flags } });
  const scheduler = new VirtualTimeScheduler();
  return instrumentSource(config, venueAccess(config, scheduler, undefined), scheduler);
}

describe('instrumentSource', () => {
  it('follows the configured coins on every venue without reading a list, as long as nothing crosses quotes', () => {
    const source = sourceOf({ coins: 'BTC' });
    expect(source.universe).toBeUndefined();
    let candidates: unknown;
    source.candidates$.subscribe((list) => (candidates = list));
    expect(candidates).toEqual([
      {
        key: 'BTC-USDT',
        coin: 'BTC',
        quote: 'USDT',
        venues: [
          { exchange: 'bybit', symbol: 'BTCUSDT' },
          { exchange: 'coinbase', symbol: 'BTC-USDT' },
        ],
      },
    ]);
  });

  it("reads the venues' lists for the coins with equivalent quotes (which listing a venue serves a coin by), their tick sizes left to the whole market", () => {
    const source = sourceOf({ coins: 'BTC', 'equivalent-quotes': 'USDT,USD' });
    expect(source.universe).toBeDefined();
    expect(source.universe?.tickSizes.size).toBe(0);
  });

  it('reads the lists for the whole market, with or without equivalent quotes', () => {
    expect(sourceOf({ instruments: 'all' }).universe).toBeDefined();
    expect(sourceOf({ instruments: 'all', 'equivalent-quotes': 'USDT,USD' }).universe).toBeDefined();
  });

  it("reads a venue sized in contracts from its list even for a coin list, and from the lists given instead of the venues' REST", () => {
    const config = loadConfig({ env: {}, flags: { venues: 'okx_swap', markets: 'linear', coins: 'BTC,ETH' } });
    const scheduler = new VirtualTimeScheduler();
    const swap = (base: string, contractValue: number): VenueListing => ({
      exchange: 'okx_swap',
      symbol: `${base}-USDT-SWAP`,
      base,
      quote: 'USDT',
      state: 'trading',
      venueStatus: 'live',
      tickSize: 0.1,
      lotStep: contractValue,
      contractValue,
    });
    // The venue's REST is a port nothing answers: the candidates below can only come from the lists given.
    const access = venueAccess({ ...config, restUrls: { okx_swap: 'http://127.0.0.1:9' } }, scheduler, undefined);
    const source = instrumentSource(config, access, scheduler, { okx_swap: [swap('BTC', 0.01), swap('ETH', 0.1)] });
    expect(source.universe).toBeDefined();
    let candidates: readonly ShardCandidate[] = [];
    source.candidates$.subscribe((list) => (candidates = list));
    scheduler.flush();
    expect(candidates.map((c) => [c.key, c.venues])).toEqual([
      ['BTC-USDT-PERP', [{ exchange: 'okx_swap', symbol: 'BTC-USDT-SWAP', contractValue: 0.01 }]],
      ['ETH-USDT-PERP', [{ exchange: 'okx_swap', symbol: 'ETH-USDT-SWAP', contractValue: 0.1 }]],
    ]);
    // Without given lists, the same coin list reads the venue's list (a universe), where spot venues alone would not.
    expect(instrumentSource(config, access, scheduler).universe).toBeDefined();
  });
});
