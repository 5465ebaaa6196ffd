import type { OptionSummary } from '../../model/option-summary.js';

/** 2026-12-26 and 2027-03-26, 08:00 UTC: Deribit's expiry time. */
export const DEC = Date.UTC(2026, 11, 26, 8);
export const MAR = Date.UTC(2027, 2, 26, 8);
export const DAY = 86_400_000;

/** Fields to change; undefined makes one absent. */
export type SummaryChanges = { readonly [K in keyof OptionSummary]?: OptionSummary[K] | undefined };

/** A BTC option summary as Deribit's ticker gives it (coin-settled: prices in BTC), at `ts`. */
export function summary(strike: number, optionType: 'call' | 'put', ts: number, extra: SummaryChanges = {}): OptionSummary {
  const expiryTs = extra.expiryTs ?? DEC;
  const coin = extra.coin ?? 'BTC';
  const keyQuote = extra.quote === 'USDC' ? 'USDC' : 'USD';
  const at = new Date(Number.isFinite(expiryTs) ? expiryTs : 0);
  const day = at.toISOString().slice(0, 10).replaceAll('-', '');
  // Deribit's own name of the day: 26DEC26.
  const venueDay = `${at.getUTCDate()}${at.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' }).toUpperCase()}${String(at.getUTCFullYear()).slice(2)}`;
  const built = {
    type: 'option_summary',
    exchange: 'deribit_options',
    symbol: `${coin}${keyQuote === 'USDC' ? '_USDC' : ''}-${venueDay}-${strike}-${optionType === 'call' ? 'C' : 'P'}`,
    coin,
    quote: coin,
    instrument: `${coin}-${keyQuote}-${day}-${strike}-${optionType === 'call' ? 'C' : 'P'}`,
    exchangeTs: ts,
    receivedTs: ts,
    isFallback: false,
    env: 'prod',
    connectionId: 'c',
    optionType,
    strike,
    expiryTs,
    bestBidPrice: 0.05,
    bestBidAmount: 1,
    bestBidIv: 49,
    bestAskPrice: 0.052,
    bestAskAmount: 2,
    bestAskIv: 51,
    markPrice: 0.051,
    markIv: 50,
    delta: optionType === 'call' ? 0.5 : -0.5,
    gamma: 0.00001,
    vega: 150,
    theta: -40,
    rho: 10,
    underlyingPrice: 100_000,
    underlyingIndex: 'BTC-26DEC26',
    indexPrice: 99_000,
    openInterest: 12.5,
    ...extra,
  };
  // A field given as undefined is absent, as a null of the venue is.
  return Object.fromEntries(Object.entries(built).filter(([, v]) => v !== undefined)) as unknown as OptionSummary;
}
