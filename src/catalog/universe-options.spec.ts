import { describe, expect, it } from 'vitest';
import { CONFIG_OPTIONS } from '../config/config-options.js';
import { ConfigError, describeOptions, loadConfig, type ConfigSources } from '../config/load-config.js';
import type { UniverseConfig } from './universe-config.js';
import { UNIVERSE_OPTIONS } from './universe-options.js';
import { isUsageError } from '../cli/command.js';

/** The main table with these options spliced in, as `market-feed run` will have it. */
const OPTIONS = [...CONFIG_OPTIONS, ...UNIVERSE_OPTIONS];
const load = (sources: Partial<ConfigSources>) =>
  loadConfig({ env: {}, flags: {}, ...sources }, OPTIONS) as unknown as UniverseConfig & { readonly restUrls: Readonly<Record<string, string>> };

describe('universe options', () => {
  it('default to the configured coins, USDT, nothing included or excluded, lists read every 5 min within 15 s, 20 % drop', () => {
    const config = load({});
    expect({ instruments: config.instruments, quotes: config.quotes, include: config.include, exclude: config.exclude, catalog: config.catalog }).toEqual({
      instruments: 'coins',
      quotes: ['USDT'],
      include: [],
      exclude: [],
      catalog: { refreshMs: 300_000, timeoutMs: 15_000, maxDropShare: 0.2, acceptDropAfterReads: 3 },
    });
    expect(config.restUrls['bybit']).toBe('https://api.bybit.com');
  });

  it('reads flags, environment and a config file: all USDT and USDC pairs, patterns upper-cased', () => {
    const config = load({
      env: { MARKET_FEED_INSTRUMENTS: 'all', MARKET_FEED_EXCLUDE: '*-usdc, 1000*' },
      flags: { quotes: 'usdt,USDC', 'catalog-max-drop-share': '0.5', 'bybit-rest-url': 'http://127.0.0.1:8081' },
      file: { path: 'feed.yaml', values: { include: ['btc', 'ETH-USDT'], catalog: { refreshMs: 60_000, timeoutMs: 5000 } } },
    });
    expect(config).toMatchObject({
      instruments: 'all',
      quotes: ['USDT', 'USDC'],
      include: ['BTC', 'ETH-USDT'],
      exclude: ['*-USDC', '1000*'],
      catalog: { refreshMs: 60_000, timeoutMs: 5000, maxDropShare: 0.5 },
    });
    expect(config.restUrls['bybit']).toBe('http://127.0.0.1:8081');
  });

  it.each([
    ['instruments', 'some', 'instruments'],
    ['quotes', '', 'quotes'],
    ['quotes', 'US DT', 'quotes'],
    ['include', 'BTC/USDT', 'include'],
    ['exclude', 'A-B-C', 'exclude'],
    ['catalog-refresh-ms', '500', 'catalog.refreshMs'],
    ['catalog-timeout-ms', 'soon', 'catalog.timeoutMs'],
    ['catalog-max-drop-share', '1.5', 'catalog.maxDropShare'],
    ['catalog-accept-drop-after-reads', '0', 'catalog.acceptDropAfterReads'],
    ['bybit-rest-url', 'wss://api.bybit.com', 'restUrls.bybit'],
  ])('refuses --%s %j naming %s', (flag, value, key) => {
    const attempt = () => load({ flags: { [flag]: value } });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(`invalid ${key}`);
  });

  it('are in the main table, which uses each key, flag and environment variable once', () => {
    const names = CONFIG_OPTIONS.flatMap((o) => [o.key, `--${o.flag}`, ...(o.env === undefined ? [] : [o.env])]);
    expect(names.filter((name, n) => names.indexOf(name) !== n)).toEqual([]);
    expect(UNIVERSE_OPTIONS.every((o) => CONFIG_OPTIONS.includes(o))).toBe(true);
  });

  it('lists every option in --help with its default', () => {
    const help = describeOptions(UNIVERSE_OPTIONS);
    for (const flag of [
      '--instruments',
      '--quotes',
      '--include',
      '--exclude',
      '--catalog-refresh-ms',
      '--catalog-timeout-ms',
      '--catalog-max-drop-share',
      '--catalog-accept-drop-after-reads',
    ])
      expect(help).toContain(flag);
    expect(help).toContain('default "coins"');
  });

  describe('--equivalent-quotes', () => {
    it('is empty by default: nothing crosses quotes', () => {
      expect(load({}).equivalentQuotes).toEqual([]);
    });

    it('reads a list in order of preference from a flag, the environment or the file key, upper-cased', () => {
      expect(load({ flags: { 'equivalent-quotes': 'usdt, usd,USDC' } }).equivalentQuotes).toEqual(['USDT', 'USD', 'USDC']);
      expect(load({ env: { MARKET_FEED_EQUIVALENT_QUOTES: 'USD,usdt' } }).equivalentQuotes).toEqual(['USD', 'USDT']);
      expect(load({ file: { path: 'feed.yaml', values: { equivalentQuotes: ['usdc', 'USDT'] } } }).equivalentQuotes).toEqual(['USDC', 'USDT']);
      expect(load({ flags: { 'equivalent-quotes': '' } }).equivalentQuotes).toEqual([]);
    });

    it.each([['USDT'], ['USDT,usdt'], ['US DT,USD'], ['USDT,U']])('refuses %j naming equivalentQuotes, a usage error (exit 2)', (value) => {
      let error: unknown;
      try {
        load({ flags: { 'equivalent-quotes': value } });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).key).toBe('equivalentQuotes');
      expect((error as ConfigError).message).toContain('invalid equivalentQuotes (from --equivalent-quotes)');
      expect(isUsageError(error)).toBe(true);
    });

    it('is listed in --help', () => {
      expect(describeOptions(UNIVERSE_OPTIONS)).toContain('--equivalent-quotes');
    });
  });
});
