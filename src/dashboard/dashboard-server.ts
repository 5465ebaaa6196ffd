import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { DashboardListenError } from './dashboard-listen-error.js';
import { readPageFiles } from './page-files.js';
import type { DashboardView, ViewRequest } from './dashboard-state.js';
import { FILTER_TEXT, MAX_ROWS, parseInstrumentFilter } from './instrument-table.js';

export interface DashboardServerConfig {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** How often connected pages get an update, ms; default 250. */
  readonly pushIntervalMs: number;
  /** Event streams served at once at most; default 32 (further ones get 503). */
  readonly maxStreams: number;
}

export const DEFAULT_DASHBOARD_SERVER_CONFIG: Omit<DashboardServerConfig, 'host' | 'port'> = { pushIntervalMs: 250, maxStreams: 32 };

/** What the server reads from the rest of the dashboard. */
export interface DashboardSource {
  readonly version: number;
  readonly kafka: string;
  view(request?: ViewRequest): DashboardView;
}

export interface RunningDashboardServer {
  readonly url: string;
  close(): Promise<void>;
}

interface Stream {
  readonly response: ServerResponse;
  readonly request: ViewRequest;
  /** The request as a cache key: pages asking the same share one serialized view per push. */
  readonly key: string;
  sentVersion: number;
  sentAt: number;
  blocked: boolean;
}

const COIN = /^[A-Z0-9]{1,20}$/;
/** `BASE-QUOTE`, or `BASE-QUOTE-PERP` for a linear perpetual. */
const INSTRUMENT = /^[A-Z0-9]{1,20}-[A-Z0-9]{1,12}(-PERP)?$/;
/** An option chain: underlying and price currency of its keys, `BTC-USD` or `SOL-USDC`. */
const CHAIN = /^[A-Z0-9]{1,20}-[A-Z0-9]{1,12}$/;
/** The venue of an option chain, `okx_options`. */
const VENUE = /^[a-z0-9_]{1,32}$/;
/** An expiry day, `20261226`. */
const EXPIRY = /^\d{8}$/;
const PARAMETERS = ['coin', 'instrument', 'filter', 'limit', 'chain', 'venue', 'expiry'];

function answer(response: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  response.end(text);
}

type Parsed = { readonly request: ViewRequest } | { readonly error: string; readonly parameter: string };

/**
 * What a page asks for: `?instrument=BTC-USDC` (or a perpetual, `BTC-USDT-PERP`) or `?coin=BTC` (that coin's busiest instrument), the
 * table's `?filter=` (`base:ETH quote:USDC` or part of a key) and `?limit=` rows (1 to MAX_ROWS), the option chain `?chain=BTC-USD`,
 * its `?venue=okx_options` and its `?expiry=20261226`.
 * An error names the parameter for anything else, repeated or malformed.
 */
export function viewRequestOf(url: URL): Parsed {
  for (const key of url.searchParams.keys())
    if (!PARAMETERS.includes(key)) return { error: `unknown query parameter ${key}; allowed: ${PARAMETERS.join(', ')}`, parameter: key };
  // null: given more than once.
  const one = (name: string, upper = false): string | undefined | null => {
    const values = url.searchParams.getAll(name);
    return values.length > 1 ? null : upper ? values[0]?.toUpperCase() : values[0];
  };
  const coin = one('coin', true);
  if (coin === null || (coin !== undefined && !COIN.test(coin)))
    return { error: 'coin: one coin symbol like BTC (letters and digits, up to 20)', parameter: 'coin' };
  const instrument = one('instrument', true);
  if (instrument === null || (instrument !== undefined && !INSTRUMENT.test(instrument)))
    return { error: 'instrument: one instrument like BTC-USDC (BASE-QUOTE) or BTC-USDT-PERP (a perpetual)', parameter: 'instrument' };
  if (coin !== undefined && instrument !== undefined) return { error: 'give either coin or instrument', parameter: 'instrument' };
  const filter = one('filter');
  if (filter === null || (filter !== undefined && !FILTER_TEXT.test(filter)))
    return { error: 'filter: up to 64 letters, digits, spaces and - : _ . /', parameter: 'filter' };
  const limit = one('limit');
  if (limit === null || (limit !== undefined && (!/^\d{1,4}$/.test(limit) || Number(limit) < 1 || Number(limit) > MAX_ROWS)))
    return { error: `limit: rows from 1 to ${MAX_ROWS}`, parameter: 'limit' };
  const chain = one('chain', true);
  if (chain === null || (chain !== undefined && !CHAIN.test(chain)))
    return { error: 'chain: one option chain like BTC-USD (underlying and price currency of its keys)', parameter: 'chain' };
  const venue = one('venue');
  if (venue === null || (venue !== undefined && !VENUE.test(venue)))
    return { error: 'venue: one option venue like deribit_options (lower-case letters, digits and _)', parameter: 'venue' };
  const expiry = one('expiry');
  if (expiry === null || (expiry !== undefined && !EXPIRY.test(expiry)))
    return { error: 'expiry: one expiry day like 20261226 (YYYYMMDD)', parameter: 'expiry' };
  return {
    request: {
      ...(coin === undefined ? {} : { coin }),
      ...(instrument === undefined ? {} : { instrument }),
      ...(filter === undefined ? {} : { filter: parseInstrumentFilter(filter) }),
      ...(limit === undefined ? {} : { limit: Number(limit) }),
      ...(chain === undefined ? {} : { chain }),
      ...(venue === undefined ? {} : { venue }),
      ...(expiry === undefined ? {} : { expiry }),
    },
  };
}

