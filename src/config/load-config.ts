import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { FeedError } from '../model/feed-error.js';
import { marketOf, VENUE_OPTIONS, venuesOfMarkets } from '../exchanges/venues.js';
import { EXCHANGE_IDS } from '../model/market-record.js';
import { CONFIG_OPTIONS } from './config-options.js';
import { dataTypesWithoutBooks } from '../pipeline/data-type-options.js';
import { urlsChosenByVenues } from './venue-options.js';
import type { ConfigOption } from '../settings/config-option.js';
import type { MarketFeedConfig } from './market-feed-config.js';

/** What a {@link ConfigError} names. */
export interface ConfigErrorInfo {
  /** The dotted key, e.g. `feed.staleAfterMs`. */
  readonly key: string;
  /** Where the value came from: a flag, an environment variable, the file, or `configuration`. */
  readonly source: string;
  /** What the key accepts. */
  readonly allowed: string;
}

/** An invalid setting: names the key, where it came from, and what is allowed. Not retriable: the same input fails again. */
export class ConfigError extends FeedError<ConfigErrorInfo> {
  constructor(
    readonly key: string,
    readonly source: string,
    readonly allowed: string,
    options?: { readonly cause?: unknown },
  ) {
    super(`invalid ${key} (from ${source}): expected ${allowed}`, false, { key, source, allowed }, options);
  }
}

/** Where settings come from, lowest precedence first: defaults < file < environment < flags. */
export interface ConfigSources {
  /** Parsed `--config` file contents (nested object), if any. */
  readonly file?: { readonly path: string; readonly values: unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Flag values by flag name (without `--`). */
  readonly flags: Readonly<Record<string, string | undefined>>;
}

/** Reads a JSON or YAML config file; throws `ConfigError` for `config` when it cannot. */
export function readConfigFile(path: string): { readonly path: string; readonly values: unknown } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError('config', `--config ${path}`, `a readable file (${(error as Error).message})`);
  }
  try {
    const values: unknown = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
    return { path, values: values ?? {} };
  } catch (error) {
    throw new ConfigError('config', `--config ${path}`, `valid JSON or YAML (${(error as Error).message})`);
  }
}

/** The value at a dotted key (`feed.staleAfterMs`) of a nested object, or undefined. */
function valueAtKey(values: unknown, key: string): unknown {
  let node: unknown = values;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

function assign(target: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    node[part] ??= {};
    node = node[part] as Record<string, unknown>;
  }
  if (value !== undefined) node[parts[parts.length - 1] ?? key] = value;
}

/** Where `opt` may be set, highest precedence first, each with its raw value (undefined: not set there). */
function candidatesOf(opt: ConfigOption, sources: ConfigSources): [string, unknown][] {
  return [
    [`--${opt.flag}`, sources.flags[opt.flag]],
    ...(opt.env === undefined ? [] : [[opt.env, sources.env[opt.env]] as [string, unknown]]),
    ...(sources.file === undefined ? [] : [[`${sources.file.path}`, valueAtKey(sources.file.values, opt.key)] as [string, unknown]]),
  ];
}

function resolveOption(opt: ConfigOption, sources: ConfigSources): unknown {
  for (const [source, raw] of candidatesOf(opt, sources)) {
    if (raw === undefined) continue;
    const parsed = opt.parse(raw);
    if (!parsed.ok) throw new ConfigError(opt.key, source, parsed.allowed);
    return parsed.value;
  }
  return opt.default;
}

