import type { SimulatedTrade } from '../../simulated-market.js';
import type { TradeFrame } from '../../sim-venue-protocol.js';
import { okxPrice, type OkxUnits } from './okx-units.js';

/** The taker's side as OKX writes it: `sell` when the seller was the aggressor. */
export const takerSide = (trade: Pick<SimulatedTrade, 'isBuyerMaker'>): 'buy' | 'sell' => (trade.isBuyerMaker ? 'sell' : 'buy');

const envelope = (channel: string, symbol: string, data: string): string =>
  `{"arg":{"channel":"${channel}","instId":${JSON.stringify(symbol)}},"data":[${data}]}`;

/**
 * `trades-all` frames of one symbol's trades, one frame per fill ("Every update contain only one
 * trade", okx docs-v5 `#order-book-trading-market-data-ws-all-trades-channel`), fields in the
 * documented order `instId, tradeId, px, sz, side, source, ts` (the 2023 recorded frame,
 * okx-trades-all.ndjson, has the same ones but `source`), all strings: `tradeId` the instrument's
 * consecutive id, `sz` base units on spot and contracts on swaps ({@link OkxUnits}), `source` "0"
 * (a normal order). The text is the same for every connection.
 */
export function okxTradesAllFrames(symbol: string, trades: readonly SimulatedTrade[], units: OkxUnits): TradeFrame[] {
  const name = JSON.stringify(symbol);
  return trades.map((t) => {
    const fill = `{"instId":${name},"tradeId":"${t.tradeId}","px":"${okxPrice(t.price, t.priceDecimals)}","sz":"${units.size(symbol, t.quantity)}","side":"${takerSide(t)}","source":"0","ts":"${t.ts}"}`;
    return { payload: envelope('trades-all', symbol, fill), trades: [t] };
  });
}

/**
 * `trades` frames of one symbol's trades: "only one message per taker order, filled price, source",
 * `tradeId` the last of the `count` fills it aggregates, `sz` their sum, `seqId` a JSON number
 * (`#order-book-trading-market-data-ws-trades-channel`; the 2026 recorded frame, okx-trades.ndjson
 * line 22: `instId, tradeId, px, sz, side, ts, count, source, seqId`). The simulated market has no
 * orders: a taker order is a run of one generation step's consecutive fills of one side at one price.
 * `seqIdOf` gives each message of the symbol its sequence number.
 */
export function okxAggregatedTradeFrames(symbol: string, trades: readonly SimulatedTrade[], units: OkxUnits, seqIdOf: () => number): TradeFrame[] {
  const name = JSON.stringify(symbol);
  const frames: TradeFrame[] = [];
  for (let start = 0, end = 0; start < trades.length; start = end) {
    const first = trades[start] as SimulatedTrade;
    let lots = 0;
    for (end = start; end < trades.length; end += 1) {
      const t = trades[end] as SimulatedTrade;
      if (t.price !== first.price || t.isBuyerMaker !== first.isBuyerMaker) break;
      lots += units.lotCount(symbol, t.quantity);
    }
    const run = trades.slice(start, end);
    const last = run[run.length - 1] as SimulatedTrade;
    const data = `{"instId":${name},"tradeId":"${last.tradeId}","px":"${okxPrice(first.price, first.priceDecimals)}","sz":"${units.lots(symbol, lots)}","side":"${takerSide(first)}","ts":"${last.ts}","count":"${run.length}","source":"0","seqId":${seqIdOf()}}`;
    frames.push({ payload: envelope('trades', symbol, data), trades: run });
  }
  return frames;
}
