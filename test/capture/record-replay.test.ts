import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { captureFiles, readCapture } from '../../src/capture/capture-reader.js';
import { startSimulator, type RunningSimulator } from '../../simulator/start-simulator.js';
import { sinkTopics } from '../../src/sink/sink-topics.js';
import { CliProcess } from '../support/cli-process.js';
import { readTopics, type ConsumedRecord } from '../support/topic-reader.js';
import { startPipeline, type PipelineRun } from '../e2e/pipeline-harness.js';

const brokers = inject('kafkaBrokers');
let sim: RunningSimulator | undefined;
let run: PipelineRun | undefined;
afterEach(async () => {
  await run?.close();
  await sim?.close();
  run = undefined;
  sim = undefined;
});

async function record(bybitUrl: string, out: string, seconds: number, extra: readonly string[] = []): Promise<void> {
  const recorder = new CliProcess([
    'record',
    ...extra,
    '--exchange',
    'bybit',
    '--out',
    out,
    '--coins',
    'BTC,ETH',
    '--bybit-url',
    bybitUrl,
    '--duration-s',
    String(seconds),
    '--max-bytes',
    '20000',
  ]);
  expect(await recorder.exited, recorder.stderrText.slice(-2000)).toBe(0);
}

/** Replays a capture at max speed into fresh topics; returns every record by type, and how many of each its pipeline made. */
async function replay(
  input: string,
  extra: readonly string[] = [],
): Promise<{ readonly records: Record<string, readonly ConsumedRecord[]>; readonly made: Readonly<Record<string, number>> }> {
  const prefix = `replay-${randomUUID().slice(0, 8)}.`;
  const replayer = new CliProcess([
    'replay',
    ...extra,
    '--input',
    input,
    '--speed',
    'max',
    '--coins',
    'BTC,ETH',
    '--kafka-brokers',
    brokers,
    '--kafka-topic-prefix',
    prefix,
    '--kafka-partitions',
    '3',
    '--spool-dir',
    mkdtempSync(join(tmpdir(), 'mf-spool-')),
    '--stats-windows-ms',
    '1000',
  ]);
  expect(await replayer.exited, replayer.stderrText.slice(-2000)).toBe(0);
  const finished = replayer.logs.find((line) => line.msg === 'replay finished');
  expect(finished?.['undelivered']).toBe(0);
  const topics = sinkTopics(prefix);
  const typeOf = new Map(Object.entries(topics.records).map(([type, topic]) => [topic, type]));
  const records = await readTopics(brokers.split(','), [...typeOf.keys()]);
  const byType: Record<string, readonly ConsumedRecord[]> = Object.fromEntries([...records].map(([topic, list]) => [typeOf.get(topic) ?? topic, list]));
  // What the pipeline made is what the topics hold, type by type: none lost or written twice on the way.
  const made = (finished?.['records'] ?? {}) as Record<string, number>;
  for (const type of Object.keys(made)) expect(byType[type]?.length ?? 0, `${type} records in Kafka, of ${made[type]} made`).toBe(made[type]);
  return { records: byType, made };
}

const canonical = (records: readonly ConsumedRecord[] = []): string[] => records.map((r) => JSON.stringify({ key: r.key, value: r.value })).sort();

/** Captured receive time of every trade in a Bybit capture, by `symbol/tradeId`. */
async function capturedTradeTimes(input: string): Promise<Map<string, number>> {
  const times = new Map<string, number>();
  for await (const line of readCapture(input).lines) {
    const frame = JSON.parse(line.frame) as { topic?: string; data?: { s: string; i: string }[] };
    if (frame.topic?.startsWith('publicTrade.') !== true) continue;
    for (const trade of frame.data ?? []) times.set(`${trade.s}/${trade.i}`, line.receivedTs);
  }
  return times;
}

