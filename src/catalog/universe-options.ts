import { MARKETS } from '../model/instrument.js';
import { DEFAULT_INSTRUMENT_CATALOG_CONFIG } from './instrument-catalog.js';
import { isInstrumentPattern } from './instrument-pattern.js';
import { DEFAULT_ALL_SELECTION, DEFAULT_UNIVERSE_KIND, UNIVERSE_KINDS } from './select-instruments.js';
import { DEFAULT_OPTION_SELECTION, expiryFilterText, parseExpiryFilter } from './select-options.js';
import { coin, fraction, integer, list, oneOf, option, type ConfigOption, type ParsedSetting } from '../settings/config-option.js';
import { venueNamesOf } from '../exchanges/venues.js';

/** An instrument pattern: `BTC`, `BTC-USDT`, `1000*`, `*-USDC`. */
function instrumentPattern(raw: unknown): ParsedSetting<string> {
  return typeof raw === 'string' && isInstrumentPattern(raw.trim())
    ? { ok: true, value: raw.trim().toUpperCase() }
    : { ok: false, allowed: 'bases or BASE-QUOTE keys, * and ? allowed (e.g. BTC, BTC-USDT, 1000*)' };
}

const QUOTE_LIST = list(coin, 0);
const UNDERLYING_LIST = list(coin);

/** The option chains' underlyings: `all`, or a list of coins. */
function optionUnderlyings(raw: unknown): ParsedSetting<readonly string[] | 'all'> {
  if (typeof raw === 'string' && raw.trim().toLowerCase() === 'all') return { ok: true, value: 'all' };
  const parsed = UNDERLYING_LIST(raw);
  return parsed.ok ? parsed : { ok: false, allowed: 'all, or underlyings such as BTC,ETH' };
}

/** Which expiries, as written and checked: `all`, `<N>d`, or expiry days (`parseExpiryFilter` reads it). */
function optionExpiries(raw: unknown): ParsedSetting<string> {
  const filter = typeof raw === 'string' ? parseExpiryFilter(raw) : undefined;
  return filter === undefined
    ? { ok: false, allowed: 'all, a number of days such as 7d, or expiry days such as 20261226,20270326 (UTC)' }
    : { ok: true, value: expiryFilterText(filter) };
}

/** Quotes that stand in for one another: none (off), or at least two different quote assets, upper-cased, in order of preference. */
function equivalentQuotes(raw: unknown): ParsedSetting<readonly string[]> {
  const parsed = QUOTE_LIST(raw);
  const allowed = 'empty, or two or more different quote assets in order of preference (e.g. USDT,USD,USDC)';
  if (!parsed.ok) return { ok: false, allowed };
  const quotes = parsed.value;
  return quotes.length === 1 || new Set(quotes).size !== quotes.length ? { ok: false, allowed } : parsed;
}

