import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { CliProcess } from '../support/cli-process.js';

/** Same seed, same requests; set MARKET_FEED_FUZZ_SEED to explore others. */
const SEED = Number(process.env['MARKET_FEED_FUZZ_SEED'] ?? 20_261_122);
const REQUESTS = 400;
const FUZZ_BUDGET_MS = 60_000;

interface SimUrls {
  readonly bybitUrl: string;
  readonly binanceUrl: string;
  readonly controlUrl: string;
}

/** What an answer must be: a given status, or any 4xx (odd paths). */
type Expected = 200 | 400 | 404 | 405 | '4xx';

interface FuzzRequest {
  readonly method: string;
  readonly path: string;
  readonly body: string;
  readonly expected: Expected;
}

interface Answer {
  readonly status: number;
  readonly text: string;
}

const POST_ACTIONS = [
  'drop',
  'close',
  'stall',
  'refuse',
  'malformed',
  'garbage',
  'malformed-rate',
  'slow',
  'slow-requests',
  'move',
  'shutdown',
  'reset',
  'drop-delta',
  'cross-book',
  'list-fault',
];
const GET_ACTIONS = ['counters', 'sent', 'made', 'subscriptions', 'book'];
const VENUES = ['bybit', 'binance'];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];

/** Queries each action must accept (written from the documented API, not from its table). */
const VALID_QUERIES: Readonly<Record<string, readonly string[]>> = {
  drop: ['', 'symbol=BTCUSDT'],
  shutdown: [''],
  reset: [''],
  counters: [''],
  sent: [''],
  made: ['', 'symbol=BTCUSDT'],
  subscriptions: [''],
  close: ['', 'code=1000', 'code=1001', 'code=1011', 'code=1014', 'code=3000', 'code=4999&reason=bye'],
  stall: ['on=true', 'on=false', 'on=false', 'symbol=BTCUSDT', 'symbol=BTCUSDT&on=false', 'on=true&symbol=BTCUSDT'],
  'list-fault': ['kind=empty', 'kind=garbage&count=2', 'kind=unavailable&count=10000', 'kind=slow', 'kind=slow&ms=0&count=3'],
  refuse: ['status=403', 'status=451', ''],
  malformed: ['', 'count=3'],
  garbage: ['kind=not-json', 'kind=truncated&count=2', 'kind=wrong-types&count=50', 'kind=nan-price', 'kind=oversized'],
  'malformed-rate': ['rate=0', 'rate=0.2', 'rate=0'],
  slow: ['ms=0', 'ms=20', 'ms=0'],
  'slow-requests': ['ms=0', 'ms=120000', 'ms=0'],
  move: ['', 'pct=2&seconds=1&buy-ratio=0.9&symbol=BTCUSDT', 'pct=-3.5&seconds=0.5'],
  'drop-delta': ['symbol=BTCUSDT'],
  'cross-book': ['symbol=BTCUSDT'],
  book: ['symbol=BTCUSDT', 'symbol=BTCUSDT&levels=5'],
};

