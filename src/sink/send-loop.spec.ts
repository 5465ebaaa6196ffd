import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../logging/create-logger.js';
import { sinkReadinessReasons } from '../pipeline/readiness.js';
import type { ProduceFailure, ProducerPort, ProducerRecord } from '../kafka/producer-port.js';
import type { EncodedMessage } from './record-encoder.js';
import { SendBuffer } from './send-buffer.js';
import { SendLoop } from './send-loop.js';
import { createSinkCounters } from './sink-counters.js';
import { Spool } from './spool.js';

const logger = createLogger({ level: 'silent' });
const trade = (n: number): EncodedMessage => ({ topic: 'market.trades.v1', key: 'BTC-USDT', value: Buffer.from([n]) });

/** A producer whose produce requests stay open until the test settles them; `too large` errors refuse a record. */
class FakeProducer implements ProducerPort {
  readonly requests: { readonly records: number; readonly sent: readonly ProducerRecord[]; resolve: () => void; reject: (error: Error) => void }[] = [];

  createTopics(): Promise<void> {
    return Promise.resolve();
  }

  connect(): Promise<void> {
    return Promise.resolve();
  }

  send(records: readonly ProducerRecord[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.requests.push({ records: records.length, sent: records, resolve: () => resolve(), reject });
    });
  }

  classify(error: unknown): ProduceFailure {
    return error instanceof Error && error.message.includes('too large') ? 'record_refused' : 'retriable';
  }

  onTrouble(): void {}

  close(): Promise<void> {
    return Promise.resolve();
  }

  /** The open request (the loop sends one at a time). */
  get open(): FakeProducer['requests'][number] {
    const last = this.requests[this.requests.length - 1];
    if (last === undefined) throw new Error('no produce request');
    return last;
  }
}

