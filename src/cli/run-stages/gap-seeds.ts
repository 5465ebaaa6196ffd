import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { MarketFeedConfig } from '../../config/market-feed-config.js';
import { choosePartitionReader } from '../../kafka/choose-partition-reader.js';
import { kafkaConnectionOf } from '../../kafka/kafka-client.js';
import type { ExchangeId, TradeEvent } from '../../model/index.js';
import { DEFAULT_DETECT_GAPS_CONFIG, DEFAULT_DETECT_RECONNECT_GAPS_CONFIG } from '../../operators/index.js';
import { lastTradesRead, readLastTrades, type LastTradeIdsConfig, type LastTradesRead } from '../../sink/last-trade-ids.js';
import { RecordDecoder } from '../../sink/record-decoder.js';
import { SchemaRegistryClient } from '../../sink/schema-registry-client.js';
import { sinkTopics } from '../../sink/sink-topics.js';
import { spooledMessages } from '../../sink/spool.js';

/** Where gap detection starts from: the last trades this feed published before, read back. */
export interface GapSeeds {
  /** Whether the last trades are read back at all (the Kafka sink, `gaps.seedRecords`, a venue whose holes are named). */
  readonly active: boolean;
  /** The last trades on the trades topic (and in the spool, `pending`), those `accept` takes. */
  readLast(extra: Pick<LastTradeIdsConfig, 'pending' | 'accept' | 'requireComplete'>): Promise<readonly TradeEvent[]>;
  /**
   * The last trades of every instrument, with what the spool holds (published next), for a feed
   * that is not a cluster instance; read before the sink starts sending (and deleting) the spool,
   * and whether every partition was read. Undefined when nothing is read: a cluster instance reads
   * them as it takes each shard instead.
   */
  atStart(): Promise<LastTradesRead | undefined>;
}

/** Stage 2 of `run`: reading back the last trades published, so that a hole across a restart or a hand-over is named as a gap. */
export function gapSeeds(options: {
  readonly config: MarketFeedConfig;
  readonly wanted: boolean;
  readonly kafka: Kafka | undefined;
  readonly logger: Logger;
}): GapSeeds {
  const { config, kafka, logger } = options;
  // The venues whose holes are named: by id (the Binance family) or by time (Bybit).
  const gapVenues: readonly ExchangeId[] = [...DEFAULT_DETECT_GAPS_CONFIG.exchanges, ...DEFAULT_DETECT_RECONNECT_GAPS_CONFIG.exchanges];
  const active = options.wanted && kafka !== undefined && config.gaps.seedRecords > 0 && config.venues.some((venue) => gapVenues.includes(venue));
  const decoder = new RecordDecoder(config.schemaRegistryUrl === undefined ? undefined : new SchemaRegistryClient(config.schemaRegistryUrl));
  const configOf = (extra: Pick<LastTradeIdsConfig, 'pending' | 'accept' | 'requireComplete'>): LastTradeIdsConfig => ({
    reader: choosePartitionReader({ connection: kafkaConnectionOf(config, `${config.kafka.clientId}-last-trade-ids`), logger })(),
    topic: sinkTopics(config.kafka.topicPrefix).records.trade,
    decoder,
    recordsPerPartition: config.gaps.seedRecords,
    timeoutMs: config.gaps.seedTimeoutMs,
    logger,
    ...extra,
  });
  return {
    active,
    readLast: (extra) => readLastTrades(configOf(extra)),
    atStart: async () =>
      active && config.cluster.name === undefined ? lastTradesRead(configOf({ pending: spooledMessages(config.kafka.spoolDir) })) : undefined,
  };
}
