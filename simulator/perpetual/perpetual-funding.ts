/** Funding is settled every 8 hours, at 00:00, 08:00 and 16:00 UTC (Bybit's recorded `fundingIntervalHour` "8"; Binance USD-M's `T`). */
export const FUNDING_INTERVAL_MS = 8 * 60 * 60 * 1000;

/** The interest part of funding per 8 hours: 0.01 %, the `fundingRate` "0.0001" of the recorded calm Bybit linear BTCUSDT ticker. */
export const FUNDING_INTEREST = 0.0001;

/** How far the interest may pull the rate from the premium, ±0.05 % (the venues' published formula F = P + clamp(I − P, ±0.05 %)). */
const INTEREST_CLAMP = 0.0005;

/** The next funding time after `now`: the next 8-hour UTC boundary (a boundary itself counts as passed). */
export function nextFundingTime(now: number): number {
  return (Math.floor(now / FUNDING_INTERVAL_MS) + 1) * FUNDING_INTERVAL_MS;
}

/**
 * The funding rate of an average premium `premium` ((mark − index) / index): the premium plus the
 * interest clamped to ±0.05 % of it, then bounded by ±`cap`, to 6 decimals. A calm market (a premium
 * from −0.04 % to 0.06 %) pays the interest, 0.0001; a rich or cheap one pays its premium.
 */
export function perpetualFunding(premium: number, cap: number): number {
  const rate = premium + Math.min(INTEREST_CLAMP, Math.max(-INTEREST_CLAMP, FUNDING_INTEREST - premium));
  return Math.round(Math.min(cap, Math.max(-cap, rate)) * 1e6) / 1e6;
}
