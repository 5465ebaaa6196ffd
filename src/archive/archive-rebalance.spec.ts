import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { answerRebalances, closeWithin, type RebalancedConsumer, type TopicPartitionOffset } from './archive-consumer.js';

// librdkafka's codes for the two rebalance events (`RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS`, `__REVOKE_PARTITIONS`).
const ASSIGN = { code: -175, message: 'Local: Assign partitions' };
const REVOKE = { code: -174, message: 'Local: Revoke partitions' };
const PARTITIONS: readonly TopicPartitionOffset[] = [
  { topic: 'mf.trades', partition: 0, offset: -1001 },
  { topic: 'mf.trades', partition: 1, offset: -1001 },
];

interface Said {
  readonly level: 'warn' | 'error';
  readonly msg: string;
}

function recorder(): { readonly said: Said[]; readonly log: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void } } {
  const said: Said[] = [];
  return {
    said,
    log: {
      warn: (_obj: object, msg: string) => said.push({ level: 'warn', msg }),
      error: (_obj: object, msg: string) => said.push({ level: 'error', msg }),
    },
  };
}

describe('answerRebalances', () => {
  it('gives revoked partitions back only once the archive has let them go', async () => {
    const calls: string[] = [];
    let release: () => void = () => undefined;
    const consumer: RebalancedConsumer = {
      incrementalAssign: (partitions) => calls.push(`assign ${partitions.length}`),
      incrementalUnassign: (partitions) => calls.push(`unassign ${partitions.length}`),
      assignmentLost: () => false,
    };
    const { log } = recorder();
    const answer = answerRebalances(
      consumer,
      {
        assigned: (partitions) => calls.push(`assigned ${partitions.length}`),
        revoked: () => new Promise<void>((resolve) => (release = resolve)),
      },
      log,
    );
    answer(ASSIGN, PARTITIONS);
    answer(REVOKE, PARTITIONS);
    await sleep(5);
    expect(calls).toEqual(['assign 2', 'assigned 2']);
    release();
    await sleep(5);
    expect(calls).toEqual(['assign 2', 'assigned 2', 'unassign 2']);
  });

  it('says so, and does not crash, when the binding refuses the late answer to a revoke (the consumer closed meanwhile)', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const consumer: RebalancedConsumer = {
        incrementalAssign: () => undefined,
        // What the binding throws once disconnected: librdkafka's `ERR__STATE`.
        incrementalUnassign: () => {
          throw Object.assign(new Error('Local: Erroneous state'), { code: -172 });
        },
        assignmentLost: () => false,
      };
      const { said, log } = recorder();
      const answer = answerRebalances(consumer, { assigned: () => undefined, revoked: () => sleep(1) }, log);
      answer(REVOKE, PARTITIONS);
      await sleep(20);
      expect(unhandled).toEqual([]);
      expect(said).toEqual([{ level: 'warn', msg: 'revoked partitions not given back: the consumer is closing or left the group' }]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('a revoke the archive fails to handle is said, and the partitions are still given back', async () => {
    const calls: string[] = [];
    const consumer: RebalancedConsumer = {
      incrementalAssign: () => undefined,
      incrementalUnassign: (partitions) => calls.push(`unassign ${partitions.length}`),
      assignmentLost: () => true,
    };
    const { said, log } = recorder();
    const answer = answerRebalances(consumer, { assigned: () => undefined, revoked: () => Promise.reject(new Error('disk full')) }, log);
    answer(REVOKE, PARTITIONS);
    await sleep(5);
    expect(said).toEqual([{ level: 'error', msg: 'revoke failed' }]);
    expect(calls).toEqual(['unassign 2']);
  });
});

describe('closeWithin', () => {
  it('resolves when the close calls back', async () => {
    let late = false;
    await closeWithin(
      'a consumer',
      (done) => setTimeout(done, 5),
      1_000,
      () => (late = true),
    );
    expect(late).toBe(false);
  });

  it('resolves after the wait, saying so, when the close never calls back (a coordinator out of reach)', async () => {
    let late = false;
    const started = Date.now();
    await closeWithin(
      'a consumer',
      () => undefined,
      30,
      () => (late = true),
    );
    expect(late).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });
});
