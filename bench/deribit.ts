/**
 * Deribit's options beside its trades, in two parts of one run.
 *
 * In this process: CPU per option summary (one option `ticker` notification of `deribit_options`), per
 * option trade and per inverse perpetual trade (`deribit`'s `BTC-PERPETUAL` and `ETH-PERPETUAL`), on
 * frames recorded from the simulated Deribit (one socket per row, the `.100ms` channels of every BTC and
 * ETH option it lists, or of the two perpetuals), then replayed through the frame decoder, the venue's
 * rules, the operators and Avro encoding of every record (`in-process-replay.ts`), the options with the
 * simulated venue's own list given (as `market-feed replay --listings`: options are always chosen from
 * the list). Tickers are recorded at the simulator's defaults (each option's ticker when its mark moves,
 * every 1 s, or it trades: one trade a second a chain), option trades at 3 a second an option (the
 * simulator's `trade-rate`: the default gives about 12 in 6 s, too few to measure), perpetual trades at
 * 100 a second each. Measured from the line after the last instrument's first message, so that no
 * instrument's first record (its state created) is counted. The options' frames are replayed two ways:
 * each shard's options apart (the product's default shards of 200, what each socket carries live), and
 * the whole chain in one replay, as `market-feed replay` of the capture (every shard reads every frame
 * and keeps its own instruments). Every unit counted must come out as one record, or the bench throws.
 * Every row replayed once before any is measured, then in 5 rounds, its least CPU kept; baseline
 * `JSON.parse` of the same frames, the least of 5 passes.
 *
 * Live (`deribit-chain.ts`): `market-feed run --markets option --venues deribit_options` against the
 * simulated Deribit at its defaults, into Kafka (Avro, the product's default sink) and then to stdout
 * (JSON lines), the pipeline's CPU share of one core and RSS. The broker: `KAFKA_BROKERS`, or unset, one
 * of this bench's own (`scripts/kafka.sh` on `BENCH_DERIBIT_KAFKA_PORT`, default 19292, removed after).
 * `BENCH_DERIBIT_SINKS` (default `kafka,stdout`) chooses the live runs.
 * `npx tsx bench/deribit.ts [recordMs] [seconds]`.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CaptureLine } from '../src/capture/capture-line.js';
import type { VenueSymbol } from '../src/exchanges/adapter-config.js';
import type { VenueListing } from '../src/model/instrument.js';
import { formatTable, type BenchRow } from './bench-report.js';
import { ROOT, brokerPid, stopProcess } from './bench-processes.js';
import { UNDERLYINGS, benchDeribitChain, chainOf, startDeribitSim, type DeribitChainSink, type DeribitSim } from './deribit-chain.js';
import { parseOnly, replayInProcess, type ReplayCpu } from './in-process-replay.js';
import { recordVenueFrames } from './record-venue-frames.js';

/** Trades a second of each option while its trades are recorded (the simulator's `trade-rate`, per symbol; its default, one a second a chain, gives about 12 in 6 s). */
const OPTION_TRADES_PER_SECOND = 3;
/** Trades a second of each perpetual. */
const PERPETUAL_TRADES_PER_SECOND = 100;
const ROUNDS = 5;

type Row = 'option_summary' | 'option_trade' | 'perpetual_trade';
const KIND: Readonly<Record<Row, 'option_summary' | 'trade'>> = { option_summary: 'option_summary', option_trade: 'trade', perpetual_trade: 'trade' };
const LABEL: Readonly<Record<Row, string>> = {
  option_summary: 'deribit_options: CPU per option summary (a ticker message)',
  option_trade: 'deribit_options: CPU per option trade',
  perpetual_trade: 'deribit: CPU per inverse perpetual trade',
};

interface Notification {
  readonly params?: { readonly channel?: string; readonly data?: unknown };
}

