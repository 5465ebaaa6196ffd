import { describe, expect, it } from 'vitest';
import { DEFAULT_DETECT_GAPS_CONFIG } from '../operators/detect-gaps.js';
import { DEFAULT_LARGE_TRADES_CONFIG } from '../operators/large-trades.js';
import { DEFAULT_VOLUME_PROFILE_CONFIG } from '../operators/derive-volume-profile.js';
import { DEFAULT_WINDOWED_STATS_CONFIG } from '../operators/windowed-stats.js';
import { CAPACITY_OPTIONS, type CapacityConfig } from './capacity-options.js';
import { CONFIG_OPTIONS } from '../config/config-options.js';
import { ConfigError, describeOptions, loadConfig } from '../config/load-config.js';

const options = [...CONFIG_OPTIONS.filter((opt) => !CAPACITY_OPTIONS.includes(opt)), ...CAPACITY_OPTIONS];
const load = (sources: Partial<Parameters<typeof loadConfig>[0]>): CapacityConfig => loadConfig({ env: {}, flags: {}, ...sources }, options);

describe('capacity options', () => {
  it("default to the operators' own capacity, which holds the whole market (10,000 symbols)", () => {
    expect(load({}).limits).toEqual({ maxSymbols: 10_000 });
    for (const operator of [DEFAULT_WINDOWED_STATS_CONFIG, DEFAULT_VOLUME_PROFILE_CONFIG, DEFAULT_LARGE_TRADES_CONFIG, DEFAULT_DETECT_GAPS_CONFIG]) {
      expect(operator.maxSymbols).toBe(10_000);
    }
  });

  it('reads the flag, the environment and the config file, the flag first', () => {
    expect(load({ flags: { 'max-symbols': '20000' }, env: { MARKET_FEED_MAX_SYMBOLS: '500' } }).limits.maxSymbols).toBe(20_000);
    expect(load({ env: { MARKET_FEED_MAX_SYMBOLS: '500' } }).limits.maxSymbols).toBe(500);
    expect(load({ file: { path: 'feed.yaml', values: { limits: { maxSymbols: 3000 } } } }).limits.maxSymbols).toBe(3000);
  });

  it.each(['0', '2.5', 'all', '1000001'])('refuses --max-symbols %s naming limits.maxSymbols', (value) => {
    expect(() => load({ flags: { 'max-symbols': value } })).toThrow(ConfigError);
    expect(() => load({ flags: { 'max-symbols': value } })).toThrow('invalid limits.maxSymbols');
  });

  it('lists --max-symbols in --help with its default and environment variable', () => {
    expect(describeOptions(CAPACITY_OPTIONS)).toMatch(/--max-symbols .*default 10000 {2}\[env MARKET_FEED_MAX_SYMBOLS\]/);
  });
});
