/**
 * The whole default Deribit option chain, live (the second part of `bench/deribit.ts`), and the simulated
 * Deribit both parts read.
 *
 * `market-feed run --markets option --venues deribit_options` (the default underlyings, BTC and ETH,
 * every expiry) against the simulated Deribit (its limits on, its option trades at their default rate,
 * one a second a chain) for `seconds`, after every option is subscribed and 10 s more, into Kafka (the
 * product's default sink: Avro single-object encoding, the default producer) or `--sink stdout` (JSON
 * lines, read by this process): the pipeline process's CPU share of one core and its RSS (from /proc: the
 * peak since its start, and the median of the window's samples, one a second), the options followed,
 * the summaries and trades a second it delivered (acked by Kafka, `market_feed_records_out_total`, or
 * the lines written to stdout), and the broker's CPU when its pid is known. `BENCH_CPU_PROF_DIR` profiles the pipeline.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VENUES } from '../src/exchanges/venues.js';
import type { VenueListing } from '../src/model/instrument.js';
import { RECORD_TOPICS } from '../src/sink/sink-topics.js';
import { median, type BenchRow } from './bench-report.js';
import { CpuMeter, ROOT, freePort, marketFeedEntry, procStats, sleep, stopProcess } from './bench-processes.js';

/** The option chains followed by default (`--option-underlyings`, default BTC,ETH). */
export const UNDERLYINGS = ['BTC', 'ETH'];

/**
 * The simulated Deribit in a process of its own (`market-feed simulate`): run in the bench's process, its
 * option tickers came late and few while that process recorded them (648 channels gave 500 frames in 3 s, not 1,900).
 */
export interface DeribitSim {
  readonly child: ChildProcess;
  readonly urls: Readonly<Record<'deribit' | 'deribit_options', string>>;
  /** Deribit's REST is on the simulator's root, as the venue's on its host (the paths carry `/api/v2`). */
  readonly restUrl: string;
  readonly controlUrl: string;
}

/** Starts `market-feed simulate` serving both Deribit venues with `flags`, and waits until its options are listed. */
export async function startDeribitSim(flags: readonly string[]): Promise<DeribitSim> {
  const port = await freePort();
  const child = spawn(process.execPath, [...marketFeedEntry(), 'simulate', '--port', String(port), '--venues', 'deribit,deribit_options', ...flags], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `127.0.0.1:${port}`;
  const sim = {
    child,
    urls: { deribit: `ws://${base}/deribit/ws/api/v2`, deribit_options: `ws://${base}/deribit-options/ws/api/v2` },
    restUrl: `http://${base}`,
    controlUrl: `http://${base}/control`,
  };
  for (let tries = 0; tries < 120; tries++) {
    await sleep(500);
    if ((await fetch(`${sim.restUrl}${VENUES.deribit_options.catalog.listings.path}`).catch(() => undefined))?.ok === true) return sim;
  }
  await stopProcess(child);
  throw new Error('the simulated Deribit did not answer in 60 s');
}

/** The venue's list as the simulated Deribit answers it, read as the feed reads it. */
async function listingsOf(sim: DeribitSim, venue: 'deribit' | 'deribit_options'): Promise<readonly VenueListing[]> {
  const { listings } = VENUES[venue].catalog;
  const answer: unknown = await (await fetch(`${sim.restUrl}${listings.path}`)).json();
  return listings.read(answer, venue).listings;
}

/** The BTC and ETH options listed: what the feed follows by default. */
export async function chainOf(sim: DeribitSim): Promise<readonly VenueListing[]> {
  return (await listingsOf(sim, 'deribit_options')).filter((l) => UNDERLYINGS.includes(l.base) && l.state === 'trading');
}

/** The sum of a metric's series (every label), from the exposition text. */
function metricTotal(text: string, name: string, filter = ''): number {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) && line.includes(filter))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

/** Where the live pipeline delivers: a Kafka cluster (`brokerPid`: the broker whose CPU is shown, if known), or stdout. */
export type DeribitChainSink = { readonly kind: 'kafka'; readonly brokers: readonly string[]; readonly brokerPid?: number } | { readonly kind: 'stdout' };

