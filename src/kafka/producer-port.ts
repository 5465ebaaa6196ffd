/** One record of a produce request: topic, key and value (the sink's: framed Avro, whose framing names the schema). */
export interface ProducerRecord {
  readonly topic: string;
  /** The partition to write to; absent: the key's (murmur2, as Java, kafkajs and librdkafka agree). */
  readonly partition?: number;
  readonly key: string;
  readonly value: Buffer;
}

/**
 * What a failed produce request means for the send loop:
 * - `retriable`: the request may succeed later (broker down, leader moving, time-out); sent again after a back-off.
 * - `record_refused`: the broker refused a record of the request for good (too large, corrupt, bad
 *   timestamp); retrying cannot help, so the loop sends the records one by one and dead-letters the refused one.
 */
export type ProduceFailure = 'retriable' | 'record_refused';

/**
 * The sink's view of a Kafka producer: idempotent, every request acknowledged by all in-sync
 * replicas, one request in flight. The client library lives behind it (`kafkajs-producer.ts`),
 * so the send loop knows nothing of its types or error names.
 */
export interface ProducerPort {
  /** Creates the topics that do not exist yet (existing ones are left as they are). */
  createTopics(topics: readonly string[]): Promise<void>;
  connect(): Promise<void>;
  /** One produce request; resolves once every record in it is acknowledged. */
  send(records: readonly ProducerRecord[]): Promise<void>;
  /** What a rejection of `send` means (see `ProduceFailure`). */
  classify(error: unknown): ProduceFailure;
  /** Trouble the client sees between outcomes of `send` (e.g. a request to a broker timed out). */
  onTrouble(listener: (reason: string) => void): void;
  /** Disconnects; records not yet acknowledged are the caller's to keep. */
  close(): Promise<void>;
}
