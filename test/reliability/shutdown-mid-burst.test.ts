import { describe, expect, inject, it } from 'vitest';
import { startSimulator } from '../../simulator/start-simulator.js';
import { describeReconciliation, reconcileTrades } from './reconcile-trades.js';
import { metricValue } from '../e2e/pipeline-harness.js';
import { readRun, scrape, startRun, useScenario, waitForData } from './reliability-run.js';

const brokers = inject('kafkaBrokers');
const scenario = useScenario();

describe('SIGTERM mid-burst', () => {
  it('stops reading, flushes everything received to Kafka exactly once, reports 0 undelivered and exits 0', async () => {
    const sim = (scenario.sim = await startSimulator({ coins: ['BTC', 'ETH'], tradesPerSecond: 500 }));
    const run = (scenario.run = await startRun({ brokers, sim, venue: 'binance', args: ['--shutdown-deadline-ms', '30000'] }));
    await waitForData(run, 4000);

    // What the pipeline had taken in just before the signal, by its own count: all of it must reach Kafka.
    const takenIn = metricValue(await scrape(run), 'market_feed_events_in_total', { exchange: 'binance', type: 'trade' });
    expect(await run.cli.stop('SIGTERM', 60_000)).toBe(0);
    const stopped = run.cli.logs.find((line) => line.msg === 'stopped');
    expect(stopped?.['undelivered']).toBe(0);

    const records = await readRun(brokers, run.prefix);
    const trades = records['trade'] ?? [];
    // Everything the pipeline received must be in Kafka. What the simulator wrote before the signal may still
    // have been in the socket's buffers, unread, when the feed stopped: however far behind a busy machine held
    // the pipeline, the trades in Kafka are every one the simulator sent up to each symbol's last published,
    // and at least as many as the pipeline had taken in when it was signalled.
    const lastPublished = new Map<string, number>();
    for (const t of trades) {
      const symbol = String(t.value['symbol']);
      lastPublished.set(symbol, Math.max(lastPublished.get(symbol) ?? -1, Number(t.value['tradeId'])));
    }
    const sentBefore = sim.control.sentTrades('binance').filter((s) => s.tradeId <= (lastPublished.get(s.symbol) ?? -1));
    const r = reconcileTrades({ exchange: 'binance', sent: sentBefore, trades, statuses: records['feed_status'] ?? [], consecutiveIds: true });
    const summary = describeReconciliation(r);
    expect(r.delivered, summary).toBe(r.sent);
    expect(r.delivered, summary).toBeGreaterThanOrEqual(takenIn);
    expect(r.sent).toBeGreaterThan(3000);
    expect(r.duplicates, summary).toEqual([]);
    expect(r.uncoveredIds, summary).toEqual([]);
    expect(r.gapIds).toBe(0);
    // The last open windows were closed and published at shutdown.
    expect((records['window_stats'] ?? []).some((s) => s.value['complete'] === false)).toBe(true);
  });
});
