/**
 * CPU per trade of a venue's socket path, in one process, with no network: synthetic Bybit `publicTrade`
 * frames (10 symbols, 1, 10 or 100 trades a frame, as `pipeline.ts` makes them) handed to `venueFeed`
 * over the Bybit protocol by an injected frame source instead of a WebSocket: `venueConnections`' work
 * per frame (the frame decoder, the hand-over order, the sequence and silence checks) and `venueEvents`'.
 * The source opens one socket, answers every subscribe request with an ack, and once the feed says
 * `subscribed` the frames are pushed synchronously, each taken before the next goes (on the real
 * scheduler: no virtual time). Not the pipeline's operators, not the encoder (`pipeline.ts` has those,
 * without this path). Baseline: `JSON.parse` of the same frames. `npx tsx bench/socket-path.ts [trades]`.
 */
import { fileURLToPath } from 'node:url';
import { Observable, type Subscriber } from 'rxjs';
import type { CaptureLine } from '../src/capture/capture-line.js';
import { bybitProtocol } from '../src/exchanges/bybit/bybit-protocol.js';
import { venueFeed } from '../src/exchanges/venue-feed.js';
import type { FrameSource } from '../src/exchanges/venue-feed-config.js';
import type { SocketEvent } from '../src/exchanges/web-socket-frames.js';
import type { BenchRow } from './bench-report.js';
import { formatTable } from './bench-report.js';
import { parseOnly } from './in-process-replay.js';
import { syntheticBybitFrames } from './pipeline.js';

/** The coins of `syntheticBybitFrames`. */
const COINS = ['BTC', 'ETH', 'SOL', 'XRP', 'DOGE', 'ADA', 'AVAX', 'LINK', 'DOT', 'LTC'];

/** A frame source of one socket that acks each subscribe request (a turn later), and the socket to push frames on. */
function benchSocket(): { readonly source: FrameSource; readonly socket: () => Subscriber<SocketEvent> } {
  let socket: Subscriber<SocketEvent> | undefined;
  const connectionId = 'bench-1';
  const source: FrameSource = () =>
    new Observable<SocketEvent>((subscriber) => {
      socket = subscriber;
      const send = (text: string): void => {
        const request = JSON.parse(text) as { op?: string; req_id?: string };
        if (request.op !== 'subscribe') return;
        const ack = JSON.stringify({ success: true, ret_msg: '', conn_id: connectionId, req_id: request.req_id, op: 'subscribe' });
        queueMicrotask(() => subscriber.next({ type: 'frame', connectionId, text: ack, receivedTs: Date.now() }));
      };
      subscriber.next({ type: 'open', connectionId, send });
    });
  return {
    source,
    socket: () => {
      if (socket === undefined) throw new Error('no socket opened');
      return socket;
    },
  };
}

/** Pushes `lines` through one feed once, after its subscribe acks; CPU µs (user + system) per trade. */
async function runSocketPath(lines: readonly CaptureLine[], trades: number): Promise<number> {
  const { source, socket } = benchSocket();
  const feed$ = venueFeed(bybitProtocol, {
    exchange: 'bybit',
    url: 'wss://bench.invalid/v5/public/spot',
    symbols: { coins: COINS, quote: 'USDT' },
    frames: source,
  });
  let seen = 0;
  let failure: Error | undefined;
  let subscribed!: () => void;
  const ready = new Promise<void>((resolve) => (subscribed = resolve));
  const run = feed$.subscribe({
    next: (event) => {
      if (event.type === 'trade') seen++;
      else if (event.type === 'feed_status' && event.state === 'subscribed') subscribed();
    },
    error: (error: unknown) => (failure = error instanceof Error ? error : new Error(String(error))),
  });
  await ready;
  const to = socket();
  const before = process.cpuUsage();
  for (const line of lines) to.next({ type: 'frame', connectionId: 'bench-1', text: line.frame, receivedTs: line.receivedTs });
  const used = process.cpuUsage(before);
  run.unsubscribe();
  if (failure !== undefined) throw failure;
  if (seen !== trades) throw new Error(`trade count mismatch: ${seen} of ${trades}`);
  return (used.user + used.system) / trades;
}

const tradesIn = (frame: unknown): number => (frame as { data: unknown[] }).data.length;

/** CPU per trade at 1, 10 and 100 trades per frame, each the least of 5 runs after a warm-up (as `pipeline.ts`). */
export async function benchSocketPath(totalTrades: number): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const perFrame of [1, 10, 100]) {
    const lines = syntheticBybitFrames(Math.ceil(totalTrades / perFrame), perFrame);
    const trades = lines.length * perFrame;
    const warm = Math.min(lines.length, 2000);
    await runSocketPath(lines.slice(0, warm), warm * perFrame);
    const runs: number[] = [];
    const parses: number[] = [];
    for (let r = 0; r < 5; r++) {
      runs.push(await runSocketPath(lines, trades));
      parses.push(parseOnly(lines, trades, tradesIn));
    }
    rows.push({
      bench: 'socket-path',
      metric: `CPU per trade, ${perFrame} trade(s) per frame (${trades} trades)`,
      value: Math.min(...runs),
      unit: 'µs/trade',
      baseline: { name: 'JSON.parse of the frames', value: Math.min(...parses) },
    });
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await benchSocketPath(Number(process.argv[2] ?? process.env.BENCH_SOCKET_PATH_TRADES ?? 200_000));
  process.stdout.write(formatTable(rows));
}