/** The settings of the followed universe and of the venues' instrument lists. */
export const UNIVERSE_OPTIONS: readonly ConfigOption[] = [
  option({
    key: 'markets',
    env: 'MARKET_FEED_MARKETS',
    flag: 'markets',
    default: ['spot'],
    parse: list(oneOf(MARKETS)),
    // The venues of each market as the registry lists them.
    description: `markets followed: spot (${venueNamesOf('spot')}), linear (perpetuals: ${venueNamesOf('linear')}, keyed BTC-USDT-PERP), inverse (coin-margined perpetuals and futures: ${venueNamesOf('inverse')}, keyed BTC-USD-INV-PERP and BTC-USD-INV-20261226), option (the chains of ${venueNamesOf('option')}, keyed BTC-USD-20261226-100000-C, chosen by --option-underlyings and --option-expiries, every venue's chain followed at once); each is served by the venues of --venues that trade it, in their order (an option by each venue that lists it)`,
  }),
  option({
    key: 'optionUnderlyings',
    env: 'MARKET_FEED_OPTION_UNDERLYINGS',
    flag: 'option-underlyings',
    default: DEFAULT_OPTION_SELECTION.underlyings,
    parse: optionUnderlyings,
    description: 'with --markets option, the underlyings whose whole chains are followed as the venue lists and expires them (e.g. BTC,ETH), or all',
  }),
  option({
    key: 'optionExpiries',
    env: 'MARKET_FEED_OPTION_EXPIRIES',
    flag: 'option-expiries',
    default: expiryFilterText(DEFAULT_OPTION_SELECTION.expiries),
    parse: optionExpiries,
    description: 'with --markets option, which expiries: all, those within N days (7d), or given expiry days (20261226,20270326, UTC)',
  }),
  option({
    key: 'instruments',
    env: 'MARKET_FEED_INSTRUMENTS',
    flag: 'instruments',
    default: DEFAULT_UNIVERSE_KIND,
    parse: oneOf(UNIVERSE_KINDS),
    description:
      'coins: the configured coins at --quote at every venue, no list read; all: every spot instrument the venues list at --quotes, read from their REST lists and refreshed live',
  }),
  option({
    key: 'quotes',
    env: 'MARKET_FEED_QUOTES',
    flag: 'quotes',
    default: [...DEFAULT_ALL_SELECTION.quotes],
    parse: list(coin),
    description: 'quote assets followed with --instruments all, e.g. USDT,USDC',
  }),
  option({
    key: 'equivalentQuotes',
    env: 'MARKET_FEED_EQUIVALENT_QUOTES',
    flag: 'equivalent-quotes',
    default: [],
    parse: equivalentQuotes,
    description:
      "quotes that may stand in for one another, preferred first (e.g. USDT,USD,USDC): a venue that does not list an instrument at one of them trading serves it by its listing of the base at the first other one it lists (BTC-USDT by Coinbase BTC-USD), published under the instrument's key; the venues' lists are read, with --instruments coins too; empty: nothing crosses quotes",
  }),
  option({
    key: 'include',
    env: 'MARKET_FEED_INCLUDE',
    flag: 'include',
    default: [...DEFAULT_ALL_SELECTION.include],
    parse: list(instrumentPattern, 0),
    description: 'with --instruments all, only these (bases like BTC, keys like BTC-USDT, * and ? allowed); empty: every one',
  }),
  option({
    key: 'exclude',
    env: 'MARKET_FEED_EXCLUDE',
    flag: 'exclude',
    default: [...DEFAULT_ALL_SELECTION.exclude],
    parse: list(instrumentPattern, 0),
    description: 'with --instruments all, leave these out (same patterns as --include)',
  }),
  option({
    key: 'catalog.refreshMs',
    env: 'MARKET_FEED_CATALOG_REFRESH_MS',
    flag: 'catalog-refresh-ms',
    default: DEFAULT_INSTRUMENT_CATALOG_CONFIG.refreshMs,
    parse: integer(10_000, 86_400_000),
    description: "ms between two reads of a venue's instrument list",
  }),
  option({
    key: 'catalog.timeoutMs',
    env: 'MARKET_FEED_CATALOG_TIMEOUT_MS',
    flag: 'catalog-timeout-ms',
    default: DEFAULT_INSTRUMENT_CATALOG_CONFIG.timeoutMs,
    parse: integer(100, 600_000),
    description: "ms one read of a venue's instrument list may take, waits for its REST budget included; later, the last good list is kept",
  }),
  option({
    key: 'catalog.maxDropShare',
    env: 'MARKET_FEED_CATALOG_MAX_DROP_SHARE',
    flag: 'catalog-max-drop-share',
    default: DEFAULT_INSTRUMENT_CATALOG_CONFIG.maxDropShare,
    parse: fraction,
    description: "share (0 to 1) of a venue's trading instruments that may vanish from one read; a larger drop keeps the last good list",
  }),
  option({
    key: 'catalog.acceptDropAfterReads',
    env: 'MARKET_FEED_CATALOG_ACCEPT_DROP_AFTER_READS',
    flag: 'catalog-accept-drop-after-reads',
    default: DEFAULT_INSTRUMENT_CATALOG_CONFIG.acceptDropAfterReads,
    parse: integer(1, 1000),
    description: 'reads in a row showing a larger drop after which it is believed (a real mass delisting)',
  }),
];
