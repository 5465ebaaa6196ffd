import type { OptionQuoting } from '../../options/venue-option-quotes.js';
import { bybitOptionGrid, type BybitOptionTerms } from './bybit-option-contracts.js';

/**
 * How Bybit quotes its options around the board's marks (`VenueOptionQuotes`): 2.5 volatility points
 * either side of the mark (the simulator's choice, wider than Deribit's 2), on the coin's tick, in the
 * coin; each side 10 to 1,500 steps of the coin's `qtyStep`, a trade 1 to 2,500. Its books are pinned
 * to this touch.
 */
export const BYBIT_OPTION_QUOTING: OptionQuoting<BybitOptionTerms> = {
  spreadVol: 0.025,
  sizeLots: 1490,
  tradeLots: 2500,
  contract: ({ figures }) => ({
    grid: bybitOptionGrid(figures),
    unit: 1,
    lotsPerContract: Math.round(1 / figures.qtyStep),
    sizeDecimals: figures.sizeDecimals,
  }),
};
