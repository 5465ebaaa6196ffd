/**
 * Soak: the simulator (its own process) at SOAK_RATE trades/s over 20 coins, `market-feed run` on the
 * Binance protocol, a real broker, a fault every SOAK_FAULT_EVERY_S seconds; samples memory and
 * event-loop delay from /metrics, measures the live heap from a heap snapshot after the warm-up and
 * another near the end (the flat-heap target), reconciles the trades topic at the end and appends
 * the result to test/reliability/SOAK.md. Run `make soak` (build first), or `npx tsx scripts/soak.ts`.
 *
 * Environment: SOAK_SECONDS (600), SOAK_RATE (5000), SOAK_FAULT_EVERY_S (20), KAFKA_BROKERS (else a
 * local broker on 127.0.0.1:29492 is started for the run and removed after it).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { reconcileSoak } from './soak-reconcile.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const seconds = Number(process.env['SOAK_SECONDS'] ?? 600);
const rate = Number(process.env['SOAK_RATE'] ?? 5000);
const faultEvery = Number(process.env['SOAK_FAULT_EVERY_S'] ?? 20);
const coins = ['BTC', 'ETH', 'SOL', 'BNB', 'XRP', 'DOGE', 'ADA', 'AVAX', 'LINK', 'DOT', 'LTC', 'TRX', 'TON', 'SUI', 'NEAR', 'APT', 'ARB', 'OP', 'PEPE', 'SHIB'];
const cli = join(root, 'dist', 'src', 'cli', 'main.js');
const kafkaEnv = { ...process.env, KAFKA_PORT: '29492', KAFKA_RUN_DIR: join(root, '.cache', 'kafka', 'soak-run') };

/** Spawns `node dist/src/cli/main.js ...`, resolving with the first stdout/stderr line matching. */
function spawnCli(
  args: readonly string[],
  match: (line: string) => string | undefined,
  nodeFlags: readonly string[] = [],
): { child: ChildProcess; found: Promise<string>; warnings: () => number } {
  const child = spawn(process.execPath, [...nodeFlags, cli, ...args], {
    cwd: root,
    env: { ...process.env, LOG_PRETTY: 'false', KAFKAJS_NO_PARTITIONER_WARNING: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let warnings = 0;
  const found = new Promise<string>((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`${args[0] ?? ''} exited with ${String(code)} before it was ready`)));
    for (const stream of [child.stdout, child.stderr]) {
      let pending = '';
      stream?.setEncoding('utf8').on('data', (chunk: string) => {
        const lines = (pending + chunk).split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) {
          if (line.includes('"level":40') || line.includes('"level":50')) warnings++;
          const value = match(line);
          if (value !== undefined) resolve(value);
        }
      });
    }
  });
  return { child, found, warnings: () => warnings };
}

const metric = (text: string, name: string): number => {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line === undefined ? NaN : Number(line.slice(line.lastIndexOf(' ') + 1));
};
const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);
const ms = (s: number): string => (s * 1000).toFixed(1);

interface Sample {
  readonly t: number;
  readonly rss: number;
  readonly heap: number;
  readonly lagP99: number;
  readonly lagMax: number;
  readonly lagMean: number;
  readonly spool: number;
  readonly buffer: number;
}

