import type { BookTicker } from '../../model/book-ticker.js';
import type { Building } from '../../model/building.js';
import type { DerivativeTicker } from '../../model/derivative-ticker.js';
import type { MarketEvent } from '../../model/index.js';
import type { Liquidation } from '../../model/liquidation.js';
import type { PriceTick } from '../../model/price-tick.js';
import type { TradeEvent } from '../../model/trade-event.js';
import type { MapperContext } from '../mapper-context.js';
import { recordProvenance, setOptional } from '../record-provenance.js';
import type { DeribitFrame } from './deribit-frames.js';
import type { DeribitTicker, DeribitTrade } from './deribit-market-frames.js';
import { priceOrAbsent } from './deribit-fields.js';
import { mapDeribitOptionTicker } from './deribit-option-summary.js';

/**
 * How a Deribit venue's amounts are written: `usd` on the inverse futures (`deribit`: a BTC contract is
 * 10 USD, an ETH contract 1 USD; `amount` is USD), `coin` on options (`deribit_options`: `amount` is the
 * underlying). The feed publishes the base asset: a USD amount divided by the price it traded or
 * rests at.
 */
export type DeribitSizing = 'usd' | 'coin';

/** A quantity in the base asset: a USD amount over its price, a coin amount as written. */
export function baseAmount(amount: number, price: number, sizing: DeribitSizing): number {
  return sizing === 'coin' ? amount : amount / price;
}

/**
 * Maps a validated Deribit frame, pure. `deribit`: trades (and a liquidation per liquidated side of a
 * liquidation trade), best bid/ask, the derivative ticker and the 24 h price tick from `ticker`;
 * `deribit_options`: trades and the option summary. Answers, heartbeats and book notifications map to
 * nothing (book notifications become `BookUpdate`s for the book plan). An instrument the context cannot
 * split is refused before it gets here (`deribitRefusal`).
 */
export function mapDeribitFrame(frame: DeribitFrame, receivedTs: number, context: MapperContext, sizing: DeribitSizing): readonly MarketEvent[] {
  switch (frame.kind) {
    case 'trades':
      return frame.trades.flatMap((t) => mapTrade(t, receivedTs, context, sizing));
    case 'ticker':
      return sizing === 'coin' ? mapDeribitOptionTicker(frame.ticker, receivedTs, context) : mapFutureTicker(frame.ticker, receivedTs, context);
    default:
      return [];
  }
}

/**
 * One trade: `tradeId` is `trade_seq` as decimal text (consecutive per instrument, so a hole is exact and
 * repaired by id; Deribit's own `trade_id` is not kept); `direction` is the taker's side; the quantity is
 * `amount / price` on `deribit` (USD over the price: base asset), `amount` on options (already the coin).
 * A liquidation trade (`liquidation` `T`: the taker was liquidated, `M`: the maker, `MT`: both) is
 * published as a trade and also as one `Liquidation` per liquidated side, at the trade's price and
 * quantity: the taker's position closed by its own side (a taker `sell` closes a long), the maker's by the
 * other; every one is in the stream (`sampled: false`).
 */
function mapTrade(t: DeribitTrade, receivedTs: number, context: MapperContext, sizing: DeribitSizing): readonly (TradeEvent | Liquidation)[] {
  const base = recordProvenance(t.instrument, t.timestamp, receivedTs, context);
  if (base === undefined) return [];
  const quantity = baseAmount(t.amount, t.price, sizing);
  const sell = t.direction === 'sell';
  const trade: TradeEvent = { type: 'trade', ...base, tradeId: String(t.tradeSeq), price: t.price, quantity, side: sell ? 'SELL' : 'BUY', isBuyerMaker: sell };
  if (t.liquidation === undefined) return [trade];
  const liquidation = (closedBySell: boolean): Liquidation => ({
    type: 'liquidation',
    ...base,
    positionSide: closedBySell ? 'LONG' : 'SHORT',
    price: t.price,
    quantity,
    sampled: false,
  });
  const events: (TradeEvent | Liquidation)[] = [trade];
  if (t.liquidation.includes('T')) events.push(liquidation(sell));
  if (t.liquidation.includes('M')) events.push(liquidation(!sell));
  return events;
}

/**
 * A perpetual's or dated future's `ticker`:
 * - the best bid and ask (each size `amount / price`), when both sides hold a quote and do not cross;
 * - the derivative ticker: `mark_price`, `index_price`, the last price, and open interest both as sent
 *   (USD, `openInterestValue`) and in the base asset (`open_interest / mark_price`); a mark of 0 (none a
 *   live future has) is absent, and open interest with it (it is read in the base asset over the mark). `fundingRate` is
 *   `current_funding`, the rate Deribit charges now (as tardis-node's Deribit mapper reads it), a fraction;
 *   `funding_8h` (what was paid over the last 8 h) is not published. Deribit funds continuously (every
 *   millisecond of a position, docs "Perpetual": funding is "paid continuously"), so there is no next
 *   funding time: `nextFundingTs` is absent. Dated futures have no funding fields, and none is set;
 * - the 24 h price tick from `last_price` and `stats`: `volume` (the coin) is the base volume,
 *   `volume_usd` the turnover, `price_change` already percent.
 */
function mapFutureTicker(t: DeribitTicker, receivedTs: number, context: MapperContext): readonly MarketEvent[] {
  const base = recordProvenance(t.instrument, t.timestamp, receivedTs, context);
  if (base === undefined) return [];
  const events: MarketEvent[] = [];
  const { bestBidPrice: bid, bestBidAmount: bidAmount, bestAskPrice: ask, bestAskAmount: askAmount } = t;
  if (bid !== undefined && ask !== undefined && bidAmount !== undefined && askAmount !== undefined && bid > 0 && ask > bid && bidAmount > 0 && askAmount > 0) {
    const quote: BookTicker = { type: 'book_ticker', ...base, bid, bidSize: bidAmount / bid, ask, askSize: askAmount / ask, exchangeTsEstimated: false };
    events.push(quote);
  }
  const ticker: Building<DerivativeTicker> = { type: 'derivative_ticker', ...base };
  setOptional(ticker, 'markPrice', priceOrAbsent(t.markPrice));
  setOptional(ticker, 'indexPrice', priceOrAbsent(t.indexPrice));
  setOptional(ticker, 'fundingRate', t.currentFunding);
  setOptional(ticker, 'lastPrice', priceOrAbsent(t.lastPrice));
  if (t.openInterest !== undefined && t.markPrice > 0) {
    ticker.openInterest = t.openInterest / t.markPrice;
    ticker.openInterestValue = t.openInterest;
    ticker.openInterestTs = t.timestamp;
    ticker.openInterestSource = 'stream';
  }
  events.push(ticker);
  if (t.lastPrice !== undefined && t.lastPrice > 0) {
    const tick: Building<PriceTick> = { type: 'price_tick', ...base, price: t.lastPrice };
    setOptional(tick, 'high24h', t.high24h);
    setOptional(tick, 'low24h', t.low24h);
    setOptional(tick, 'volume24h', t.volume24h);
    setOptional(tick, 'turnover24h', t.volumeUsd24h);
    setOptional(tick, 'change24hPct', t.priceChange24h);
    events.push(tick);
  }
  return events;
}
