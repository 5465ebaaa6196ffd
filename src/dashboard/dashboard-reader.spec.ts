import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { PartitionReader } from '../kafka/partition-reader.js';
import { RecordDecoder } from '../sink/record-decoder.js';
import { DashboardReader } from './dashboard-reader.js';
import { dashboardTopics } from './dashboard-topics.js';

/** A reader whose connect never answers (a client stuck on a broker that came back), or one that works and reads nothing. */
const stuck = (): PartitionReader => ({
  connect: () => new Promise<void>(() => undefined),
  offsets: () => Promise.resolve(new Map()),
  assign: () => Promise.resolve(),
  // As a real reader: waits a moment for records before answering none.
  read: () => new Promise((resolve) => setTimeout(() => resolve([]), 10)),
  close: () => Promise.resolve(),
});
const working = (): PartitionReader => ({ ...stuck(), connect: () => Promise.resolve() });

describe('DashboardReader', () => {
  it('gives up a client that never answers its connect and connects with a new one', async () => {
    const states: string[] = [];
    const made: string[] = [];
    const reader = new DashboardReader({
      createReader: () => {
        made.push(made.length === 0 ? 'stuck' : 'working');
        return made.length === 1 ? stuck() : working();
      },
      topics: dashboardTopics(''),
      decoder: new RecordDecoder(undefined),
      logger: pino({ level: 'silent' }),
      events: { onInput: () => undefined, onUndecodable: () => undefined, onKafka: (state) => states.push(state), onOffsets: () => undefined },
      config: { answerTimeoutMs: 50, reconnectDelayMs: 10, probeIntervalMs: 20 },
    });
    reader.start();
    for (let wait = 0; wait < 100 && !states.includes('connected'); wait++) await new Promise((resolve) => setTimeout(resolve, 10));
    await reader.stop();
    expect(made).toEqual(['stuck', 'working']);
    expect(states).toEqual(['unreachable', 'connected']);
  });
});