/** Values each parameter must refuse with a 400: reserved close codes, NaN, negatives, huge, floats, empty, words. */
const BAD_QUERIES: readonly string[] = [
  ...['1004', '1005', '1006', '1015', '999', '1016', '2999', '5000', '0', '65535', 'NaN', '', '1000.5', 'abc', '-1000', '1e3', '0x3e8'].map(
    (v) => `close?code=${v}`,
  ),
  `close?reason=${'x'.repeat(124)}`,
  ...['yes', '1', 'TRUE', ''].map((v) => `stall?on=${v}`),
  ...['200', '101', '600', 'NaN', '', '4o3', '451.0'].map((v) => `refuse?status=${v}`),
  ...['0', '-1', '1001', '1.5', 'NaN', '', '1e3', 'Infinity', '99999999999999999999'].map((v) => `malformed?count=${v}`),
  ...['html', '', 'NOT-JSON'].map((v) => `garbage?kind=${v}`),
  'garbage',
  'garbage?kind=not-json&count=0',
  'garbage?kind=oversized&count=1000',
  ...['-0.1', '1.01', 'NaN', '', 'Infinity', '1e309', 'abc'].map((v) => `malformed-rate?rate=${v}`),
  'malformed-rate',
  ...['-1', '60001', '1.5', 'NaN', '', '9007199254740993', '1e9'].map((v) => `slow?ms=${v}`),
  'slow',
  ...['-100', '1001', 'NaN', 'Infinity', '', 'abc'].map((v) => `move?pct=${v}`),
  ...['-1', '3601', 'NaN'].map((v) => `move?seconds=${v}`),
  ...['1.5', '-0.1', 'x'].map((v) => `move?buy-ratio=${v}`),
  'drop?now=1',
  'close?code=4000&code=4001',
  'reset?venue=bybit',
  'counters?limit=5',
  ...['btcusdt', '', 'BTC-USDT', 'XYZUSDT', 'B'].map((v) => `stall?symbol=${v}`),
  'stall?symbol=BTCUSDT&symbol=ETHUSDT',
  ...['', 'eth', 'NOPEUSDT', 'X'.repeat(41)].map((v) => `drop?symbol=${v}`),
  'list-fault',
  ...['html', '', 'EMPTY', 'slow '].map((v) => `list-fault?kind=${v}`),
  ...['0', '-1', '10001', '1.5', 'NaN', ''].map((v) => `list-fault?kind=empty&count=${v}`),
  ...['-1', '600001', '1e3', ''].map((v) => `list-fault?kind=slow&ms=${v}`),
  'list-fault?kind=garbage&ms=10',
  'list-fault?kind=empty&delay=5',
  'drop-delta',
  'drop-delta?symbol=XYZUSDT',
  'cross-book?symbol=',
  'book',
  'book?symbol=BTCUSDT&levels=0',
  'book?symbol=BTCUSDT&levels=5001',
  'book?symbol=BTCUSDT&channel=x',
];

/** Paths outside the API's shape: always a 4xx. */
const ODD_PATHS = [
  '/',
  '/control/',
  '/control/bybit',
  '/control/bybit/',
  '/control/bybit/drop/extra',
  '/metrics',
  '/v5/public/spot',
  '/stream',
  '//control/bybit/drop',
  '/control/%62ybit/drop',
  '/CONTROL/bybit/drop',
  '/control/bybit/%00',
  '/control/../control/bybit/drop/x',
  `/control/${'a'.repeat(4000)}/drop`,
];

const word = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz-_.~%20é'.split('')), minLength: 1, maxLength: 12 });
const body = fc.oneof(fc.constant(''), fc.string({ maxLength: 200 }), fc.json({ maxDepth: 2 }), fc.constant('x'.repeat(100_000)));

const fuzzRequest: fc.Arbitrary<FuzzRequest> = fc.oneof(
  fc
    .record({ venue: fc.constantFrom(...VENUES), action: fc.constantFrom(...Object.keys(VALID_QUERIES)), pick: fc.nat(), body })
    .map(({ venue, action, pick, body: b }) => {
      const queries = VALID_QUERIES[action] ?? [''];
      const query = queries[pick % queries.length] ?? '';
      return {
        method: GET_ACTIONS.includes(action) ? 'GET' : 'POST',
        path: `/control/${venue}/${action}${query === '' ? '' : `?${query}`}`,
        body: b,
        expected: 200 as const,
      };
    }),
  fc.record({ venue: fc.constantFrom(...VENUES), query: fc.constantFrom(...BAD_QUERIES), body }).map(({ venue, query, body: b }) => ({
    method: GET_ACTIONS.some((a) => query.startsWith(a)) ? 'GET' : 'POST',
    path: `/control/${venue}/${query}`,
    body: b,
    expected: 400 as const,
  })),
  fc.record({ venue: word.filter((v) => !VENUES.includes(v)), action: fc.constantFrom(...POST_ACTIONS), body }).map(({ venue, action, body: b }) => ({
    method: 'POST',
    path: `/control/${encodeURIComponent(venue)}/${action}?code=1006`,
    body: b,
    expected: 404 as const,
  })),
  fc
    .record({
      venue: fc.constantFrom(...VENUES),
      action: word.filter((a) => !POST_ACTIONS.includes(a) && !GET_ACTIONS.includes(a)),
      method: fc.constantFrom(...METHODS),
      body,
    })
    .map(({ venue, action, method, body: b }) => ({ method, path: `/control/${venue}/${encodeURIComponent(action)}`, body: b, expected: 404 as const })),
  fc
    .record({ venue: fc.constantFrom(...VENUES), action: fc.constantFrom(...POST_ACTIONS, ...GET_ACTIONS), method: fc.constantFrom(...METHODS), body })
    .map(({ venue, action, method, body: b }) => {
      const own = GET_ACTIONS.includes(action) ? 'GET' : 'POST';
      const wrong = method === own ? (own === 'GET' ? 'DELETE' : 'GET') : method;
      return { method: wrong, path: `/control/${venue}/${action}?code=1006`, body: b, expected: 405 as const };
    }),
  fc
    .record({ path: fc.constantFrom(...ODD_PATHS), method: fc.constantFrom(...METHODS), body })
    .map(({ path, method, body: b }) => ({ method, path, body: b, expected: '4xx' as const })),
);

