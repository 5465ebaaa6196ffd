import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Producer } from 'kafkajs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../logging/create-logger.js';
import { sinkReadinessReasons } from '../pipeline/sink-readiness.js';
import type { EncodedMessage } from './record-encoder.js';
import { SendBuffer } from './send-buffer.js';
import { SendLoop } from './send-loop.js';
import { createSinkCounters } from './sink-counters.js';
import { Spool } from './spool.js';

const logger = createLogger({ level: 'silent' });
const trade = (n: number): EncodedMessage => ({ topic: 'market.trades.v1', key: 'BTC-USDT', value: Buffer.from([n]), headers: {} });

/** A producer whose produce requests stay open until the test settles them. */
class FakeProducer {
  readonly requests: { readonly records: number; resolve: () => void; reject: (error: Error) => void }[] = [];

  sendBatch(request: { topicMessages: { messages: unknown[] }[] }): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const records = request.topicMessages.reduce((sum, t) => sum + t.messages.length, 0);
      this.requests.push({ records, resolve: () => resolve([]), reject });
    });
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
  const counters = createSinkCounters();

  const write = (n: number): void => {
    buffer.push(trade(n));
    loop.notify(buffer.queued);
  };
  const readiness = (): string[] => sinkReadinessReasons({ delivery: loop.delivery(), now: Date.now() });

  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
    dir = mkdtempSync(join(tmpdir(), 'send-loop-'));
    producer = new FakeProducer();
    buffer = new SendBuffer({ maxRecords: 10_000, maxConflatedKeys: 10 });
    spool = new Spool({ dir, logger });
    loop = new SendLoop({
      producer: producer as unknown as Producer,
      buffer,
      spool,
      counters,
      logger,
      compression: 0,
      maxRecords: 500,
      maxBytes: 1 << 20,
      maxDelayMs: 20,
      initialRetryDelayMs: 200,
      maxRetryDelayMs: 1_000,
      onRejected: () => {},
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
});
