/**
 * What reaches V8's old generation, per trade and by allocation site: objects that survive young
 * collections (promoted), or are allocated there directly (pretenured sites, interned strings), live
 * only until the next full collection and set how far the heap grows between them. The simulator ->
 * `market-feed run --inspect` -> local Kafka at `BENCH_RATE` trades/s (default 50,000); after 8 s, a
 * sampling heap profile for 10 s of what young collections did not free; prints the top sites in
 * bytes per trade sent. `BENCH_NODE_FLAGS` go to the pipeline; `KAFKA_BROKERS` as for the others.
 */
import WebSocket from 'ws';
import { freePort, simTradesSent, sleep, spawnBenchRun, startSimProcess, stopProcess } from './bench-processes.js';

interface ProfileNode {
  readonly selfSize: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children: readonly ProfileNode[];
}

const rate = Number(process.env.BENCH_RATE ?? 50_000);
const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const sim = await startSimProcess(rate);
const inspectPort = await freePort();
const pipeline = spawnBenchRun({ sim, brokers, name: 'old-space', metricsPort: 0, nodeFlags: [`--inspect=127.0.0.1:${inspectPort}`] });

/** One DevTools protocol session with the pipeline's inspector. */
async function inspector(): Promise<{ readonly call: (method: string, params?: object) => Promise<unknown>; readonly close: () => void }> {
  const targets = (await (await fetch(`http://127.0.0.1:${inspectPort}/json/list`)).json()) as { readonly webSocketDebuggerUrl: string }[];
  const socket = new WebSocket(targets[0]?.webSocketDebuggerUrl ?? '', { maxPayload: 2 ** 30 });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const waiting = new Map<number, (result: unknown) => void>();
  socket.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString('utf8')) as { readonly id?: number; readonly result?: unknown };
    if (message.id !== undefined) waiting.get(message.id)?.(message.result);
  });
  let next = 0;
  return {
    call: (method, params = {}) =>
      new Promise((resolve) => {
        next += 1;
        waiting.set(next, resolve);
        socket.send(JSON.stringify({ id: next, method, params }));
      }),
    close: () => socket.close(),
  };
}

try {
  await sleep(8000);
  const session = await inspector();
  await session.call('HeapProfiler.enable');
  const sentBefore = await simTradesSent(sim, 'bybit');
  await session.call('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: false });
  await sleep(10_000);
  const { profile } = (await session.call('HeapProfiler.stopSampling')) as { readonly profile: { readonly head: ProfileNode } };
  const trades = (await simTradesSent(sim, 'bybit')) - sentBefore;
  session.close();

  // Bytes by the innermost three frames of the allocating stack.
  const bySite = new Map<string, number>();
  const walk = (node: ProfileNode, stack: readonly string[]): void => {
    const frame = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/.*\/(node_modules|dist)\//, '$1/')}:${node.callFrame.lineNumber + 1}`;
    const path = [...stack, frame];
    if (node.selfSize > 0) {
      const site = path.slice(-3).reverse().join('\n    <- ');
      bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
    }
    for (const child of node.children) walk(child, path);
  };
  walk(profile.head, []);
  const total = [...bySite.values()].reduce((sum, bytes) => sum + bytes, 0);
  process.stdout.write(`${trades.toLocaleString('en-US')} trades in 10 s; ${(total / trades).toFixed(1)} bytes per trade reached the old generation\n`);
  for (const [site, bytes] of [...bySite.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
    process.stdout.write(`${(bytes / trades).toFixed(1).padStart(6)} B/trade  ${site}\n`);
  }
} finally {
  await stopProcess(sim.child);
  await stopProcess(pipeline);
}
