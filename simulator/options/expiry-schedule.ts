/**
 * When the simulator's options expire, whatever venue lists them: at 08:00 UTC of their day, as both
 * Deribit ("Instrument naming": every future and option expires at 08:00 UTC) and OKX ("Expiration
 * Time: 08:00 UTC on expiration date", its options' contract specification) expire theirs.
 */
export const EXPIRY_HOUR_UTC = 8;

const DAY_MS = 24 * 3600 * 1000;

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

/** The expiries listed at once, and the monthly and quarterly ones among them (where a venue lists its dated futures). */
export interface ExpirySet {
  /** The options' expiries, soonest first. */
  readonly options: readonly number[];
  /** The monthly and quarterly expiries, soonest first: the dated futures' (Deribit's). */
  readonly futures: readonly number[];
}

/**
 * The expiries as of `now`, at 08:00 UTC: the next 4 days (dailies), the next 3 Fridays (weeklies),
 * the last Fridays of the next 3 months (monthlies) and of the next 2 quarter months (March, June,
 * September, December: quarterlies); the futures at the monthlies and quarterlies. At least 8 option
 * expiries, as Deribit lists (11 on 2021-07-22, shared research §2) and OKX alike ("1, 2, 3 dailies,
 * 1, 2, 3 weeklies, 1, 2, 3 monthlies, 1, 2, 3 quarterlies", its contract specification).
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

/** One expiry further out than every one in `listed`: the next Friday after the last (a new weekly, as a venue lists one each week). */
export function nextNewExpiry(listed: readonly number[]): number {
  const last = Math.max(...listed);
  let ts = last + DAY_MS;
  while (new Date(ts).getUTCDay() !== 5) ts += DAY_MS;
  return ts;
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
