/**
 * Which shard of a cluster serves an instrument: Kafka's default partitioner applied to the canonical
 * instrument (`BASE-QUOTE`, the records' key), so shard `s` of `shards` is the control topic's
 * partition `s`, and a Java producer, kafkajs or librdkafka (`murmur2_random`) would put the key
 * `BASE-QUOTE` in the same partition of a topic of `shards` partitions. Stable: an instrument's shard
 * depends on its name and the shard count only, so a new listing moves no other instrument.
 */
export function shardOf(instrument: string, shards: number): number {
  if (!Number.isSafeInteger(shards) || shards < 1) throw new RangeError(`shards must be a positive integer, got ${shards}`);
  return (murmur2(Buffer.from(instrument, 'utf8')) & 0x7fffffff) % shards;
}

const SEED = 0x9747b28c;
const M = 0x5bd1e995;

/** Kafka's 32-bit murmur2 of `data` (`org.apache.kafka.common.utils.Utils.murmur2`), as a signed int. */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  let h = (SEED ^ length) | 0;
  const whole = length & ~3;
  for (let i = 0; i < whole; i += 4) {
    let k = (data[i] as number) | ((data[i + 1] as number) << 8) | ((data[i + 2] as number) << 16) | ((data[i + 3] as number) << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  const rest = length & 3;
  if (rest === 3) h ^= (data[whole + 2] as number) << 16;
  if (rest >= 2) h ^= (data[whole + 1] as number) << 8;
  if (rest >= 1) h = Math.imul(h ^ (data[whole] as number), M);
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}
