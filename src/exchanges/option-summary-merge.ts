import type { Building } from '../model/building.js';
import type { MarketEvent } from '../model/index.js';
import type { OptionSummary } from '../model/option-summary.js';
import type { SymbolReducer } from './venue-protocol.js';

/**
 * What the feed knows of one option besides the channel its summaries come on, as its venue last sent
 * each on this socket: a mark, an open interest and a last price (derivative tickers of the option), a
 * quote (a book ticker whose empty side is NaN at size 0), the price of its last trade.
 */
export interface OptionFigures {
  readonly markPrice?: number;
  readonly openInterest?: number;
  readonly lastPrice?: number;
  readonly bid?: readonly [price: number, amount: number];
  readonly ask?: readonly [price: number, amount: number];
  /** The last summary made before any mark was known: published with the first mark. */
  readonly waiting?: OptionSummary;
}

/** Whether the option's trades give its last price (a venue whose summaries and tickers carry none). */
export interface OptionSummaryMergeRules {
  readonly lastFromTrades: boolean;
}

/**
 * Summaries of a venue whose figures of an option come on several channels (OKX: `opt-summary`,
 * `mark-price`, `open-interest`, `tickers`; Binance: `optionMarkPrice`, `optionOpenInterest`, trades),
 * merged per option, as tardis-node's summary mappers of both merge them: a part (a derivative ticker, a
 * quote) is kept and publishes nothing; each summary goes out carrying the last of each it does not
 * carry itself. A summary without a mark (NaN: its channel sends none) waits for the option's first mark
 * (the latest one only) and goes out with it, so none is published without its mark. A quote side kept
 * goes out with the IV the summary gives that side; an IV on a side without a quote is left out. Trades
 * pass unchanged and in order; every other event too.
 */
export function optionSummaryMerge(rules: OptionSummaryMergeRules): SymbolReducer<OptionFigures> {
  return {
    initial: () => ({}),
    reduce: (state, events) => {
      let known = state;
      const out: MarketEvent[] = [];
      for (const event of events) {
        switch (event.type) {
          case 'derivative_ticker': {
            const next: { -readonly [K in keyof OptionFigures]: OptionFigures[K] } = { ...known };
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
          case 'trade':
            if (rules.lastFromTrades) known = { ...known, lastPrice: event.price };
            out.push(event);
            break;
          case 'option_summary':
            if (Number.isNaN(event.markPrice) && known.markPrice === undefined) known = { ...known, waiting: event };
            else out.push(completed(event, known));
            break;
          default:
            out.push(event);
        }
      }
      return { state: known, events: out };
    },
  };
}

/** A side as kept: its price and amount, or none (an empty side comes as NaN at size 0). */
function sideOf(price: number, amount: number): readonly [number, number] | undefined {
  return Number.isNaN(price) || !(amount > 0) ? undefined : [price, amount];
}

/** The summary with what it does not carry itself taken from what is known of the option. */
function completed(summary: OptionSummary, known: OptionFigures): OptionSummary {
  const { bestBidIv, bestAskIv, ...rest } = summary;
  const out: Building<OptionSummary> = { ...rest };
  if (Number.isNaN(out.markPrice) && known.markPrice !== undefined) out.markPrice = known.markPrice;
  side(out, 'bestBid', bestBidIv, known.bid);
  side(out, 'bestAsk', bestAskIv, known.ask);
  if (out.lastPrice === undefined && known.lastPrice !== undefined) out.lastPrice = known.lastPrice;
  if (out.openInterest === undefined && known.openInterest !== undefined) out.openInterest = known.openInterest;
  return out;
}

/** A quote side: the summary's own, else the one known; its IV only beside a price. */
function side(out: Building<OptionSummary>, which: 'bestBid' | 'bestAsk', iv: number | undefined, known: readonly [number, number] | undefined): void {
  if (out[`${which}Price`] === undefined && known !== undefined) {
    out[`${which}Price`] = known[0];
    out[`${which}Amount`] = known[1];
  }
  if (iv !== undefined && out[`${which}Price`] !== undefined) out[`${which}Iv`] = iv;
}