/** Validates every setting once; the first invalid one throws a `ConfigError` naming its key. */
export function loadConfig(sources: ConfigSources, options: readonly ConfigOption[] = CONFIG_OPTIONS): MarketFeedConfig {
  const books = sources.file === undefined ? undefined : valueAtKey(sources.file.values, 'books');
  if (typeof books === 'object' && books !== null && 'enabled' in books) {
    throw new ConfigError(
      'books.enabled',
      sources.file?.path ?? 'the config file',
      'books.follow instead (none, all, a coin list or top:N): books.enabled was renamed',
    );
  }
  const config: Record<string, unknown> = {};
  // The venues' own options are kept apart, by key, for the venues to read (`VenueOptionValues`).
  const venueOptions: Record<string, unknown> = {};
  const ownedByVenues = new Set(VENUE_OPTIONS);
  for (const opt of options) {
    const value = resolveOption(opt, sources);
    if (!ownedByVenues.has(opt)) assign(config, opt.key, value);
    else if (value !== undefined) venueOptions[opt.key] = value;
  }
  config['venueOptions'] = venueOptions;
  const isSet = (key: string): boolean => options.some((opt) => opt.key === key && candidatesOf(opt, sources).some(([, raw]) => raw !== undefined));
  for (const [key, url] of urlsChosenByVenues(venueOptions, isSet)) assign(config, key, url);
  const client = options.find((opt) => opt.key === 'kafka.client');
  if (client !== undefined && candidatesOf(client, sources).every(([, raw]) => raw === undefined)) assign(config, 'kafka.clientFromDefault', true);
  const result = config as unknown as MarketFeedConfig;
  if (result.kafka.saslMechanism !== undefined && (result.kafka.saslUsername === undefined || result.kafka.saslPassword === undefined)) {
    throw new ConfigError('kafka.saslUsername', 'configuration', 'a user name and password when kafka.saslMechanism is set');
  }
  if (result.instruments === 'all' && result.shard.count > 1) {
    throw new ConfigError('shard', 'configuration', "0/1 with instruments all (INDEX/COUNT splits a coin list; the whole market is one process's)");
  }
  if (result.cluster.instanceId !== undefined && result.cluster.name === undefined) {
    throw new ConfigError('cluster.instanceId', 'configuration', 'a cluster to be an instance of (cluster.name)');
  }
  if (result.cluster.name !== undefined && result.shard.count > 1) {
    throw new ConfigError('shard', 'configuration', '0/1 in a cluster (the cluster shares the instruments among its instances)');
  }
  const withoutBooks = dataTypesWithoutBooks(result.dataTypes, result.books);
  if (withoutBooks.length > 0) {
    throw new ConfigError(
      'dataTypes',
      'configuration',
      `order books followed for ${withoutBooks.join(', ')}: turn them on with books.follow (--books all, a coin list or top:N)`,
    );
  }
  if (result.retry.maxDelayMs < result.retry.initialDelayMs) {
    throw new ConfigError('retry.maxDelayMs', 'configuration', `at least retry.initialDelayMs (${result.retry.initialDelayMs})`);
  }
  return { ...result, venues: venuesOfMarketsFollowed(result) };
}

/**
 * The configured venues that trade a followed market, in their order (the default list names every
 * market's venues); a followed market none of them trades is a `ConfigError` naming `markets`.
 */
function venuesOfMarketsFollowed(config: MarketFeedConfig): MarketFeedConfig['venues'] {
  const [first, ...rest] = venuesOfMarkets(config.venues, config.markets);
  const missing = config.markets.filter((market) => ![first, ...rest].some((venue) => venue !== undefined && marketOf(venue) === market));
  if (first === undefined || missing.length > 0) {
    const wanted = missing.map((market) => `${market} (${EXCHANGE_IDS.filter((venue) => marketOf(venue) === market).join(', ')})`).join('; ');
    throw new ConfigError('markets', 'configuration', `markets that venues serve: add a venue of ${wanted} to venues`);
  }
  return [first, ...rest];
}

/** `--help` text: every option with its flag, environment variable and default. */
export function describeOptions(options: readonly ConfigOption[] = CONFIG_OPTIONS): string {
  return options
    .map((opt) => {
      const shown = opt.secret === true ? '(secret)' : (JSON.stringify(opt.default) ?? '(unset)');
      const env = opt.env === undefined ? '' : `  [env ${opt.env}]`;
      return `  --${opt.flag.padEnd(26)} ${opt.description}; default ${shown}${env}`;
    })
    .join('\n');
}

/** `config` with the value of every secret option (`secret: true`) that is set replaced by `[redacted]`, for logging. */
export function redactSecrets(config: MarketFeedConfig, options: readonly ConfigOption[] = CONFIG_OPTIONS): unknown {
  const copy = structuredClone(config) as unknown as Record<string, unknown>;
  for (const { key, secret } of options) {
    if (secret !== true) continue;
    const path = key.split('.');
    const leaf = path.pop();
    let parent: unknown = copy;
    for (const part of path) parent = typeof parent === 'object' && parent !== null ? (parent as Record<string, unknown>)[part] : undefined;
    if (leaf !== undefined && typeof parent === 'object' && parent !== null && (parent as Record<string, unknown>)[leaf] !== undefined)
      (parent as Record<string, unknown>)[leaf] = '[redacted]';
    const venueOptions = copy['venueOptions'] as Record<string, unknown> | undefined;
    if (venueOptions?.[key] !== undefined) venueOptions[key] = '[redacted]';
  }
  return copy;
}
