/**
 * The dashboard page under load: `market-feed simulate` (20 coins, 5,000 trades/s in all) ->
 * `market-feed run --venues bybit` -> Kafka -> `market-feed dashboard` -> headless Chromium
 * (puppeteer-core, Debian's Chromium). Measures the page's frames (requestAnimationFrame intervals,
 * long tasks, time in the page's render) over a window, against a blank page in the same browser
 * and run, plus what the dashboard process read, and writes the figures to bench/RESULTS.md.
 *
 *   KAFKA_BROKERS=127.0.0.1:19092 npx tsx bench/dashboard.ts   (or `make bench-dashboard`)
 *
 * Knobs: BENCH_DASHBOARD_RATE (5000), BENCH_DASHBOARD_SECONDS (30), BENCH_WARMUP_SECONDS (10),
 * MARKET_FEED_BENCH_DASHBOARD_PORT (19180: dashboard, +1 run metrics, +2 simulator), CHROMIUM_PATH.
 *
 * The whole market's case: BENCH_DASHBOARD_INSTRUMENTS=2600 writes 2,600 instruments straight to
 * Kafka instead (about 650 trades/s, 13 shards; test/dashboard/market-writer.ts, as the browser test
 * does), no simulator or `run`, and writes its own section of bench/RESULTS.md (BENCH_WRITE_RESULTS=0:
 * print only).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { DEFAULT_COINS } from '../src/config/config-options.js';
import { CpuMeter, ROOT, sleep, stopProcess } from './bench-processes.js';
import { wholeMarket, writeMarket, type MarketWriter } from '../test/dashboard/market-writer.js';
import { mainThreadWork, type MainThreadWork } from '../test/dashboard/page-probes.js';

const brokers = process.env['KAFKA_BROKERS'];
if (brokers === undefined || brokers === '') throw new Error('bench/dashboard.ts needs KAFKA_BROKERS (make bench-dashboard starts a broker)');
const rate = Number(process.env['BENCH_DASHBOARD_RATE'] ?? 5000);
const seconds = Number(process.env['BENCH_DASHBOARD_SECONDS'] ?? 30);
const warmup = Number(process.env['BENCH_WARMUP_SECONDS'] ?? 10);
const basePort = Number(process.env['MARKET_FEED_BENCH_DASHBOARD_PORT'] ?? 19180);
const chromium = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const coins = [...DEFAULT_COINS];
const universe = Number(process.env['BENCH_DASHBOARD_INSTRUMENTS'] ?? 0);
const writeResults = process.env['BENCH_WRITE_RESULTS'] !== '0';
const marker = universe > 0 ? 'dashboard-bench-universe' : 'dashboard-bench';
const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

function cli(args: readonly string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_PRETTY: 'false', LOG_LEVEL: 'warn', KAFKAJS_NO_PARTITIONER_WARNING: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await sleep(250);
  }
}

/** Injected before the page's scripts: every animation frame's interval and every long task. */
const PROBE = `if (!window.benchFrames) {
  window.benchFrames = [];
  window.benchLongTasks = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.benchLongTasks.push(e.duration); }).observe({ type: 'longtask', buffered: true });
  let last = performance.now();
  const frame = (t) => { window.benchFrames.push(t - last); last = t; requestAnimationFrame(frame); };
  requestAnimationFrame(frame);
}`;

interface PageFigures {
  readonly frames: readonly number[];
  readonly longTasks: readonly number[];
  readonly dashboard?: { readonly views: number; readonly renders: number; readonly renderMs: number; readonly maxRenderMs: number };
  /** The main thread's tasks in CPU time (Chromium's trace), which load on the machine does not stretch. */
  readonly work: MainThreadWork;
}

async function measure(page: Page, ms: number): Promise<PageFigures> {
  await page.evaluate(
    'window.benchFrames.length = 0; window.benchLongTasks.length = 0; if (window.dashboardStats) Object.assign(window.dashboardStats, { views: 0, renders: 0, renderMs: 0, maxRenderMs: 0 });',
  );
  const work = await mainThreadWork(page, () => sleep(ms));
  const seen = (await page.evaluate(
    '({ frames: window.benchFrames.slice(1), longTasks: window.benchLongTasks.slice(), dashboard: window.dashboardStats && { ...window.dashboardStats } })',
  )) as Omit<PageFigures, 'work'>;
  return { ...seen, work };
}

const quantile = (values: readonly number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
};

interface ViewCounts {
  readonly counts: Readonly<Record<string, number>>;
  readonly health: { readonly lag?: number; readonly inPerSecond?: number; readonly ackedPerSecond?: number };
  readonly instruments: { readonly total: number };
}

