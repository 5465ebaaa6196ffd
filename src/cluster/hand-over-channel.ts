import { setTimeout as sleep } from 'node:timers/promises';
import { Subject, type Observable } from 'rxjs';
import type { Logger } from 'pino';
import type { PartitionOffsets, PartitionReader } from '../kafka/partition-reader.js';
import type { ProducerPort } from '../kafka/producer-port.js';
import { settleWithin } from '../kafka/settle-within.js';
import { decodeHandOver, encodeHandOver, type HandOverRecord } from './hand-over-records.js';

/** The instances' hand-over records on the control topic: those written from now on, and a writer. */
export interface HandOverChannel {
  /** Each shard's latest record when the channel opened, then every record written since, in order per shard. */
  readonly records$: Observable<HandOverRecord>;
  /** Latest record per shard when the channel opened. */
  readonly latest: ReadonlyMap<number, HandOverRecord>;
  /** Writes a record on its shard's partition (in the order written); a failure is logged, never thrown. */
  write(record: HandOverRecord): void;
  /** Resolves once the records written so far are acknowledged (or failed), or after `timeoutMs`. */
  flush(timeoutMs: number): Promise<void>;
  /** The offset of the last record read of a shard's partition (-1: none yet). */
  readUpTo(shard: number): number;
  /** Waits for the records written so far (at most `timeoutMs`), then stops reading and writing. */
  close(timeoutMs?: number): Promise<void>;
}

export interface HandOverChannelOptions {
  /** A reader not connected yet, of the control topic's partitions. */
  readonly reader: PartitionReader;
  /** The writer of hand-over records, not connected yet; each is written on its shard's partition, acknowledged by all in-sync replicas. */
  readonly producer: ProducerPort;
  /** The control topic (`market-feed.NAME.shards`); it exists already. */
  readonly topic: string;
  /** Its partitions (the cluster's shards): each is followed, once it has a leader. */
  readonly partitions: number;
  readonly logger: Logger;
  /** Reading each shard's latest record at the start gives up after this long, ms. Default 10,000. */
  readonly openTimeoutMs?: number;
}

/** How often partitions of the control topic that had no leader are asked for again, ms. */
const LEADERS_AGAIN_MS = 1_000;

/**
 * Opens the control topic for hand-overs: reads each partition's last record (a shard's latest
 * state), then follows every partition from there; writes through a producer of its own
 * (`ProducerPort`: acknowledged by all in-sync replicas), each record on its shard's partition. Resolves once the latest records are read (or `openTimeoutMs` passed: then what was
 * read counts, and a warning says so).
 */
