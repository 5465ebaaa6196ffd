import type { BinanceUsdmFrame } from '../binance-usdm/binance-usdm-frames.js';
import type { MapperContext } from '../mapper-context.js';

/**
 * Why a COIN-M frame this feed follows cannot be mapped: it carries sizes (an aggregate trade, the best
 * bid/ask, a depth update, a liquidation, a 24 h ticker, a candle) of a symbol whose contract size is
 * unknown (its list unread: `normalize` or a replay without `--listings`), so its quantities would be
 * published in contracts; `undefined` when it can be read. Symbols the feed cannot split are not its concern.
 */
export function coinmContractRefusal(frame: BinanceUsdmFrame, context: MapperContext): string | undefined {
  switch (frame.kind) {
    case 'agg_trade':
    case 'book_ticker':
    case 'depth':
    case 'force_order':
    case 'ticker':
    case 'kline': {
      const parts = context.partsOf(frame.s);
      return parts !== undefined && parts.contractValue === undefined
        ? `${frame.s}: contract size unknown (its list unread), its contracts cannot be told in the coin`
        : undefined;
    }
    default:
      return undefined;
  }
}
