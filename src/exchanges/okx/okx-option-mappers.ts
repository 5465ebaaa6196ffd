import type { BookTicker } from '../../model/book-ticker.js';
import type { Building } from '../../model/building.js';
import type { DerivativeTicker } from '../../model/derivative-ticker.js';
import type { MarketEvent } from '../../model/index.js';
import { expiryDay } from '../../model/instrument.js';
import type { OptionSummary } from '../../model/option-summary.js';
import type { TradeEvent } from '../../model/trade-event.js';
import type { MapperContext } from '../mapper-context.js';
import { recordProvenance } from '../record-provenance.js';
import { contractsToBase } from './okx-contracts.js';
import type { OkxOptionFrame, OkxOptionTickerFrame, OkxOptionTradesFrame, OkxOptSummaryFrame } from './okx-option-frames.js';
import { okxOptionOf } from './okx-option-names.js';

/**
 * OKX sends no rho (docs "Option summary channel": delta, gamma, vega, theta and their Black-Scholes
 * forms). The field is a `double` every reader already knows: NaN (`null` in JSON) where none is sent.
 */
export const OKX_RHO_NOT_SENT = Number.NaN;

/**
 * A figure `opt-summary` does not carry (the mark: OKX sends it on `mark-price`): NaN in the summary the
 * mapper makes, filled by `optionSummaryMerge` from the option's own channel before anything is published.
 */
export const OKX_FROM_ITS_CHANNEL = Number.NaN;

/**
 * Maps a validated OKX option frame to events; pure. Each option's figures come on four channels
 * (docs "Option summary channel", "Mark price channel", "Open interest channel", "Tickers channel"):
 * `opt-summary` gives a summary without mark and quotes; `mark-price` the mark (a derivative ticker of
 * the option), `open-interest` its open interest (in the coin: `oiCcy`) and `tickers` its best bid and
 * ask (a book ticker whose empty side is NaN at size 0) and last price. `optionSummaryMerge` merges them
 * per option and publishes summaries; only trades and summaries leave it. The family-wide channels
 * (`opt-summary`, `option-trades`) carry every option of the family: each socket keeps the options it
 * follows (`MapperContext.follows`), so shards never publish one record twice.
 */
export function mapOkxOptionFrame(frame: OkxOptionFrame, receivedTs: number, context: MapperContext): readonly MarketEvent[] {
  switch (frame.kind) {
    case 'opt_summary':
      return mapSummaries(frame, receivedTs, context);
    case 'option_trades':
      return mapTrades(frame, receivedTs, context);
    case 'option_mark':
    case 'option_interest': {
      const base = recordProvenance(frame.instId, frame.ts, receivedTs, context);
      if (base === undefined) return [];
      const ticker: DerivativeTicker =
        frame.kind === 'option_mark'
          ? { type: 'derivative_ticker', ...base, markPrice: Number(frame.markPx) }
          : { type: 'derivative_ticker', ...base, openInterest: Number(frame.oiCcy), openInterestTs: frame.ts, openInterestSource: 'stream' };
      return [ticker];
    }
    case 'option_ticker':
      return mapTicker(frame, receivedTs, context);
    default:
      return [];
  }
}

/**
 * The option's summary as OKX computed it: IVs (fractions on the wire) in percent, the Black-Scholes
 * greeks in USD (`deltaBS`, `gammaBS`, `vegaBS`, `thetaBS`: the units of the record, as Deribit's), not
 * the coin greeks beside them; the forward OKX priced the option at (`fwdPx`, USD) as the underlying
 * price, named by the family and expiry day (`BTC-USD-261127`); where no forward is sent (older
 * recordings) the underlying price is NaN and the index names the family.
 */
function mapSummaries(frame: OkxOptSummaryFrame, receivedTs: number, context: MapperContext): readonly OptionSummary[] {
  const out: OptionSummary[] = [];
  for (const s of frame.entries) {
    const option = okxOptionOf(s.instId);
    if (option === undefined || !follows(s.instId, context)) continue;
    const base = recordProvenance(s.instId, s.ts, receivedTs, context);
    if (base === undefined) continue;
    const summary: Building<OptionSummary> = {
      type: 'option_summary',
      ...base,
      optionType: option.terms.type,
      strike: option.terms.strike,
      expiryTs: option.expiryTs,
      markPrice: OKX_FROM_ITS_CHANNEL,
      markIv: percent(Number(s.markVol)),
      delta: Number(s.deltaBS),
      gamma: Number(s.gammaBS),
      vega: Number(s.vegaBS),
      theta: Number(s.thetaBS),
      rho: OKX_RHO_NOT_SENT,
      underlyingPrice: s.fwdPx === undefined ? Number.NaN : Number(s.fwdPx),
      underlyingIndex: s.fwdPx === undefined ? frame.family : `${option.family}-${expiryDay(option.expiryTs).slice(2)}`,
    };
    if (s.bidVol !== undefined) summary.bestBidIv = percent(Number(s.bidVol));
    if (s.askVol !== undefined) summary.bestAskIv = percent(Number(s.askVol));
    out.push(summary);
  }
  return out;
}

/** Option trades: price in the coin, size in contracts times the option's contract value (the coin), ids consecutive per option. */
function mapTrades(frame: OkxOptionTradesFrame, receivedTs: number, context: MapperContext): readonly TradeEvent[] {
  const out: TradeEvent[] = [];
  for (const t of frame.trades) {
    if (!follows(t.instId, context)) continue;
    const base = recordProvenance(t.instId, t.ts, receivedTs, context);
    const contractValue = context.partsOf(t.instId)?.contractValue;
    if (base === undefined || contractValue === undefined) continue;
    const quantity = contractsToBase(Number(t.sz), contractValue);
    out.push({
      type: 'trade',
      ...base,
      tradeId: t.tradeId,
      price: Number(t.px),
      quantity,
      side: t.side === 'buy' ? 'BUY' : 'SELL',
      isBuyerMaker: t.side === 'sell',
    });
  }
  return out;
}

/** An option's quote (sizes in the coin) and its last price, for `optionSummaryMerge` to merge. */
function mapTicker(frame: OkxOptionTickerFrame, receivedTs: number, context: MapperContext): readonly MarketEvent[] {
  const base = recordProvenance(frame.instId, frame.ts, receivedTs, context);
  const contractValue = context.partsOf(frame.instId)?.contractValue;
  if (base === undefined || contractValue === undefined) return [];
  const side = (price?: string, size?: string): readonly [number, number] =>
    price === undefined || size === undefined ? [Number.NaN, 0] : [Number(price), contractsToBase(Number(size), contractValue)];
  const [bid, bidSize] = side(frame.bidPx, frame.bidSz);
  const [ask, askSize] = side(frame.askPx, frame.askSz);
  const quote: BookTicker = { type: 'book_ticker', ...base, bid, bidSize, ask, askSize, exchangeTsEstimated: false };
  if (frame.last === undefined) return [quote];
  const last: DerivativeTicker = { type: 'derivative_ticker', ...base, lastPrice: Number(frame.last) };
  return [quote, last];
}

/** Whether this socket publishes `instId`'s records: the option is one it follows now (without `follows`, as in `normalize`, all). */
function follows(instId: string, context: MapperContext): boolean {
  return context.follows?.(instId) ?? true;
}

/** A fraction (0.5916) as percent (59.16), rounded to the wire's precision so 0.6004 reads 60.04, not 60.040000000000006. */
function percent(fraction: number): number {
  return Number((fraction * 100).toPrecision(12));
}
