import { VenueOptionChain, type OptionListing, type VenueOptionChainConfig } from '../../options/venue-option-chain.js';
import { BYBIT_OPTION_COINS, bybitOptionSymbol, type BybitOptionTerms } from './bybit-option-contracts.js';
import { BYBIT_OPTION_QUOTING } from './bybit-option-quoting.js';

/** The served coins (those of the simulator's that Bybit lists options of, `BYBIT_OPTION_COINS`), the seed and the trade rate. */
export type BybitOptionChainConfig = Omit<VenueOptionChainConfig<BybitOptionTerms>, 'listing'>;

/** Bybit's listing of the board's options: each USDT-settled under Bybit's symbol, launched when the board listed it. */
const BYBIT_OPTION_LISTING: OptionListing<BybitOptionTerms> = {
  lists: (coin) => BYBIT_OPTION_COINS[coin] !== undefined,
  terms: (option) => {
    const { chain, expiryTs, strike, type } = option;
    const figures = BYBIT_OPTION_COINS[chain.coin];
    const symbol = bybitOptionSymbol(chain.coin, expiryTs, strike, type);
    return figures === undefined ? undefined : { symbol, coin: chain.coin, figures, expiryTs, strike, type, launchTs: option.createdTs, option };
  },
  quoting: BYBIT_OPTION_QUOTING,
};

/**
 * Bybit's options (BTC, ETH, SOL) off the board (`VenueOptionChain`), at Bybit's quote, their books
 * pinned to it; an expiry's options deliver here (Bybit's word for the delisting at expiry).
 */
export class BybitOptionChain extends VenueOptionChain<BybitOptionTerms> {
  constructor(config: BybitOptionChainConfig) {
    super({ ...config, seed: config.seed ^ 0x0b7b, listing: BYBIT_OPTION_LISTING });
  }
}
