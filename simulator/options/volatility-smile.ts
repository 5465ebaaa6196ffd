/**
 * The simulator's volatility smile, one for every options venue so that the same option has the same
 * mark volatility wherever it is quoted (its own choice; the venues publish only the result, Deribit's
 * `mark_iv`, OKX's `markVol`): an at-the-money level per coin rising towards the near expiries, a skew
 * and a curvature in log-moneyness k = ln(K/F):
 *
 *   σ(k, T) = atm · (1 + 0.25 · e^(-T · 12)) + skew · k + curvature · k²
 *
 * with atm 55 % (BTC), 65 % (ETH), 80 % (others), skew -0.10 (puts dearer), curvature 0.40, clamped to
 * 5 %..300 %. T is in years.
 */
const ATM: Readonly<Record<string, number>> = { BTC: 0.55, ETH: 0.65 };
const OTHER_ATM = 0.8;
export const SMILE_SKEW = -0.1;
export const SMILE_CURVATURE = 0.4;

/** The volatility (a fraction) of an option of `coin` at log-moneyness `k`, `years` from expiry. */
export function volatilityOf(coin: string, k: number, years: number): number {
  const atm = (ATM[coin] ?? OTHER_ATM) * (1 + 0.25 * Math.exp(-years * 12));
  return Math.min(3, Math.max(0.05, atm + SMILE_SKEW * k + SMILE_CURVATURE * k * k));
}