const keyOf = (request: ViewRequest): string =>
  `${request.instrument ?? ''}|${request.coin ?? ''}|${request.filter?.text ?? ''}|${request.limit ?? ''}|${request.chain ?? ''}|${request.venue ?? ''}|${request.expiry ?? ''}`;

/**
 * Serves the page (static files; `/?instrument=ETH-USDC` or `/?coin=ETH` opens it there), `/events`
 * (Server-Sent Events: the view for the page's request, the table cut to its filter and `limit`, at
 * most every `pushIntervalMs` when it changed, else once a second),
 * `/api/view` (the same as one JSON answer) and `/healthz`, on loopback unless told otherwise.
 * Anything else is a 4xx; a bad query is a 400 naming the parameter.
 */
export async function startDashboardServer(
  source: DashboardSource,
  config: Pick<DashboardServerConfig, 'host' | 'port'> & Partial<DashboardServerConfig>,
): Promise<RunningDashboardServer> {
  const settings = { ...DEFAULT_DASHBOARD_SERVER_CONFIG, ...config };
  const files = readPageFiles();
  const streams = new Set<Stream>();
  const sockets = new Set<Socket>();

  const push = (): void => {
    const now = Date.now();
    const views = new Map<string, string>();
    for (const stream of streams) {
      if (stream.blocked) continue;
      if (stream.sentVersion === source.version && now - stream.sentAt < 1000) continue;
      let text = views.get(stream.key);
      if (text === undefined) {
        try {
          text = `data: ${JSON.stringify(source.view(stream.request))}\n\n`;
        } catch {
          // A view that cannot be made ends its stream (the page's EventSource opens it again in a second), never the server.
          streams.delete(stream);
          stream.response.destroy();
          continue;
        }
        views.set(stream.key, text);
      }
      stream.sentVersion = source.version;
      stream.sentAt = now;
      if (!stream.response.write(text)) {
        stream.blocked = true;
        stream.response.once('drain', () => (stream.blocked = false));
      }
    }
  };
  const timer = setInterval(push, settings.pushIntervalMs);

  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    let url: URL;
    try {
      url = new URL(request.url ?? '/', 'http://dashboard.invalid');
    } catch {
      answer(response, 400, { error: 'malformed request target' });
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      answer(response, 405, { error: `method ${request.method ?? '?'} not allowed; use GET` }, { allow: 'GET, HEAD' });
      return;
    }
    const file = files.get(url.pathname);
    if (file !== undefined) {
      // The page opens on `?instrument=` or `?coin=` (its script reads them); the other files take no query.
      const query = file.page
        ? viewRequestOf(url)
        : url.search === ''
          ? {}
          : { error: `${url.pathname} takes no query`, parameter: [...url.searchParams.keys()][0] ?? '' };
      if ('error' in query) return answer(response, 400, query);
      response.writeHead(200, { 'content-type': file.type, 'content-length': file.body.length, 'cache-control': 'no-cache' });
      response.end(request.method === 'HEAD' ? undefined : file.body);
      return;
    }
    if (url.pathname === '/favicon.ico') {
      response.writeHead(204, { 'cache-control': 'max-age=86400' });
      response.end();
      return;
    }
    if (url.pathname === '/healthz') return answer(response, 200, { status: 'ok', kafka: source.kafka });
    if (url.pathname !== '/events' && url.pathname !== '/api/view')
      return answer(response, 404, { error: `unknown path ${url.pathname}`, allowed: ['/', '/events', '/api/view', '/healthz'] });
    const asked = viewRequestOf(url);
    if ('error' in asked) return answer(response, 400, asked);
    if (url.pathname === '/api/view') return answer(response, 200, source.view(asked.request));
    if (streams.size >= settings.maxStreams) return answer(response, 503, { error: 'too many event streams' });
    response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
    response.write('retry: 1000\n\n');
    const stream: Stream = { response, request: asked.request, key: keyOf(asked.request), sentVersion: -1, sentAt: 0, blocked: false };
    streams.add(stream);
    response.on('close', () => streams.delete(stream));
  };

  const server: Server = createServer((request, response) => {
    try {
      handle(request, response);
    } catch (error) {
      if (!response.headersSent) answer(response, 500, { error: error instanceof Error ? error.message : String(error) });
      else response.destroy();
    }
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy();
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => {
      clearInterval(timer);
      reject(new DashboardListenError(settings.host, settings.port, error));
    });
    server.listen(settings.port, settings.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${settings.host.includes(':') ? `[${settings.host}]` : settings.host}:${port}`,
    async close() {
      clearInterval(timer);
      for (const stream of streams) stream.response.end();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}