/** The instruments and units of a notification of `channel` (`trades`: each trade; `ticker`: one), none for anything else. */
function unitsOf(frame: unknown, channel: 'trades' | 'ticker'): readonly string[] {
  const { channel: name = '', data } = (frame as Notification).params ?? {};
  if (!name.startsWith(`${channel}.`)) return [];
  if (channel === 'ticker') return [String((data as { instrument_name?: unknown }).instrument_name)];
  return Array.isArray(data) ? data.map((t) => String((t as { instrument_name?: unknown }).instrument_name)) : [];
}

/** The line after the last instrument's first unit: from there on every instrument in the frames has its state. */
function measuredFrom(lines: readonly CaptureLine[], channel: 'trades' | 'ticker'): number {
  const seen = new Set<string>();
  let from = 0;
  for (const [n, line] of lines.entries()) {
    for (const name of unitsOf(JSON.parse(line.frame), channel)) {
      if (seen.has(name)) continue;
      seen.add(name);
      from = n + 1;
    }
  }
  return from;
}

/** One shard's frames and their replay: the line measured from, the units counted from there. */
interface Part {
  readonly lines: readonly CaptureLine[];
  readonly from: number;
  readonly counted: number;
  readonly replay: () => Promise<ReplayCpu>;
}

/** One row: its frames in parts of at most one shard's instruments each, or the whole chain in one part (`shards` of them in the replay). */
interface Recorded {
  readonly row: Row;
  readonly channel: 'trades' | 'ticker';
  readonly parts: readonly Part[];
  /** The whole capture in one replay, as `market-feed replay`: its shards each read every frame. */
  readonly whole: boolean;
  readonly shards: number;
}

/**
 * Instruments a shard holds: the product's default (`--max-instruments-per-connection` 200; a Deribit
 * connection holds 500 channels, 250 options). Live, each shard's socket carries its own options' frames
 * alone; a replay hands every frame to every shard's feed of the venue, each decodes it and keeps its
 * own instruments' records: the whole chain replayed at once gives each record once, but decodes each
 * frame once a shard. So each shard's part is also replayed alone, as its socket carried it.
 */
const SHARD_INSTRUMENTS = 200;

/** The instrument a notification names (`ticker.BTC-27NOV26-56000-C.100ms`); undefined for any other frame. */
const instrumentOf = (frame: unknown): string | undefined => (frame as Notification).params?.channel?.split('.')[1];

function partOf(lines: readonly CaptureLine[], row: Row, channel: 'trades' | 'ticker', listings: readonly VenueListing[] | undefined): Part {
  const from = measuredFrom(lines, channel);
  const counted = lines.slice(from).reduce((n, line) => n + unitsOf(JSON.parse(line.frame), channel).length, 0);
  const flags =
    listings === undefined
      ? { markets: 'inverse', coins: UNDERLYINGS.join(','), quote: 'USD', klines: 'false' }
      : { markets: 'option', 'option-underlyings': UNDERLYINGS.join(','), klines: 'false' };
  const venue = listings === undefined ? 'deribit' : 'deribit_options';
  const options = { venue, measureFrom: from, ...(listings === undefined ? {} : { listings }) } as const;
  return { lines, from, counted, replay: () => replayInProcess(lines, flags, options) };
}