const dashboardUrl = `http://127.0.0.1:${basePort}`;
const metricsPort = basePort + 1;
const simPort = basePort + 2;
const prefix = `bench-dashboard-${randomUUID().slice(0, 8)}.`;
const children: ChildProcess[] = [];
let browser: Browser | undefined;
let writer: MarketWriter | undefined;
try {
  const market = universe > 0 ? wholeMarket(universe) : [];
  const offered = universe > 0 ? market.reduce((sum, i) => sum + i.tradesPerSecond, 0) : rate;
  const what = universe > 0 ? `${universe} instruments written to Kafka` : `${coins.length} coins`;
  process.stderr.write(`bench dashboard: ${what}, ${offered.toFixed(0)} trades/s, ${warmup} s warm-up, ${seconds} s window; load ${load()}\n`);
  if (universe > 0) writer = await writeMarket({ brokers, prefix, instruments: market });
  else {
    const sim = cli(['simulate', '--port', String(simPort), '--coins', coins.join(','), '--rate', String(rate / coins.length), '--ticker-interval-ms', '1000']);
    children.push(sim);
    await waitFor(`http://127.0.0.1:${simPort}/control`, 30_000);
    const run = cli([
      'run',
      '--venues',
      'bybit',
      '--coins',
      coins.join(','),
      '--bybit-url',
      `ws://127.0.0.1:${simPort}/v5/public/spot`,
      '--kafka-brokers',
      brokers,
      '--kafka-topic-prefix',
      prefix,
      '--kafka-batch-max-records',
      '2000',
      '--metrics-port',
      String(metricsPort),
      '--spool-dir',
      mkdtempSync(join(tmpdir(), 'mf-bench-spool-')),
      '--gap-seed-records',
      '0',
    ]);
    children.push(run);
    await waitFor(`http://127.0.0.1:${metricsPort}/readyz`, 60_000);
  }
  const dashboard = cli([
    'dashboard',
    '--port',
    String(basePort),
    '--brokers',
    brokers,
    '--kafka-topic-prefix',
    prefix,
    ...(universe > 0 ? [] : ['--metrics-url', `http://127.0.0.1:${metricsPort}/metrics`]),
  ]);
  children.push(dashboard);
  await waitFor(`${dashboardUrl}/healthz`, 30_000);

  browser = await puppeteer.launch({ executablePath: chromium, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  const blank = await browser.newPage();
  await blank.setViewport({ width: 1440, height: 960 });
  await blank.evaluateOnNewDocument(PROBE);
  await blank.goto('about:blank');
  await blank.evaluate(PROBE);

  const page = await browser.newPage();
  await page.setViewport({ width: 1440, height: 960 });
  await page.evaluateOnNewDocument(PROBE);
  await page.goto(`${dashboardUrl}/#BTC`, { waitUntil: 'load' });
  await sleep(warmup * 1000);

  // The baseline first (the dashboard's tab in the background meanwhile), then the dashboard's tab.
  await blank.bringToFront();
  const idle = await measure(blank, Math.min(10, seconds) * 1000);
  await page.bringToFront();
  await sleep(1000);
  const sent = async (): Promise<number> =>
    writer !== undefined
      ? (writer.written['trade'] ?? 0)
      : (((await (await fetch(`http://127.0.0.1:${simPort}/control/bybit/counters`)).json()) as { tradesGenerated?: number }).tradesGenerated ?? 0);
  const sentBefore = await sent();
  const before = (await (await fetch(`${dashboardUrl}/api/view`)).json()) as ViewCounts;
  const cpu = new CpuMeter(dashboard.pid);
  const started = Date.now();
  const busy = await measure(page, seconds * 1000);
  const elapsed = (Date.now() - started) / 1000;
  const dashboardCores = cpu.cores();
  const after = (await (await fetch(`${dashboardUrl}/api/view`)).json()) as ViewCounts;
  const tradesRead = ((after.counts['trade'] ?? 0) - (before.counts['trade'] ?? 0)) / elapsed;
  const tradesSent = ((await sent()) - sentBefore) / elapsed;
  const viewBytes = (await (await fetch(`${dashboardUrl}/api/view?coin=BTC`)).text()).length;
  const shownRows = Number(await page.evaluate(`document.querySelectorAll('#instruments tbody tr').length`));

  const row = (name: string, f: PageFigures): string => {
    const long = f.longTasks.reduce((s, d) => s + d, 0);
    const over = f.frames.filter((d) => d > 50).length;
    const w = f.work;
    return `| ${name} | ${f.frames.length} | ${(f.frames.length / (f === idle ? Math.min(10, seconds) : seconds)).toFixed(1)} | ${quantile(f.frames, 0.5).toFixed(1)} | ${quantile(f.frames, 0.99).toFixed(1)} | ${Math.max(...f.frames).toFixed(1)} | ${over} | ${f.longTasks.length} (${long.toFixed(0)} ms) | ${(w.cpuShare * 100).toFixed(1)} % | ${w.maxTaskCpuMs.toFixed(1)} | ${w.longTasks} |`;
  };
  const d = busy.dashboard;
  const table = [
    '| page | frames | frames/s | frame interval p50 ms | p99 ms | max ms | frames > 50 ms | long tasks (total) | main thread CPU | longest task, ms CPU | tasks of 50 ms CPU or more |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    row('blank page (baseline)', idle),
    row(`dashboard, ${what}`, busy),
  ].join('\n');
  const figures = [
    `- offered: ${offered.toFixed(0)} trades/s over ${what}; ${writer === undefined ? 'the simulator generated' : 'written'} ${tradesSent.toFixed(0)} trades/s in the window; the dashboard read ${tradesRead.toFixed(0)} trades/s (${after.counts['trade'] ?? 0} in all), Kafka lag at the end ${after.health.lag ?? 'n/a'} records; run's acknowledged rate ${after.health.ackedPerSecond?.toFixed(0) ?? 'n/a'} records/s`,
    `- page: ${shownRows} instrument rows of ${after.instruments.total}; ${d === undefined ? 'n/a' : `${(d.views / seconds).toFixed(1)} updates/s received (${(viewBytes / 1024).toFixed(0)} KiB each), ${d.renders} renders, ${(d.renderMs / Math.max(1, d.renders)).toFixed(2)} ms mean and ${d.maxRenderMs.toFixed(1)} ms max per render (${((d.renderMs / (seconds * 1000)) * 100).toFixed(2)} % of the window)`}`,
    `- dashboard process: ${Number.isNaN(dashboardCores) ? 'n/a' : `${dashboardCores.toFixed(2)} cores`} (decoding and folding ${tradesRead.toFixed(0)} trades/s)`,
  ].join('\n');
  const stamp = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const section = [
    `<!-- ${marker}:start -->`,
    universe > 0
      ? `## Dashboard page at ${universe} instruments (\`BENCH_DASHBOARD_INSTRUMENTS=${universe} bench/dashboard.ts\`)`
      : '## Dashboard page (`bench/dashboard.ts`, `make bench-dashboard`)',
    '',
    `Run at ${stamp} UTC; machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}, ${readFileSync('/proc/version', 'utf8').split(' ').slice(0, 3).join(' ')}; load average at the end ${load()}.`,
    universe > 0
      ? `${universe} instruments (13 shards' statuses, a ticker each, about ${offered.toFixed(0)} trades/s, busiest 40/s, the tail 0.1/s) written to Kafka -> \`dashboard\` -> headless Chromium (puppeteer-core). ${warmup} s warm-up, then ${seconds} s with the dashboard's tab in front;`
      : `\`market-feed simulate\` (${coins.length} coins, ${rate} trades/s) -> \`run --venues bybit\` -> Kafka -> \`dashboard\` -> headless Chromium (puppeteer-core). ${warmup} s warm-up, then ${seconds} s with the dashboard's tab in front;`,
    `the baseline is a blank tab in the same browser just before. Frame intervals are requestAnimationFrame`,
    'callbacks (the frame budget at 60 Hz is 16.7 ms); long tasks are the PerformanceObserver `longtask` entries (main thread busy > 50 ms on the clock).',
    "The last three columns count the renderer's main-thread tasks by their CPU time, from Chromium's trace: the share of one core they took, the longest, and those of 50 ms or more.",
    `Per update received: ${d === undefined ? 'n/a' : `${(busy.work.cpuMs / Math.max(1, d.views)).toFixed(1)} ms of main-thread CPU`}.`,
    '',
    table,
    '',
    figures,
    `<!-- ${marker}:end -->`,
  ].join('\n');
  process.stdout.write(`${section}\n`);
  if (writeResults) {
    const resultsPath = join(ROOT, 'bench', 'RESULTS.md');
    const results = readFileSync(resultsPath, 'utf8');
    const start = results.indexOf(`<!-- ${marker}:start -->`);
    const end = results.indexOf(`<!-- ${marker}:end -->`);
    const next =
      start !== -1 && end > start
        ? `${results.slice(0, start)}${section}${results.slice(end + `<!-- ${marker}:end -->`.length)}`
        : `${results.trimEnd()}\n\n${section}\n`;
    writeFileSync(resultsPath, next);
    process.stderr.write(`bench dashboard: figures written to bench/RESULTS.md\n`);
  }
} finally {
  await writer?.stop();
  await browser?.close();
  for (const child of children.reverse()) await stopProcess(child);
}
