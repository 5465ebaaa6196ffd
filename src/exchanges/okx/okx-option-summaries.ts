import type { Building } from '../../model/building.js';
import type { MarketEvent } from '../../model/index.js';
import type { OptionSummary } from '../../model/option-summary.js';
import type { SymbolReducer } from '../venue-protocol.js';

/** What the feed knows of one option besides its `opt-summary`: as OKX last sent each on this socket. */
export interface OkxOptionFigures {
  readonly markPrice?: number;
  readonly openInterest?: number;
  readonly lastPrice?: number;
  readonly bid?: readonly [price: number, amount: number];
  readonly ask?: readonly [price: number, amount: number];
  /** The last summary made before any mark was known: published with the first mark. */
  readonly waiting?: OptionSummary;
}

/**
 * OKX's option figures merged per option into summaries (`mapOkxOptionFrame` makes the parts): a mark,
 * an open interest, a quote or a last price is kept and publishes nothing; each `opt-summary` of the
 * option goes out carrying the last of each, at the summary's time, as tardis-node's okex-options summary
 * merges them. A summary before the option's first mark waits for it (the latest one only) and goes
 * out with it, so none is published without its mark. A quote side is the `tickers` push's (price and
 * size), with the IV `opt-summary` gives that side; an IV on a side without a quote is left out. Trades
 * pass unchanged and in order.
 */
export const okxOptionSummaries: SymbolReducer<OkxOptionFigures> = {
  initial: () => ({}),
  reduce: (state, events) => {
    let known = state;
    const out: MarketEvent[] = [];
    for (const event of events) {
      switch (event.type) {
        case 'derivative_ticker': {
          const next: { -readonly [K in keyof OkxOptionFigures]: OkxOptionFigures[K] } = { ...known };
          if (event.markPrice !== undefined) next.markPrice = event.markPrice;
          if (event.openInterest !== undefined) next.openInterest = event.openInterest;
          if (event.lastPrice !== undefined) next.lastPrice = event.lastPrice;
          if (next.waiting !== undefined && next.markPrice !== undefined) {
            out.push(completed(next.waiting, next));
            delete next.waiting;
          }
          known = next;
          break;
        }
        case 'book_ticker': {
          const { bid: _bid, ask: _ask, ...rest } = known;
          const bid = sideOf(event.bid, event.bidSize);
          const ask = sideOf(event.ask, event.askSize);
          known = { ...rest, ...(bid === undefined ? {} : { bid }), ...(ask === undefined ? {} : { ask }) };
          break;
        }
        case 'option_summary':
          if (known.markPrice === undefined) known = { ...known, waiting: event };
          else out.push(completed(event, known));
          break;
        default:
          out.push(event);
      }
    }
    return { state: known, events: out };
  },
};

/** A side as kept: its price and amount, or none (an empty side comes as NaN at size 0). */
function sideOf(price: number, amount: number): readonly [number, number] | undefined {
  return Number.isNaN(price) || !(amount > 0) ? undefined : [price, amount];
}

function completed(summary: OptionSummary, known: OkxOptionFigures): OptionSummary {
  const { bestBidIv, bestAskIv, ...rest } = summary;
  const out: Building<OptionSummary> = { ...rest, markPrice: known.markPrice ?? summary.markPrice };
  if (known.bid !== undefined) {
    out.bestBidPrice = known.bid[0];
    out.bestBidAmount = known.bid[1];
    if (bestBidIv !== undefined) out.bestBidIv = bestBidIv;
  }
  if (known.ask !== undefined) {
    out.bestAskPrice = known.ask[0];
    out.bestAskAmount = known.ask[1];
    if (bestAskIv !== undefined) out.bestAskIv = bestAskIv;
  }
  if (known.lastPrice !== undefined) out.lastPrice = known.lastPrice;
  if (known.openInterest !== undefined) out.openInterest = known.openInterest;
  return out;
}
