import type { BookTicker } from '../../model/book-ticker.js';
import type { MarketEvent } from '../../model/index.js';
import type { MarketRecordBase } from '../../model/market-record.js';
import type { PriceTick } from '../../model/price-tick.js';
import type { TradeEvent } from '../../model/trade-event.js';
import { roundPercent } from '../change-percent.js';
import type { MapperContext } from '../mapper-context.js';
import type { Building } from '../../model/building.js';
import { recordProvenance, setOptional } from '../record-provenance.js';
import { decimalDifference, plainDecimal } from './kraken-decimal-text.js';
import type { KrakenFrame, KrakenTicker, KrakenTickerFrame, KrakenTradeFrame } from './kraken-frames.js';

/**
 * Maps a validated Kraken v2 frame to normalized events; pure. Trades become `TradeEvent`s, each
 * ticker a `PriceTick` and a `BookTicker`; status, heartbeats, replies and book messages map to
 * nothing (books become `BookUpdate`s through the book plan). Symbols the context cannot split are skipped.
 */
export function mapKrakenFrame(frame: KrakenFrame, receivedTs: number, context: MapperContext): readonly MarketEvent[] {
  switch (frame.kind) {
    case 'trade':
      return mapTrades(frame, receivedTs, context);
    case 'ticker':
      return mapTickers(frame, receivedTs, context);
    default:
      return [];
  }
}

/**
 * `side` is the taker order's side (a `sell` taker means the buyer was the maker); `exchangeTs` the
 * trade's `timestamp`. A snapshot's trades (the last 50) map like an update's.
 */
function mapTrades(frame: KrakenTradeFrame, receivedTs: number, context: MapperContext): readonly TradeEvent[] {
  const events: TradeEvent[] = [];
  for (const t of frame.data) {
    const base = recordProvenance(t.symbol, Math.floor(t.micros / 1000), receivedTs, context);
    if (base === undefined) continue;
    events.push({
      type: 'trade',
      ...base,
      tradeId: String(t.tradeId),
      price: Number(t.price),
      quantity: Number(t.qty),
      side: t.side === 'buy' ? 'BUY' : 'SELL',
      isBuyerMaker: t.side === 'sell',
    });
  }
  return events;
}

/**
 * One `PriceTick` and one `BookTicker` per ticker (subscribed with `event_trigger: bbo`, so every change
 * of the best bid or offer sends one, with the 24 h figures too). `exchangeTs` is the ticker's
 * `timestamp`; without one, the receive time (the book ticker says it is estimated).
 */
function mapTickers(frame: KrakenTickerFrame, receivedTs: number, context: MapperContext): readonly MarketEvent[] {
  const events: MarketEvent[] = [];
  for (const t of frame.data) {
    const exchangeTs = t.micros === undefined ? receivedTs : Math.floor(t.micros / 1000);
    const base = recordProvenance(t.symbol, exchangeTs, receivedTs, context);
    if (base === undefined) continue;
    events.push(priceTick(t, base), {
      type: 'book_ticker',
      ...base,
      bid: t.bid,
      bidSize: t.bidQty,
      ask: t.ask,
      askSize: t.askQty,
      exchangeTsEstimated: t.micros === undefined,
    } satisfies BookTicker);
  }
  return events;
}

/**
 * The 24 h figures: the open is `last - change` (exact, in decimal), and the change in percent is
 * `change / open * 100`, since Kraken's `change_pct` is rounded to 2 decimals (0 for +0.0011 %); it is
 * used only without a `change`. The turnover is `volume * vwap`, the quote volume that the 24 h VWAP
 * stands for (within the rounding of the VWAP to the pair's price precision), left out where it is
 * no number. Zero prices (no trade in 24 h) are left out.
 */
function priceTick(t: KrakenTicker, base: MarketRecordBase): PriceTick {
  const tick: Building<PriceTick> = { type: 'price_tick', ...base, price: t.last };
  const open = t.change === undefined ? undefined : openOf(t.last, t.change);
  setOptional(tick, 'open24h', open);
  setOptional(tick, 'high24h', positive(t.high));
  setOptional(tick, 'low24h', positive(t.low));
  setOptional(tick, 'volume24h', t.volume);
  setOptional(tick, 'turnover24h', turnoverOf(t.volume, t.vwap));
  setOptional(tick, 'change24hPct', open !== undefined && t.change !== undefined ? roundPercent((t.change / open) * 100) : t.changePct);
  return tick;
}

/** `volume * vwap`; `undefined` without either, or where the product is no number (a figure out of range, as `1e308`): the turnover alone is left out. */
function turnoverOf(volume: number | undefined, vwap: number | undefined): number | undefined {
  const turnover = volume === undefined || vwap === undefined ? undefined : volume * vwap;
  return turnover !== undefined && Number.isFinite(turnover) ? turnover : undefined;
}

/** `last - change` computed on the decimals' texts; `undefined` when not positive. */
function openOf(last: number, change: number): number | undefined {
  const lastText = plainDecimal(String(last));
  const changeText = plainDecimal(String(change));
  const open = lastText === undefined || changeText === undefined ? last - change : Number(decimalDifference(lastText, changeText));
  return positive(open);
}

function positive(value: number | undefined): number | undefined {
  return value !== undefined && value > 0 ? value : undefined;
}
