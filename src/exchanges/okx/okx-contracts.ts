import type { MapperContext } from '../mapper-context.js';
import type { OkxFrame } from './okx-frames.js';
import { OKX_SWAP_INST_TYPE } from './okx-subscriptions.js';

/**
 * How a venue's quantities are written: spot in the base currency; swaps in contracts, each worth the
 * instrument's `ctVal` of the base currency (docs "Get instruments": `ctVal`, "Contract value";
 * `BTC-USDT-SWAP` 0.01 BTC). A swap quantity times its contract value is the base-asset quantity the
 * feed publishes; a swap quantity whose contract value is unknown is never published.
 */
export type OkxSizing = 'base' | 'contracts';

/**
 * The base asset of `contracts` contracts of `contractValue` each: the product of two short decimals,
 * rounded to 15 significant digits so that binary noise (3 x 0.1 = 0.30000000000000004) does not
 * reach the record; exact for every product of at most 15 digits.
 */
export function contractsToBase(contracts: number, contractValue: number): number {
  return Number((contracts * contractValue).toPrecision(15));
}

/** A quantity as the feed publishes it: as written on spot, times the contract value on swaps (`undefined` when that is unknown). */
export function baseQuantity(size: number, sizing: OkxSizing, contractValue: number | undefined): number | undefined {
  if (sizing === 'base') return size;
  return contractValue === undefined ? undefined : contractsToBase(size, contractValue);
}

/**
 * Why a swap frame this feed follows cannot be mapped: one of its instruments sized in contracts (a
 * trade, a depth push, a best bid/ask, a liquidation) has no known contract value, so its quantities
 * would be published in contracts; `undefined` when every quantity can be read. Instruments the feed
 * does not follow (whose parts it cannot tell, or another shard's liquidations) are not its concern.
 */
export function okxContractRefusal(frame: OkxFrame, context: MapperContext): string | undefined {
  const unknown = (instId: string): boolean => {
    const parts = context.partsOf(instId);
    return parts !== undefined && parts.contractValue === undefined;
  };
  let instIds: readonly string[];
  switch (frame.kind) {
    case 'trades':
      instIds = frame.trades.map((t) => t.instId);
      break;
    case 'book':
      instIds = [frame.instId];
      break;
    case 'bbo':
      instIds = frame.quotes.map((q) => q.instId);
      break;
    case 'liquidations':
      instIds = frame.items.filter((l) => l.instType === OKX_SWAP_INST_TYPE && ownLiquidations(l.instId, context)).map((l) => l.instId);
      break;
    default:
      return undefined;
  }
  const missing = instIds.find(unknown);
  return missing === undefined ? undefined : `${missing}: contract value (ctVal) unknown, its sizes are contracts: not published`;
}

/**
 * Whether a liquidation of `instId` is this socket's to publish: `liquidation-orders` is subscribed per
 * instrument type, so every socket of every shard receives every swap's liquidations, and each keeps
 * those of the instruments it follows now (`MapperContext.follows`; without it, as in `normalize`, all).
 */
export function ownLiquidations(instId: string, context: MapperContext): boolean {
  return context.follows?.(instId) ?? true;
}