/** Requests the HTTP parser itself refuses; the simulator still answers them with JSON. */
const RAW_REQUESTS = [
  'FROB /control/bybit/drop HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
  'POST /control/bybit/drop HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: abc\r\n\r\n',
  'this is not http\r\n\r\n',
  'GET /control HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ' + 'y'.repeat(20_000) + '\r\n\r\n',
  'POST /control/bybit/close?code=1006 HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
  // A body with no framing: answered as a request without one, the bytes after it dropped, no reset.
  'GET /control/bybit/nope HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' + 'x'.repeat(100_000),
  'DELETE /control/bybit/drop HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n' + 'x'.repeat(100_000),
];

function send(base: URL, req: FuzzRequest): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // The body framed for every method: Node's client sends a GET, DELETE or OPTIONS body with no
    // Content-Length (nor chunks), which HTTP reads as the start of a second request, not a body.
    // Unframed bytes after a request are a case of their own (RAW_REQUESTS).
    const headers = req.body === '' ? {} : { 'content-length': Buffer.byteLength(req.body) };
    const outgoing = httpRequest(
      { host: base.hostname, port: base.port, method: req.method, path: req.path, headers, agent: false, timeout: 5_000 },
      (response) => {
        let text = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
        response.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error('no answer within 5 s')));
    outgoing.on('error', reject);
    outgoing.end(req.body);
  });
}

function sendRaw(base: URL, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(base.port), base.hostname);
    let answer = '';
    socket.setTimeout(5_000, () => socket.destroy(new Error('no answer within 5 s')));
    socket.setEncoding('utf8').on('data', (chunk: string) => (answer += chunk));
    // A reset after the answer is a dropped connection too: a client still sending or reading may get ECONNRESET instead.
    socket.on('error', (error) => (answer === '' ? reject(error) : resolve(`${answer}\n(then ${String(error)})`)));
    socket.on('close', () => resolve(answer));
    socket.end(text);
  });
}

/** One socket per venue, reopened whenever it closes, so that close and drop always have a socket to act on. */
function keepSockets(urls: SimUrls): () => void {
  let stopped = false;
  const sockets = new Set<WebSocket>();
  const open = (url: string, subscribe?: unknown): void => {
    if (stopped) return;
    const socket = new WebSocket(url);
    sockets.add(socket);
    socket.on('open', () => {
      if (subscribe !== undefined) socket.send(JSON.stringify(subscribe));
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      sockets.delete(socket);
      setTimeout(() => open(url, subscribe), 20);
    });
  };
  open(urls.bybitUrl, { op: 'subscribe', args: ['publicTrade.BTCUSDT'] });
  open(`${urls.binanceUrl}?streams=btcusdt@trade`);
  return () => {
    stopped = true;
    for (const socket of sockets) socket.terminate();
  };
}

/** Resolves with the first trade frame a fresh client receives from the venue. */
function firstTrade(url: string, isTrade: (frame: Record<string, unknown>) => boolean, subscribe?: unknown): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error(`no trade from ${url} within 10 s`));
    }, 10_000);
    socket.on('open', () => {
      if (subscribe !== undefined) socket.send(JSON.stringify(subscribe));
    });
    socket.on('error', reject);
    socket.on('message', (data: Buffer) => {
      const frame = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
      if (!isTrade(frame)) return;
      clearTimeout(timer);
      socket.close();
      resolve(frame);
    });
  });
}

