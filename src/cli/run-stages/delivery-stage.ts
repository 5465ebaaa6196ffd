import type { Logger } from 'pino';
import type { MarketFeedConfig } from '../../config/market-feed-config.js';
import { IngestGate } from '../../exchanges/ingest-gate.js';
import type { FeedMetrics } from '../../metrics/feed-metrics.js';
import type { CounterSlot } from '../../metrics/tally-counter.js';
import type { TallySlot } from '../../metrics/tally-histogram.js';
import { IngestPacer, defaultIngestPacing } from '../../pipeline/ingest-pacer.js';
import { createRecordSink, type CreatedSink } from '../create-record-sink.js';

/** The sink and what paces reading from the venues by it. */
export interface DeliveryStage extends CreatedSink {
  /** Pauses reading the venues' sockets while the sink is behind (see `IngestPacer`). */
  readonly gate: IngestGate;
  /** Decides again whether reading pauses: after each write, dead letter and acknowledgement. */
  pace(): void;
  /** Shows the sink on `/metrics`, starts pacing and the sink. */
  start(): Promise<void>;
  /** Stops following whether Kafka answers; reading is no longer paused. */
  stop(): void;
}

/** How often whether Kafka answers is looked at, ms: while it does not, reading never pauses (records go to the spool). */
const REACHABILITY_INTERVAL_MS = 100;

/**
 * Stage 1 of `run`: the record sink (Kafka or stdout) with its acknowledgements counted per topic
 * on `/metrics` (records out, receive-to-acknowledgement time), and the ingest pacer that pauses
 * reading while the Kafka sink is behind.
 */
export function deliveryStage(options: {
  readonly config: MarketFeedConfig;
  readonly logger: Logger;
  readonly stdout: NodeJS.WritableStream;
  readonly metrics: FeedMetrics;
  readonly conflateTicks?: boolean;
}): DeliveryStage {
  const { config, metrics } = options;
  const topicSlots = new Map<string, { readonly out: CounterSlot; readonly lag: TallySlot }>();
  const slotsOf = (topic: string): { readonly out: CounterSlot; readonly lag: TallySlot } => {
    let slots = topicSlots.get(topic);
    if (slots === undefined) topicSlots.set(topic, (slots = { out: metrics.recordsOut.slot({ topic }), lag: metrics.receiveToAck.slot({ topic }) }));
    return slots;
  };
  const gate = new IngestGate();
  let pacer: IngestPacer | undefined;
  let kafkaReachable = true;
  let reachability: NodeJS.Timeout | undefined;
  const pace = (): void => {
    if (pacer !== undefined && created.counters !== undefined) pacer.update(created.counters.buffered, kafkaReachable);
  };
  const created: CreatedSink = createRecordSink(
    config,
    options.logger,
    options.stdout,
    (messages) => {
      pacer?.acked();
      pace();
      const ackedAt = Date.now();
      for (const message of messages) {
        const slots = slotsOf(message.topic);
        metrics.recordsOut.add(slots.out);
        if (message.receivedTs !== undefined) metrics.receiveToAck.record(slots.lag, (ackedAt - message.receivedTs) / 1000);
      }
    },
    { gate, ...(options.conflateTicks === undefined ? {} : { conflate: options.conflateTicks }) },
  );
  const { counters, delivery } = created;
  return {
    ...created,
    gate,
    pace,
    async start() {
      if (counters !== undefined) metrics.sink.watch(delivery === undefined ? { counters } : { counters, delivery });
      if (counters !== undefined && delivery !== undefined) {
        pacer = new IngestPacer(gate, defaultIngestPacing(config.kafka.batchMaxRecords, config.kafka.bufferMaxRecords, config.kafka.pauseIngestAt));
        metrics.ingestPauses.watch(pacer);
      }
      await created.sink.start();
      reachability = setInterval(() => {
        kafkaReachable = delivery?.().unreachable === undefined;
        pace();
      }, REACHABILITY_INTERVAL_MS);
    },
    stop() {
      clearInterval(reachability);
      gate.set(false);
    },
  };
}