/** A row's frames recorded for `ms`: the perpetuals' in one part; the options' each shard apart, then the whole chain at once. */
async function recorded(sim: DeribitSim, row: Row, chain: readonly VenueListing[], ms: number): Promise<Recorded[]> {
  const channel = row === 'option_summary' ? 'ticker' : 'trades';
  if (row === 'perpetual_trade') {
    const lines = await recordVenueFrames({ venue: 'deribit', url: sim.urls.deribit, coins: UNDERLYINGS, quote: 'USD', record: 'trade', ms });
    return [{ row, channel, parts: [partOf(lines, row, channel, undefined)], whole: false, shards: 1 }];
  }
  const instruments: VenueSymbol[] = chain.map((l) => ({
    symbol: l.symbol,
    coin: l.base,
    quote: l.quote,
    ...(l.key === undefined ? {} : { instrument: l.key }),
  }));
  const lines = await recordVenueFrames({
    venue: 'deribit_options',
    url: sim.urls.deribit_options,
    coins: [],
    quote: 'USD',
    record: KIND[row],
    ms,
    instruments,
  });
  const parts: Part[] = [];
  for (let n = 0; n < chain.length; n += SHARD_INSTRUMENTS) {
    const listings = chain.slice(n, n + SHARD_INSTRUMENTS);
    const names = new Set(listings.map((l) => l.symbol));
    const own = lines.filter((line) => names.has(instrumentOf(JSON.parse(line.frame)) ?? ''));
    parts.push(partOf(own, row, channel, listings));
  }
  return [
    { row, channel, parts, whole: false, shards: parts.length },
    { row, channel, parts: [partOf(lines, row, channel, chain)], whole: true, shards: parts.length },
  ];
}

/** The units of a row, and its measured CPU, µs, over its parts (each a replay of its own). */
async function replayed({ parts }: Recorded, kind: 'option_summary' | 'trade'): Promise<{ readonly cpuUs: number; readonly made: number }> {
  let cpuUs = 0;
  let made = 0;
  for (const part of parts) {
    const cpu = await part.replay();
    cpuUs += cpu.cpuUs;
    made += cpu.measured.get(kind) ?? 0;
  }
  return { cpuUs, made };
}

/**
 * One replay (a warm-up): every unit counted from each part's line `from` on must have come out as one
 * record of its kind there (the whole chain over its shards too: once, not once a shard).
 */
async function checkedUnits(recorded: Recorded): Promise<number> {
  const counted = recorded.parts.reduce((n, part) => n + part.counted, 0);
  const { made } = await replayed(recorded, KIND[recorded.row]);
  const how = recorded.whole ? ` (the whole chain over ${recorded.shards} shards)` : '';
  if (counted === 0 || made !== counted) throw new Error(`${recorded.row}${how}: ${made} ${KIND[recorded.row]} records of ${counted}`);
  return counted;
}

/** CPU per option summary, option trade and perpetual trade, replayed in this process, beside `JSON.parse` of the same frames. */
export async function benchDeribitReplay(recordMs: number): Promise<BenchRow[]> {
  const rows = new Map<Row, Recorded[]>();
  // Tickers at the default option trade rate (a trade moves its option's ticker), then option trades at a rate to measure.
  const sim = await startDeribitSim(['--no-limits', '--rate', String(PERPETUAL_TRADES_PER_SECOND)]);
  try {
    const chain = await chainOf(sim);
    rows.set('option_summary', await recorded(sim, 'option_summary', chain, recordMs));
    rows.set('perpetual_trade', await recorded(sim, 'perpetual_trade', chain, recordMs));
    await fetch(`${sim.controlUrl}/deribit_options/trade-rate?per-symbol=${OPTION_TRADES_PER_SECOND}`, { method: 'POST' });
    rows.set('option_trade', await recorded(sim, 'option_trade', chain, recordMs));
  } finally {
    await stopProcess(sim.child);
  }
  const ordered = (['option_summary', 'option_trade', 'perpetual_trade'] as const).flatMap((row) => rows.get(row) ?? []);
  const counts: number[] = [];
  for (const row of ordered) counts.push(await checkedUnits(row));
  const least = ordered.map(() => Infinity);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [n, row] of ordered.entries()) least[n] = Math.min(least[n] ?? Infinity, (await replayed(row, KIND[row.row])).cpuUs / (counts[n] ?? 1));
  }
  return ordered.map((row, n): BenchRow => {
    const count = counts[n] ?? 0;
    const measured = row.parts.flatMap((part) => part.lines.slice(part.from));
    const baseline = Math.min(...Array.from({ length: 5 }, () => parseOnly(measured, count, (frame) => unitsOf(frame, row.channel).length)));
    const shards = row.whole
      ? `the whole chain in one replay, ${row.shards} shards each decoding every frame`
      : `${row.shards} shard${row.shards > 1 ? 's' : ''}${row.shards > 1 ? ', each replayed with its own frames' : ''}`;
    return {
      bench: 'deribit',
      metric: `${LABEL[row.row]} (${count} in ${measured.length} frames, ${shards})`,
      value: least[n] ?? 0,
      unit: row.row === 'option_summary' ? 'µs/summary' : 'µs/trade',
      baseline: { name: 'JSON.parse of the frames', value: baseline },
    };
  });
}

