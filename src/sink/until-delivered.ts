import type { SinkCounters } from './sink-counters.js';

/**
 * Waits until the sink holds nothing undelivered (buffered or spooled), for as long as it delivers:
 * it gives up once `stallMs` pass without a record acknowledged (the brokers out of reach), or on
 * `signal`. For a job that ends when its records are in Kafka (a backfill): the pace of a loaded
 * broker (new topics' partitions seconds without a leader) is not a deadline. Whether all were delivered.
 */
export async function untilDelivered(
  counters: Pick<SinkCounters, 'acked' | 'buffered' | 'spooled'>,
  stallMs: number,
  options: { readonly signal?: AbortSignal; readonly pollMs?: number; readonly now?: () => number } = {},
): Promise<boolean> {
  const { signal, pollMs = 100, now = Date.now } = options;
  let acked = counters.acked;
  let progressAt = now();
  while (counters.buffered + counters.spooled > 0) {
    if (signal?.aborted === true) return false;
    if (counters.acked !== acked) {
      acked = counters.acked;
      progressAt = now();
    } else if (now() - progressAt >= stallMs) return false;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  return true;
}
