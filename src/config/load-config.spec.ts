import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_COINS } from './config-options.js';
import { ConfigError, describeOptions, loadConfig, readConfigFile, redactSecrets } from './load-config.js';

const none = { env: {}, flags: {} };

function fileWith(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'mf-config-')), name);
  writeFileSync(path, text);
  return path;
}

describe('loadConfig', () => {
  it('gives the documented defaults: 20 USDT coins, Bybit first, 5 s staleness, loopback metrics', () => {
    const config = loadConfig(none);
    expect(config.coins).toEqual(DEFAULT_COINS);
    expect(config.coins).toHaveLength(20);
    expect(config.quote).toBe('USDT');
    expect(config.venues).toEqual(['bybit', 'binance', 'binance_us', 'binance_testnet']);
    expect(config.urls.binance_testnet).toBe('wss://stream.testnet.binance.vision/stream');
    expect(config.feed.staleAfterMs).toBe(5000);
    expect(config.metrics).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(config.schemaRegistryUrl).toBeUndefined();
  });

  it('lets a file override defaults, the environment override the file, and flags override both', () => {
    const path = fileWith('c.yaml', 'coins: [btc, eth, sol]\nfeed:\n  staleAfterMs: 3000\nkafka:\n  partitions: 3\n');
    const config = loadConfig({
      file: readConfigFile(path),
      env: { MARKET_FEED_STALE_AFTER_MS: '4000', KAFKA_BROKERS: '10.0.0.1:9092,10.0.0.2:9092' },
      flags: { 'stale-after-ms': '4500' },
    });
    expect(config.coins).toEqual(['BTC', 'ETH', 'SOL']);
    expect(config.kafka.partitions).toBe(3);
    expect(config.kafka.brokers).toEqual(['10.0.0.1:9092', '10.0.0.2:9092']);
    expect(config.feed.staleAfterMs).toBe(4500);
  });

  it('gives /readyz a 5 s acknowledgement limit by default, set by file, environment or flag', () => {
    expect(loadConfig(none).kafka.readyMaxAckDelayMs).toBe(5000);
    const path = fileWith('r.yaml', 'kafka:\n  readyMaxAckDelayMs: 8000\n');
    expect(loadConfig({ file: readConfigFile(path), env: {}, flags: {} }).kafka.readyMaxAckDelayMs).toBe(8000);
    expect(loadConfig({ env: { MARKET_FEED_READY_MAX_ACK_DELAY_MS: '3000' }, flags: {} }).kafka.readyMaxAckDelayMs).toBe(3000);
    expect(loadConfig({ env: {}, flags: { 'ready-max-ack-delay-ms': '2000' } }).kafka.readyMaxAckDelayMs).toBe(2000);
    expect(() => loadConfig({ env: {}, flags: { 'ready-max-ack-delay-ms': '0' } })).toThrow(/kafka\.readyMaxAckDelayMs/);
  });

  it('produces with librdkafka by default, and tells a default from a kafka.client set by file, environment or flag', () => {
    expect(loadConfig(none).kafka).toMatchObject({ client: 'librdkafka', clientFromDefault: true });
    const path = fileWith('k.yaml', 'kafka:\n  client: librdkafka\n');
    expect(loadConfig({ file: readConfigFile(path), env: {}, flags: {} }).kafka.clientFromDefault).toBeUndefined();
    expect(loadConfig({ env: { KAFKA_CLIENT: 'librdkafka' }, flags: {} }).kafka.clientFromDefault).toBeUndefined();
    expect(loadConfig({ env: {}, flags: { 'kafka-client': 'kafkajs' } }).kafka).toMatchObject({ client: 'kafkajs' });
    expect(loadConfig({ env: {}, flags: { 'kafka-client': 'kafkajs' } }).kafka.clientFromDefault).toBeUndefined();
  });

  it('reads a JSON config file', () => {
    const path = fileWith('c.json', JSON.stringify({ sink: 'stdout', urls: { bybit: 'ws://127.0.0.1:1/v5/public/spot' } }));
    const config = loadConfig({ file: readConfigFile(path), env: {}, flags: {} });
    expect(config.sink).toBe('stdout');
    expect(config.urls.bybit).toBe('ws://127.0.0.1:1/v5/public/spot');
  });

  it('names the key, its source and what is allowed for an invalid value', () => {
    expect(() => loadConfig({ env: { MARKET_FEED_STALE_AFTER_MS: 'soon' }, flags: {} })).toThrow(
      'invalid feed.staleAfterMs (from MARKET_FEED_STALE_AFTER_MS): expected a whole number from 100 to 3600000',
    );
    const error = (() => {
      try {
        loadConfig({ env: {}, flags: { venues: 'bybit,bitmex' } });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).key).toBe('venues');
    expect((error as ConfigError).message).toContain('bybit, binance, binance_us, binance_testnet, coinbase, kraken');
  });

  it('rejects a venue URL that is not a WebSocket URL', () => {
    expect(() => loadConfig({ env: { BYBIT_WS_URL: 'https://stream.bybit.com' }, flags: {} })).toThrow(/urls\.bybit/);
  });

  it('follows spot on the spot venues unless --markets adds linear, whose venues then serve perpetuals; a market no venue serves is named', () => {
    expect(loadConfig(none)).toMatchObject({ markets: ['spot'], venues: ['bybit', 'binance', 'binance_us', 'binance_testnet'] });
    expect(loadConfig({ env: {}, flags: { markets: 'spot,linear' } }).venues).toEqual([
      'bybit',
      'binance',
      'binance_us',
      'binance_testnet',
      'bybit_linear',
      'binance_usdm',
    ]);
    expect(loadConfig({ env: { MARKET_FEED_MARKETS: 'linear' }, flags: { venues: 'binance_usdm,bybit,bybit_linear' } }).venues).toEqual([
      'binance_usdm',
      'bybit_linear',
    ]);
    expect(() => loadConfig({ env: {}, flags: { markets: 'linear', venues: 'bybit,binance' } })).toThrow(
      /invalid markets \(from configuration\).*linear \(bybit_linear, binance_usdm, okx_swap, hyperliquid, bitget_futures, gate_futures\)/,
    );
    expect(() => loadConfig({ env: {}, flags: { markets: 'futures' } })).toThrow(/invalid markets \(from --markets\)/);
  });

  it('gives each Binance venue its REST URL and names the key of a REST URL that is not http(s)', () => {
    expect(loadConfig(none).restUrls).toEqual({
      bybit: 'https://api.bybit.com',
      binance: 'https://api.binance.com',
      binance_us: 'https://api.binance.us',
      binance_testnet: 'https://testnet.binance.vision',
      coinbase: 'https://api.coinbase.com',
      kraken: 'https://api.kraken.com',
      bybit_linear: 'https://api.bybit.com',
      binance_usdm: 'https://fapi.binance.com',
      okx: 'https://www.okx.com',
      okx_swap: 'https://www.okx.com',
      hyperliquid: 'https://api.hyperliquid.xyz',
      deribit: 'https://www.deribit.com',
      deribit_options: 'https://www.deribit.com',
      bybit_inverse: 'https://api.bybit.com',
      binance_coinm: 'https://dapi.binance.com',
      bitget: 'https://api.bitget.com',
      bitget_futures: 'https://api.bitget.com',
      gate: 'https://api.gateio.ws',
      gate_futures: 'https://api.gateio.ws',
      bybit_options: 'https://api.bybit.com',
      okx_options: 'https://www.okx.com',
      binance_options: 'https://eapi.binance.com',
    });
    expect(loadConfig({ env: { BINANCE_REST_URL: 'http://127.0.0.1:29711' }, flags: {} }).restUrls.binance).toBe('http://127.0.0.1:29711');
    expect(() => loadConfig({ env: {}, flags: { 'binance-us-rest-url': 'wss://api.binance.us' } })).toThrow(
      /invalid restUrls\.binance_us \(from --binance-us-rest-url\)/,
    );
  });

  it('reads the Binance depth settings and refuses a snapshot limit above 5000', () => {
    expect(loadConfig(none).venueOptions).toMatchObject({
      'binanceBook.channel': 'depth@100ms',
      'binanceBook.snapshotLimit': 1000,
      'binanceBook.maxBuffered': 2000,
    });
    // Unset, each venue keeps its own REST budget (Binance US: 1,200 a minute, not Binance's 6,000).
    expect(loadConfig(none).venueOptions).not.toHaveProperty(['binanceBook.restWeightPerMinute']);
    expect(loadConfig({ env: {}, flags: { 'binance-rest-weight-per-minute': '900' } }).venueOptions['binanceBook.restWeightPerMinute']).toBe(900);
    expect(loadConfig({ env: { MARKET_FEED_BINANCE_SNAPSHOT_LIMIT: '5000' }, flags: { 'binance-depth-channel': 'depth' } }).venueOptions).toMatchObject({
      'binanceBook.channel': 'depth',
      'binanceBook.snapshotLimit': 5000,
    });
    expect(() => loadConfig({ env: { MARKET_FEED_BINANCE_SNAPSHOT_LIMIT: '5001' }, flags: {} })).toThrow(/binanceBook\.snapshotLimit/);
    // A venue's own option keeps its file key: the file shape is the same as before the venues owned their options.
    const fromFile = loadConfig({ file: { path: 'c.yaml', values: { binanceBook: { maxBuffered: 500 }, books: { bybitDepth: 1000 } } }, env: {}, flags: {} });
    expect(fromFile.venueOptions).toMatchObject({ 'binanceBook.maxBuffered': 500, 'books.bybitDepth': 1000 });
    expect(fromFile).not.toHaveProperty('binanceBook');
  });

  it('requires SASL credentials when a SASL mechanism is set', () => {
    expect(() => loadConfig({ env: { KAFKA_SASL_MECHANISM: 'plain' }, flags: {} })).toThrow(/kafka\.saslUsername/);
  });

  it('names the config file when it is not valid YAML', () => {
    const path = fileWith('bad.yaml', 'coins: [btc\n');
    expect(() => readConfigFile(path)).toThrow(/invalid config/);
  });

  it('lists every option with its default but never a secret value', () => {
    const help = describeOptions();
    expect(help).toContain('--stale-after-ms');
    expect(help).toContain('default 5000');
    expect(help).toContain('[env KAFKA_BROKERS]');
    expect(help).toMatch(/--kafka-sasl-password\s.*\(secret\)/);
  });

  it('redacts every secret that is set when the configuration is logged, and nothing else', () => {
    const config = loadConfig({
      env: { BINANCE_API_KEY: 'key-123', KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'user', KAFKA_SASL_PASSWORD: 'pw-456' },
      flags: {},
    });
    expect(config.venueOptions['gaps.binanceApiKey']).toBe('key-123');
    const logged = JSON.stringify(redactSecrets(config));
    expect(logged).not.toContain('key-123');
    expect(logged).not.toContain('pw-456');
    expect(redactSecrets(config)).toMatchObject({
      venueOptions: { 'gaps.binanceApiKey': '[redacted]' },
      gaps: { repair: true },
      kafka: { saslPassword: '[redacted]', saslUsername: 'user' },
    });
    expect(config.venueOptions['gaps.binanceApiKey']).toBe('key-123');
    expect(redactSecrets(loadConfig({ env: {}, flags: {} }))).not.toHaveProperty(['venueOptions', 'gaps.binanceApiKey']);
  });

  it('leaves order books off by default and names the key of a bad book setting', () => {
    const config = loadConfig({ env: {}, flags: {} });
    expect(config.books).toEqual({
      follow: { kind: 'none' },
      snapshotLevels: 20,
      snapshotIntervalMs: 100,
      statsIntervalMs: 1000,
      imbalanceLevels: 20,
      depthBandsPct: [0.1, 0.5, 1, 2],
      impactNotionals: [1000, 10_000, 100_000],
      roundTripNotional: 10_000,
    });
    const followed = loadConfig({ env: { MARKET_FEED_BOOKS: 'true' }, flags: { 'bybit-book-depth': '200', 'book-impact-notionals': '500,5000' } });
    expect(followed.books).toMatchObject({ follow: { kind: 'all' }, impactNotionals: [500, 5000] });
    expect(followed.venueOptions['books.bybitDepth']).toBe(200);
    expect(config.venueOptions['books.bybitDepth']).toBe(50);
    expect(loadConfig({ env: {}, flags: { books: 'top:200' } }).books.follow).toEqual({ kind: 'top', count: 200 });
    expect(() => loadConfig({ env: {}, flags: { books: 'top:0' } })).toThrow(/invalid books\.follow \(from --books\)/);
    expect(() => loadConfig({ file: { path: 'c.yaml', values: { books: { enabled: true } } }, env: {}, flags: {} })).toThrow(
      /invalid books\.enabled \(from c\.yaml\): expected books\.follow instead/,
    );
    expect(() => loadConfig({ env: {}, flags: { instruments: 'all', shard: '1/2' } })).toThrow(
      /invalid shard \(from configuration\): expected 0\/1 with instruments all/,
    );
    expect(() => loadConfig({ env: {}, flags: { 'bybit-book-depth': '100' } })).toThrow(/books\.bybitDepth.*one of 1, 50, 200, 1000/);
    expect(() => loadConfig({ env: {}, flags: { 'book-snapshot-levels': '0' } })).toThrow(/books\.snapshotLevels/);
    expect(() => loadConfig({ env: { MARKET_FEED_BOOK_ROUND_TRIP_NOTIONAL: '-5' }, flags: {} })).toThrow(
      /books\.roundTripNotional \(from MARKET_FEED_BOOK_ROUND_TRIP_NOTIONAL\)/,
    );
  });

  it('asks for no derived data by default; reads --data-types, MARKET_FEED_DATA_TYPES and a dataTypes array of the file', () => {
    expect(loadConfig(none).dataTypes).toEqual([]);
    expect(loadConfig({ env: {}, flags: { 'data-types': 'trade_bar_1m, trade_bar_100ticks' } }).dataTypes).toEqual([
      { kind: 'trade_bar', name: 'trade_bar_1m', barKind: 'time', interval: 60_000 },
      { kind: 'trade_bar', name: 'trade_bar_100ticks', barKind: 'tick', interval: 100 },
    ]);
    expect(loadConfig({ env: { MARKET_FEED_DATA_TYPES: 'book_change', MARKET_FEED_BOOKS: 'BTC' }, flags: {} }).dataTypes).toEqual([
      { kind: 'book_change', name: 'book_change' },
    ]);
    const path = fileWith('d.yaml', 'books:\n  follow: top:10\ndataTypes: [book_snapshot_10_grouped5_1s, quote]\n');
    expect(loadConfig({ file: readConfigFile(path), env: {}, flags: {} }).dataTypes).toEqual([
      { kind: 'book_snapshot', name: 'book_snapshot_10_grouped5_1s', depth: 10, intervalMs: 1000, grouping: 5 },
      { kind: 'quote', name: 'quote', intervalMs: 0 },
    ]);
  });

  it('names dataTypes, where it came from and each refused name with its reason', () => {
    expect(() => loadConfig({ env: {}, flags: { 'data-types': 'trade_bar_1m,candles_1m,trade_bar_0vol' } })).toThrow(
      "invalid dataTypes (from --data-types): expected data types it knows; candles_1m is not a data type; the forms are book_snapshot_{levels}[_grouped{step}]_{n}{ms|s|m}, quote, quote_{n}{ms|s|m}, trade_bar_{n}{ms|s|m|ticks|vol}, book_change; trade_bar_0vol: a bar's size must be above 0",
    );
    const path = fileWith('n.json', JSON.stringify({ dataTypes: ['trade_bar_1m', 5] }));
    expect(() => loadConfig({ file: readConfigFile(path), env: {}, flags: {} })).toThrow(
      /^invalid dataTypes \(from .*n\.json\): expected a comma-separated list of data types/,
    );
  });

  it('refuses book changes, snapshots and quotes without books followed, naming them and the setting that turns books on; trade bars need none', () => {
    expect(() => loadConfig({ env: {}, flags: { 'data-types': 'trade_bar_1m,book_change,quote_1s' } })).toThrow(
      'invalid dataTypes (from configuration): expected order books followed for book_change, quote_1s: turn them on with books.follow (--books all, a coin list or top:N)',
    );
    expect(() => loadConfig({ env: {}, flags: { 'data-types': 'book_snapshot_25_100ms', books: 'none' } })).toThrow(
      /book_snapshot_25_100ms: turn them on with books\.follow/,
    );
    expect(loadConfig({ env: {}, flags: { 'data-types': 'book_snapshot_25_100ms', books: 'all' } }).dataTypes).toHaveLength(1);
  });
});
