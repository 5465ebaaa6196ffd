/** An option's terms for Black-76: its type, the forward and strike (same currency), the time to expiry in years and the volatility (a fraction: 0.6 for 60 %). */
export interface Black76Terms {
  readonly type: 'call' | 'put';
  readonly forward: number;
  readonly strike: number;
  readonly years: number;
  readonly vol: number;
}

/**
 * An option's Black-76 value and greeks with no discounting (Deribit's `interest_rate` is 0 in every
 * recorded ticker, `deribit-options-ticker.ndjson`), all in the forward's currency (USD for BTC and
 * ETH options): the simulator's one option model, every options venue quoting from it. The
 * definitions are Deribit's, the ones that reproduce its recorded tickers (`BTC-5JUN20-9250-C`:
 * F 9,440.73, K 9,250, 63.21 %, 4.33 days give delta 0.62959, gamma 0.00058, vega 3.885, theta
 * -28.35, rho 0.6624 as recorded), and OKX's `*BS` greeks alike (`opt-summary`):
 * - `delta`: N(d1) for a call, N(d1) - 1 for a put (per unit of the underlying);
 * - `gamma`: n(d1) / (F σ √T);
 * - `vega`: F n(d1) √T / 100, per volatility point;
 * - `theta`: -F n(d1) σ / (2 √T) / 365, per calendar day;
 * - `rho`: K T N(d2) / 100 for a call, -K T N(-d2) / 100 for a put, per rate point;
 * with d1 = (ln(F/K) + σ²T/2) / (σ√T), d2 = d1 - σ√T, years of 365 days.
 */
export interface Black76Value {
  readonly price: number;
  readonly delta: number;
  readonly gamma: number;
  readonly vega: number;
  readonly theta: number;
  readonly rho: number;
}

/** Milliseconds in a year of 365 days: the time to expiry in years is `(expiry - now) / YEAR_MS`. */
export const YEAR_MS = 365 * 24 * 3600 * 1000;

/** The standard normal density. */
export function normalDensity(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}

/** The standard normal distribution function (W. J. Cody's rational erfc through `erfc`; error below 1e-14). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** The complementary error function by its continued fraction (x > 2) or series (otherwise), to double precision. */
function erfc(x: number): number {
  if (x < 0) return 2 - erfc(-x);
  if (x < 2) {
    // erf(x) = 2/√π Σ (-1)^n x^(2n+1) / (n! (2n+1))
    let term = x;
    let sum = x;
    for (let n = 1; n < 60; n += 1) {
      term *= (-x * x) / n;
      sum += term / (2 * n + 1);
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc(x) = e^(-x²)/√π · 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...)))) (Lentz, evaluated from the tail)
  let fraction = 0;
  for (let n = 60; n >= 1; n -= 1) fraction = n / 2 / (x + fraction);
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / (x + fraction);
}

/** The option's Black-76 value and greeks (see {@link Black76Value}); at or past expiry, its intrinsic value. */
export function black76(terms: Black76Terms): Black76Value {
  const { type, forward: f, strike: k, years, vol } = terms;
  if (years <= 0 || vol <= 0) {
    const intrinsic = Math.max(0, type === 'call' ? f - k : k - f);
    const itm = intrinsic > 0 ? 1 : 0;
    return { price: intrinsic, delta: type === 'call' ? itm : -itm, gamma: 0, vega: 0, theta: 0, rho: 0 };
  }
  const root = Math.sqrt(years);
  const d1 = (Math.log(f / k) + (vol * vol * years) / 2) / (vol * root);
  const d2 = d1 - vol * root;
  const density = normalDensity(d1);
  const common = { gamma: density / (f * vol * root), vega: (f * density * root) / 100, theta: -(f * density * vol) / (2 * root) / 365 };
  if (type === 'call') {
    return { price: f * normalCdf(d1) - k * normalCdf(d2), delta: normalCdf(d1), ...common, rho: (k * years * normalCdf(d2)) / 100 };
  }
  return { price: k * normalCdf(-d2) - f * normalCdf(-d1), delta: normalCdf(d1) - 1, ...common, rho: -(k * years * normalCdf(-d2)) / 100 };
}

/**
 * The volatility whose Black-76 price is `price` (bisection between 0.1 % and 1,000 %, to 1e-7); 0 when
 * the price is at or below the intrinsic value, or above what any volatility gives.
 */
export function impliedVol(price: number, terms: Omit<Black76Terms, 'vol'>): number {
  const intrinsic = black76({ ...terms, vol: 0 }).price;
  if (!(price > intrinsic) || terms.years <= 0) return 0;
  let low = 0.001;
  let high = 10;
  if (black76({ ...terms, vol: high }).price < price) return 0;
  while (high - low > 1e-7) {
    const mid = (low + high) / 2;
    if (black76({ ...terms, vol: mid }).price < price) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

/**
 * The same volatility as {@link impliedVol}, found faster from a volatility near it (`guess`: the
 * mark's, for a quote a few points either side): Newton's steps on the vega, to 1e-9 of volatility;
 * the bisection where they do not settle within 20 steps (a far wing, whose vega is next to nothing).
 */
export function impliedVolNear(price: number, terms: Omit<Black76Terms, 'vol'>, guess: number): number {
  const intrinsic = black76({ ...terms, vol: 0 }).price;
  if (!(price > intrinsic) || terms.years <= 0) return 0;
  let vol = guess;
  for (let step = 0; step < 20 && vol > 0.001 && vol < 10; step += 1) {
    const valued = black76({ ...terms, vol });
    const off = valued.price - price;
    // `vega` is per volatility point: the price's slope in a whole unit of volatility is 100 times it.
    const slope = valued.vega * 100;
    if (!(slope > 1e-12)) break;
    // Settled within 1e-9 of volatility, or within what the price's own rounding allows.
    if (Math.abs(off) <= Math.max(slope * 1e-9, price * 1e-14)) return vol;
    vol -= off / slope;
  }
  return impliedVol(price, terms);
}
