/**
 * What the simulator alone can offer: `npx tsx bench/sim-rate.ts [totalRate ...]` (default
 * 50000 100000 250000 400000 trades/s over the ten `BENCH_COINS`). For each rate it starts
 * `bench/sim-process.ts`, connects ONE raw `ws` client subscribed to `publicTrade.<COIN>USDT` of
 * every coin (at most 10 args per request, as Bybit allows), counts the trades received per second
 * from each frame's `data` length, and prints offered vs generated vs received trades/s with the
 * CPU of the simulator process and of this client. Knobs: `SIM_RATE_SECONDS` (10, the measured
 * window), `SIM_RATE_WARMUP_SECONDS` (2). Not part of `make bench`.
 */
import { once } from 'node:events';
import { loadavg } from 'node:os';
import { WebSocket } from 'ws';
import { BENCH_COINS, CpuMeter, procStats, sleep, startSimProcess, stopProcess, type SimProcess } from './bench-processes.js';

const BYBIT_MAX_ARGS = 10;
const seconds = Number(process.env.SIM_RATE_SECONDS ?? 10);
const warmupSeconds = Number(process.env.SIM_RATE_WARMUP_SECONDS ?? 2);
const rates = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);

/** One rate's figures, per second over the measured window. */
interface RateRow {
  readonly offered: number;
  readonly generated: number;
  readonly sent: number;
  readonly received: number;
  /** The lowest whole second's count of received trades. */
  readonly worstSecond: number;
  readonly framesPerSecond: number;
  readonly simCores: number;
  readonly clientCores: number;
  /** Resident memory of the simulator at the end of the window (grows when the client falls behind). */
  readonly simRssMb: number;
}

/** A client counting the trades of `publicTrade` frames. */
class TradeCounter {
  trades = 0;
  frames = 0;
  readonly socket: WebSocket;

  constructor(url: string) {
    this.socket = new WebSocket(url);
    this.socket.on('message', (data: Buffer) => {
      const frame = JSON.parse(data.toString('utf8')) as { topic?: string; data?: unknown };
      if (frame.topic?.startsWith('publicTrade.') === true && Array.isArray(frame.data)) {
        this.trades += frame.data.length;
        this.frames += 1;
      }
    });
  }

  async subscribe(topics: readonly string[]): Promise<void> {
    await once(this.socket, 'open');
    for (let i = 0; i < topics.length; i += BYBIT_MAX_ARGS) {
      this.socket.send(JSON.stringify({ op: 'subscribe', req_id: `sub-${i}`, args: topics.slice(i, i + BYBIT_MAX_ARGS) }));
    }
  }
}

async function counters(sim: SimProcess): Promise<{ readonly tradesGenerated: number; readonly tradesSent: number }> {
  const response = await fetch(`${sim.controlUrl}/bybit/counters`);
  return (await response.json()) as { tradesGenerated: number; tradesSent: number };
}

async function measure(offered: number): Promise<RateRow> {
  const sim = await startSimProcess(offered);
  try {
    const client = new TradeCounter(sim.bybitUrl);
    await client.subscribe(BENCH_COINS.map((coin) => `publicTrade.${coin}USDT`));
    await sleep(warmupSeconds * 1000);
    const simCpu = new CpuMeter(sim.child.pid);
    const clientCpu = process.cpuUsage();
    const start = { at: performance.now(), trades: client.trades, frames: client.frames };
    const before = { at: performance.now(), ...(await counters(sim)) };
    const perSecond: number[] = [];
    for (let s = 0; s < seconds; s += 1) {
      const at = client.trades;
      await sleep(1000);
      perSecond.push(client.trades - at);
    }
    const end = { at: performance.now(), trades: client.trades, frames: client.frames };
    const simCores = simCpu.cores();
    const simRssMb = (procStats(sim.child.pid ?? 0)?.rssBytes ?? Number.NaN) / 1e6;
    const used = process.cpuUsage(clientCpu);
    const after = { ...(await counters(sim)), at: performance.now() };
    const elapsed = (end.at - start.at) / 1000;
    const counted = (after.at - before.at) / 1000;
    client.socket.terminate();
    return {
      offered,
      generated: (after.tradesGenerated - before.tradesGenerated) / counted,
      sent: (after.tradesSent - before.tradesSent) / counted,
      received: (end.trades - start.trades) / elapsed,
      worstSecond: Math.min(...perSecond),
      framesPerSecond: (end.frames - start.frames) / elapsed,
      simCores,
      clientCores: (used.user + used.system) / 1e6 / elapsed,
      simRssMb,
    };
  } finally {
    await stopProcess(sim.child);
  }
}

const whole = (n: number): string => Math.round(n).toLocaleString('en-US');
const lines = [
  `Bybit publicTrade, ${BENCH_COINS.length} symbols, one client; ${warmupSeconds} s warm-up, ${seconds} s window; load average at start ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
  '',
  '| offered trades/s | generated/s | sent/s | received/s | worst second | frames/s | simulator CPU (cores) | simulator RSS (MB) | client CPU (cores) |',
  '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
];
process.stdout.write(`${lines.join('\n')}\n`);
for (const rate of rates.length > 0 ? rates : [50_000, 100_000, 250_000, 400_000]) {
  const r = await measure(rate);
  process.stdout.write(
    `| ${whole(r.offered)} | ${whole(r.generated)} | ${whole(r.sent)} | ${whole(r.received)} | ${whole(r.worstSecond)} | ${whole(r.framesPerSecond)} | ${r.simCores.toFixed(2)} | ${r.simRssMb.toFixed(0)} | ${r.clientCores.toFixed(2)} |\n`,
  );
}
