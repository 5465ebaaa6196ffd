import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, inject, it } from 'vitest';
import { GARBAGE_KINDS } from '../../simulator/garbage-frames.js';
import { startSimulator, type RunningSimulator } from '../../simulator/start-simulator.js';
import type { SimVenueName } from '../../simulator/index.js';
import { metricValue, settled } from '../e2e/pipeline-harness.js';
import { describeReconciliation, reconcileTrades } from './reconcile-trades.js';
import { readRun, scrape, startRun, useScenario, waitForData } from './reliability-run.js';
import { stateOf } from '../support/cli-process.js';

const brokers = inject('kafkaBrokers');
const scenario = useScenario();

/** About 10 % of frames garbage for `seconds`: the protocol's own malformed frames at random plus a burst of every kind twice a second. */
async function storm(s: RunningSimulator, venue: SimVenueName, seconds: number): Promise<void> {
  s.control.setMalformedRate(venue, 0.3);
  for (let i = 0; i < seconds * 2; i++) {
    for (const kind of GARBAGE_KINDS) if (kind !== 'oversized') s.control.sendGarbage(venue, kind, 1);
    await sleep(500);
  }
  s.control.setMalformedRate(venue, 0);
}

describe('malformed-frame storms: the process stays up, counts and dead-letters every bad frame, and every good trade arrives once', () => {
  for (const venue of ['bybit', 'binance'] as const) {
    it(`${venue}: garbage, truncated JSON, wrong types, NaN and negative prices, and a frame over maxPayload (1009, reconnect)`, async () => {
      const sim = (scenario.sim = await startSimulator({ coins: ['BTC', 'ETH'], tradesPerSecond: 100 }));
      const run = (scenario.run = await startRun({ brokers, sim, venue }));
      await waitForData(run);
      await storm(sim, venue, 4);

      // One frame past the 1 MiB bound: ws closes the socket with 1009; the feed reconnects and goes on.
      await sleep(300);
      const malformedBefore = sim.control.counters(venue).malformedSent;
      const oversizedAt = Date.now();
      sim.control.sendGarbage(venue, 'oversized');
      await run.cli.waitForLog((line) => stateOf(line) === 'disconnected' && String((line['status'] as { reason?: string }).reason).includes('1009'), 10_000);
      await run.cli.waitForLog((line) => stateOf(line) === 'subscribed' && Number(line.time) > oversizedAt, 10_000);
      await sleep(500);
      await storm(sim, venue, 3);

      sim.control.stall(venue);
      const sent = sim.control.counters(venue).malformedSent;
      const oversized = 1;
      // The pipeline reads the storm as fast as the machine lets it: its count is read until it stops moving.
      const invalidNow = async (): Promise<number> => metricValue(await scrape(run), 'market_feed_invalid_frames_total', { exchange: venue });
      await settled(invalidNow, { quietMs: 1_500, target: sent - oversized, what: 'the invalid frames counted' });
      const metrics = await scrape(run);
      expect(await run.cli.stop('SIGTERM', 60_000)).toBe(0);

      const invalid = metricValue(metrics, 'market_feed_invalid_frames_total', { exchange: venue });
      // Every bad frame that reached the client was counted; the oversized one is never read (the socket closes first).
      expect(invalid).toBe(sent - oversized);
      expect(malformedBefore).toBeGreaterThan(50);
      expect(metricValue(metrics, 'market_feed_reconnects_total', { exchange: venue })).toBeGreaterThanOrEqual(1);

      const records = await readRun(brokers, run.prefix);
      const letters = (records['dead_letter'] ?? []).map((d) => d.value);
      expect(letters.length).toBe(invalid);
      for (const letter of letters) expect(letter).toMatchObject({ exchange: venue });
      const statuses = records['feed_status'] ?? [];
      expect(statuses.some((s) => s.value['state'] === 'disconnected' && String(s.value['reason']).includes('1009'))).toBe(true);

      const trades = records['trade'] ?? [];
      for (const t of trades) {
        expect(Number(t.value['price'])).toBeGreaterThan(0);
        expect(Number(t.value['quantity'])).toBeGreaterThan(0);
      }
      const r = reconcileTrades({ exchange: venue, sent: sim.control.sentTrades(venue), trades, statuses, consecutiveIds: venue === 'binance' });
      const summary = describeReconciliation(r);
      expect(r.unexplained, summary).toEqual([]);
      expect(r.duplicates, summary).toEqual([]);
      expect(r.unexpected, summary).toEqual([]);
      expect(r.uncoveredIds, summary).toEqual([]);
      expect(r.delivered).toBeGreaterThan(1000);
    });
  }
});
