/** One coin's option chain: how it settles, its strikes, how many expiries it lists, its share of the trade flow. */
export interface OptionChain {
  /** The index's coin (`BTC`, `SOL`). */
  readonly coin: string;
  /** Coin-settled (prices in the coin) or USDC-settled (prices in USDC, its forward the index). */
  readonly settlement: 'coin' | 'usdc';
  /** Strike step of expiries within a week, and of later ones. */
  readonly steps: readonly [near: number, far: number];
  /** Strikes each side of the forward. */
  readonly strikesEachSide: number;
  /** How many of the expiries the chain lists (a small chain lists the nearest only). */
  readonly expiries: number;
  /** Its share of the option trade rate a chain gets (a venue's trades a minute per chain); default 1. */
  readonly flowShare?: number;
}

/**
 * The simulator's option chains, one set for every options venue (each lists those it has): BTC and
 * ETH coin-settled (18 strikes an expiry), SOL USDC-settled (small: 3 expiries, 6 strikes, steps of
 * 2.5; a tenth of a chain's trades, the simulator's choice for a chain that trades far less than
 * BTC's and ETH's).
 */
export const OPTION_CHAINS: readonly OptionChain[] = [
  { coin: 'BTC', settlement: 'coin', steps: [1000, 2500], strikesEachSide: 9, expiries: 99 },
  { coin: 'ETH', settlement: 'coin', steps: [25, 100], strikesEachSide: 9, expiries: 99 },
  { coin: 'SOL', settlement: 'usdc', steps: [2.5, 2.5], strikesEachSide: 3, expiries: 3, flowShare: 0.1 },
];

/** The strike step of an expiry `days` away. */
export function stepOf(chain: OptionChain, days: number): number {
  return days <= 7 ? chain.steps[0] : chain.steps[1];
}
