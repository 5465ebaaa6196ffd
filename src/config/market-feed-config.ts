import type { ClusterConfig } from '../cluster/cluster-options.js';
import type { UniverseConfig } from '../catalog/universe-config.js';
import type { KafkaSettings } from '../kafka/kafka-settings.js';
import type { MarketFeedSettings } from '../pipeline/market-feed-settings.js';
import type { CoinSlice } from './coin-slice.js';

/**
 * The validated configuration of `market-feed run` (see `config-options.ts` for the order of the
 * option tables, docs/configuration.md for units and defaults): every part of the pipeline's
 * settings, the universe's, the cluster's, and what only the command reads (the coin slice, the sink,
 * Kafka, metrics, logs, shutdown).
 */
export interface MarketFeedConfig extends Required<MarketFeedSettings>, UniverseConfig, ClusterConfig {
  /** This process's shard of the coins (`0/1`: all of them). */
  readonly shard: CoinSlice;
  readonly sink: 'kafka' | 'stdout';
  readonly kafka: KafkaSinkSettings;
  readonly schemaRegistryUrl?: string;
  readonly metrics: { readonly host: string; readonly port: number };
  readonly log: { readonly level: string; readonly pretty?: boolean };
  readonly shutdown: { readonly deadlineMs: number };
}

/** The `kafka` settings of `run`: how it reaches Kafka (`KafkaSettings`), and the sink's topics, batches, buffer, spool and readiness. */
export interface KafkaSinkSettings extends KafkaSettings {
  readonly topicPrefix: string;
  readonly batchMaxRecords: number;
  readonly batchMaxBytes: number;
  readonly batchMaxDelayMs: number;
  readonly bufferMaxRecords: number;
  /** Reading from the venues pauses at this many records in memory (0: never; undefined: 10 batches, at most half the buffer). */
  readonly pauseIngestAt?: number;
  /** `/readyz` is 503 once the oldest record waiting for an acknowledgement is older than this, ms. */
  readonly readyMaxAckDelayMs: number;
  readonly spoolDir: string;
}
