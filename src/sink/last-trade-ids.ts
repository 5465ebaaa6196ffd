import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { EXCHANGE_IDS, type ExchangeId, type TradeEvent } from '../model/index.js';
import { tradeAfter } from '../exchanges/trade-order.js';
import type { Building } from '../model/building.js';
import { lastTradeIdsOf, type LastTradeId } from '../operators/index.js';
import type { PartitionReader } from '../kafka/partition-reader.js';
import type { EncodedMessage } from './record-encoder.js';
import type { DecodedValue } from './record-decoder.js';
import { settleWithin } from '../kafka/settle-within.js';

/** Where to read the last published trade ids from, and how much of it; sizes in records, times in ms. */
export interface LastTradeIdsConfig {
  /** A reader not connected yet: connected here, and closed once the ids are read or the time is up. */
  readonly reader: PartitionReader;
  /** The trades topic, prefix included. */
  readonly topic: string;
  /** Decodes a value of either encoding (a `RecordDecoder`). */
  readonly decoder: { decode(value: Buffer): Promise<DecodedValue> };
  /** Records read back from the end of each partition; 0 reads nothing. Default 10,000. */
  readonly recordsPerPartition: number;
  /** Gives up after this long with a warning, keeping the partitions read to their end. Default 10,000. */
  readonly timeoutMs: number;
  /** Messages written but not yet in Kafka (the spool), which the sink will deliver first. Default none. */
  readonly pending?: Iterable<EncodedMessage>;
  /** Which trades count (e.g. those of some cluster shards, received before this instance took them). Default all. */
  readonly accept?: (trade: AcceptedTrade) => boolean;
  /**
   * Whether a read that did not reach the end of every partition (timed out, Kafka out of reach)
   * rejects instead of giving what it read, as does one that finds no partition of the topic: a caller
   * that must not take a trade read as the last one when a later one may be unread (a standby cutting
   * what it held, on a topic that exists). Default false.
   */
  readonly requireComplete?: boolean;
  readonly logger: Logger;
}

export const DEFAULT_LAST_TRADE_IDS_CONFIG = {
  recordsPerPartition: 10_000,
  timeoutMs: 10_000,
} as const satisfies Partial<LastTradeIdsConfig>;

/** What {@link LastTradeIdsConfig.accept} is asked about a trade record read back. */
export interface AcceptedTrade {
  readonly coin: string;
  readonly quote: string;
  /** The instrument it was published under when not `coin-quote` (see `instrumentOf`). */
  readonly instrument?: string;
  /** When the instance that published it received it, ms. */
  readonly receivedTs: number;
}

/** The last trade published per `exchange\0symbol` (the highest id in the venue's order). */
type TradeTable = Map<string, TradeEvent>;

interface PartitionRange {
  readonly from: number;
  readonly to: number;
  readonly trades: TradeTable;
  done: boolean;
}

const EXCHANGES: ReadonlySet<string> = new Set(EXCHANGE_IDS);
/** How long the reader may take to disconnect after the read, on top of `timeoutMs`. */
const DISCONNECT_BUDGET_MS = 2_000;

/**
 * The last trade published per (exchange, symbol), by the venue's order of trade ids (decimal ids
 * of any length), among the last `recordsPerPartition` records of each partition of the trades
 * topic, and the spooled messages; as the trade records hold it. A missing topic gives none.
 * Within `timeoutMs` or not at all: on time-out, only partitions read to their end count (a
 * partly read one could give an earlier trade than was published, and so a false gap).
 * Oldest first by exchange time.
 */
export async function readLastTrades(config: LastTradeIdsConfig): Promise<readonly TradeEvent[]> {
  return (await lastTradesRead(config)).trades;
}

/** What {@link lastTradesRead} found, and whether it read every partition of the topic to its end. */
export interface LastTradesRead {
  readonly trades: readonly TradeEvent[];
  /** False when a partition was not read (timed out, Kafka out of reach): its symbols are not among `trades`, published or not. */
  readonly complete: boolean;
}

