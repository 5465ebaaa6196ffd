import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel } from 'kafkajs';
import { expect } from 'vitest';
import type { CliProcess } from './cli-process.js';

// What the tests of the topics' consumer groups (`archive`, `questdb`) share: their processes' stories, their commits, bad values.

/** How a group member's process ended and why, on one line: its end, its stderr's error lines and its last errors or warnings logged. */
export function storyOf(member: CliProcess): string {
  const stderr = member.stderrText.trim().split('\n');
  const said = stderr.filter((line) => !line.startsWith('{') && /error|market-feed/i.test(line)).slice(0, 3);
  const logged = member.logs
    .filter((line) => Number(line['level']) >= 40)
    .slice(-3)
    .map((line) => String(line['msg']));
  return `${member.ended ?? 'running'}; stderr: ${said.join(' | ')}; last warnings: ${logged.join(' | ')}`;
}

/** The process has not ended by itself; if it has, the failure says how. */
export function expectRunning(member: CliProcess, name: string): void {
  expect(member.ended, `${name} ended by itself: ${storyOf(member)}`).toBeUndefined();
}

/** SIGTERM, and exit 0 within 30 s; otherwise the first line says how it ended and why, and its last log lines follow. */
export async function stopMember(member: CliProcess): Promise<void> {
  const code = await member.stop('SIGTERM', 30_000);
  const tail = member.logs.slice(-12).map((line) => JSON.stringify(line));
  expect(code, `exit code ${String(code)}: ${storyOf(member)}; last log lines:\n${tail.join('\n')}`).toBe(0);
}

/**
 * Waits until the group has committed every partition of the topics up to its end; fails only after
 * `stallMs` in which no committed offset moved (a busy machine's members commit late, not never).
 */
export async function waitForCommitted(brokers: string, groupId: string, topics: readonly string[], stallMs: number): Promise<void> {
  const kafka = new Kafka({ clientId: 'group-test', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    let deadline = Date.now() + stallMs;
    let lastTotal = -1;
    for (;;) {
      let behind = 0;
      let total = 0;
      try {
        for (const topic of topics) {
          const ends = await admin.fetchTopicOffsets(topic);
          const [group] = await admin.fetchOffsets({ groupId, topics: [topic] });
          for (const { partition, high } of ends) {
            const committed = Number(group?.partitions.find((p) => p.partition === partition)?.offset ?? -1);
            total += Math.max(0, committed);
            if (Number(high) > 0 && committed < Number(high)) behind++;
          }
        }
      } catch (error) {
        // A broker just started may not coordinate the group yet: asked again, within the stall's bound.
        if (!(typeof error === 'object' && error !== null && (error as { retriable?: unknown }).retriable === true)) throw error;
        behind = -1;
      }
      if (behind === 0) return;
      if (behind > 0 && total > lastTotal) {
        lastTotal = total;
        deadline = Date.now() + stallMs;
      }
      if (Date.now() > deadline) throw new Error(`${Math.max(behind, 0)} partitions not committed to their end, and no commit for ${stallMs} ms`);
      await sleep(500);
    }
  } finally {
    await admin.disconnect();
  }
}

/** Three values that do not decode (not Avro, a single-object header of an unknown schema, a Confluent id no registry has), written beside the pipeline's records. */
export async function produceUndecodable(brokers: string, topic: string): Promise<void> {
  const kafka = new Kafka({ clientId: 'group-test', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic,
    messages: [
      { key: 'BTC-USDT', value: Buffer.from('not avro at all') },
      { key: 'BTC-USDT', value: Buffer.from([0xc3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 9]) },
      { key: 'BTC-USDT', value: Buffer.from([0x00, 0, 0, 0, 42, 2]) },
    ],
  });
  await producer.disconnect();
}
