import type { SimulatedMarket } from '../../simulated-market.js';
import { hlDecimal, hlOrderCount } from './hyperliquid-numbers.js';

/**
 * A `bbo` message of the coin now (`{"channel":"bbo","data":{"coin","time","bbo":[bid, ask]}}`,
 * hyperliquid-bbo.ndjson), each side `{px, sz, n}` at the market's touch: the book's best levels, `n`
 * as the book writes it. Undefined for a coin never listed. The venue pushes it on each block where
 * the touch changed (hyperliquid-dex/hyperliquid-rust-sdk#111's recorded `bbo` frames, 0.2 s apart);
 * the simulator at each generation step where it moved.
 */
export function hyperliquidBbo(market: SimulatedMarket, coin: string, now: number): string | undefined {
  const state = market.state(coin);
  const listing = market.listing(coin);
  if (state === undefined || listing === undefined) return undefined;
  const d = listing.priceDecimals;
  const s = listing.sizeDecimals;
  const level = (price: number, size: number) => ({
    px: hlDecimal(price, d),
    sz: hlDecimal(size, s),
    n: hlOrderCount(Math.round(price * 10 ** d), Math.max(1, Math.round(size * 10 ** s))),
  });
  return JSON.stringify({ channel: 'bbo', data: { coin, time: now, bbo: [level(state.bid, state.bidSize), level(state.ask, state.askSize)] } });
}
