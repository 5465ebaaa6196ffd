import type { BookTicker } from '../../model/book-ticker.js';
import type { MarketEvent } from '../../model/index.js';
import type { MarketRecordBase } from '../../model/market-record.js';
import type { PriceTick } from '../../model/price-tick.js';
import type { TradeEvent } from '../../model/trade-event.js';
import { roundPercent } from '../change-percent.js';
import type { MapperContext } from '../mapper-context.js';
import type { Building } from '../../model/building.js';
import { recordProvenance, setOptional } from '../record-provenance.js';
import type { CoinbaseFrame, CoinbaseTicker, CoinbaseTickerFrame, CoinbaseTrade, CoinbaseTradesFrame } from './coinbase-frames.js';

/**
 * Maps a validated Coinbase Advanced Trade frame to normalized events; pure. `market_trades` become
 * trades (snapshot ones too: the product's last 100, which the feed's dedupe drops when already seen);
 * a `ticker` becomes a price tick and, when it has a sound best bid and ask, a book ticker. Book frames
 * (`l2_data`) map to nothing here: they become `BookUpdate`s for the book reducer. Heartbeats, acks,
 * errors and channels not read (candles) map to nothing. Products the context cannot split are skipped.
 */
export function mapCoinbaseFrame(frame: CoinbaseFrame, receivedTs: number, context: MapperContext): readonly MarketEvent[] {
  switch (frame.kind) {
    case 'market_trades':
      return mapTrades(frame, receivedTs, context);
    case 'ticker':
      return mapTickers(frame, receivedTs, context);
    default:
      return [];
  }
}

/**
 * Coinbase's `side` is the MAKER's side: the side of the resting order, as Coinbase Exchange documents
 * for its trades ("The side of a trade indicates the maker order side"). The recorded session agrees:
 * `SELL` trades print at the best ask, `BUY` trades at the best bid (`coinbase-trade-side.spec.ts`). So a
 * `SELL` is a taker BUY (the buyer lifted a resting sell), and `isBuyerMaker` is `side === 'BUY'`.
 * ccxt, cryptofeed and nautilus_trader read `side` as the taker's; we do not, because the prices
 * against the book contradict that reading.
 */
function takerSideOf(side: CoinbaseTrade['side']): TradeEvent['side'] {
  return side === 'SELL' ? 'BUY' : 'SELL';
}

/** Trades oldest first (the wire sends them newest first): by trade time, then by trade id. `exchangeTs` is the trade `time`. */
function mapTrades(frame: CoinbaseTradesFrame, receivedTs: number, context: MapperContext): readonly TradeEvent[] {
  const trades = frame.events.flatMap((event) => event.trades).reverse();
  trades.sort((a, b) => a.time - b.time || compareIds(a.tradeId, b.tradeId));
  const events: TradeEvent[] = [];
  for (const t of trades) {
    const base = recordProvenance(t.productId, t.time, receivedTs, context);
    if (base === undefined) continue;
    const side = takerSideOf(t.side);
    events.push({ type: 'trade', ...base, tradeId: t.tradeId, price: Number(t.price), quantity: Number(t.size), side, isBuyerMaker: side === 'SELL' });
  }
  return events;
}

const DIGITS = /^\d+$/;

/** Decimal ids by value (shorter is smaller); ids of another form keep their order. */
function compareIds(a: string, b: string): number {
  if (!DIGITS.test(a) || !DIGITS.test(b)) return 0;
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * `exchangeTs` is the envelope `timestamp` (a ticker carries no time of its own). The 24 h change
 * `price_percent_chg_24_h` is already percent: BTC-USD's recorded 0.096 with price 65086.18 puts the
 * open at 65023.75, inside the day's range 64675.22-65252.99; read as a fraction (9.6 %) the open would
 * be 59385, below the day's low. Coinbase gives no open and no quote turnover: both stay absent.
 */
function mapTickers(frame: CoinbaseTickerFrame, receivedTs: number, context: MapperContext): readonly MarketEvent[] {
  const events: MarketEvent[] = [];
  for (const t of frame.tickers) {
    const base = recordProvenance(t.productId, frame.timestamp, receivedTs, context);
    if (base === undefined) continue;
    const tick: Building<PriceTick> = { type: 'price_tick', ...base, price: Number(t.price) };
    setOptional(tick, 'high24h', optionalNumber(t.high24h));
    setOptional(tick, 'low24h', optionalNumber(t.low24h));
    setOptional(tick, 'volume24h', optionalNumber(t.volume24h));
    setOptional(tick, 'change24hPct', t.pricePercentChg24h === undefined ? undefined : roundPercent(Number(t.pricePercentChg24h)));
    events.push(tick);
    const touch = bookTickerOf(t, base);
    if (touch !== undefined) events.push(touch);
  }
  return events;
}

/** The best bid and ask with their sizes, when all four are present and positive and the bid is below the ask (`ticker_batch` has none). */
function bookTickerOf(t: CoinbaseTicker, base: MarketRecordBase): BookTicker | undefined {
  const bid = optionalNumber(t.bestBid) ?? 0;
  const ask = optionalNumber(t.bestAsk) ?? 0;
  const bidSize = optionalNumber(t.bestBidQuantity) ?? 0;
  const askSize = optionalNumber(t.bestAskQuantity) ?? 0;
  if (bid <= 0 || ask <= 0 || bidSize <= 0 || askSize <= 0 || bid >= ask) return undefined;
  return { type: 'book_ticker', ...base, bid, bidSize, ask, askSize, exchangeTsEstimated: false };
}

function optionalNumber(value: string | undefined): number | undefined {
  return value === undefined ? undefined : Number(value);
}
