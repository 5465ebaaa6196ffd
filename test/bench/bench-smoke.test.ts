import { describe, expect, inject, it } from 'vitest';
import type { BenchRow } from '../../bench/bench-report.js';
import { benchBurst } from '../../bench/burst.js';
import { benchCapacity } from '../../bench/capacity.js';
import { benchCodec } from '../../bench/codec.js';
import { benchEndToEnd } from '../../bench/end-to-end.js';
import { benchNormalize } from '../../bench/normalize.js';
import { benchPeer } from '../../bench/peer.js';
import { benchPipeline } from '../../bench/pipeline.js';
import { benchReaderProbe } from '../../bench/reader-probe.js';
import { benchSink } from '../../bench/sink.js';

const brokers = inject('kafkaBrokers').split(',');
// The pipeline from the sources (`make bench` runs the built entry; building here would race other tests that build).
process.env.BENCH_FROM_SOURCE = '1';
// The pipeline from this run's transpiled sources: tsx's start-up on a busy machine can outlast a warm-up.
process.env.BENCH_CLI_MAIN = inject('cliMain');

function valueOf(rows: readonly BenchRow[], metric: string): number {
  const row = rows.find((r) => r.metric.startsWith(metric));
  if (row === undefined) throw new Error(`no row ${metric}`);
  return row.value;
}

// Smoke runs with tiny durations: the benchmarks still work, not how fast anything is.
describe('benchmarks (smoke run)', () => {
  it('normalize and codec give each rate beside a positive baseline', async () => {
    const rows = [...benchNormalize(80), ...(await benchCodec(80))];
    expect(rows).toHaveLength(8);
    for (const row of rows) {
      expect(row.value).toBeGreaterThan(0);
      expect(row.baseline?.value).toBeGreaterThan(0);
    }
  });

  it('pipeline gives CPU per trade at 1, 10 and 100 trades per frame beside JSON.parse of the same frames', async () => {
    const rows = await benchPipeline(2_000);
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row.value).toBeGreaterThan(0);
      expect(row.baseline?.value).toBeGreaterThan(0);
    }
  });

  it('sink gives CPU per acked record beside kafkajs send of the same records', async () => {
    const rows = await benchSink({ brokers, records: 2_000, runs: 1, batchMaxRecords: 500, partitions: 1, librdkafka: true });
    // Three shapes x four figures with kafkajs, two shapes x four with librdkafka.
    expect(rows).toHaveLength(20);
    for (const row of rows.filter((r) => r.metric !== 'longest event-loop stall')) {
      expect(row.value).toBeGreaterThan(0);
      expect(row.baseline?.value).toBeGreaterThan(0);
    }
  }, 60_000);

  it("reader-probe gives the wall and CPU time of a librdkafka offsets probe beside the kafkajs reader's", async () => {
    const rows = await benchReaderProbe({ brokers, topics: 4, probes: 5, rounds: 1 });
    expect(rows.map((r) => r.metric)).toEqual([
      'librdkafka offsets() of 4 topics x 3 partitions, wall',
      'librdkafka offsets() of 4 topics x 3 partitions, CPU',
    ]);
    for (const row of rows) {
      expect(row.value).toBeGreaterThan(0);
      expect(row.baseline?.value).toBeGreaterThan(0);
    }
  }, 60_000);

  it('end-to-end reads acked trades back from Kafka with their latency', async () => {
    const rows = await benchEndToEnd({ brokers, rates: [500], seconds: 2, warmupSeconds: 3, batchMaxRecords: 500 });
    expect(valueOf(rows, 'trades/s acked')).toBeGreaterThan(0);
    expect(valueOf(rows, 'p99 receive -> Kafka append')).toBeGreaterThanOrEqual(0);
    expect(valueOf(rows, 'pipeline RSS max')).toBeGreaterThan(0);
  }, 60_000);

  it('peer counts trades delivered by market-feed and by ccxt from the same simulator', async () => {
    const rows = await benchPeer({ venues: ['bybit'], rates: [500], seconds: 1, warmupSeconds: 3 });
    const delivered = rows.find((r) => r.metric.startsWith('trades/s delivered'));
    expect(delivered?.value).toBeGreaterThan(0);
    expect(delivered?.baseline?.value).toBeGreaterThan(0);
  }, 60_000);

  it('capacity finds a sustained rate for market-feed and for ccxt', async () => {
    const rows = await benchCapacity({ venue: 'bybit', startRate: 200, maxRate: 200, refineSteps: 0, seconds: 2, warmupSeconds: 3 });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.value).toBeGreaterThanOrEqual(0);
    expect(rows[0]?.baseline?.value).toBeGreaterThanOrEqual(0);
  }, 90_000);

  it('burst reports delivery during the burst, recovery, losses and duplicates', async () => {
    // A burst of 4 s: on a machine busy with other files, the pipeline may publish nothing for a second or two.
    const rows = await benchBurst({ brokers, capacity: 400, warmupSeconds: 3, burstSeconds: 4, recoverySeconds: 3, batchMaxRecords: 500 });
    expect(valueOf(rows, 'trades/s acked during the burst')).toBeGreaterThan(0);
    expect(valueOf(rows, 'trades written twice')).toBe(0);
    expect(Number.isFinite(valueOf(rows, 'trades lost'))).toBe(true);
  }, 90_000);
});