describe('market-feed record and replay (simulator -> capture -> pipeline -> real Kafka)', () => {
  it('gives identical records, apart from publish times, when the same capture is replayed twice', async () => {
    sim = await startSimulator({ coins: ['BTC', 'ETH'], tradesPerSecond: 10 });
    const out = join(mkdtempSync(join(tmpdir(), 'mf-capture-')), 'bybit.ndjson.gz');
    await record(sim.urls.bybit, out, 4);
    expect(captureFiles(out).length).toBeGreaterThan(1);

    const { records: first, made: firstMade } = await replay(out);
    const { records: second, made: secondMade } = await replay(out);
    expect((first['trade'] ?? []).length).toBeGreaterThan(40);
    expect((first['window_stats'] ?? []).length).toBeGreaterThan(4);
    for (const type of ['trade', 'price_tick', 'book_ticker', 'window_stats', 'large_trade', 'feed_status']) {
      expect(canonical(second[type]), `${type}: the first replay made ${JSON.stringify(firstMade)}, the second ${JSON.stringify(secondMade)}`).toEqual(
        canonical(first[type]),
      );
    }
  });

  it('publishes the same trades at max speed as the live run did while the capture was recorded, with the captured receive times', async () => {
    run = await startPipeline({ brokers, args: ['--coins', 'BTC,ETH'] });
    await run.cli.waitForLog((line) => (line['status'] as { state?: string } | undefined)?.state === 'subscribed');
    const out = join(mkdtempSync(join(tmpdir(), 'mf-capture-')), 'live.ndjson.gz');
    await record(run.sim.urls.bybit, out, 4);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await run.cli.stop('SIGTERM')).toBe(0);
    const live = (await run.read())['trade'] ?? [];

    const replayed = (await replay(out)).records['trade'] ?? [];
    const receivedAt = await capturedTradeTimes(out);
    expect(replayed.length).toBe(receivedAt.size);
    expect(replayed.length).toBeGreaterThan(40);
    const sameTrade = (r: ConsumedRecord): string => {
      const { symbol, tradeId, price, quantity, side, isBuyerMaker, exchangeTs, seq } = r.value;
      return JSON.stringify({ key: r.key, symbol, tradeId, price, quantity, side, isBuyerMaker, exchangeTs, seq });
    };
    for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
      const ids = replayed.filter((r) => r.value['symbol'] === symbol).map((r) => BigInt(String(r.value['tradeId'])));
      const [low, high] = [ids.reduce((a, b) => (a < b ? a : b)), ids.reduce((a, b) => (a > b ? a : b))];
      const inRange = (r: ConsumedRecord): boolean =>
        r.value['symbol'] === symbol && BigInt(String(r.value['tradeId'])) >= low && BigInt(String(r.value['tradeId'])) <= high;
      expect(replayed.filter(inRange).map(sameTrade).sort(), symbol).toEqual(live.filter(inRange).map(sameTrade).sort());
    }
    for (const r of replayed) expect(r.value['receivedTs']).toBe(receivedAt.get(`${String(r.value['symbol'])}/${String(r.value['tradeId'])}`));
  });

  it('gives the derived data the live run gave (book changes, interval snapshots, quotes, time bars) from what both saw', async () => {
    const books = ['--books', 'BTC,ETH'];
    const dataTypes = ['--data-types', 'book_change,book_snapshot_5_100ms,quote_1s,trade_bar_1s'];
    run = await startPipeline({ brokers, args: ['--coins', 'BTC,ETH', ...books, ...dataTypes] });
    await run.cli.waitForLog((line) => (line['status'] as { state?: string } | undefined)?.state === 'subscribed');
    const out = join(mkdtempSync(join(tmpdir(), 'mf-capture-')), 'derived.ndjson.gz');
    await record(run.sim.urls.bybit, out, 6, books);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await run.cli.stop('SIGTERM')).toBe(0);
    const live = await run.read();
    const { records: replayed } = await replay(out, [...books, ...dataTypes]);

    // The capture began after the live run had its books: both publish the same from the first whole
    // interval after the capture's first book (2 s on), to 1.5 s before its end (the live run went on).
    const times = (replayed['book_change'] ?? []).map((r) => Number(r.value['exchangeTs']));
    expect(times.length).toBeGreaterThan(100);
    const [from, to] = [Math.min(...times) + 2000, Math.max(...times) - 1500];
    // What a record is, apart from the socket that carried it and when it was received.
    const same = (r: ConsumedRecord): string => {
      const { receivedTs: _receivedTs, connectionId: _connectionId, ...rest } = r.value;
      return JSON.stringify({ key: r.key, ...rest });
    };
    const within = (records: readonly ConsumedRecord[] = [], ts = (r: ConsumedRecord) => Number(r.value['exchangeTs'])): string[] =>
      records
        .filter((r) => ts(r) >= from && ts(r) <= to)
        .map(same)
        .sort();
    for (const type of ['interval_book_snapshot', 'quote', 'trade_bar']) {
      const ours = within(replayed[type]);
      expect(ours.length, type).toBeGreaterThan(type === 'interval_book_snapshot' ? 20 : 3);
      expect(ours, type).toEqual(within(live[type]));
    }
    // Book changes after the capture's first snapshot: the venue's updates, one for one.
    const deltas = (records: readonly ConsumedRecord[] = []) => records.filter((r) => r.value['isSnapshot'] === false);
    expect(within(deltas(replayed['book_change']))).toEqual(within(deltas(live['book_change'])));
  });

  it('stops, says which file it cannot write and exits 1 when the capture cannot be written (a folder by its name)', async () => {
    sim = await startSimulator({ coins: ['BTC'], tradesPerSecond: 10 });
    const out = join(mkdtempSync(join(tmpdir(), 'mf-record-')), 'c.ndjson.gz');
    mkdirSync(out);
    const recorder = new CliProcess(['record', '--exchange', 'bybit', '--out', out, '--coins', 'BTC', '--bybit-url', sim.urls.bybit, '--duration-s', '60']);
    expect(await recorder.exited, recorder.stderrText.slice(-2000)).toBe(1);
    const stopped = recorder.logs.find((line) => line.msg === 'recording stopped');
    expect(stopped?.['reason']).toMatch(new RegExp(`^cannot write the capture file ${out}: EISDIR`));
  });
});