describe('SendLoop delivery state (fake clock, fake producer)', () => {
  let dir: string;
  let producer: FakeProducer;
  let buffer: SendBuffer;
  let spool: Spool;
  let loop: SendLoop;
  let counters = createSinkCounters();
  let refused: EncodedMessage[] = [];

  const write = (n: number): void => {
    buffer.push(trade(n));
    loop.notify(buffer.queued);
  };
  const readiness = (): string[] => sinkReadinessReasons({ delivery: loop.delivery(), now: Date.now() });

  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
    counters = createSinkCounters();
    refused = [];
    dir = mkdtempSync(join(tmpdir(), 'send-loop-'));
    producer = new FakeProducer();
    buffer = new SendBuffer({ maxRecords: 10_000, maxConflatedKeys: 10 });
    spool = new Spool({ dir, logger });
    loop = new SendLoop({
      producer,
      buffer,
      spool,
      counters,
      logger,
      maxRecords: 500,
      maxBytes: 1 << 20,
      maxDelayMs: 20,
      initialRetryDelayMs: 200,
      maxRetryDelayMs: 1_000,
      onRejected: (message) => refused.push(message),
    });
    loop.start();
  });

  afterEach(async () => {
    const stopped = loop.stop(0);
    await vi.runAllTimersAsync();
    await stopped;
    vi.useRealTimers();
    rmSync(dir, { recursive: true, force: true });
  });

  it('turns not ready 5 s after a produce request hangs, naming the age, while records keep arriving; ready again at the ack', async () => {
    const start = Date.now();
    write(1);
    await vi.advanceTimersByTimeAsync(20);
    expect(producer.requests).toHaveLength(1);
    // Records keep arriving while the request hangs; readiness is asked every 100 ms.
    for (let t = 100; t <= 5_000; t += 100) {
      write(t);
      await vi.advanceTimersByTimeAsync(100);
      if (t < 4_900) expect(readiness(), `at ${t} ms`).toEqual([]);
    }
    expect(loop.delivery().oldestUnackedAt).toBe(start);
    await vi.advanceTimersByTimeAsync(200);
    expect(readiness()).toEqual([`kafka: oldest unacknowledged record ${((Date.now() - start) / 1000).toFixed(1)} s old (limit 5.0 s)`]);

    // The ack: the next batch holds what arrived during the hang; the oldest of them arrived after the first request went out.
    producer.open.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(producer.requests).toHaveLength(2);
    expect(producer.open.records).toBe(50);
    const oldest = loop.delivery().oldestUnackedAt ?? 0;
    expect(oldest).toBeGreaterThanOrEqual(start + 20);
    expect(oldest).toBeLessThanOrEqual(start + 100);
    producer.open.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(loop.delivery()).toEqual({ oldestUnackedAt: undefined });
    expect(readiness()).toEqual([]);
  });

  it('reports the broker unreachable from the first failed request until the next acknowledgement', async () => {
    write(1);
    await vi.advanceTimersByTimeAsync(20);
    producer.open.reject(new Error('Connection error: connect ECONNREFUSED 127.0.0.1:9092'));
    await vi.advanceTimersByTimeAsync(0);
    expect(loop.delivery().unreachable).toEqual({ since: Date.now(), reason: 'produce failed: Connection error: connect ECONNREFUSED 127.0.0.1:9092' });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(readiness()).toEqual(['kafka: broker unreachable for 1.0 s (produce failed: Connection error: connect ECONNREFUSED 127.0.0.1:9092)']);
    expect(producer.requests).toHaveLength(2);
    producer.open.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(loop.delivery().unreachable).toBeUndefined();
    expect(readiness()).toEqual([]);
  });

  it('counts spooled records as waiting from when their segment was written, until the re-send is acknowledged', async () => {
    const start = Date.now();
    write(1);
    spool.append(trade(2));
    await vi.advanceTimersByTimeAsync(20);
    producer.open.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(producer.requests).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(5_100);
    expect(loop.delivery().oldestUnackedAt).toBe(start);
    expect(readiness()).toEqual(['kafka: oldest unacknowledged record 5.1 s old (limit 5.0 s)']);
    producer.open.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(spool.size).toBe(0);
    expect(loop.delivery()).toEqual({ oldestUnackedAt: undefined });
  });

  it('sends a batch the producer refuses a record of one record at a time, hands the refused one over and acks the rest', async () => {
    write(1);
    write(2);
    write(3);
    await vi.advanceTimersByTimeAsync(20);
    expect(producer.open.records).toBe(3);
    producer.open.reject(new Error('record too large'));
    await vi.advanceTimersByTimeAsync(0);
    expect(producer.requests.map((r) => r.records)).toEqual([3, 1]);
    producer.open.resolve();
    await vi.advanceTimersByTimeAsync(0);
    producer.open.reject(new Error('record too large'));
    await vi.advanceTimersByTimeAsync(0);
    producer.open.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(producer.requests.slice(1).map((r) => r.sent[0]?.value[0])).toEqual([1, 2, 3]);
    expect(refused.map((m) => m.value[0])).toEqual([2]);
    expect(counters.acked).toBe(2);
    expect(counters.sendFailures).toBe(2);
    expect(loop.delivery()).toEqual({ oldestUnackedAt: undefined });
  });

  it('retries a batch after a retriable failure with the same records, after the back-off', async () => {
    write(1);
    await vi.advanceTimersByTimeAsync(20);
    producer.open.reject(new Error('Connection error'));
    await vi.advanceTimersByTimeAsync(199);
    expect(producer.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(producer.requests).toHaveLength(2);
    expect(producer.open.sent).toEqual(producer.requests[0]?.sent);
    producer.open.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(counters.acked).toBe(1);
    expect(refused).toEqual([]);
  });
});

