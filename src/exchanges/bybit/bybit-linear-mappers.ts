import type { Liquidation } from '../../model/liquidation.js';
import type { MarketEvent } from '../../model/index.js';
import { roundPercent } from '../change-percent.js';
import type { MapperContext } from '../mapper-context.js';
import type { Building } from '../../model/building.js';
import { recordProvenance, setOptional } from '../record-provenance.js';
import type { BybitLinearFrame, BybitLinearTickerFrame, BybitLiquidationFrame } from './bybit-linear-frames.js';
import type { BybitLinearDay, BybitLinearTickerUpdate } from './bybit-linear-ticker-reducer.js';
import { mapBybitFrame } from './bybit-mappers.js';
import { numberOf } from '../figures.js';

/**
 * Maps a validated Bybit v5 linear frame to normalized events; pure. Trades (their UUID `i` kept as the
 * trade id; the tick direction `L` is not a record field), best bid/ask and candles map as on spot; a
 * `tickers` frame becomes one `BybitLinearTickerUpdate` for the protocol's reducer, which merges deltas
 * (`bybitLinearTickerReducer`); an `allLiquidation` frame one `Liquidation` per entry. Symbols the context
 * cannot split are skipped.
 */
export function mapBybitLinearFrame(frame: BybitLinearFrame, receivedTs: number, context: MapperContext): readonly MarketEvent[] {
  switch (frame.kind) {
    case 'linear_ticker':
      return mapTicker(frame, receivedTs, context);
    case 'liquidation':
      return mapLiquidations(frame, receivedTs, context);
    default:
      return mapBybitFrame(frame, receivedTs, context);
  }
}

/**
 * The figures one frame sent: `nextFundingTime` as `nextFundingTs`, open interest timed by the frame's `ts`
 * (`openInterestSource: 'stream'`) when it sent `openInterest` (its value in the quote asset, which moves
 * with the mark price, is sent far more often and times nothing); `price24hPcnt`, a fraction, as a
 * percent; `prevPrice24h` as the day's open.
 */
function mapTicker(frame: BybitLinearTickerFrame, receivedTs: number, context: MapperContext): readonly BybitLinearTickerUpdate[] {
  const d = frame.data;
  const base = recordProvenance(d.symbol, frame.ts, receivedTs, context);
  if (base === undefined) return [];
  const day: Building<BybitLinearDay> = {};
  setOptional(day, 'open24h', numberOf(d.prevPrice24h));
  setOptional(day, 'high24h', numberOf(d.highPrice24h));
  setOptional(day, 'low24h', numberOf(d.lowPrice24h));
  setOptional(day, 'volume24h', numberOf(d.volume24h));
  setOptional(day, 'turnover24h', numberOf(d.turnover24h));
  const fraction = numberOf(d.price24hPcnt);
  setOptional(day, 'change24hPct', fraction === undefined ? undefined : roundPercent(fraction * 100));
  const update: Building<BybitLinearTickerUpdate> = { type: 'derivative_ticker', ...base, bybitTicker: { type: frame.type, day } };
  setOptional(update, 'markPrice', numberOf(d.markPrice));
  setOptional(update, 'indexPrice', numberOf(d.indexPrice));
  setOptional(update, 'fundingRate', numberOf(d.fundingRate));
  setOptional(update, 'nextFundingTs', numberOf(d.nextFundingTime));
  setOptional(update, 'openInterest', numberOf(d.openInterest));
  setOptional(update, 'openInterestValue', numberOf(d.openInterestValue));
  if (d.openInterest !== undefined) {
    update.openInterestTs = frame.ts;
    update.openInterestSource = 'stream';
  }
  setOptional(update, 'lastPrice', numberOf(d.lastPrice));
  return [update];
}

/** `S: Buy` closed a long, `Sell` a short (all-liquidation.mdx); every liquidation is sent, none sampled. */
function mapLiquidations(frame: BybitLiquidationFrame, receivedTs: number, context: MapperContext): readonly Liquidation[] {
  const events: Liquidation[] = [];
  for (const l of frame.data) {
    const base = recordProvenance(l.s, l.T, receivedTs, context);
    if (base === undefined) continue;
    events.push({ type: 'liquidation', ...base, positionSide: l.S === 'Buy' ? 'LONG' : 'SHORT', price: Number(l.p), quantity: Number(l.v), sampled: false });
  }
  return events;
}