/** The whole default chain run live against the simulated Deribit: the pipeline's CPU share of a core, its RSS, the options, summaries and trades a second. */
export async function benchDeribitChain(seconds: number, sink: DeribitChainSink): Promise<BenchRow[]> {
  const entry = marketFeedEntry();
  const sim = await startDeribitSim([]);
  const options = (await chainOf(sim)).length;
  const metricsPort = await freePort();
  const work = mkdtempSync(join(tmpdir(), 'mf-bench-deribit-'));
  const profile = process.env.BENCH_CPU_PROF_DIR === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`];
  // Topics of this run's own on a shared broker.
  const prefix = sink.kind === 'kafka' ? `bench-deribit-${Date.now()}.` : '';
  const delivery =
    sink.kind === 'stdout'
      ? ['--sink', 'stdout']
      : ['--sink', 'kafka', '--kafka-brokers', sink.brokers.join(','), '--kafka-topic-prefix', prefix, '--spool-dir', join(work, 'spool')];
  const args = [
    ...profile,
    ...entry,
    'run',
    ...['--markets', 'option', '--venues', 'deribit_options', ...delivery],
    ...['--deribit-options-url', sim.urls.deribit_options, '--deribit-options-rest-url', sim.restUrl],
    ...['--metrics-port', String(metricsPort), '--log-level', 'warn', '--log-pretty', 'false'],
  ];
  const pipeline = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', sink.kind === 'stdout' ? 'pipe' : 'ignore', 'inherit'] });
  const pid = pipeline.pid ?? -1;
  // stdout: JSON lines counted as they come (`market_feed_records_out_total` counts Kafka's acks alone); Kafka: the records it acked.
  const written = { summaries: 0, trades: 0 };
  let rest = '';
  pipeline.stdout?.setEncoding('utf8');
  pipeline.stdout?.on('data', (chunk: string) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      if (line.startsWith('{"type":"option_summary"')) written.summaries += 1;
      else if (line.startsWith('{"type":"trade"')) written.trades += 1;
    }
  });
  /** Records delivered so far, acked by Kafka or written to stdout. */
  const delivered = (text: string, kind: 'option_summary' | 'trade'): number =>
    sink.kind === 'stdout'
      ? written[kind === 'trade' ? 'trades' : 'summaries']
      : metricTotal(text, 'market_feed_records_out_total', `topic="${prefix}${RECORD_TOPICS[kind]}"`);
  let rssPeak = 0;
  const sample = (): number => {
    const rss = procStats(pid)?.rssBytes ?? 0;
    rssPeak = Math.max(rssPeak, rss);
    return rss;
  };
  const scrape = async (): Promise<string> => (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  try {
    const startedAt = Date.now();
    let subscribedMs = Number.NaN;
    while (Date.now() - startedAt < 120_000) {
      await sleep(500);
      sample();
      const text = await scrape().catch(() => '');
      const shards =
        metricTotal(text, 'market_feed_shard_instruments') > 0 ? text.split('\n').filter((l) => l.startsWith('market_feed_shard_instruments{')).length : 0;
      if (
        shards > 0 &&
        metricTotal(text, 'market_feed_shard_state', 'state="subscribed"') === shards &&
        metricTotal(text, 'market_feed_shard_instruments') >= options
      ) {
        subscribedMs = Date.now() - startedAt;
        break;
      }
    }
    if (Number.isNaN(subscribedMs)) throw new Error(`deribit_options: ${options} options not all subscribed in 120 s`);
    for (let s = 0; s < 10; s++) await sleep(1000).then(sample);
    const followed = metricTotal(await scrape(), 'market_feed_shard_instruments');
    const cpu = new CpuMeter(pid);
    const simCpu = new CpuMeter(sim.child.pid);
    const brokerCpu = sink.kind === 'kafka' && sink.brokerPid !== undefined ? new CpuMeter(sink.brokerPid) : undefined;
    const tradesSent = async (): Promise<number> =>
      ((await (await fetch(`${sim.controlUrl}/deribit_options/counters`)).json()) as { tradesSent?: number }).tradesSent ?? 0;
    const sentBefore = await tradesSent();
    const scraped = await scrape();
    const before = { option_summary: delivered(scraped, 'option_summary'), trade: delivered(scraped, 'trade') };
    const windowStart = Date.now();
    const rss: number[] = [];
    while (Date.now() - windowStart < seconds * 1000) {
      await sleep(1000);
      rss.push(sample());
    }
    const cores = cpu.cores();
    const simCores = simCpu.cores();
    const brokerCores = brokerCpu?.cores();
    const elapsed = (Date.now() - windowStart) / 1000;
    const after = await scrape();
    const rate = (kind: 'option_summary' | 'trade'): number => (delivered(after, kind) - before[kind]) / elapsed;
    const summaries = rate('option_summary');
    const trades = rate('trade');
    const sent = ((await tradesSent()) - sentBefore) / elapsed;
    const row = (metric: string, value: number, unit: string, extra: Partial<BenchRow> = {}): BenchRow => ({
      bench: sink.kind === 'kafka' ? 'deribit chain, Kafka (Avro)' : 'deribit chain, stdout (JSON lines)',
      metric,
      value,
      unit,
      ...extra,
    });
    return [
      row(`options followed (BTC and ETH, every expiry; ${options} listed)`, followed, 'options'),
      row('every option subscribed after', subscribedMs / 1000, 's'),
      row(`option summaries/s ${sink.kind === 'kafka' ? 'acked by Kafka' : 'written'}`, summaries, 'summaries/s', {
        baseline: { name: 'options followed', value: followed },
      }),
      row(`option trades/s ${sink.kind === 'kafka' ? 'acked by Kafka' : 'written'}`, trades, 'trades/s', {
        baseline: { name: 'simulator sent to the sockets', value: sent },
      }),
      row('CPU pipeline', cores * 100, '% of a core', { target: { text: '<= one core', met: cores <= 1 } }),
      row('CPU pipeline per summary delivered', summaries === 0 ? Number.NaN : (cores * 1e6) / summaries, 'µs/summary'),
      row('CPU simulator (both Deribit venues)', simCores * 100, '% of a core'),
      ...(brokerCores === undefined ? [] : [row('CPU broker', brokerCores * 100, '% of a core')]),
      row('pipeline RSS peak (from start)', rssPeak / 2 ** 20, 'MB'),
      row(`pipeline RSS steady (median of ${rss.length} samples)`, median(rss) / 2 ** 20, 'MB'),
    ];
  } finally {
    await stopProcess(pipeline);
    await stopProcess(sim.child);
    rmSync(work, { recursive: true, force: true });
  }
}