describe('SendLoop resending the spool while records keep arriving (real timers and files, fake producer)', () => {
  it('has Kafka acknowledge every record once and in order, the spool counting what it holds, when records arrive during each resend request (segment boundaries crossed, six outages)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'send-loop-resend-'));
    const producer = new FakeProducer();
    const buffer = new SendBuffer({ maxRecords: 4, maxConflatedKeys: 10 });
    // Segments of 3 records, batches of 2: a resend crosses segment boundaries and ends segments mid-batch.
    const spool = new Spool({ dir, segmentRecords: 3, logger });
    const counters = createSinkCounters();
    const loop = new SendLoop({
      producer,
      buffer,
      spool,
      counters,
      logger,
      maxRecords: 2,
      maxBytes: 1 << 20,
      maxDelayMs: 1,
      initialRetryDelayMs: 5,
      maxRetryDelayMs: 5,
      onRejected: () => {
        throw new Error('no record is refused here');
      },
    });
    let written = 0;
    let spilled = 0;
    /** Record `n`: its number in the value's 4 bytes. */
    const numbered = (n: number): EncodedMessage => {
      const value = Buffer.alloc(4);
      value.writeUInt32BE(n);
      return { topic: 'market.trades.v1', key: 'BTC-USDT', value };
    };
    /** As the Kafka sink enqueues: to the spool while it holds anything or memory is full. */
    const enqueue = (): void => {
      const record = numbered(written++);
      if (spool.size > 0 || !buffer.push(record)) {
        spool.append(record);
        spilled++;
      }
      loop.notify(buffer.queued);
    };
    const acknowledged: number[] = [];
    let handled = 0;
    /** The next produce request, once the loop has sent it. */
    const nextRequest = async (): Promise<FakeProducer['requests'][number]> => {
      await vi.waitFor(() => expect(producer.requests.length).toBeGreaterThan(handled), { timeout: 2_000, interval: 1 });
      return producer.requests[handled++] as FakeProducer['requests'][number];
    };
    /** The broker is down: 4 records fill memory, the next `spilling` go to the spool (segments of 3, the last part-full or not). */
    const outage = async (spilling: number): Promise<void> => {
      for (let n = 0; n < 4 + spilling; n++) enqueue();
      (await nextRequest()).reject(new Error('Connection error'));
      expect(spool.size).toBe(spilling);
    };
    /**
     * The broker is back. While each request is out, 1, 0, 2, 0, 0, 1, 0 or 3 records arrive in turn (to
     * the spool while it is not empty): fewer than a request resends, so the resend catches up with the
     * segment being appended to and takes it out part-full, with records arriving during its resend;
     * until Kafka has acknowledged every record written.
     */
    const arrivals = [1, 0, 2, 0, 0, 1, 0, 3];
    let requests = 0;
    const resendWhileRecordsArrive = async (): Promise<void> => {
      while (acknowledged.length < written) {
        const request = await nextRequest();
        for (let i = 0; i < (arrivals[requests++ % arrivals.length] ?? 0); i++) enqueue();
        request.resolve();
        acknowledged.push(...request.sent.map((r) => r.value.readUInt32BE(0)));
        // What the spool holds: every record that went there, less those resent and acknowledged, except
        // that a segment out for resending is held whole until its last record is acknowledged (fewer than 3).
        await vi.waitFor(() => expect(counters.acked).toBe(acknowledged.length), { timeout: 2_000, interval: 1 });
        const heldOfSegmentOut = spool.size - (spilled - counters.resent);
        expect(heldOfSegmentOut).toBeGreaterThanOrEqual(0);
        expect(heldOfSegmentOut).toBeLessThan(3);
      }
      expect(spool.size).toBe(0);
    };
    loop.start();
    try {
      // Outages one after the other, each after the spool drained: the spool takes records again, and
      // gives out none of an earlier outage's. Their lengths differ so that the last segment of an
      // outage is left full, with one record, or with two.
      for (const spilling of [10, 11, 12, 13, 14, 15]) {
        await outage(spilling);
        await resendWhileRecordsArrive();
      }

      expect(spilled).toBeGreaterThan(30);
      expect(acknowledged).toEqual(Array.from({ length: written }, (_, n) => n));
      expect(await loop.stop(1_000)).toBe(0);
      await spool.close();
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      await loop.stop(0);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
