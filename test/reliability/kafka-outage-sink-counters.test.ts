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
 * A broker of this file's own (the test kills it); its controller listens on the next port. The readiness
 * test of the same outage, whose bounds are wall-clock ones, is in kafka-outage-observability.test.ts; this
 * one compares counters only, so it runs beside the other integration files.
 */
const BROKER: LocalBroker = {
  port: Number(process.env['MARKET_FEED_TEST_SPILL_KAFKA_PORT'] ?? 29962),
  runDir: join(root, '.cache', 'kafka', 'sink-counters-run'),
};
const brokers = `127.0.0.1:${BROKER.port}`;
const local = inject('kafkaSource') === 'local';

const scenario = useScenario();
beforeAll(async () => {
  if (local) await startLocalBroker(BROKER);
}, 180_000);
afterAll(async () => {
  if (local) await removeLocalBroker(BROKER);
}, 120_000);

/** Stops the broker at once (SIGKILL). */
function killBroker(): void {
  process.kill(Number(readFileSync(join(BROKER.runDir, 'broker.pid'), 'utf8').trim()), 'SIGKILL');
}

async function waitUntil(what: string, predicate: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`${what} not reached within ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** The `event` label of each sink counter on /metrics: the documented contract. */
const EVENT_LABELS = {
  conflated: 'conflated',
  conflationOverflow: 'conflation_overflow',
  spilled: 'spilled',
  resent: 'resent',
  deadLettered: 'dead_lettered',
  encodeFailures: 'encode_failed',
  rejected: 'rejected',
  sendFailures: 'send_failed',
  rejectedAfterClose: 'refused_after_close',
} as const;

type SinkFigures = Readonly<Record<string, number>>;

/** The sink counters as /metrics shows them, by counter name. */
function metricsFigures(exposition: string): SinkFigures {
  const figures: Record<string, number> = {
    buffered: metricValue(exposition, 'market_feed_buffer_records'),
    spooled: metricValue(exposition, 'market_feed_spool_records'),
  };
  for (const [counter, event] of Object.entries(EVENT_LABELS)) figures[counter] = metricValue(exposition, 'market_feed_sink_events_total', { event });
  return figures;
}

/**
 * The sink's own counters from the next `summary` log line, with the /metrics scrapes taken just
 * before and just after it was written.
 */
async function countersAroundSummary(
  run: ReliabilityRun,
): Promise<{ readonly summary: SinkFigures; readonly before: SinkFigures; readonly after: SinkFigures }> {
  const scrapes: { start: number; end: number; figures: SinkFigures }[] = [];
  // One scrape first, and then the next summary line written after it ended: a line written while the first scrape
  // was on its way (a busy machine's scrape takes a while) would have no scrape before it.
  const first = Date.now();
  scrapes.push({ start: first, figures: metricsFigures(await scrape(run)), end: Date.now() });
  const since = Date.now();
  let summaryTime: number | undefined;
  const summaryLine = run.cli.waitForLog((line) => line.msg === 'summary' && Number(line.time) > since, 15_000);
  void summaryLine.then(
    (line) => (summaryTime = Number(line.time)),
    () => undefined,
  );
  while (summaryTime === undefined || !scrapes.some((s) => s.start > (summaryTime ?? Infinity))) {
    const start = Date.now();
    const figures = metricsFigures(await scrape(run));
    scrapes.push({ start, end: Date.now(), figures });
    if (Date.now() - since > 15_000) break;
    await sleep(50);
  }
  const line = await summaryLine;
  const time = Number(line.time);
  const before = scrapes.filter((s) => s.end < time).at(-1);
  const after = scrapes.find((s) => s.start > time);
  if (before === undefined || after === undefined) throw new Error('no scrape on both sides of the summary line');
  const sink = line['sink'] as Record<string, number>;
  const summary: Record<string, number> = { buffered: Number(sink['buffered']), spooled: Number(sink['spooled']) };
  for (const counter of Object.keys(EVENT_LABELS)) summary[counter] = Number(sink[counter]);
  return { summary, before: before.figures, after: after.figures };
}

describe.skipIf(!local)(`Sink metrics across a Kafka outage (a dedicated local broker on ${brokers})`, () => {
  it("after an outage that spills to the spool, /metrics sink events and buffer and spool gauges equal the sink's counters in the summary log, during the outage and after the spool is re-sent", async () => {
    const sim = (scenario.sim = await startSimulator({ coins: ['BTC', 'ETH'], tradesPerSecond: 250 }));
    // A small buffer so that the outage spills; no stale, failover or stats records while the venue is stalled.
    const quiet = ['--kafka-buffer-max-records', '100', '--stale-after-ms', '600000', '--failover-after-ms', '600000', '--stats-windows-ms', '3600000'];
    const run = (scenario.run = await startRun({ brokers, sim, venue: 'binance', args: quiet }));
    await waitForData(run, 2_000);
    killBroker();
    await waitUntil('records spilled to the spool', async () => metricValue(await scrape(run), 'market_feed_spool_records') > 1_000, 30_000);
    sim.control.stall('binance');
    await sleep(1_000);

    // Broker down, venue stalled: only failed produce requests are still counted.
    const during = await countersAroundSummary(run);
    const { sendFailures: failuresBefore, ...steadyBefore } = during.before;
    const { sendFailures: failuresAfter, ...steadyAfter } = during.after;
    const { sendFailures: failures, ...steady } = during.summary;
    expect(steady).toEqual(steadyBefore);
    expect(steady).toEqual(steadyAfter);
    expect(failures).toBeGreaterThanOrEqual(failuresBefore ?? 0);
    expect(failures).toBeLessThanOrEqual(failuresAfter ?? 0);
    expect(during.summary['spilled']).toBeGreaterThan(1_000);
    expect(during.summary['spooled']).toBeGreaterThan(1_000);
    expect(during.summary['buffered']).toBeGreaterThan(0);
    expect(during.summary['conflated']).toBeGreaterThan(0);

    await startLocalBroker(BROKER);
    await waitUntil(
      'spool and buffer empty',
      async () => {
        const metrics = await scrape(run);
        return metricValue(metrics, 'market_feed_spool_records') === 0 && metricValue(metrics, 'market_feed_buffer_records') === 0;
      },
      90_000,
    );
    await sleep(500);

    // Broker back, venue stalled: nothing changes any more, so every figure is equal.
    const afterwards = await countersAroundSummary(run);
    console.info(`sink-counters ${JSON.stringify({ during: during.summary, afterwards: afterwards.summary })}`);
    expect(afterwards.summary).toEqual(afterwards.before);
    expect(afterwards.summary).toEqual(afterwards.after);
    expect(afterwards.summary['resent']).toBe(afterwards.summary['spilled']);
    expect(afterwards.summary['spooled']).toBe(0);
  });
});
