/**
 * The simulator's own CPU at the size of the whole market: `npx tsx scripts/measure-sim-cpu.ts
 * [instruments] [trades per second] [seconds]` (default 2600, 2000, 30). Runs the simulator in this
 * process and measures `process.cpuUsage()` over the period twice: with no client, then with a
 * client process holding every instrument's trades, tickers and a depth book on both venues
 * (Bybit `publicTrade`, `tickers`, `orderbook.50`; Binance `@trade`, `@depth@100ms`), sharded
 * within the venues' limits. Prints one JSON line per run.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { startSimulator } from '../simulator/start-simulator.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The client: subscribes everything listed, counts frames, reports on SIGTERM. */
async function client(restUrl: string, bybitUrl: string, binanceUrl: string): Promise<void> {
  const bybit = (
    (await (await fetch(`${restUrl}/v5/market/instruments-info?category=spot`)).json()) as { result: { list: { symbol: string }[] } }
  ).result.list.map((i) => i.symbol);
  const binance = ((await (await fetch(`${restUrl}/api/v3/exchangeInfo?symbolStatus=TRADING`)).json()) as { symbols: { symbol: string }[] }).symbols.map((s) =>
    s.symbol.toLowerCase(),
  );
  let frames = 0;
  const open = async (url: string): Promise<WebSocket> => {
    const socket = new WebSocket(url);
    socket.on('message', () => {
      frames += 1;
    });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    return socket;
  };
  const bybitTopics = bybit.flatMap((s) => [`publicTrade.${s}`, `tickers.${s}`, `orderbook.50.${s}`]);
  const jobs: Promise<void>[] = [];
  // Bybit: at most 21,000 characters of args per connection, 10 args per request.
  for (let start = 0; start < bybitTopics.length; start += 800) {
    const topics = bybitTopics.slice(start, start + 800);
    jobs.push(
      (async () => {
        const socket = await open(bybitUrl);
        for (let n = 0; n < topics.length; n += 10) socket.send(JSON.stringify({ op: 'subscribe', args: topics.slice(n, n + 10) }));
      })(),
    );
  }
  // Binance: at most 1024 streams and 5 messages a second per connection.
  const streams = binance.flatMap((s) => [`${s}@trade`, `${s}@depth@100ms`]);
  for (let start = 0; start < streams.length; start += 1000) {
    const chunk = streams.slice(start, start + 1000);
    jobs.push(
      (async () => {
        const socket = await open(binanceUrl);
        for (let n = 0; n < chunk.length; n += 200) {
          socket.send(JSON.stringify({ method: 'SUBSCRIBE', params: chunk.slice(n, n + 200), id: n }));
          await sleep(300);
        }
      })(),
    );
  }
  await Promise.all(jobs);
  process.stdout.write(`${JSON.stringify({ subscribed: { bybit: bybitTopics.length, binance: streams.length } })}\n`);
  process.on('SIGTERM', () => {
    process.stdout.write(`${JSON.stringify({ framesReceived: frames })}\n`);
    process.exit(0);
  });
}

async function measure(): Promise<void> {
  const [instruments = '2600', rate = '2000', seconds = '30'] = process.argv.slice(2);
  const periodMs = Number(seconds) * 1000;
  const sim = await startSimulator({ universe: { instruments: Number(instruments), tradesPerSecond: Number(rate) }, logCapacity: 1000 });
  const run = async (label: string): Promise<void> => {
    const before = sim.control.counters('bybit').tradesGenerated + sim.control.counters('binance').tradesGenerated;
    const cpu = process.cpuUsage();
    const started = performance.now();
    await sleep(periodMs);
    const used = process.cpuUsage(cpu);
    const elapsed = performance.now() - started;
    const trades = sim.control.counters('bybit').tradesGenerated + sim.control.counters('binance').tradesGenerated - before;
    const framesSent = ['bybit', 'binance'].map((v) => sim.control.counters(v as 'bybit' | 'binance').bookFramesSent);
    process.stdout.write(
      `${JSON.stringify({
        run: label,
        instruments: Number(instruments),
        seconds: Math.round(elapsed / 100) / 10,
        tradesPerSecond: Math.round(trades / (elapsed / 1000)),
        cpuPercentOfOneCore: Math.round(((used.user + used.system) / 1000 / elapsed) * 1000) / 10,
        bookFramesSent: framesSent,
        rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
      })}\n`,
    );
  };
  await sleep(2000);
  await run('no client');
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), 'client', sim.restUrl, sim.urls.bybit, sim.urls.binance], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let childOut = '';
  child.stdout.on('data', (chunk: Buffer) => {
    childOut += chunk.toString('utf8');
  });
  while (!childOut.includes('subscribed')) await sleep(200);
  await sleep(5000);
  await run('every instrument subscribed on both venues');
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  process.stdout.write(childOut);
  const counters = sim.control.counters('binance');
  process.stdout.write(`${JSON.stringify({ binanceRefusals: counters.refusals, bybitRefusals: sim.control.counters('bybit').refusals })}\n`);
  await sim.close();
}

if (process.argv[2] === 'client') await client(process.argv[3] ?? '', process.argv[4] ?? '', process.argv[5] ?? '');
else await measure();
