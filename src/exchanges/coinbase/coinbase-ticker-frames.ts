import { FieldReader } from '../field-reader.js';

/**
 * One product's ticker: a full record on every update, never a delta. Every figure is a decimal
 * string; `pricePercentChg24h` is already in percent (`"0.096"` is 0.096 %). `ticker_batch` (every
 * 5 s) has the same fields but no best bid/ask.
 */
export interface CoinbaseTicker {
  readonly productId: string;
  /** Last traded price. */
  readonly price: string;
  /** 24 h volume in the base currency. */
  readonly volume24h?: string;
  readonly low24h?: string;
  readonly high24h?: string;
  readonly low52w?: string;
  readonly high52w?: string;
  readonly pricePercentChg24h?: string;
  readonly bestBid?: string;
  readonly bestAsk?: string;
  readonly bestBidQuantity?: string;
  readonly bestAskQuantity?: string;
}

/** `ticker` (on every trade and every change of the best bid or ask) or `ticker_batch` (every 5 s). */
export interface CoinbaseTickerFrame {
  readonly kind: 'ticker';
  readonly channel: 'ticker' | 'ticker_batch';
  readonly sequenceNum: number;
  /** When Coinbase sent the frame, ms: the ticker's only time. */
  readonly timestamp: number;
  /** Every ticker of every event, in order (one per frame in every recorded frame). */
  readonly tickers: readonly CoinbaseTicker[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type OptionalFigure = Exclude<keyof CoinbaseTicker, 'productId' | 'price' | 'pricePercentChg24h'>;

/** Figures that cannot be negative, by wire name; absent, empty or unparsable ones are left out. */
const NON_NEGATIVE: readonly (readonly [string, OptionalFigure])[] = [
  ['volume_24_h', 'volume24h'],
  ['low_24_h', 'low24h'],
  ['high_24_h', 'high24h'],
  ['low_52_w', 'low52w'],
  ['high_52_w', 'high52w'],
  ['best_bid', 'bestBid'],
  ['best_ask', 'bestAsk'],
  ['best_bid_quantity', 'bestBidQuantity'],
  ['best_ask_quantity', 'bestAskQuantity'],
];

/** The `tickers` of every event: product id and a positive price required, the rest optional (a negative figure is refused). */
export function readCoinbaseTickers(events: readonly FieldReader[]): readonly CoinbaseTicker[] {
  return events.flatMap((event, n) => event.array('tickers').map((ticker, k) => readTicker(FieldReader.of(ticker, `$.events[${n}].tickers[${k}]`))));
}

function readTicker(t: FieldReader): CoinbaseTicker {
  const ticker: Mutable<CoinbaseTicker> = { productId: t.string('product_id'), price: t.positiveDecimal('price') };
  for (const [wire, field] of NON_NEGATIVE) {
    const value = t.optionalNonNegativeDecimal(wire);
    if (value !== undefined) ticker[field] = value;
  }
  const change = t.optionalDecimal('price_percent_chg_24_h');
  if (change !== undefined) ticker.pricePercentChg24h = change;
  return ticker;
}