export interface DeribitBenchOptions {
  readonly recordMs: number;
  readonly seconds: number;
  /** The live runs, in turn. */
  readonly sinks: readonly ('kafka' | 'stdout')[];
  /** The brokers of the Kafka run; none: one of this bench's own on `kafkaPort`, removed after. */
  readonly brokers?: readonly string[];
  readonly kafkaPort: number;
}

export function deribitOptionsFromEnv(env: NodeJS.ProcessEnv): DeribitBenchOptions {
  const sinks = (env.BENCH_DERIBIT_SINKS ?? 'kafka,stdout').split(',').filter((s): s is 'kafka' | 'stdout' => s === 'kafka' || s === 'stdout');
  return {
    recordMs: Number(env.BENCH_DERIBIT_MS ?? 6000),
    seconds: Number(env.BENCH_DERIBIT_SECONDS ?? 60),
    sinks,
    ...(env.KAFKA_BROKERS === undefined || env.KAFKA_BROKERS === '' ? {} : { brokers: env.KAFKA_BROKERS.split(',') }),
    kafkaPort: Number(env.BENCH_DERIBIT_KAFKA_PORT ?? 19292),
  };
}

/** The live chain into Kafka, on the given brokers or a broker of its own (`scripts/kafka.sh`), its CPU shown when its pid is known. */
async function liveIntoKafka(options: DeribitBenchOptions): Promise<BenchRow[]> {
  if (options.brokers !== undefined) {
    const pid = brokerPid();
    return benchDeribitChain(options.seconds, { kind: 'kafka', brokers: options.brokers, ...(pid === undefined ? {} : { brokerPid: pid }) });
  }
  const runDir = '.cache/kafka/bench-deribit';
  const kafkaEnv = { ...process.env, KAFKA_NODES: '1', KAFKA_PORT: String(options.kafkaPort), KAFKA_RUN_DIR: runDir };
  const kafka = (command: 'up' | 'clean'): void =>
    void execFileSync('bash', ['scripts/kafka.sh', command], { cwd: ROOT, env: kafkaEnv, stdio: ['ignore', 'ignore', 'inherit'] });
  kafka('clean');
  kafka('up');
  try {
    const pid = brokerPid(`${runDir}`);
    const sink: DeribitChainSink = { kind: 'kafka', brokers: [`127.0.0.1:${options.kafkaPort}`], ...(pid === undefined ? {} : { brokerPid: pid }) };
    return await benchDeribitChain(options.seconds, sink);
  } finally {
    kafka('clean');
  }
}

export async function benchDeribit(options: DeribitBenchOptions): Promise<BenchRow[]> {
  const rows = await benchDeribitReplay(options.recordMs);
  for (const sink of options.sinks)
    rows.push(...(sink === 'kafka' ? await liveIntoKafka(options) : await benchDeribitChain(options.seconds, { kind: 'stdout' })));
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const options = deribitOptionsFromEnv(process.env);
  const [recordMs, seconds] = process.argv.slice(2).map(Number);
  process.stdout.write(
    formatTable(await benchDeribit({ ...options, ...(recordMs === undefined ? {} : { recordMs }), ...(seconds === undefined ? {} : { seconds }) })),
  );
}
