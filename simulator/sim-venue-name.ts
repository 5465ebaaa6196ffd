/**
 * The simulated venues: Bybit v5 spot, a Binance-family endpoint, Coinbase Advanced Trade, Kraken v2,
 * and the perpetual futures of Bybit v5 linear and Binance USD-M.
 */
export const SIM_VENUES = ['bybit', 'binance', 'coinbase', 'kraken', 'bybit_linear', 'binance_usdm'] as const;
export type SimVenueName = (typeof SIM_VENUES)[number];

/** The venues a simulator serves unless told otherwise (those of the default failover order). */
export const DEFAULT_SIM_VENUES: readonly SimVenueName[] = ['bybit', 'binance'];

/**
 * How a venue writes an instrument's symbol: Bybit and Binance (spot and perpetuals) run base and
 * quote together (`BTCUSDT`), Coinbase writes a product id (`BTC-USD`), Kraken v2 a pair name (`BTC/USD`).
 */
export function simSymbolOf(venue: SimVenueName, base: string, quote: string): string {
  switch (venue) {
    case 'coinbase':
      return `${base}-${quote}`;
    case 'kraken':
      return `${base}/${quote}`;
    default:
      return `${base}${quote}`;
  }
}
