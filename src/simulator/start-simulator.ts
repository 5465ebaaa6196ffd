import { createServer, STATUS_CODES } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { BinanceDepthRest } from './binance-depth-rest.js';
import { BinanceDepthStreams, type BinanceDepthStream } from './binance-depth-streams.js';
import { binanceProtocol } from './binance-protocol.js';
import { BybitBookTopics, type BybitBookDepth } from './bybit-book-topics.js';
import { bybitProtocol } from './bybit-protocol.js';
import { answerClientError, handleControlRequest } from './handle-control-request.js';
import { seededRandom } from './seeded-random.js';
import { SimVenue } from './sim-venue.js';
import { SimulatedBooks } from './simulated-books.js';
import { SimulatedMarket } from './simulated-market.js';
import { createSimulatorControl, type SimulatorControl } from './simulator-control.js';
import type { SimVenueName } from './venue-protocol.js';

/** Options for {@link startSimulator}; every field has a default. */
export interface SimulatorOptions {
  /** Loopback port; default 0 (any free port). The host is always 127.0.0.1. */
  readonly port?: number;
  /** Base assets; default BTC and ETH. */
  readonly coins?: readonly string[];
  /** Quote asset; default USDT. */
  readonly quote?: string;
  /** Seed of the price walks; default 1. */
  readonly seed?: number;
  /** Generated trades per second per symbol; default 5. */
  readonly tradesPerSecond?: number;
  /** Ticker and best-bid/ask push interval, ms; default 200. */
  readonly tickerIntervalMs?: number;
  /** Generation step, ms; default 20. */
  readonly tickMs?: number;
  /** Binance server ping interval, ms; default 20 000. */
  readonly binancePingIntervalMs?: number;
  /** Binance forced close after this long, ms; default 0 (never). */
  readonly binanceMaxConnectionLifetimeMs?: number;
  /** Replay these frames (NDJSON lines) to every connection of `venue` instead of generating. */
  readonly replay?: { readonly venue: SimVenueName; readonly lines: readonly string[]; readonly intervalMs?: number };
  /** Sent trades kept per venue; default 100 000. */
  readonly logCapacity?: number;
  /** Levels per side of each simulated order book; default 1000. */
  readonly bookDepth?: number;
  /** Bybit depth-topic delta intervals, ms, per depth; default 50: 20, 200: 100, 1000: 200 (the venue's). */
  readonly bybitBookIntervalsMs?: Partial<Record<BybitBookDepth, number>>;
  /** Binance diff-depth push intervals, ms, per stream; default `depth@100ms`: 100, `depth`: 1000. */
  readonly binanceDepthIntervalsMs?: Partial<Record<BinanceDepthStream, number>>;
  /** Binance REST request weight allowed per minute; default 6000. */
  readonly binanceWeightPerMinute?: number;
}

export interface RunningSimulator {
  readonly port: number;
  /** `ws://127.0.0.1:<port>/v5/public/spot` */
  readonly bybitUrl: string;
  /** `ws://127.0.0.1:<port>/stream` (add `?streams=`); `/ws` is served too. */
  readonly binanceUrl: string;
  /** `http://127.0.0.1:<port>/control` */
  readonly controlUrl: string;
  /** `http://127.0.0.1:<port>`: Binance's REST API (`/api/v3/depth`). */
  readonly restUrl: string;
  readonly control: SimulatorControl;
  close(): Promise<void>;
}

/** Starts the local exchange simulator on loopback. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const coins = options.coins ?? ['BTC', 'ETH'];
  const quote = options.quote ?? 'USDT';
  const symbols = coins.map((coin) => ({ symbol: `${coin}${quote}`, coin }));
  const seed = options.seed ?? 1;
  const clock = Date.now;
  const common = {
    random: seededRandom(seed ^ 0x5eed),
    tradesPerSecond: options.tradesPerSecond ?? 5,
    tickerIntervalMs: options.tickerIntervalMs ?? 200,
    logCapacity: options.logCapacity ?? 100_000,
    clock,
  };
  const replayFor = (venue: SimVenueName) =>
    options.replay?.venue === venue ? { replay: { lines: options.replay.lines, intervalMs: options.replay.intervalMs ?? 10 } } : {};
  const depth = options.bookDepth === undefined ? {} : { depth: options.bookDepth };
  const bybitMarket = new SimulatedMarket({ symbols, seed, idStep: 'sparse' });
  const bybitBooks = new BybitBookTopics({ books: new SimulatedBooks({ market: bybitMarket, seed, ...depth }), ...(options.bybitBookIntervalsMs === undefined ? {} : { intervalsMs: options.bybitBookIntervalsMs }) });
  const binanceMarket = new SimulatedMarket({ symbols, seed: seed + 1, idStep: 'consecutive' });
  const binanceBooks = new SimulatedBooks({ market: binanceMarket, seed: seed + 1, ...depth });
  const binanceDepth = new BinanceDepthStreams({ books: binanceBooks, ...(options.binanceDepthIntervalsMs === undefined ? {} : { intervalsMs: options.binanceDepthIntervalsMs }) });
  const rest = new BinanceDepthRest({ books: binanceBooks, clock, ...(options.binanceWeightPerMinute === undefined ? {} : { limiter: { limitPerMinute: options.binanceWeightPerMinute } }) });
  const venues = new Map<SimVenueName, SimVenue>([
    ['bybit', new SimVenue({ ...common, ...replayFor('bybit'), name: 'bybit', protocol: bybitProtocol, market: bybitMarket, books: bybitBooks, pingIntervalMs: 0, maxConnectionLifetimeMs: 0 })],
    ['binance', new SimVenue({
      ...common, ...replayFor('binance'), name: 'binance', protocol: binanceProtocol,
      market: binanceMarket, books: binanceDepth, rest,
      pingIntervalMs: options.binancePingIntervalMs ?? 20_000, maxConnectionLifetimeMs: options.binanceMaxConnectionLifetimeMs ?? 0,
    })],
  ]);
  const control = createSimulatorControl(venues);
  const server = createServer((request, response) => {
    if (rest.serves(request.url ?? '/')) rest.handle(request, response);
    else handleControlRequest(control, request, response);
  });
  server.on('clientError', answerClientError);
  const wss = new WebSocketServer({ noServer: true });
  let nextConnection = 0;

  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const venue = [...venues.values()].find((v) => v.config.protocol.accepts(url.pathname));
    const refuse = (status: number, body: string): void => {
      socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    };
    if (venue === undefined) return refuse(404, '{"code":-1,"msg":"Not found"}');
    const status = venue.faults.refuseStatus;
    if (status !== undefined) {
      venue.counters.upgradesRefused += 1;
      return refuse(status, '{"code":0,"msg":"Service unavailable from a restricted location"}');
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      nextConnection += 1;
      venue.attach(ws, url, `${venue.config.name}-${nextConnection}`, socket);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const tickMs = options.tickMs ?? 20;
  let last = clock();
  const ticker = setInterval(() => {
    const now = clock();
    for (const venue of venues.values()) venue.tick(now - last);
    last = now;
  }, tickMs);

  const { port } = server.address() as AddressInfo;
  return {
    port,
    bybitUrl: `ws://127.0.0.1:${port}/v5/public/spot`,
    binanceUrl: `ws://127.0.0.1:${port}/stream`,
    controlUrl: `http://127.0.0.1:${port}/control`,
    restUrl: `http://127.0.0.1:${port}`,
    control,
    close: async () => {
      clearInterval(ticker);
      for (const venue of venues.values()) venue.drop();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
