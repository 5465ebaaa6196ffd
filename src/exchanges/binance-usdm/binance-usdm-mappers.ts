import type { DerivativeTicker } from '../../model/derivative-ticker.js';
import type { MarketEvent } from '../../model/index.js';
import type { Liquidation } from '../../model/liquidation.js';
import type { TradeEvent } from '../../model/trade-event.js';
import type { BinanceAggTradeFrame } from '../binance/binance-frames.js';
import { mapBinanceFrame } from '../binance/binance-mappers.js';
import type { MapperContext } from '../mapper-context.js';
import type { Building } from '../../model/building.js';
import { recordProvenance, setOptional } from '../record-provenance.js';
import type { BinanceForceOrderFrame, BinanceMarkPriceFrame, BinanceUsdmFrame } from './binance-usdm-frames.js';

/**
 * Maps a validated USD-M frame to normalized events; pure. Aggregate trades are the venue's trades
 * (`mapBinanceUsdmAggTrade`), `markPriceUpdate` a derivative ticker, `forceOrder` a sampled
 * liquidation; 24 h tickers, the best bid/ask (USD-M's carries its transaction time `T`) and candles
 * map as on spot. Depth frames become book updates elsewhere; acks, errors and `serverShutdown` map to
 * nothing, and so do symbols the context cannot split.
 */
export function mapBinanceUsdmFrame(frame: BinanceUsdmFrame, receivedTs: number, context: MapperContext): readonly MarketEvent[] {
  switch (frame.kind) {
    case 'agg_trade':
      return mapBinanceUsdmAggTrade(frame, receivedTs, context);
    case 'mark_price':
      return mapMarkPrice(frame, receivedTs, context);
    case 'force_order':
      return mapForceOrder(frame, receivedTs, context);
    case 'trade':
      // `@trade` is not subscribed here: its ids `t` count trades, not the aggregate ids USD-M's trades carry.
      return [];
    case 'depth':
      return [];
    default:
      return mapBinanceFrame(frame, receivedTs, context);
  }
}

/**
 * `<sym>@aggTrade` as USD-M's trade record: `tradeId` is the aggregate id `a`, consecutive per symbol,
 * so a hole is found and repaired by id (`GET /fapi/v1/aggTrades?fromId=`). The quantity is every fill
 * of one price and taker side within 100 ms (the venue's "Aggregate Trade Streams"); `m: true` means
 * the buyer was the maker, so the taker sold. `@aggTrade` rather than `@trade` because its route is
 * settled (`/market` in every source) while `@trade`'s is disputed (`/public` by tardis-node, ccxt's
 * code and binance-public-data #472; `/market` by ccxt #28091), and a stream on the wrong route is
 * acknowledged and then never delivers. Exchange time: the trade time `T`.
 */
export function mapBinanceUsdmAggTrade(frame: BinanceAggTradeFrame, receivedTs: number, context: MapperContext): readonly TradeEvent[] {
  const base = recordProvenance(frame.s, frame.T, receivedTs, context);
  if (base === undefined) return [];
  return [
    {
      type: 'trade',
      ...base,
      tradeId: String(frame.a),
      price: Number(frame.p),
      quantity: Number(frame.q),
      side: frame.m ? 'SELL' : 'BUY',
      isBuyerMaker: frame.m,
    },
  ];
}

/** `markPriceUpdate`: mark, index, funding rate and next funding time as the venue last set them; exchange time `E`. */
function mapMarkPrice(frame: BinanceMarkPriceFrame, receivedTs: number, context: MapperContext): readonly DerivativeTicker[] {
  const base = recordProvenance(frame.s, frame.E, receivedTs, context);
  if (base === undefined) return [];
  const ticker: Building<DerivativeTicker> = { type: 'derivative_ticker', ...base, markPrice: Number(frame.p) };
  setOptional(ticker, 'indexPrice', frame.i === undefined ? undefined : Number(frame.i));
  setOptional(ticker, 'fundingRate', frame.r === undefined ? undefined : Number(frame.r));
  setOptional(ticker, 'nextFundingTs', frame.T);
  return [ticker];
}

/**
 * `forceOrder`: a forced `SELL` closes a long, a forced `BUY` a short; price `p` of the order, exchange
 * time its trade time `T`. The quantity is what was liquidated, the order's filled accumulated quantity
 * `z`, not its original quantity `q`: an order `PARTIALLY_FILLED` (or `EXPIRED` after part of it filled)
 * closed `z` of the position, and the rest was not closed by this order. Sampled: the venue sends the
 * latest per symbol per second.
 *
 * An order that filled nothing (`z` 0) gives no record: it closed no part of any position, and a
 * record of quantity 0 would count as a liquidation where none happened (counts of liquidations are
 * read off these records). Such a frame is valid, not an invalid frame: it maps to nothing, as an ack does.
 */
function mapForceOrder(frame: BinanceForceOrderFrame, receivedTs: number, context: MapperContext): readonly Liquidation[] {
  const quantity = Number(frame.z);
  if (quantity === 0) return [];
  const base = recordProvenance(frame.s, frame.T, receivedTs, context);
  if (base === undefined) return [];
  return [
    {
      type: 'liquidation',
      ...base,
      positionSide: frame.S === 'SELL' ? 'LONG' : 'SHORT',
      price: Number(frame.p),
      quantity,
      sampled: true,
    },
  ];
}
