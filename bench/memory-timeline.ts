/**
 * Where a pipeline's memory is, second by second: the simulator (own process) -> `market-feed run`
 * (own process) -> local Kafka at `BENCH_RATE` trades/s (default 50,000) over `BENCH_COINS`, for
 * `BENCH_SECONDS` (default 40). Each second: RSS, the V8 heap (committed and used), memory outside
 * it (Buffers), and glibc's main arena (`[heap]` in smaps). `BENCH_NODE_FLAGS` go to the pipeline.
 * `KAFKA_BROKERS` as for the other benchmarks.
 */
import { readFileSync } from 'node:fs';
import { freePort, procStats, sleep, spawnBenchRun, startSimProcess, stopProcess } from './bench-processes.js';

const rate = Number(process.env.BENCH_RATE ?? 50_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 40);
const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const MB = 2 ** 20;

const sim = await startSimProcess(rate);
const metricsPort = await freePort();
const pipeline = spawnBenchRun({ sim, brokers, name: 'memory', metricsPort });
const pid = pipeline.pid ?? -1;

/** A gauge of the pipeline's /metrics, in MB. */
const gauge = (text: string, name: string): number => {
  const found = new RegExp(`^market_feed_${name}(?:\\{[^}]*\\})? (\\S+)`, 'm').exec(text);
  return found === null ? Number.NaN : Number(found[1]) / MB;
};
/** Resident size of glibc's main arena (`[heap]`), MB. */
const mainArena = (): number => {
  try {
    const smaps = readFileSync(`/proc/${pid}/smaps`, 'utf8');
    const at = smaps.indexOf('[heap]');
    const rss = at < 0 ? null : /Rss:\s+(\d+) kB/.exec(smaps.slice(at));
    return rss === null ? Number.NaN : Number(rss[1]) / 1024;
  } catch {
    return Number.NaN;
  }
};

try {
  process.stdout.write(`pipeline memory at ${rate.toLocaleString('en-US')} trades/s offered, MB\n`);
  process.stdout.write(['s', 'RSS', 'V8 heap', 'V8 used', 'external', 'main arena'].join('\t') + '\n');
  let max = 0;
  for (let second = 1; second <= seconds; second++) {
    await sleep(1000);
    const text = await fetch(`http://127.0.0.1:${metricsPort}/metrics`)
      .then((response) => response.text())
      .catch(() => '');
    const rss = (procStats(pid)?.rssBytes ?? 0) / MB;
    max = Math.max(max, rss);
    const row = [
      rss,
      gauge(text, 'nodejs_heap_size_total_bytes'),
      gauge(text, 'nodejs_heap_size_used_bytes'),
      gauge(text, 'nodejs_external_memory_bytes'),
      mainArena(),
    ];
    process.stdout.write([second, ...row.map((value) => value.toFixed(0))].join('\t') + '\n');
  }
  process.stdout.write(`RSS max ${max.toFixed(0)} MB\n`);
} finally {
  await stopProcess(sim.child);
  await stopProcess(pipeline);
}
