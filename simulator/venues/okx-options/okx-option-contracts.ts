import type { BoardOption } from '../../options/board-option.js';
import type { OptionLots } from '../../options/option-flow.js';
import { PriceGrid } from '../../price-grid.js';

/** The coins OKX lists options of: "OKX offers options on the underlying of Bitcoin, Ethereum" (okx.com help "OKX Options Introduction"). */
export const OKX_OPTION_COINS: readonly string[] = ['BTC', 'ETH'];

/**
 * A coin's contract: "The contract multiplier of BTC options is 0.01 and that of ETH options is 0.1"
 * (the same page, "Contract Multiplier"; `ctMult` in `GET /api/v5/public/instruments`, `ctVal` "1"),
 * so a trade's `sz` is whole contracts of `ctMult` coins: the market keeps coins, a contract one lot
 * (`exponent`: log10 of `ctMult`). Trades are 1 contract up to 25 coins, mostly small (the
 * simulator's choice, as Deribit's).
 */
export interface OkxOptionContract {
  readonly ctMult: string;
  readonly exponent: number;
  readonly lots: OptionLots;
}

const CONTRACTS: Readonly<Record<string, OkxOptionContract>> = {
  BTC: { ctMult: '0.01', exponent: -2, lots: { lotsPerCoin: 100, maxLots: 2500 } },
  ETH: { ctMult: '0.1', exponent: -1, lots: { lotsPerCoin: 10, maxLots: 250 } },
};

export function okxOptionContract(coin: string): OkxOptionContract {
  return CONTRACTS[coin] ?? (CONTRACTS['ETH'] as OkxOptionContract);
}

/**
 * Where an option's prices sit: `tickSz` "0.0005" as `GET /api/v5/public/instruments` lists it (the
 * contract specification pages give 0.0001 below 0.005; the simulator keeps every bid, ask and trade
 * on the listed tick, so that a client checking prices against `tickSz` finds them on it).
 */
export const OKX_OPTION_TICK = '0.0005';
export const OKX_OPTION_GRID = new PriceGrid(4, { size: Number(OKX_OPTION_TICK) });

/** A coin's instrument family and index (`BTC-USD`: `uly` and `instFamily` of its options, `instId` of its index). */
export const familyOf = (coin: string): string => `${coin}-USD`;

/** The expiry as OKX writes it in a name: `YYMMDD` of its UTC day (`261127`). */
export function expiryCode(expiryTs: number): string {
  const date = new Date(expiryTs);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(date.getUTCFullYear() % 100)}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}`;
}

/** An option's `instId`: family, expiry, strike, `C` or `P` (`BTC-USD-261127-56000-C`, okx-option-trades.ndjson's `BTC-USD-211224-56000-C`). */
export function okxOptionName(option: Pick<BoardOption, 'chain' | 'expiryTs' | 'strike' | 'type'>): string {
  return `${familyOf(option.chain.coin)}-${expiryCode(option.expiryTs)}-${option.strike}-${option.type === 'call' ? 'C' : 'P'}`;
}
