import { VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load-config.js';
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
});
