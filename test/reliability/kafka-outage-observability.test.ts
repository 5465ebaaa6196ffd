import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startSimulator } from '../../simulator/start-simulator.js';
import { metricValue } from '../e2e/pipeline-harness.js';
import { removeLocalBroker, startLocalBroker, type LocalBroker } from '../support/kafka-broker.js';
import { scrape, startRun, useScenario, waitForData, type ReliabilityRun } from './reliability-run.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/**
 * A broker of this file's own (the test kills it); its controller listens on the next port. The sink's
 * counters across an outage, which have no bound of the clock, are in kafka-outage-sink-counters.test.ts.
 */
const BROKER: LocalBroker = {
  port: Number(process.env['MARKET_FEED_TEST_OUTAGE_KAFKA_PORT'] ?? 29892),
  runDir: join(root, '.cache', 'kafka', 'observability-run'),
};
const brokers = `127.0.0.1:${BROKER.port}`;
const local = inject('kafkaSource') === 'local';
/** The default of `kafka.readyMaxAckDelayMs`, written out: the behaviour under test. */
const READY_MAX_ACK_DELAY_MS = 5_000;
const OUTAGE_MS = 25_000;
const PROBE_INTERVAL_MS = 150;

const scenario = useScenario();
beforeAll(async () => {
  if (local) await startLocalBroker(BROKER);
}, 180_000);
afterAll(async () => {
  if (local) await removeLocalBroker(BROKER);
}, 120_000);

/** Stops the broker at once (SIGKILL), so that "the stop" is one instant. */
function killBroker(): void {
  process.kill(Number(readFileSync(join(BROKER.runDir, 'broker.pid'), 'utf8').trim()), 'SIGKILL');
}

interface Probe {
  /** When the requests were sent (epoch ms). */
  readonly at: number;
  readonly status: number;
  readonly reasons: readonly string[];
  /** `market_feed_records_out_total` over all topics: records Kafka acknowledged. */
  readonly recordsOut: number;
}

/** Reads /readyz and /metrics every `intervalMs` until stopped. */
function startProbing(run: ReliabilityRun, intervalMs: number): { readonly probes: Probe[]; stop(): Promise<void> } {
  const probes: Probe[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const at = Date.now();
      const [ready, metrics] = await Promise.all([fetch(`${run.healthUrl}/readyz`), scrape(run)]);
      const body = (await ready.json()) as { reasons: string[] };
      probes.push({ at, status: ready.status, reasons: body.reasons, recordsOut: metricValue(metrics, 'market_feed_records_out_total') });
      await sleep(Math.max(0, at + intervalMs - Date.now()));
    }
  })();
  return {
    probes,
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}

async function waitUntil(what: string, predicate: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`${what} not reached within ${timeoutMs} ms`);
    await sleep(100);
  }
}

describe.skipIf(!local)(`Readiness across a Kafka outage (a dedicated local broker on ${brokers})`, () => {
  it('/readyz is 503 within 6 s of the broker stopping while trades flow, stays 503 through a 25 s outage, and is 200 within 1 s of the first acknowledgement after the restart', async () => {
    // 10 trades/s in all: the outage's backlog (about a minute with the restart) is two or three batches.
    const sim = (scenario.sim = await startSimulator({ coins: ['BTC', 'ETH'], tradesPerSecond: 5 }));
    const run = (scenario.run = await startRun({ brokers, sim, venue: 'binance' }));
    await waitForData(run, 2_000);
    await waitUntil('/readyz 200 before the outage', async () => (await fetch(`${run.healthUrl}/readyz`)).status === 200, 20_000);

    const probing = startProbing(run, PROBE_INTERVAL_MS);
    await sleep(2_000);
    killBroker();
    const stoppedAt = Date.now();
    await sleep(OUTAGE_MS);
    const restartAt = Date.now();
    await startLocalBroker(BROKER);
    const upAt = Date.now();
    await waitUntil('/readyz 200 after the restart', () => probing.probes.some((p) => p.at > upAt && p.status === 200), 90_000);
    await probing.stop();
    const { probes } = probing;

    const beforeStop = probes.filter((p) => p.at < stoppedAt);
    expect(beforeStop.length).toBeGreaterThanOrEqual(3);
    expect(
      beforeStop.filter((p) => p.status !== 200),
      'ready while Kafka acknowledges',
    ).toEqual([]);

    const notReady = probes.find((p) => p.at >= stoppedAt && p.status === 503);
    if (notReady === undefined) throw new Error('never 503 during the outage');
    const stopTo503Ms = notReady.at - stoppedAt;
    expect(notReady.reasons.some((r) => r.startsWith('kafka: '))).toBe(true);
    // Through the outage: 503 every time, not a coin toss.
    const outage = probes.filter((p) => p.at >= notReady.at && p.at < restartAt);
    expect(outage.length).toBeGreaterThan(20);
    expect(outage.filter((p) => p.status !== 503)).toEqual([]);

    const baseline = probes.filter((p) => p.at < restartAt).at(-1)?.recordsOut ?? 0;
    const firstAck = probes.find((p) => p.at >= restartAt && p.recordsOut > baseline);
    if (firstAck === undefined) throw new Error('no acknowledgement after the restart');
    const ready = probes.find((p) => p.at >= firstAck.at && p.status === 200);
    if (ready === undefined) throw new Error('not ready after the first acknowledgement');
    const ackTo200Ms = ready.at - firstAck.at;
    const firstFailure = run.cli.logs.find((line) => line.msg === 'produce failed; retrying while records buffer and spill to disk');

    console.info(
      `readiness-outage ${JSON.stringify({
        stopTo503Ms,
        firstReasons: notReady.reasons,
        stopToFirstFailedRequestMs: firstFailure === undefined ? null : Number(firstFailure.time) - stoppedAt,
        restartMs: upAt - restartAt,
        restartToFirstAckMs: firstAck.at - restartAt,
        ackTo200Ms,
        afterFirstAck: probes
          .filter((p) => p.at >= firstAck.at - 300 && p.at <= ready.at)
          .map((p) => [p.at - firstAck.at, p.status, p.recordsOut, p.reasons.join('; ')]),
        probes: probes.length,
      })}`,
    );
    expect(stopTo503Ms).toBeLessThanOrEqual(READY_MAX_ACK_DELAY_MS + 1_000);
    expect(ackTo200Ms).toBeLessThanOrEqual(1_000);
  });
});
