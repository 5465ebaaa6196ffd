import type { MarketEvent } from '../../model/index.js';
import type { MapperContext } from '../mapper-context.js';
import type { BybitLinearFrame } from './bybit-linear-frames.js';
import { mapBybitLinearFrame } from './bybit-linear-mappers.js';
import { isBybitLinearTickerUpdate, type BybitLinearDay, type BybitLinearTickerUpdate } from './bybit-linear-ticker-reducer.js';

/**
 * Maps a validated Bybit v5 inverse frame to normalized events; pure. Inverse frames are linear's
 * (ticker.mdx, the Linear/Inverse tab; trade.mdx; all-liquidation.mdx "Covers ... Inverse contract"),
 * sized in USD, one contract 1 USD: each is mapped as linear's, then given in the coin, as Deribit's are:
 * - a trade's and a liquidation's quantity: `v / p` (USD over the trade's or the bankruptcy price);
 * - the best bid/ask's sizes: each size over its own price;
 * - a candle: `volume` is USD and `turnover` the coin (market/kline.mdx: "Inverse contract: unit is
 *   quote coin", "unit is base coin"), so the coin's `turnover` is the base volume and `volume` the quote's;
 * - tickers: `openInterest` is USD and `openInterestValue` the coin (market/open-interest.mdx: "BTCUSD
 *   (inverse) is USD"; tickers.mdx's Inverse example: 240113967 USD at mark 114898.43 is 2089.79 BTC),
 *   so the coin's figure is the open interest and the USD one its value; the day's `volume24h` (USD) and
 *   `turnover24h` (the coin, 115.6907 beside 13713832) likewise trade places. Open interest stays timed by
 *   the frame that sent `openInterest`, the contracts held.
 * Book levels are given in the coin by the book plan (`bybitBookPlan(depth, 'usd')`).
 */
export function mapBybitInverseFrame(frame: BybitLinearFrame, receivedTs: number, context: MapperContext): readonly MarketEvent[] {
  return mapBybitLinearFrame(frame, receivedTs, context).map(inCoin);
}

function inCoin(event: MarketEvent): MarketEvent {
  switch (event.type) {
    case 'trade':
    case 'liquidation':
      return { ...event, quantity: event.quantity / event.price };
    case 'book_ticker':
      return { ...event, bidSize: event.bidSize / event.bid, askSize: event.askSize / event.ask };
    case 'kline':
      return { ...event, volume: event.quoteVolume, quoteVolume: event.volume };
    case 'derivative_ticker': {
      if (!isBybitLinearTickerUpdate(event)) return event;
      const { openInterest, openInterestValue, ...rest } = event;
      const update: BybitLinearTickerUpdate = {
        ...rest,
        ...(openInterestValue === undefined ? {} : { openInterest: openInterestValue }),
        ...(openInterest === undefined ? {} : { openInterestValue: openInterest }),
        bybitTicker: { ...event.bybitTicker, day: swapDayVolumes(event.bybitTicker.day) },
      };
      return update;
    }
    default:
      return event;
  }
}

function swapDayVolumes(day: BybitLinearDay): BybitLinearDay {
  const { volume24h, turnover24h, ...rest } = day;
  return { ...rest, ...(turnover24h === undefined ? {} : { volume24h: turnover24h }), ...(volume24h === undefined ? {} : { turnover24h: volume24h }) };
}
