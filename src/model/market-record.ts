/** The venues the feed reads from, primary first. */
export const EXCHANGE_IDS = ['bybit', 'binance', 'binance_us', 'binance_testnet'] as const;
export type ExchangeId = (typeof EXCHANGE_IDS)[number];

/** `testnet` prices are not real market prices; consumers must be able to refuse them. */
export type MarketEnv = 'prod' | 'testnet';

/** Epoch milliseconds (Avro `long` with `logicalType: timestamp-millis`). */
export type EpochMillis = number;

/** Provenance carried by every market record so that consumers can judge it. */
export interface MarketRecordBase {
  readonly exchange: ExchangeId;
  /** The venue's symbol, e.g. `BTCUSDT`. */
  readonly symbol: string;
  /** Base asset, e.g. `BTC`. */
  readonly coin: string;
  /** Quote asset, e.g. `USDT`. */
  readonly quote: string;
  /** The exchange's event or trade time. */
  readonly exchangeTs: EpochMillis;
  /** Local receive time of the frame; never rewritten downstream. */
  readonly receivedTs: EpochMillis;
  /** True when the record came from a venue other than the primary. */
  readonly isFallback: boolean;
  readonly env: MarketEnv;
  /** Which socket delivered the record (for reconnect overlaps). */
  readonly connectionId: string;
}

/** The canonical instrument, e.g. `BTC-USDT`: the Kafka key that keeps a symbol ordered across venues. */
export function instrumentOf(record: { readonly coin: string; readonly quote: string }): string {
  return `${record.coin}-${record.quote}`;
}