/** {@link readLastTrades}, saying whether the read was complete. */
export async function lastTradesRead(config: LastTradeIdsConfig): Promise<LastTradesRead> {
  const log = config.logger.child({ component: 'last-trade-ids' });
  const startedAt = Date.now();
  const table: TradeTable = new Map();
  for (const message of config.pending ?? []) {
    if (message.topic === config.topic) await add(table, config, message.value);
  }
  if (config.recordsPerPartition === 0) return { trades: tradesOf(table), complete: true };

  const { reader } = config;
  const ranges = new Map<number, PartitionRange>();
  let records = 0;
  let givenUp = false;
  const work = (async (): Promise<'read'> => {
    await reader.connect();
    const offsets = (await reader.offsets([config.topic])).get(config.topic) ?? [];
    // No partition at all: the topic is missing, or its metadata was not to be had (a broker out of reach).
    if (offsets.length === 0 && config.requireComplete === true) throw new Error('no partition of the topic found');
    for (const { partition, low, high } of offsets) {
      const from = Math.max(low, high - config.recordsPerPartition);
      if (high > from) ranges.set(partition, { from, to: high, trades: new Map(), done: false });
    }
    if (ranges.size === 0) return 'read';
    await reader.assign([...ranges].map(([partition, range]) => ({ topic: config.topic, partition, offset: range.from })));
    while (!givenUp && [...ranges.values()].some((range) => !range.done)) {
      for (const record of await reader.read()) {
        const range = ranges.get(record.partition);
        if (range === undefined || range.done || record.offset < range.from) continue;
        if (record.offset < range.to && record.value !== null) {
          records++;
          await add(range.trades, config, record.value);
        }
        if (record.offset + 1 >= range.to) range.done = true;
      }
    }
    return 'read';
  })();
  const timer = new AbortController();
  const outcome = await Promise.race([work, sleep(config.timeoutMs, 'timed out' as const, { signal: timer.signal })]).catch((error: unknown) => error);
  timer.abort();
  givenUp = true;
  // The reader may be busy with a read (or a connect) that ends within its own wait; close once it has.
  await settleWithin(
    work.catch(() => undefined).then(() => reader.close()),
    DISCONNECT_BUDGET_MS,
  );

  const read = [...ranges.values()].filter((range) => range.done);
  for (const range of read) for (const [key, trade] of range.trades) keepLast(table, key, trade);
  const summary = { topic: config.topic, partitions: read.length, of: ranges.size, records, symbols: table.size, elapsedMs: Date.now() - startedAt };
  if (outcome === 'read') log.info(summary, 'last trade ids read back from Kafka');
  else if (outcome === 'timed out') log.warn(summary, 'reading the last trade ids from Kafka timed out; gaps across this restart go unreported where not read');
  else log.warn({ ...summary, err: outcome }, 'could not read the last trade ids from Kafka; gaps across this restart go unreported where not read');
  if (outcome !== 'read' && config.requireComplete === true) {
    throw new Error(`read ${read.length} of ${ranges.size} partitions of ${config.topic}: ${outcome instanceof Error ? outcome.message : String(outcome)}`);
  }
  return { trades: tradesOf(table), complete: outcome === 'read' };
}

/** The last trade ids of the venues whose ids are numbers (consecutive: the Binance family), from `readLastTrades`. */
export async function readLastTradeIds(config: LastTradeIdsConfig): Promise<readonly LastTradeId[]> {
  return lastTradeIdsOf(await readLastTrades(config));
}

async function add(table: TradeTable, config: LastTradeIdsConfig, bytes: Buffer): Promise<void> {
  let decoded: DecodedValue;
  try {
    decoded = await config.decoder.decode(bytes);
  } catch {
    return;
  }
  const trade = tradeOf(decoded.value);
  if (trade === undefined) return;
  if (config.accept !== undefined && !config.accept(acceptedOf(trade))) return;
  keepLast(table, `${trade.exchange}\u0000${trade.symbol}`, trade);
}

/** What `accept` is asked about a trade: its coin, quote, the instrument it was published under when not theirs, and its receive time. */
function acceptedOf({ coin, quote, instrument, receivedTs }: TradeEvent): AcceptedTrade {
  return instrument === undefined ? { coin, quote, receivedTs } : { coin, quote, instrument, receivedTs };
}

/** A trade record read back, or `undefined` when a field it needs is missing or of another type. */
function tradeOf(value: Readonly<Record<string, unknown>>): TradeEvent | undefined {
  const { exchange, symbol, tradeId, exchangeTs, coin, quote, receivedTs, price, quantity, side, isBuyerMaker, isFallback, env, connectionId, instrument } =
    value;
  if (typeof exchange !== 'string' || !EXCHANGES.has(exchange) || typeof symbol !== 'string' || typeof tradeId !== 'string' || !/^\d+$/.test(tradeId))
    return undefined;
  if (
    typeof coin !== 'string' ||
    typeof quote !== 'string' ||
    typeof receivedTs !== 'number' ||
    typeof exchangeTs !== 'number' ||
    typeof price !== 'number' ||
    typeof quantity !== 'number'
  )
    return undefined;
  const trade: Building<TradeEvent> = {
    type: 'trade',
    exchange: exchange as ExchangeId,
    symbol,
    coin,
    quote,
    exchangeTs,
    receivedTs,
    tradeId,
    price,
    quantity,
    side: side === 'SELL' ? 'SELL' : 'BUY',
    isBuyerMaker: isBuyerMaker === true,
    isFallback: isFallback === true,
    env: env === 'testnet' ? 'testnet' : 'prod',
    connectionId: typeof connectionId === 'string' ? connectionId : '',
  };
  if (typeof instrument === 'string') trade.instrument = instrument;
  return trade;
}

function keepLast(table: TradeTable, key: string, trade: TradeEvent): void {
  const known = table.get(key);
  if (known === undefined || tradeAfter(trade, known)) table.set(key, trade);
}

function tradesOf(table: TradeTable): readonly TradeEvent[] {
  return [...table.values()].sort((a, b) => a.exchangeTs - b.exchangeTs);
}
