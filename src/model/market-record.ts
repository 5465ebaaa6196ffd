/**
 * The venues the feed reads from: spot markets first, then perpetuals (a venue's perpetual market is
 * a venue of its own, `bybit_linear` beside `bybit`: its own socket, lists and limits).
 */
export const EXCHANGE_IDS = [
  'bybit',
  'binance',
  'binance_us',
  'binance_testnet',
  'coinbase',
  'kraken',
  'bybit_linear',
  'binance_usdm',
  'okx',
  'okx_swap',
  'hyperliquid',
  'deribit',
  'deribit_options',
  'bybit_inverse',
  'binance_coinm',
  'bitget',
  'bitget_futures',
  'gate',
  'gate_futures',
  'bybit_options',
  'okx_options',
  'binance_options',
] as const;
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
  /** Which socket delivered the record (for reconnect overlaps); a value read over REST by a feed's poll says `pollConnectionId`. */
  readonly connectionId: string;
  /**
   * The instrument the record is published under when its own base-quote is not it: `BTC-USDT` for a
   * Coinbase `BTC-USD` price followed as BTC-USDT with equivalent quotes, `BTC-USDT-PERP` for a perpetual's
   * record; absent: `coin-quote`.
   */
  readonly instrument?: string;
}

/** What names a record's instrument: its own base and quote, and the instrument it is published under when that differs. */
export interface InstrumentParts {
  readonly coin: string;
  readonly quote: string;
  readonly instrument?: string;
}

/**
 * The canonical instrument, e.g. `BTC-USDT`: the Kafka key that keeps a symbol ordered across venues;
 * the record's `instrument` when it has one (a venue's listing at an equivalent quote), else `coin-quote`.
 */
export function instrumentOf(record: InstrumentParts): string {
  return record.instrument ?? `${record.coin}-${record.quote}`;
}

/** The `connectionId` of the records a venue feed reads over REST by its polls (open interest): no socket's. */
export function pollConnectionId(exchange: ExchangeId): string {
  return `${exchange}-poll`;
}
