/** market-feed: normalized, gap-free crypto market data from venue WebSockets to Kafka. */
export * from './model/index.js';
export { AvroCodec, RecordEncodeError } from './sink/avro-codec.js';
