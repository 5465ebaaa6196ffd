import type { BookTicker } from '../../model/book-ticker.js';
import type { DerivativeTicker } from '../../model/derivative-ticker.js';
import type { MarketEvent } from '../../model/index.js';
import type { TradeEvent } from '../../model/trade-event.js';
import type { MapperContext } from '../mapper-context.js';
import { recordProvenance } from '../record-provenance.js';
import type { HyperliquidFrame } from './hyperliquid-frames.js';
import type { HyperliquidAssetCtxFrame, HyperliquidBboFrame, HyperliquidTradesFrame } from './hyperliquid-market-frames.js';

/**
 * Funding is paid every hour, on the hour (docs "Trading > Funding": "funding is paid every hour", one
 * eighth of the 8-hour rate; docs "Info endpoint > Perpetuals", `predictedFundings` example: `HlPerp`
 * `nextFundingTime` 1733958000000, a whole hour), and `activeAssetCtx`'s `funding` is that hour's rate.
 */
export const HYPERLIQUID_FUNDING_INTERVAL_MS = 3_600_000;

/** The next funding time after `ts`: the next whole hour (UTC). */
export function hyperliquidNextFundingTs(ts: number): number {
  return (Math.floor(ts / HYPERLIQUID_FUNDING_INTERVAL_MS) + 1) * HYPERLIQUID_FUNDING_INTERVAL_MS;
}

/**
 * Maps a validated Hyperliquid frame to normalized events; pure. Sizes are the coin's as the wire gives
 * them (a `k` coin's in thousands, its base `1000PEPE`). Acks, pongs, errors and book snapshots map to
 * nothing (book snapshots become `BookUpdate`s for the book plan). Coins the context cannot split are
 * skipped. The backlog a trades subscription opens with is dropped after this, by the protocol's
 * reducer (`hyperliquidBacklogReducer`): the mapper alone cannot tell it from a live message.
 */
export function mapHyperliquidFrame(frame: HyperliquidFrame, receivedTs: number, context: MapperContext): readonly MarketEvent[] {
  switch (frame.kind) {
    case 'trades':
      return mapTrades(frame, receivedTs, context);
    case 'bbo':
      return mapBbo(frame, receivedTs, context);
    case 'asset_ctx':
      return mapAssetCtx(frame, receivedTs, context);
    default:
      return [];
  }
}

/**
 * `side` is the aggressor's (docs "Notation": "Side is aggressing side for trades"; `B` bought, `A`
 * sold): tardis-node (`side === 'B' ? 'buy' : 'sell'`) and ccxt read it alike. `time` is the trade's
 * time; `tid` its id, kept as the text it was sent as.
 */
function mapTrades(frame: HyperliquidTradesFrame, receivedTs: number, context: MapperContext): readonly TradeEvent[] {
  const events: TradeEvent[] = [];
  for (const t of frame.trades) {
    const base = recordProvenance(t.coin, t.time, receivedTs, context);
    if (base === undefined) continue;
    const side = t.side === 'B' ? 'BUY' : 'SELL';
    events.push({ type: 'trade', ...base, tradeId: t.tid, price: Number(t.px), quantity: Number(t.sz), side, isBuyerMaker: side === 'SELL' });
  }
  return events;
}

/** `bbo` at its `time`; a side the venue sent as null (an empty side), or a crossed pair, says nothing of the top: no record. */
function mapBbo(frame: HyperliquidBboFrame, receivedTs: number, context: MapperContext): readonly BookTicker[] {
  const { bid, ask } = frame;
  if (bid === undefined || ask === undefined || bid.price >= ask.price) return [];
  const base = recordProvenance(frame.coin, frame.time, receivedTs, context);
  if (base === undefined) return [];
  return [{ type: 'book_ticker', ...base, bid: bid.price, bidSize: bid.size, ask: ask.price, askSize: ask.size, exchangeTsEstimated: false }];
}

/**
 * `activeAssetCtx`: the mark price, the oracle price (`oraclePx`) as the index, as tardis-node
 * reads it (`updateIndexPrice(oraclePx)`: funding is paid on the oracle price), the hour's funding rate as given,
 * open interest in the coin. The frame has no time (hyperliquid-activeAssetCtx.ndjson): `exchangeTs`
 * and the open interest's time are the receive time, and the next funding time the next whole hour
 * after it. The day's volume and previous price are not read: there is no last price to make a tick of.
 */
function mapAssetCtx(frame: HyperliquidAssetCtxFrame, receivedTs: number, context: MapperContext): readonly DerivativeTicker[] {
  const base = recordProvenance(frame.coin, receivedTs, receivedTs, context);
  if (base === undefined) return [];
  return [
    {
      type: 'derivative_ticker',
      ...base,
      markPrice: Number(frame.markPx),
      indexPrice: Number(frame.oraclePx),
      fundingRate: Number(frame.funding),
      nextFundingTs: hyperliquidNextFundingTs(receivedTs),
      openInterest: Number(frame.openInterest),
      openInterestTs: receivedTs,
      openInterestSource: 'stream',
    },
  ];
}
