import { VenueOptionChain, type OptionListing, type VenueOptionChainConfig } from '../../options/venue-option-chain.js';
import { BINANCE_OPTION_COINS, binanceOptionSymbol, type BinanceOptionTerms } from './binance-option-contracts.js';
import { BINANCE_OPTION_QUOTING } from './binance-option-quoting.js';

/** The served coins (those of the simulator's that Binance lists options of, `BINANCE_OPTION_COINS`), the seed and the trade rate. */
export type BinanceOptionChainConfig = Omit<VenueOptionChainConfig<BinanceOptionTerms>, 'listing'>;

/** Binance's listing of the board's options: each USDT-settled under Binance's symbol, with its coin's figures. */
const BINANCE_OPTION_LISTING: OptionListing<BinanceOptionTerms> = {
  lists: (coin) => BINANCE_OPTION_COINS[coin] !== undefined,
  terms: (option) => {
    const figures = BINANCE_OPTION_COINS[option.chain.coin];
    return figures === undefined ? undefined : { symbol: binanceOptionSymbol(option.chain.coin, option.expiryTs, option.strike, option.type), figures, option };
  },
  quoting: BINANCE_OPTION_QUOTING,
};

/** The first trade id the market gives a symbol listed `index`-th, less one: a venue's id is the market's less it (`SimulatedMarket.list`). */
const idBase = (index: number): number => 1_000_000 * (index + 1);

/**
 * Binance's options (BTC, ETH, SOL) off the board (`VenueOptionChain`), at Binance's quote; an
 * option's trade ids count 1, 2, 3, ... from its listing (`tradeIdOf`).
 */
export class BinanceOptionChain extends VenueOptionChain<BinanceOptionTerms> {
  constructor(config: BinanceOptionChainConfig) {
    super({ ...config, seed: config.seed ^ 0x0b1a, listing: BINANCE_OPTION_LISTING });
  }

  /** The option's trade id as Binance numbers it (1 for its first trade), from the market's. */
  tradeIdOf(symbol: string, marketId: number): number {
    return marketId - idBase(this.market.listing(symbol)?.index ?? 0);
  }

  /** The market's id of the option's trade `tradeId`. */
  marketIdOf(symbol: string, tradeId: number): number {
    return tradeId + idBase(this.market.listing(symbol)?.index ?? 0);
  }
}
