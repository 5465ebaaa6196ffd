/**
 * Deribit's instrument names and expiries (docs.deribit.com "Instrument naming"; the recorded lists,
 * `deribit-get_instruments.ndjson`): a perpetual `BTC-PERPETUAL`; a dated future `BTC-26DEC26` (day
 * without a leading zero, month, two-digit year); an option `BTC-26DEC26-100000-C` (strike, `C` or
 * `P`), a decimal strike written with `d` for its point (`XRP_USDC-30JUN23-0d625-C`); a USDC-settled
 * instrument's currency is `SOL_USDC`. Every future and option expires at 08:00 UTC of its day.
 */
export const EXPIRY_HOUR_UTC = 8;

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_MS = 24 * 3600 * 1000;

/** The expiry's date as Deribit writes it: `26DEC26`, `5JUN20`. */
export function expiryCode(expiryTs: number): string {
  const date = new Date(expiryTs);
  return `${date.getUTCDate()}${MONTHS[date.getUTCMonth()] ?? ''}${String(date.getUTCFullYear() % 100).padStart(2, '0')}`;
}

/** A strike as Deribit writes it: `100000`, `147d5`, `0d625`. */
export function strikeCode(strike: number): string {
  return String(Number(strike.toPrecision(12))).replace('.', 'd');
}

export function futureName(currency: string, expiryTs: number): string {
  return `${currency}-${expiryCode(expiryTs)}`;
}

export function optionName(currency: string, expiryTs: number, strike: number, type: 'call' | 'put'): string {
  return `${currency}-${expiryCode(expiryTs)}-${strikeCode(strike)}-${type === 'call' ? 'C' : 'P'}`;
}

/** 08:00 UTC of the day of `ts`. */
function eightOf(ts: number): number {
  const d = new Date(ts);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), EXPIRY_HOUR_UTC);
}

/** The first 08:00 UTC after `now`. */
export function nextDailyExpiry(now: number): number {
  const today = eightOf(now);
  return today > now ? today : today + DAY_MS;
}

/** The Fridays at 08:00 UTC after `now`, the first `count`. */
function fridays(now: number, count: number): number[] {
  const out: number[] = [];
  for (let ts = nextDailyExpiry(now); out.length < count; ts += DAY_MS) if (new Date(ts).getUTCDay() === 5) out.push(ts);
  return out;
}

/** The last Friday at 08:00 UTC of the month `monthsAhead` after `now`'s. */
function lastFriday(now: number, monthsAhead: number): number {
  const d = new Date(now);
  let ts = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + monthsAhead + 1, 0, EXPIRY_HOUR_UTC);
  while (new Date(ts).getUTCDay() !== 5) ts -= DAY_MS;
  return ts;
}

/** A chain's expiries and the dated futures among them. */
export interface ExpirySet {
  /** The options' expiries, soonest first. */
  readonly options: readonly number[];
  /** The dated futures' expiries (the monthly and quarterly ones), soonest first. */
  readonly futures: readonly number[];
}

/**
 * Deribit's expiries as of `now`, at 08:00 UTC: the next 4 days (dailies), the next 3 Fridays
 * (weeklies), the last Fridays of the next 3 months (monthlies) and of the next 2 quarter months
 * (March, June, September, December: quarterlies); the futures at the monthlies and quarterlies.
 * At least 8 option expiries, as the venue lists (11 on 2021-07-22, shared research §2).
 */
export function expiriesAt(now: number): ExpirySet {
  const daily = [0, 1, 2, 3].map((n) => nextDailyExpiry(now) + n * DAY_MS);
  const weekly = fridays(now, 3);
  const monthly = [0, 1, 2].map((n) => lastFriday(now, n)).filter((ts) => ts > now);
  const quarterly: number[] = [];
  for (let n = 0; quarterly.length < 2; n += 1) {
    const ts = lastFriday(now, n);
    if (ts > now && new Date(ts).getUTCMonth() % 3 === 2) quarterly.push(ts);
  }
  const options = [...new Set([...daily, ...weekly, ...monthly, ...quarterly])].sort((a, b) => a - b);
  const futures = [...new Set([...monthly, ...quarterly])].sort((a, b) => a - b);
  return { options, futures };
}

/** One expiry further out than every one in `listed`: the next Friday after the last (a new weekly, as Deribit lists one each week). */
export function nextNewExpiry(listed: readonly number[]): number {
  const last = Math.max(...listed);
  let ts = last + DAY_MS;
  while (new Date(ts).getUTCDay() !== 5) ts += DAY_MS;
  return ts;
}

/** A currency's option chain settings: the coin, how the venue names its instruments, its strike steps. */
export interface ChainCurrency {
  /** The index's coin (`BTC`, `SOL`). */
  readonly coin: string;
  /** The currency in names (`BTC`, `SOL_USDC`). */
  readonly name: string;
  /** Coin-settled (prices in the coin, the record's quote the coin) or USDC-settled (prices in USDC). */
  readonly settlement: 'coin' | 'usdc';
  /** Strike step of expiries within a week, and of later ones. */
  readonly steps: readonly [near: number, far: number];
  /** Strikes each side of the forward. */
  readonly strikesEachSide: number;
  /** How many of the expiries the chain lists (a small chain lists the nearest only). */
  readonly expiries: number;
  /** Its share of the option trade rate a chain gets (`optionTradesPerMinute`); default 1. */
  readonly flowShare?: number;
}

/**
 * The strikes of one expiry: `2 * each` strikes at the step, the forward rounded to it in the middle
 * (`each` below it, `each - 1` above it and the forward's), none at or below 0.
 */
export function strikesAround(forward: number, step: number, each: number): number[] {
  const middle = Math.round(forward / step) * step;
  const out: number[] = [];
  for (let n = -each; n < each; n += 1) {
    const strike = Number((middle + n * step).toPrecision(12));
    if (strike > 0) out.push(strike);
  }
  return out;
}

/** The strike step of an expiry `days` away. */
export function stepOf(currency: ChainCurrency, days: number): number {
  return days <= 7 ? currency.steps[0] : currency.steps[1];
}