async function main(): Promise<void> {
  let brokers = process.env['KAFKA_BROKERS'] ?? '';
  const ownBroker = brokers === '';
  if (ownBroker) {
    execFileSync('bash', [join(root, 'scripts', 'kafka.sh'), 'up'], { env: kafkaEnv, stdio: 'inherit' });
    brokers = '127.0.0.1:29492';
  }
  const load = loadavg()[0] ?? 0;
  const sim = spawnCli(['simulate', '--port', '0', '--coins', coins.join(','), '--rate', String(rate / coins.length)], (line) =>
    line.includes('controlUrl') ? line : undefined,
  );
  const simUrls = JSON.parse(await sim.found) as { binanceUrl: string; controlUrl: string };
  const prefix = `soak-${Date.now()}.`;
  const snapshotDir = mkdtempSync(join(tmpdir(), 'mf-soak-heap-'));
  const pipeline = spawnCli(
    [
      'run',
      '--venues',
      'binance',
      '--coins',
      coins.join(','),
      '--binance-url',
      simUrls.binanceUrl,
      '--kafka-brokers',
      brokers,
      '--kafka-topic-prefix',
      prefix,
      '--metrics-port',
      '0',
      '--spool-dir',
      mkdtempSync(join(tmpdir(), 'mf-soak-spool-')),
      '--stale-after-ms',
      '2000',
      '--retry-initial-delay-ms',
      '200',
      '--retry-max-delay-ms',
      '2000',
      '--retry-max-attempts',
      '1000000',
      '--retry-reset-after-ms',
      '1000',
    ],
    (line) => (line.includes('/readyz listening') ? (JSON.parse(line) as { url: string }).url : undefined),
    ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${snapshotDir}`],
  );
  const healthUrl = await pipeline.found;
  const exited = new Promise<number | null>((resolve) => pipeline.child.on('exit', (code) => resolve(code)));
  const control = (action: string): Promise<unknown> => fetch(`${simUrls.controlUrl}/binance/${action}`, { method: 'POST' }).then((r) => r.json());
  console.log(`soak: ${seconds} s at ${rate} trades/s over ${coins.length} coins, a fault every ${faultEvery} s; brokers ${brokers}, metrics ${healthUrl}`);

  const faults: readonly [string, () => Promise<void>][] = [
    [
      'drop (1006)',
      async () => {
        await control('drop');
      },
    ],
    [
      'close 1001',
      async () => {
        await control('close?code=1001');
      },
    ],
    [
      'malformed burst',
      async () => {
        await control('garbage?kind=not-json&count=50');
        await control('garbage?kind=wrong-types&count=50');
        await control('malformed?count=100');
      },
    ],
    [
      'stall 3 s',
      async () => {
        await control('stall');
        await sleep(3000);
        await control('stall?on=false');
      },
    ],
    [
      'close 1011',
      async () => {
        await control('close?code=1011');
      },
    ],
    [
      'serverShutdown',
      async () => {
        await control('shutdown');
      },
    ],
    [
      'oversized frame (1009)',
      async () => {
        await control('garbage?kind=oversized');
      },
    ],
  ];
  const samples: Sample[] = [];
  const faultLog: string[] = [];
  const started = Date.now();
  const warmUp = Math.min(60, seconds * 0.2);
  const liveHeap: number[] = [];
  const snapshotAt = [warmUp - Math.min(10, warmUp / 2), seconds - 15];
  let nextFault = faultEvery;
  for (let elapsed = 0; elapsed < seconds; elapsed = (Date.now() - started) / 1000) {
    if (elapsed >= (snapshotAt[liveHeap.length] ?? Infinity)) liveHeap.push(await liveHeapOf(pipeline.child, snapshotDir, healthUrl));
    const text = await (await fetch(`${healthUrl}/metrics`)).text();
    samples.push({
      t: elapsed,
      rss: metric(text, 'market_feed_process_resident_memory_bytes'),
      heap: metric(text, 'market_feed_nodejs_heap_size_used_bytes'),
      lagP99: metric(text, 'market_feed_nodejs_eventloop_lag_p99_seconds'),
      lagMax: metric(text, 'market_feed_nodejs_eventloop_lag_max_seconds'),
      lagMean: metric(text, 'market_feed_nodejs_eventloop_lag_mean_seconds'),
      spool: metric(text, 'market_feed_spool_records'),
      buffer: metric(text, 'market_feed_buffer_records'),
    });
    if (elapsed >= nextFault) {
      const [name, inject] = faults[faultLog.length % faults.length] ?? faults[0]!;
      faultLog.push(`${elapsed.toFixed(0)} s ${name}`);
      await inject();
      nextFault += faultEvery;
    }
    if (samples.length % 12 === 0) {
      const s = samples.at(-1)!;
      console.log(`soak: ${elapsed.toFixed(0)} s rss ${mb(s.rss)} MB heap ${mb(s.heap)} MB lag p99 ${ms(s.lagP99)} ms spool ${s.spool} buffer ${s.buffer}`);
    }
    await sleep(5000);
  }

  await control('stall');
  await sleep(3000);
  pipeline.child.kill('SIGTERM');
  const code = await exited;
  const counters = (await (await fetch(`${simUrls.controlUrl}/binance/counters`)).json()) as {
    tradesSent: number;
    tradesGenerated: number;
    malformedSent: number;
    connectionsAccepted: number;
  };
  sim.child.kill('SIGTERM');
  console.log('soak: reconciling the trades topic ...');
  const r = await reconcileSoak(brokers.split(','), prefix);
  if (ownBroker) execFileSync('bash', [join(root, 'scripts', 'kafka.sh'), 'clean'], { env: kafkaEnv, stdio: 'inherit' });

  const windowOf = (from: number, to: number): readonly Sample[] => samples.filter((s) => s.t >= from && s.t < to);
  const early = windowOf(warmUp, warmUp + 60);
  const late = windowOf(seconds - 60, Infinity);
  const floor = (list: readonly Sample[], key: 'heap' | 'rss'): number => Math.min(...list.map((s) => s[key]));
  const mean = (list: readonly Sample[], key: 'heap' | 'rss'): number => list.reduce((n, s) => n + s[key], 0) / list.length;
  const growth = (a: number, b: number): string => `${(((b - a) / a) * 100).toFixed(1)} %`;
  const heapGrowth = ((floor(late, 'heap') - floor(early, 'heap')) / floor(early, 'heap')) * 100;
  const [liveStart = NaN, liveEnd = NaN] = liveHeap;
  const liveGrowth = ((liveEnd - liveStart) / liveStart) * 100;
  const pass = liveGrowth < 10 && r.unexplained === 0 && r.duplicates === 0 && code === 0;
  const rows: [string, string][] = [
    ['date', new Date().toISOString()],
    ['machine', `${cpus().length} cores, load average ${load.toFixed(2)} at start`],
    ['duration, rate', `${seconds} s, ${rate} trades/s (${coins.length} coins x ${rate / coins.length}/s), Binance protocol`],
    ['faults', `${faultLog.length}: ${faultLog.join('; ')}`],
    [
      'RSS start (after ${warmUp} s warm-up) / end',
      `${mb(samples.find((s) => s.t >= warmUp)?.rss ?? NaN)} MB / ${mb(samples.at(-1)?.rss ?? NaN)} MB (mean of first/last minute: ${mb(mean(early, 'rss'))} / ${mb(mean(late, 'rss'))} MB, ${growth(mean(early, 'rss'), mean(late, 'rss'))})`,
    ],
    [
      'heap used start / end',
      `${mb(samples.find((s) => s.t >= warmUp)?.heap ?? NaN)} MB / ${mb(samples.at(-1)?.heap ?? NaN)} MB (mean of first/last minute: ${mb(mean(early, 'heap'))} / ${mb(mean(late, 'heap'))} MB, ${growth(mean(early, 'heap'), mean(late, 'heap'))})`,
    ],
    [
      'heap floor (min of heap used, first vs last minute; includes garbage)',
      `${mb(floor(early, 'heap'))} -> ${mb(floor(late, 'heap'))} MB: ${heapGrowth.toFixed(1)} %`,
    ],
    ['live heap (heap snapshot, taken after a full GC) at ${liveAt}', `${mb(liveStart)} -> ${mb(liveEnd)} MB: ${liveGrowth.toFixed(1)} % (target < 10 %)`],
    [
      'event-loop delay',
      `mean ${ms(samples.reduce((n, s) => n + s.lagMean, 0) / samples.length)} ms, p99 max ${ms(Math.max(...samples.map((s) => s.lagP99)))} ms, max ${ms(Math.max(...samples.map((s) => s.lagMax)))} ms`,
    ],
    ['spool / buffer peak', `${Math.max(...samples.map((s) => s.spool))} / ${Math.max(...samples.map((s) => s.buffer))} records`],
    [
      'simulator',
      `socket writes of trades ${counters.tradesSent} (a trade counts twice while a serverShutdown rotation overlaps two sockets), malformed ${counters.malformedSent}, connections ${counters.connectionsAccepted}`,
    ],
    ['Kafka trades', `${r.tradesInKafka} (distinct ${r.distinctTrades}, duplicates ${r.duplicates})`],
    ['ids not in Kafka (consecutive per symbol)', `reported in gap statuses: ${r.gapIds}; unexplained holes: ${r.unexplained}`],
    ['dead letters', String(r.deadLetters)],
    [
      'statuses',
      Object.entries(r.statusCounts)
        .map(([k, v]) => `${k} ${v}`)
        .join(', '),
    ],
    ['pipeline', `exit ${String(code)}, warn/error log lines ${pipeline.warnings()}`],
    ['result', pass ? 'PASS' : 'FAIL'],
  ];
  const table = [
    '| | |',
    '|---|---|',
    ...rows.map(
      ([k, v]) => `| ${k.replace('${warmUp}', String(warmUp)).replace('${liveAt}', snapshotAt.map((t) => `${t.toFixed(0)} s`).join(' and '))} | ${v} |`,
    ),
  ].join('\n');
  console.log(`\n${table}\n`);
  const file = join(root, 'test', 'reliability', 'SOAK.md');
  if (!existsSync(file)) writeFileSync(file, '# Soak results\n\n`make soak` appends one section per run (newest last).\n');
  appendFileSync(file, `\n## ${new Date().toISOString().slice(0, 10)}: ${seconds} s at ${rate} trades/s\n\n${table}\n`);
  process.exitCode = pass ? 0 : 1;
}

/**
 * The pipeline's live heap: SIGUSR2 makes it write a heap snapshot (after a full GC, on its event
 * loop); once it answers /metrics again the file is complete, and the self sizes of its nodes add
 * up to the heap that is still reachable.
 */
async function liveHeapOf(child: ChildProcess, dir: string, healthUrl: string): Promise<number> {
  const before = new Set(readdirSync(dir));
  child.kill('SIGUSR2');
  for (let waited = 0; waited < 60_000; waited += 500) {
    await sleep(500);
    const file = readdirSync(dir).find((name) => name.endsWith('.heapsnapshot') && !before.has(name));
    if (file === undefined) continue;
    await fetch(`${healthUrl}/metrics`).then((r) => r.text());
    const snapshot = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { snapshot: { meta: { node_fields: string[] } }; nodes: number[] };
    rmSync(join(dir, file));
    const fields = snapshot.snapshot.meta.node_fields;
    const selfSize = fields.indexOf('self_size');
    let bytes = 0;
    for (let at = selfSize; at < snapshot.nodes.length; at += fields.length) bytes += snapshot.nodes[at] ?? 0;
    return bytes;
  }
  return NaN;
}

await main();
