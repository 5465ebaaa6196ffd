import type { BookTicker } from '../../model/book-ticker.js';
import type { MarketEvent } from '../../model/index.js';
import type { Liquidation } from '../../model/liquidation.js';
import type { TradeEvent } from '../../model/trade-event.js';
import type { BinanceAggTradeFrame, BinanceBookTickerFrame, BinanceTickerFrame } from '../binance/binance-frames.js';
import type { BinanceKlineFrame } from '../binance/binance-kline-frames.js';
import { mapBinanceFrame } from '../binance/binance-mappers.js';
import type { BinanceForceOrderFrame, BinanceUsdmFrame } from '../binance-usdm/binance-usdm-frames.js';
import { mapBinanceUsdmFrame } from '../binance-usdm/binance-usdm-mappers.js';
import type { MapperContext } from '../mapper-context.js';
import { recordProvenance } from '../record-provenance.js';
import { coinmBase, coinmUsd, contractSizeOf } from './binance-coinm-contracts.js';

/**
 * Maps a validated COIN-M frame (USD-M's frames: the same protocol) to normalized events; pure. Every
 * size on the wire is contracts of the symbol's `contractSize` USD (`partsOf(symbol).contractValue`, from
 * the list), published in the coin: an aggregate trade's `q` over its price, the best bid/ask's `B`/`A`
 * over their prices, a liquidation's filled `z` over its price; the 24 h ticker's and a candle's base
 * volume is the venue's own base figure (`q`, "base asset volume") and their quote volume the contracts'
 * USD (`v` times the size). A sized frame of a symbol whose size is unknown maps to nothing (the protocol
 * refuses it first). Mark prices (`markPriceUpdate`) carry no size and map as on USD-M.
 */
export function mapBinanceCoinmFrame(frame: BinanceUsdmFrame, receivedTs: number, context: MapperContext): readonly MarketEvent[] {
  switch (frame.kind) {
    case 'agg_trade':
      return mapAggTrade(frame, receivedTs, context);
    case 'book_ticker':
      return mapBookTicker(frame, receivedTs, context);
    case 'force_order':
      return mapForceOrder(frame, receivedTs, context);
    case 'ticker':
      return mapTicker(frame, receivedTs, context);
    case 'kline':
      return mapKline(frame, receivedTs, context);
    default:
      return mapBinanceUsdmFrame(frame, receivedTs, context);
  }
}

/** `<sym>@aggTrade`: trade id the aggregate id `a` (consecutive per symbol), `q` contracts over the price `p`; `m: true` a taker sell. */
function mapAggTrade(frame: BinanceAggTradeFrame, receivedTs: number, context: MapperContext): readonly TradeEvent[] {
  const size = contractSizeOf(frame.s, context);
  const base = recordProvenance(frame.s, frame.T, receivedTs, context);
  if (size === undefined || base === undefined) return [];
  const price = Number(frame.p);
  const quantity = coinmBase(Number(frame.q), size, price);
  return [{ type: 'trade', ...base, tradeId: String(frame.a), price, quantity, side: frame.m ? 'SELL' : 'BUY', isBuyerMaker: frame.m }];
}

/** `<sym>@bookTicker` (with its transaction time `T`): each side's contracts over that side's price. */
function mapBookTicker(frame: BinanceBookTickerFrame, receivedTs: number, context: MapperContext): readonly BookTicker[] {
  const size = contractSizeOf(frame.s, context);
  if (size === undefined) return [];
  const events = mapBinanceFrame(frame, receivedTs, context);
  return events.flatMap((event) =>
    event.type === 'book_ticker' ? [{ ...event, bidSize: coinmBase(event.bidSize, size, event.bid), askSize: coinmBase(event.askSize, size, event.ask) }] : [],
  );
}

/**
 * `forceOrder`: as on USD-M (a forced `SELL` closes a long; the quantity is the filled `z`, none when it
 * filled nothing; sampled), `z` contracts over the order's price `p`.
 */
function mapForceOrder(frame: BinanceForceOrderFrame, receivedTs: number, context: MapperContext): readonly Liquidation[] {
  const size = contractSizeOf(frame.s, context);
  if (size === undefined) return [];
  return mapBinanceUsdmFrame(frame, receivedTs, context).flatMap((event) =>
    event.type === 'liquidation' ? [{ ...event, quantity: coinmBase(event.quantity, size, event.price) }] : [],
  );
}

/** `24hrTicker`: COIN-M's `v` is contracts and `q` the coin ("Total traded base asset volume"): base `q`, turnover `v` times the size in USD. */
function mapTicker(frame: BinanceTickerFrame, receivedTs: number, context: MapperContext): readonly MarketEvent[] {
  const size = contractSizeOf(frame.s, context);
  if (size === undefined) return [];
  const { v, q, ...rest } = frame;
  const swapped: BinanceTickerFrame = { ...rest, ...(q === undefined ? {} : { v: q }), ...(v === undefined ? {} : { q: String(coinmUsd(Number(v), size)) }) };
  return mapBinanceFrame(swapped, receivedTs, context);
}

/** A candle: `k.v` contracts, `k.q` the coin ("Base asset volume"): base `k.q`, quote `k.v` times the size in USD. */
function mapKline(frame: BinanceKlineFrame, receivedTs: number, context: MapperContext): readonly MarketEvent[] {
  const size = contractSizeOf(frame.s, context);
  if (size === undefined) return [];
  return mapBinanceFrame({ ...frame, k: { ...frame.k, v: frame.k.q, q: String(coinmUsd(Number(frame.k.v), size)) } }, receivedTs, context);
}