export async function openHandOverChannel(options: HandOverChannelOptions): Promise<HandOverChannel> {
  const { reader, topic } = options;
  const log = options.logger.child({ component: 'cluster-hand-overs', topic });
  const records = new Subject<HandOverRecord>();
  const latest = new Map<number, HandOverRecord>();
  const readUpTo = new Map<number, number>();
  let closed = false;

  const { producer } = options;
  await producer.connect();
  await reader.connect();
  const openTimeoutMs = options.openTimeoutMs ?? 10_000;
  const deadline = Date.now() + openTimeoutMs;
  // A topic created a moment ago may not have a leader for every partition yet (those are not listed
  // until they have), and brokers started together may refuse the first requests (`Leader epoch is
  // newer than broker epoch`): both are asked again until the deadline.
  let failure: unknown;
  const partitionOffsets = async (): Promise<readonly PartitionOffsets[] | undefined> => {
    try {
      return (await reader.offsets([topic])).get(topic) ?? [];
    } catch (error) {
      if (failure === undefined) log.warn({ err: error }, "reading the control topic's offsets failed; asking again until the open time-out");
      failure = error;
      return undefined;
    }
  };
  let answered = await partitionOffsets();
  let offsets = answered ?? [];
  while (offsets.length < options.partitions && Date.now() < deadline) {
    await sleep(200);
    const next = await partitionOffsets();
    answered ??= next;
    offsets = next ?? offsets;
  }
  // No answer at all: the instance cannot know who serves what, and does not start.
  if (answered === undefined) throw failure;
  if (offsets.length < options.partitions)
    log.warn(
      { partitions: offsets.length, of: options.partitions },
      'not every partition of the control topic has a leader yet; the others are followed once they have one',
    );
  /** Partitions whose last record at the start has not been read yet, with its offset. */
  const owed = new Map<number, number>();
  for (const { partition, low, high } of offsets) if (high > low) owed.set(partition, high - 1);
  /** The offset to read next of each partition followed: from its latest record at the start (or when it got a leader). */
  const next = new Map(offsets.map(({ partition, low, high }) => [partition, Math.max(low, high - 1)]));
  const follow = (): Promise<void> => reader.assign([...next].map(([partition, offset]) => ({ topic, partition, offset })));
  await follow();
  /**
   * Partitions without a leader at the start are asked for again (every `LEADERS_AGAIN_MS`) until every
   * one is followed: a record on one of them (a taker saying it is subscribed) is otherwise never read,
   * and its hand-over never ends.
   */
  let leadersAgainAt = Date.now() + LEADERS_AGAIN_MS;
  const followNewLeaders = async (): Promise<void> => {
    if (next.size >= options.partitions || Date.now() < leadersAgainAt) return;
    leadersAgainAt = Date.now() + LEADERS_AGAIN_MS;
    const found = ((await reader.offsets([topic]).catch(() => undefined))?.get(topic) ?? []).filter(({ partition }) => !next.has(partition));
    if (found.length === 0) return;
    for (const { partition, low, high } of found) next.set(partition, Math.max(low, high - 1));
    await follow();
    log.info(
      { partitions: found.map(({ partition }) => partition), followed: next.size, of: options.partitions },
      'control topic partitions with a leader now: followed',
    );
  };

  const take = (partition: number, offset: number, value: Buffer | null): void => {
    const record = value === null ? undefined : decodeHandOver(value.toString('utf8'));
    readUpTo.set(partition, offset);
    next.set(partition, offset + 1);
    if ((owed.get(partition) ?? -1) <= offset) owed.delete(partition);
    if (record === undefined) {
      log.warn({ partition, offset }, 'a record of the control topic is not a hand-over record; ignored');
      return;
    }
    latest.set(record.shard, record);
    records.next(record);
  };
  let opened: () => void = () => undefined;
  const initial = new Promise<void>((resolve) => (opened = resolve));
  if (owed.size === 0) opened();
  const reading = (async () => {
    while (!closed) {
      try {
        await followNewLeaders();
        for (const record of await reader.read()) take(record.partition, record.offset, record.value);
      } catch (error) {
        log.warn({ err: error }, 'reading the control topic failed; reading on');
        await sleep(200);
      }
      if (owed.size === 0) opened();
    }
  })();
  const timedOut = (await settleWithin(initial, Math.max(0, deadline - Date.now()))).kind === 'late';
  if (timedOut)
    log.warn(
      { partitionsUnread: owed.size, openTimeoutMs },
      'the latest hand-over records were not all read in time; shards taken meanwhile may not wait for their previous owner',
    );

  let writes: Promise<void> = Promise.resolve();
  return {
    records$: records.asObservable(),
    latest,
    write(record) {
      if (closed) return;
      writes = writes.then(async () => {
        try {
          await producer.send([{ topic, partition: record.shard, key: String(record.shard), value: Buffer.from(encodeHandOver(record)) }]);
        } catch (error) {
          log.error(
            { err: error, record: { kind: record.kind, shard: record.shard } },
            'could not write a hand-over record; the other side waits out its time-out',
          );
        }
      });
    },
    async flush(timeoutMs) {
      await settleWithin(writes, timeoutMs);
    },
    readUpTo: (shard) => readUpTo.get(shard) ?? -1,
    async close(timeoutMs = 5_000) {
      if (closed) return;
      await settleWithin(writes, timeoutMs);
      closed = true;
      await reading.catch(() => undefined);
      records.complete();
      await Promise.allSettled([producer.close(), reader.close()]);
    },
  };
}
