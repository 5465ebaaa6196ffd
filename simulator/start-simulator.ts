import { createServer, STATUS_CODES } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { buildSimVenues } from './build-sim-venues.js';
import { answerClientError, handleControlRequest } from './handle-control-request.js';
import { restRouter } from './rest-router.js';
import { requestIp } from './sim-rest-api.js';
import { createSimulatorControl, type SimulatorControl } from './simulator-control.js';
import type { SimulatorOptions } from './simulator-options.js';
import { SIM_VENUE_IDS, SIM_VENUES, type SimVenueName } from './sim-venues.js';

export type { SimulatorOptions } from './simulator-options.js';

export interface RunningSimulator {
  readonly port: number;
  /**
   * Each venue's WebSocket URL, served or not: `ws://127.0.0.1:<port>` and the path of its definition
   * (`urls.bybit`: `/v5/public/spot`; `urls.binance`: `/stream`, add `?streams=`; `urls.binance_usdm`:
   * `/usdm`, Binance USD-M's base, to which clients add the route and form).
   */
  readonly urls: Readonly<Record<SimVenueName, string>>;
  /** `http://127.0.0.1:<port>/control` */
  readonly controlUrl: string;
  /**
   * `http://127.0.0.1:<port>`: every venue's REST API, each on the routes of its definition
   * (`SimVenueDefinition.restRoutes`: Binance `/api/...`, Bybit `/v5/market/...`, Coinbase
   * `/api/v3/brokerage/...`), the closest route of a request taking it.
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
  const restOf = restRouter(
    [...venues].flatMap(([name, venue]) => (venue.config.restApi === undefined ? [] : [{ routes: SIM_VENUES[name].restRoutes, api: venue.config.restApi }])),
  );
  const server = createServer((request, response) => {
    const rest = restOf(request.url ?? '/');
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
    urls: Object.fromEntries(SIM_VENUE_IDS.map((id) => [id, `ws://127.0.0.1:${port}${SIM_VENUES[id].path}`])) as Record<SimVenueName, string>,
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
