import type { OptionQuoting } from '../../options/venue-option-quotes.js';
import { binanceOptionGrid, type BinanceOptionTerms } from './binance-option-contracts.js';

/**
 * How Binance quotes its options around the board's marks (`VenueOptionQuotes`): 3 volatility points
 * either side of the mark (the simulator's choice), on the coin's tick, a contract of `unit` coins;
 * each side 0.1 to 50 contracts, a trade 0.01 to 20, in steps of `quantityScale`.
 */
export const BINANCE_OPTION_QUOTING: OptionQuoting<BinanceOptionTerms> = {
  spreadVol: 0.03,
  sizeLots: 4990,
  tradeLots: 2000,
  contract: ({ figures }) => ({
    grid: binanceOptionGrid(figures),
    unit: figures.unit,
    lotsPerContract: 10 ** figures.quantityScale,
    sizeDecimals: figures.quantityScale,
  }),
};
