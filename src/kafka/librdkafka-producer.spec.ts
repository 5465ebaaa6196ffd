import { Kafka, logLevel } from 'kafkajs';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { FATAL_CODE } from './librdkafka-errors.js';
import { createLibrdkafkaProducer, type DeliveryReport, type ProducerConstructor, type RawProducer } from './librdkafka-producer.js';

/**
 * Producers as the package makes them, scripted: each `new` takes the next connect outcome (an error
 * or none). A connected one takes records and flushes them at once; a disconnected one throws as the
 * package's does ("Producer not connected").
 */
function scriptedBinding(connects: readonly (Error | undefined)[]) {
  const made: FakeProducer[] = [];
  class FakeProducer implements RawProducer {
    connected = false;
    readonly produced: string[] = [];
    private readonly errorListeners: ((error: unknown) => void)[] = [];
    private readonly outcome = connects[made.length];
    constructor() {
      made.push(this);
    }
    connect(_options: { readonly timeout: number }, callback: (error: unknown) => void): void {
      this.connected = this.outcome === undefined;
      setImmediate(() => callback(this.outcome ?? null));
    }
    disconnect(callback: () => void): void {
      this.connected = false;
      setImmediate(callback);
    }
    produce(topic: string, _partition: number | null, value: Buffer): unknown {
      if (!this.connected) throw new Error('Producer not connected');
      this.produced.push(`${topic} ${value.toString()}`);
      return true;
    }
    flush(_timeoutMs: number, callback: (error: unknown) => void): void {
      if (!this.connected) throw new Error('Producer not connected');
      setImmediate(() => callback(null));
    }
    setPollInterval(): void {}
    on(event: 'delivery-report', listener: (error: unknown, report: DeliveryReport) => void): void;
    on(event: 'event.error' | 'event.log', listener: (error: unknown) => void): void;
    on(event: string, listener: ((error: unknown) => void) | ((error: unknown, report: DeliveryReport) => void)): void {
      if (event === 'event.error') this.errorListeners.push((error) => listener(error, {}));
    }
    /** What librdkafka raises when the idempotent producer's state is gone. */
    fatal(): void {
      for (const listener of this.errorListeners) listener(Object.assign(new Error('Fatal error: out of order sequence'), { code: FATAL_CODE }));
    }
  }
  return { made, binding: (): ProducerConstructor => FakeProducer };
}

const record = (n: number) => ({ topic: 'mf.trades', key: 'BTC-USDT', value: Buffer.from(`trade ${n}`) });

describe('the librdkafka producer after a fatal error', () => {
  it('opens a new producer, and when the brokers are out of reach just then, tries again at the next request until one opens', async () => {
    const unreachable = new Error('Local: Broker transport failure');
    const { made, binding } = scriptedBinding([undefined, unreachable, undefined]);
    const producer = createLibrdkafkaProducer(
      {
        brokers: ['127.0.0.1:1'],
        clientId: 'spec',
        admin: new Kafka({ brokers: ['127.0.0.1:1'], logLevel: logLevel.NOTHING }),
        logger: pino({ enabled: false }),
      },
      binding,
    );
    await producer.connect();
    await producer.send([record(1)]);
    made[0]?.fatal();
    // The first new producer cannot connect: the request fails, retriably, and the records go again.
    await expect(producer.send([record(2)])).rejects.toThrow('Broker transport failure');
    expect(producer.classify(unreachable)).toBe('retriable');
    await producer.send([record(2)]);
    expect(made.map((each) => each.produced)).toEqual([['mf.trades trade 1'], [], ['mf.trades trade 2']]);
    await producer.close();
    expect(made.map((each) => each.connected)).toEqual([false, false, false]);
  });
});
