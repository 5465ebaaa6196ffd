import type { MapperContext } from '../mapper-context.js';
import { okxContractRefusal, ownLiquidations } from './okx-contracts.js';
import type { OkxFrame } from './okx-frames.js';
import { OKX_SWAP_INST_TYPE, okxSwapOfIndex } from './okx-subscriptions.js';

/**
 * An inverse swap's id (`BTC-USD-SWAP`): OKX's coin-margined perpetuals are quoted in USD, a contract
 * worth USD (`ctValCcy` USD, `ctType` inverse; BTC-USD-SWAP 100 USD in the recorded list); its linear
 * ones are margined in USDT or USDC (`BTC-USDT-SWAP`, `BTC-USDC-SWAP`).
 */
const INVERSE_SWAP = /^[A-Z0-9]+-USD-SWAP$/;

/** Whether `instId` is one of OKX's inverse (coin-margined) swaps. */
export function isOkxInverseSwap(instId: string): boolean {
  return INVERSE_SWAP.test(instId);
}

/** The one reason a frame of an inverse swap is refused, whatever its channel (naming the frame, `$`, as refusals name what they refuse). */
export function okxInverseSwapRefusal(instId: string): string {
  return `$: ${instId} is an inverse swap (coin-margined, its contracts worth USD): okx_swap publishes linear swaps only, none of its channels`;
}

/**
 * Why a frame of the linear swap venue cannot be published: it names an inverse swap, on any channel
 * (its price ticks, funding, index, mark, open interest, candles, trades, books, best bid/ask and
 * liquidations are all refused alike: keyed as a linear `-PERP` they would be another instrument, and
 * its sizes are USD contracts); or an instrument sized in contracts has no known contract value
 * (`okxContractRefusal`). Liquidations of instruments the socket does not follow are not its concern.
 */
export function okxSwapRefusal(frame: OkxFrame, context: MapperContext): string | undefined {
  const inverse = swapsNamed(frame, context).find(isOkxInverseSwap);
  return inverse === undefined ? okxContractRefusal(frame, context) : okxInverseSwapRefusal(inverse);
}

/** The swaps a frame would publish records of. */
function swapsNamed(frame: OkxFrame, context: MapperContext): readonly string[] {
  switch (frame.kind) {
    case 'trades':
      return frame.trades.map((t) => t.instId);
    case 'ticker':
      return frame.tickers.map((t) => t.instId);
    case 'bbo':
      return frame.quotes.map((q) => q.instId);
    case 'book':
    case 'candle':
      return [frame.instId];
    case 'funding':
    case 'mark':
    case 'open_interest':
      return frame.items.map((i) => i.instId);
    case 'index':
      return frame.items.map((i) => okxSwapOfIndex(i.instId));
    case 'liquidations':
      return frame.items.filter((l) => l.instType === OKX_SWAP_INST_TYPE && ownLiquidations(l.instId, context)).map((l) => l.instId);
    default:
      return [];
  }
}