let sim: CliProcess;
let urls: SimUrls;

beforeAll(async () => {
  sim = new CliProcess(['simulate', '--port', process.env['MARKET_FEED_TEST_SIM_PORT'] ?? '0', '--coins', 'BTC', '--rate', '20']);
  const started = Date.now();
  while (!sim.stdout.includes('\n')) {
    if (Date.now() - started > 30_000) throw new Error(`simulate did not start: ${sim.stderrText}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  urls = JSON.parse(sim.stdout.split('\n')[0] ?? '') as SimUrls;
});

afterAll(async () => {
  await sim.stop('SIGKILL');
});

describe('simulator control API under fuzzed requests (market-feed simulate)', () => {
  it(`answers ${REQUESTS} seeded odd, bad and valid requests with a JSON 2xx/4xx, never a 5xx or a dropped connection, and keeps serving both venues`, async () => {
    const stopSockets = keepSockets(urls);
    const base = new URL(urls.controlUrl);
    const requests = fc.sample(fuzzRequest, { seed: SEED, numRuns: REQUESTS });
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    const deadline = Date.now() + FUZZ_BUDGET_MS;
    let sent = 0;
    let socketsHit = 0;
    try {
      for (const req of requests) {
        if (Date.now() > deadline) break;
        const described = `${req.method} ${req.path.slice(0, 120)} (seed ${SEED})`;
        let answer: Answer;
        try {
          answer = await send(base, req);
        } catch (error) {
          failures.push(`${described}: no answer: ${String(error)}`);
          continue;
        } finally {
          sent += 1;
        }
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        const expectedOk = req.expected === '4xx' ? answer.status >= 400 && answer.status < 500 : answer.status === req.expected;
        if (!expectedOk) failures.push(`${described}: expected ${req.expected}, got ${answer.status} ${answer.text.slice(0, 200)}`);
        let json: unknown;
        try {
          json = JSON.parse(answer.text);
        } catch {
          failures.push(`${described}: answer is not JSON: ${answer.text.slice(0, 200)}`);
          continue;
        }
        if (answer.status >= 400 && typeof (json as { error?: unknown }).error !== 'string')
          failures.push(`${described}: ${answer.status} without an error message`);
        const { closed = 0, dropped = 0 } = json as { closed?: number; dropped?: number };
        if (closed + dropped > 0) socketsHit += 1;
      }
      for (const raw of RAW_REQUESTS) {
        const answer = await sendRaw(base, raw).catch((error: unknown) => `dropped: ${String(error)}`);
        if (!/^HTTP\/1\.1 4\d\d /.test(answer) || !answer.includes('{"error":') || answer.includes('\n(then '))
          failures.push(`raw ${JSON.stringify(raw.slice(0, 60))}: ${answer.slice(0, 200)}${answer.slice(Math.max(200, answer.indexOf('\n(then ')))}`);
      }
    } finally {
      stopSockets();
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(REQUESTS / 2);
    expect(socketsHit, 'close and drop found open sockets to act on').toBeGreaterThan(0);
    expect(statuses.get(200) ?? 0).toBeGreaterThan(0);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(0);

    for (const venue of VENUES) expect((await send(base, { method: 'POST', path: `/control/${venue}/reset`, body: '', expected: 200 })).status).toBe(200);
    const bybit = await firstTrade(urls.bybitUrl, (f) => f['topic'] === 'publicTrade.BTCUSDT', { op: 'subscribe', args: ['publicTrade.BTCUSDT'] });
    const binance = await firstTrade(`${urls.binanceUrl}?streams=btcusdt@trade`, (f) => (f['data'] as { e?: string } | undefined)?.e === 'trade');
    expect(bybit['data']).toEqual([expect.objectContaining({ s: 'BTCUSDT' })]);
    expect(binance['stream']).toBe('btcusdt@trade');
    const counters = await send(base, { method: 'GET', path: '/control/binance/counters', body: '', expected: 200 });
    expect(counters.status).toBe(200);
    expect((JSON.parse(counters.text) as { connectionsAccepted: number }).connectionsAccepted).toBeGreaterThan(1);
    expect(sim.stderrText).toBe('');
    expect(await sim.stop('SIGTERM')).toBe(0);
  });
});
