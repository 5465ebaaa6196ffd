import { setTimeout as sleep } from 'node:timers/promises';
import { GARBAGE_KINDS } from '../../simulator/garbage-frames.js';
import { STRATEGY_SIGNALS_TOPIC, sinkTopics } from '../../src/sink/sink-topics.js';
import { startPipeline, type PipelineRun } from '../e2e/pipeline-harness.js';
import { CliProcess, stateOf } from '../support/cli-process.js';
import { readTopics, type ConsumedRecord } from '../support/topic-reader.js';

/** Every kind of record `market-feed run` and `market-feed sniper` write, one topic each. */
export const INTEROP_RECORD_TYPES = [
  'trade',
  'price_tick',
  'book_ticker',
  'window_stats',
  'large_trade',
  'book_snapshot',
  'book_stats',
  'feed_status',
  'kline',
  'volume_profile',
  'derivative_ticker',
  'liquidation',
  'option_summary',
  'book_change',
  'interval_book_snapshot',
  'quote',
  'trade_bar',
  'dead_letter',
  'strategy_signal',
] as const;
export type InteropRecordType = (typeof INTEROP_RECORD_TYPES)[number];

export interface InteropTopicsOptions {
  readonly brokers: string;
  /** Written with Confluent framing through this registry (by `run` and `sniper`); single-object encoding when absent. */
  readonly schemaRegistryUrl?: string;
  /** More `market-feed run` arguments. */
  readonly runArgs?: readonly string[];
}

/** Topics holding records of every type, their writers stopped; `close()` stops the simulator. */
export interface InteropTopics {
  readonly prefix: string;
  /** The full topic name of each record type. */
  readonly topics: Readonly<Record<InteropRecordType, string>>;
  /** Every record written, as the project's own reader (`readTopics`) decodes it, by record type. */
  readonly records: Readonly<Record<InteropRecordType, readonly ConsumedRecord[]>>;
  close(): Promise<void>;
}

/**
 * Perpetuals beside spot (Bybit linear): derivative tickers and liquidations; and Deribit's BTC options
 * expiring within 3 days (option summaries and option trades).
 */
const MARKET_ARGS = ['--markets', 'spot,linear,option', '--venues', 'bybit,binance,bybit_linear,deribit_options', '--option-underlyings', 'BTC', '--option-expiries', '3d'];
const PERPETUAL_FALL = { pct: -4, durationMs: 2000, buyRatio: 0.1 };
/** Order books on (Bybit orderbook.50 in the simulator): book snapshots and book stats. */
const BOOK_ARGS = ['--books', 'true'];
/** The derived data types: every book change, a snapshot every 100 ms and a quote every second of venue time, 1 s trade bars. */
const DATA_TYPE_ARGS = ['--data-types', 'book_change,book_snapshot_5_100ms,quote_1s,trade_bar_1s'];
/** Large trades come early and often: 1.5x the mean of the last 50 trades (the simulator's sizes reach 3x the mean). */
const LARGE_TRADE_ARGS = ['--large-trade-multiple', '1.5', '--large-trade-lookback', '50'];
/** Volume profiles every second, BTC's rows a tick multiple wide and ETH's 24 rows over its range (klines are on by default). */
const PROFILE_ARGS = ['--profile-window-ms', '1000', '--profile-ticks', 'BTC:0.01', '--profile-tick-multiple', '100'];
/** +5 % over 4 s with 95 % buyer-initiated trades: the sniper below enters within the move. */
const JUMP = { pct: 5, durationMs: 4000, buyRatio: 0.95 };
const SNIPER_ARGS = [
  '--rise-pct',
  '1.5',
  '--window-s',
  '3',
  '--min-buy-ratio',
  '0.75',
  '--min-trades',
  '5',
  '--take-profit-pct',
  '1',
  '--stop-loss-pct',
  '1',
  '--max-holding-s',
  '20',
];

/**
 * Simulator -> `market-feed run` (1 s stats windows and volume profiles, klines, large trades, order books, the
 * perpetuals' tickers and liquidations, option summaries) and `market-feed sniper` on its topics, with bad frames (dead letters),
 * a price jump (a sniper ENTRY signal) and a fall of the perpetual (liquidations). Both processes
 * are stopped with SIGTERM (flushing the last windows) before this resolves, so the topics are final.
 * Throws when a topic stayed empty.
 */
export async function writeInteropTopics(options: InteropTopicsOptions): Promise<InteropTopics> {
  const registryArgs = options.schemaRegistryUrl === undefined ? [] : ['--schema-registry-url', options.schemaRegistryUrl];
  let run: PipelineRun | undefined;
  let sniper: CliProcess | undefined;
  const stopAll = async (): Promise<void> => {
    if (sniper !== undefined && (await Promise.race([sniper.exited.then(() => true), Promise.resolve(false)])) === false) await sniper.stop('SIGKILL');
    await run?.close();
  };
  try {
    run = await startPipeline({
      brokers: options.brokers,
      simulator: { venues: ['bybit', 'binance', 'bybit_linear', 'deribit_options'], coins: ['BTC', 'ETH'], tradesPerSecond: 10 },
      args: [...MARKET_ARGS, ...LARGE_TRADE_ARGS, ...BOOK_ARGS, ...DATA_TYPE_ARGS, ...PROFILE_ARGS, ...registryArgs, ...(options.runArgs ?? [])],
    });
    await run.cli.waitForLog((line) => stateOf(line) === 'subscribed');
    sniper = new CliProcess(['sniper', '--kafka-brokers', options.brokers, '--kafka-topic-prefix', run.prefix, ...registryArgs, ...SNIPER_ARGS]);
    await sniper.waitForLog((line) => line.msg === 'sniper consuming', 60_000);
    await sleep(1000);

    // Every kind of bad frame except `oversized` (which closes the socket): one dead letter each.
    for (const kind of GARBAGE_KINDS.filter((k) => k !== 'oversized')) run.sim.control.sendGarbage('bybit', kind, 2);
    run.sim.control.movePrice('bybit', JUMP, 'BTCUSDT');
    // A fall of the perpetual: longs liquidated.
    run.sim.control.movePrice('bybit_linear', PERPETUAL_FALL, 'BTCUSDT');
    await sniper.waitForLog((line) => String(line.msg).startsWith('paper ENTRY'), 30_000);
    await sleep(1500);

    const sniperExit = await sniper.stop('SIGTERM');
    const runExit = await run.cli.stop('SIGTERM');
    if (sniperExit !== 0 || runExit !== 0) throw new Error(`writers exited with run=${String(runExit)} sniper=${String(sniperExit)}`);

    const base = sinkTopics(run.prefix);
    const topics: Record<InteropRecordType, string> = {
      ...base.records,
      dead_letter: base.deadLetters,
      strategy_signal: `${run.prefix}${STRATEGY_SIGNALS_TOPIC}`,
    };
    const read = await readTopics(
      options.brokers.split(','),
      Object.values(topics),
      options.schemaRegistryUrl === undefined ? {} : { registryUrl: options.schemaRegistryUrl },
    );
    const records = Object.fromEntries(INTEROP_RECORD_TYPES.map((type) => [type, read.get(topics[type]) ?? []])) as Record<InteropRecordType, ConsumedRecord[]>;
    const empty = INTEROP_RECORD_TYPES.filter((type) => records[type].length === 0);
    if (empty.length > 0) throw new Error(`no records written to: ${empty.map((type) => topics[type]).join(', ')}`);
    const finished = run;
    return { prefix: finished.prefix, topics, records, close: () => finished.close() };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
