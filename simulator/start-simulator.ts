import { createServer, STATUS_CODES } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { buildSimVenues } from './build-sim-venues.js';
import { answerClientError, handleControlRequest } from './handle-control-request.js';
import { requestIp } from './sim-rest-api.js';
import { createSimulatorControl, type SimulatorControl } from './simulator-control.js';
import type { SimulatorOptions } from './simulator-options.js';

export type { SimulatorOptions } from './simulator-options.js';

export interface RunningSimulator {
  readonly port: number;
  /** `ws://127.0.0.1:<port>/v5/public/spot` */
  readonly bybitUrl: string;
  /** `ws://127.0.0.1:<port>/stream` (add `?streams=`); `/ws` is served too. */
  readonly binanceUrl: string;
  /** `ws://127.0.0.1:<port>/coinbase` (served with `venues` naming `coinbase`). */
  readonly coinbaseUrl: string;
  /** `ws://127.0.0.1:<port>/v2` (served with `venues` naming `kraken`). */
  readonly krakenUrl: string;
  /** `ws://127.0.0.1:<port>/v5/public/linear` (served with `venues` naming `bybit_linear`); its REST is `restUrl` with `category=linear`. */
  readonly bybitLinearUrl: string;
  /**
   * `ws://127.0.0.1:<port>/usdm` (served with `venues` naming `binance_usdm`): Binance USD-M's base, as
   * `wss://fstream.binance.com` is; clients add the route and form (`/public/stream?streams=...`,
   * `/market/ws/<stream>`). Its REST (`/fapi/v1/...`) is on `restUrl`.
   */
  readonly binanceUsdmUrl: string;
  /** `http://127.0.0.1:<port>/control` */
  readonly controlUrl: string;
  /**
   * `http://127.0.0.1:<port>`: Binance's REST API (`/api/v3/depth`, `/api/v3/exchangeInfo`, `/api/v3/ticker/24hr`), Bybit's
   * (`/v5/market/instruments-info`, `/v5/market/tickers`; `category=linear` for Bybit linear), Coinbase's
   * (`/api/v3/brokerage/market/...`), Kraken's (`/0/public/...`) and Binance USD-M's (`/fapi/v1/...`).
   */
  readonly restUrl: string;
  readonly control: SimulatorControl;
  close(): Promise<void>;
}

/** Starts the local exchange simulator on loopback. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const clock = Date.now;
  const { venues } = buildSimVenues(options, clock);
  const control = createSimulatorControl(venues);
  // An API serving part of another's paths (Bybit linear's category under spot's) is asked first.
  const restApis = [...venues.values()].flatMap((v) => (v.config.restApi === undefined ? [] : [v.config.restApi]));
  const byClaim = [...restApis.filter((api) => api.narrow === true), ...restApis.filter((api) => api.narrow !== true)];
  const server = createServer((request, response) => {
    const target = request.url ?? '/';
    const rest = byClaim.find((api) => api.serves(target));
    if (rest !== undefined) rest.handle(request, response);
    else handleControlRequest(control, request, response);
  });
  server.on('clientError', answerClientError);
  const wss = new WebSocketServer({ noServer: true });
  let nextConnection = 0;

  server.on('upgrade', (request, socket, head) => {
    // A client may reset a socket it gave up mid-upgrade (a venue feed whose other route failed first):
    // the upgrade's socket has no error listener of Node's, and an unheard reset would end the process.
    socket.on('error', () => socket.destroy());
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const venue = [...venues.values()].find((v) => v.config.protocol.accepts(url.pathname));
    const refuse = (status: number, body: string): void => {
      socket.end(
        `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    };
    if (venue === undefined) return refuse(404, '{"code":-1,"msg":"Not found"}');
    const status = venue.faults.refuseStatus;
    if (status !== undefined) {
      venue.counters.connectionAttempts += 1;
      venue.counters.upgradesRefused += 1;
      return refuse(status, '{"code":0,"msg":"Service unavailable from a restricted location"}');
    }
    const verdict = venue.gate.admit(requestIp(request), clock(), venue.config.protocol.urlTopics?.(url).length ?? 0);
    if (!verdict.ok) {
      venue.counters.upgradesRefused += 1;
      return refuse(verdict.status, verdict.body);
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
    coinbaseUrl: `ws://127.0.0.1:${port}/coinbase`,
    krakenUrl: `ws://127.0.0.1:${port}/v2`,
    bybitLinearUrl: `ws://127.0.0.1:${port}/v5/public/linear`,
    binanceUsdmUrl: `ws://127.0.0.1:${port}/usdm`,
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
