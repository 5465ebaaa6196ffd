import { pino } from 'pino';
import { describe, expect, inject, it } from 'vitest';
import { startSimulator } from '../../simulator/start-simulator.js';
import { RecordEncoder } from '../../src/sink/record-encoder.js';
import { sinkTopics } from '../../src/sink/sink-topics.js';
import { Spool } from '../../src/sink/spool.js';
import { trade } from '../sink/sink-fixtures.js';
import type { ConsumedRecord } from '../support/topic-reader.js';
import { killAndRestart, quiesceAndStop, readRun, startRun, waitForData, useScenario, type ReliabilityRun } from './reliability-run.js';

const brokers = inject('kafkaBrokers');
const scenario = useScenario();
const SYMBOLS = ['BTCUSDT', 'ETHUSDT'];

/** Highest trade id per symbol among trade records. */
function highestIds(trades: readonly ConsumedRecord[]): Map<string, number> {
  const highest = new Map<string, number>();
  for (const { value } of trades) {
    const symbol = String(value['symbol']);
    highest.set(symbol, Math.max(highest.get(symbol) ?? 0, Number(value['tradeId'])));
  }
  return highest;
}

interface Restarted {
  /** Highest trade id per symbol in Kafka while the pipeline was down. */
  readonly inKafkaBefore: ReadonlyMap<string, number>;
  /** The first trade id the simulator sent to the restarted pipeline, per symbol. */
  readonly firstAfter: ReadonlyMap<string, number>;
  readonly second: ReliabilityRun;
  readonly trades: readonly ConsumedRecord[];
  /** `gap` statuses in the feed-status topic. */
  readonly gaps: readonly Readonly<Record<string, unknown>>[];
}

/**
 * Binance simulator + `run`; SIGKILL it mid-stream while the venue keeps trading; `whileDown` (e.g.
 * to spool something); restart on the same prefix and spool; stop cleanly; read everything back.
 */
async function killedAndRestarted(
  whileDown: (first: ReliabilityRun, inKafka: ReadonlyMap<string, number>) => Promise<void> = async () => {},
): Promise<Restarted> {
  const sim = await startSimulator({ coins: ['BTC', 'ETH'], tradesPerSecond: 40 });
  scenario.sim = sim;
  const first = await startRun({ brokers, sim, venue: 'binance' });
  scenario.run = first;
  await waitForData(first, 2000);

  let sentBefore: readonly { readonly connectionId: string }[] = [];
  let inKafkaBefore = new Map<string, number>();
  // The venue keeps trading while nothing listens.
  const second = await killAndRestart({
    brokers,
    sim,
    venue: 'binance',
    first,
    downMs: 1500,
    whileDown: async () => {
      sentBefore = sim.control.sentTrades('binance');
      inKafkaBefore = highestIds((await readRun(brokers, first.prefix))['trade'] ?? []);
      expect([...inKafkaBefore.keys()].sort()).toEqual(SYMBOLS);
      await whileDown(first, inKafkaBefore);
    },
  });
  const oldConnections = new Set(sentBefore.map((sent) => sent.connectionId));
  scenario.run = second;
  await waitForData(second, 2000);
  expect(await quiesceAndStop(sim, 'binance', second)).toBe(0);

  const firstAfter = new Map<string, number>();
  for (const sent of sim.control.sentTrades('binance').slice(sentBefore.length)) {
    if (!oldConnections.has(sent.connectionId) && !firstAfter.has(sent.symbol)) firstAfter.set(sent.symbol, sent.tradeId);
  }
  const records = await readRun(brokers, first.prefix);
  const gaps = (records['feed_status'] ?? []).map(({ value }) => value).filter((status) => status['state'] === 'gap');
  return { inKafkaBefore, firstAfter, second, trades: records['trade'] ?? [], gaps };
}

/** Asserts one gap status per symbol, in the topic and the log, naming exactly `from`..(first id after - 1). */
function expectRestartGaps(restarted: Restarted, lastIdBefore: (symbol: string) => number): void {
  const tradeKeys = new Set(restarted.trades.map(({ value }) => `${String(value['symbol'])}/${String(value['tradeId'])}`));
  const loggedGaps = restarted.second.cli.statuses().filter((status) => status['state'] === 'gap');
  for (const symbol of SYMBOLS) {
    const lastBefore = lastIdBefore(symbol);
    const nextAfter = restarted.firstAfter.get(symbol) ?? NaN;
    // A real hole: the simulator moved on while the pipeline was down, and the first trade after is in Kafka.
    expect(nextAfter - lastBefore, symbol).toBeGreaterThan(1 + 20);
    expect(tradeKeys.has(`${symbol}/${nextAfter}`), `${symbol}/${nextAfter} in Kafka`).toBe(true);
    const expected = {
      exchange: 'binance',
      symbol,
      missingFrom: lastBefore + 1,
      missingTo: nextAfter - 1,
      reason: `trade ids ${lastBefore + 1}..${nextAfter - 1} missing across a restart`,
    };
    expect(restarted.gaps.filter((gap) => gap['symbol'] === symbol)).toEqual([expect.objectContaining(expected)]);
    expect(loggedGaps.filter((gap) => gap['symbol'] === symbol)).toEqual([expect.objectContaining(expected)]);
  }
}

describe('a pipeline killed and restarted on the same topics', () => {
  it('reports the Binance trade ids missing across a SIGKILL and restart as one gap per symbol, from the last id in Kafka to the first id after', async () => {
    const restarted = await killedAndRestarted();
    expectRestartGaps(restarted, (symbol) => restarted.inKafkaBefore.get(symbol) ?? NaN);

    const seeded = restarted.second.cli.logs.find((line) => line.msg === 'last trade ids read back from Kafka');
    expect(seeded?.['symbols']).toBe(2);
    console.info(`start-up read of the last trade ids: ${String(seeded?.['elapsedMs'])} ms, ${String(seeded?.['records'])} records`);
  });

  it('counts a trade left in the spool, which the restart delivers first, as published: the gap starts after it', async () => {
    let spooledId = NaN;
    const restarted = await killedAndRestarted(async (first, inKafka) => {
      // What a killed process leaves when Kafka was slow: a trade newer than any in the topic, on disk.
      spooledId = (inKafka.get('BTCUSDT') ?? NaN) + 3;
      const encoder = await RecordEncoder.create({ kind: 'single-object' }, sinkTopics(first.prefix));
      const spool = new Spool({ dir: first.spoolDir, logger: pino({ level: 'silent' }) });
      spool.append(encoder.encodeRecord({ ...trade(spooledId), exchange: 'binance', symbol: 'BTCUSDT', coin: 'BTC', tradeId: String(spooledId) }));
      await spool.close();
    });
    expect(restarted.trades.some(({ value }) => value['symbol'] === 'BTCUSDT' && value['tradeId'] === String(spooledId))).toBe(true);
    expectRestartGaps(restarted, (symbol) => (symbol === 'BTCUSDT' ? spooledId : (restarted.inKafkaBefore.get(symbol) ?? NaN)));
  });
});
