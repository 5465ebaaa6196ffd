import type { BinanceUsdmFrame } from '../binance-usdm/binance-usdm-frames.js';
import type { MapperContext } from '../mapper-context.js';
import { coinmBase } from './binance-coinm-contracts.js';

/**
 * Why a COIN-M frame this feed follows cannot be mapped: it carries sizes (an aggregate trade, the best
 * bid/ask, a depth update, a liquidation, a 24 h ticker, a candle) of a symbol whose contract size is
 * unknown (its list unread: `normalize` or a replay without `--listings`), so its quantities would be
 * published in contracts; or one of its sizes is no number in the coin (a price so small that contracts
 * over it overflow). `undefined` when it can be read. Symbols the feed cannot split are not its concern.
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
      if (parts === undefined) return undefined;
      const size = parts.contractValue;
      return size === undefined ? `${frame.s}: contract size unknown (its list unread), its contracts cannot be told in the coin` : overflowIn(frame, size);
    }
    default:
      return undefined;
  }
}

/** A size of the frame whose coin is no number (contracts over a price so small that the quotient overflows), named; `undefined` when none is. */
function overflowIn(frame: BinanceUsdmFrame, contractSize: number): string | undefined {
  const check = (contracts: number, price: number): string | undefined =>
    price > 0 && !Number.isFinite(coinmBase(contracts, contractSize, price))
      ? `${contracts} contracts of ${contractSize} USD over ${price} is no quantity of the base asset`
      : undefined;
  switch (frame.kind) {
    case 'agg_trade':
      return check(Number(frame.q), Number(frame.p));
    case 'book_ticker':
      return check(Number(frame.B), Number(frame.b)) ?? check(Number(frame.A), Number(frame.a));
    case 'force_order':
      return check(Number(frame.z), Number(frame.p)) ?? check(Number(frame.q), Number(frame.p));
    case 'depth':
      for (const level of [...frame.b, ...frame.a]) {
        const why = check(level.size, level.price);
        if (why !== undefined) return why;
      }
      return undefined;
    default:
      return undefined;
  }
}
