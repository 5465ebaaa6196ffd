import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { PerIpRequestLimit } from './per-ip-request-limit.js';
import { requestUrl, SimRestHandler, type SimRestAnswer, type SimRestRequest } from './sim-rest-handler.js';
import { createVenueCounters, type VenueCounters } from './venue-counters.js';

/** A venue of two paths: `/list` (its instrument list) and `/echo` (the request as read); 2 requests per second per IP, then banned 5 s. */
class TestRest extends SimRestHandler<PerIpRequestLimit> {
  now = 0;

  constructor(counters: VenueCounters, maxBodyBytes?: number) {
    super({
      limit: new PerIpRequestLimit(),
      type: 'application/json; charset=utf-8',
      counters,
      ...(maxBodyBytes === undefined ? {} : { body: { maxBytes: maxBodyBytes, tooLarge: { status: 413, type: 'text/plain', text: 'too large' } } }),
    });
  }

  protected respond(request: SimRestRequest): SimRestAnswer {
    if (!this.admitted(this.limit.admit(request.ip, this.now, { max: 2, windowMs: 1000 }, 5000)))
      return { status: 429, type: 'text/plain', headers: { 'retry-after': '5' }, text: 'slow down' };
    const url = requestUrl(request.target);
    if (url?.pathname === '/echo') return { status: 200, text: JSON.stringify({ method: request.method, type: request.contentType, body: request.body }) };
    if (url?.pathname !== '/list') return { status: 404, type: 'text/plain', text: 'no such path' };
    return this.listFault(
      { status: 200, headers: { 'x-weight': '1' }, text: JSON.stringify({ list: ['BTC', 'ETH'] }) },
      { empty: () => ({ status: 200, text: '{"list":[]}' }), unavailable: () => ({ status: 503, type: 'text/html', text: '<h1>503</h1>' }) },
    );
  }
}

/** What a client sees of an answer: status, the headers the venue chose, body, and how long it took. */
interface Seen {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly ms: number;
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** `api` on a loopback port; `get` and `post` answer what a client receives. */
async function serve(api: TestRest) {
  const server = createServer((request, response) => api.handle(request, response));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const send = async (path: string, init: RequestInit = {}): Promise<Seen> => {
    const started = performance.now();
    const response = await fetch(`${base}${path}`, init);
    const body = await response.text();
    const headers = Object.fromEntries(
      [...response.headers].filter(([name]) => !['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'].includes(name)),
    );
    return { status: response.status, headers, body, ms: performance.now() - started };
  };
  return {
    get: (path: string) => send(path),
    post: (path: string, body: string, type: string) => send(path, { method: 'POST', body, headers: { 'content-type': type } }),
  };
}

describe('SimRestHandler', () => {
  it('writes a normal answer with the API content type, then the headers the answer names', async () => {
    const counters = createVenueCounters();
    const api = new TestRest(counters);
    const { get } = await serve(api);
    expect(await get('/list')).toMatchObject({
      status: 200,
      headers: { 'content-type': 'application/json; charset=utf-8', 'x-weight': '1' },
      body: '{"list":["BTC","ETH"]}',
    });
    expect(await get('/nowhere')).toMatchObject({ status: 404, headers: { 'content-type': 'text/plain' }, body: 'no such path' });
    expect(api.restCounters(0)).toEqual({ restRequests: 2, restRefused: 0, restRequestsInWindow: 2, listFaultsServed: 0, listFaultsPending: 0 });
  });

  it('refuses past the limit with the venue answer, counts the refusal and lifts the ban on clearFaults', async () => {
    const counters = createVenueCounters();
    const api = new TestRest(counters);
    const { get } = await serve(api);
    await get('/list');
    await get('/list');
    const refused = { status: 429, headers: { 'content-type': 'text/plain', 'retry-after': '5' }, body: 'slow down' };
    expect(await get('/list')).toEqual({ ...refused, ms: expect.any(Number) as unknown });
    api.now = 2000;
    expect(await get('/list')).toMatchObject(refused);
    expect(counters.refusals.restRate).toBe(2);
    expect(api.restCounters(2000)).toMatchObject({ restRequests: 2, restRefused: 2 });
    api.clearFaults();
    expect(await get('/list')).toMatchObject({ status: 200, body: '{"list":["BTC","ETH"]}' });
  });

  it('serves each armed list fault once, in order: empty, half the body, held back, unavailable', async () => {
    const api = new TestRest(createVenueCounters());
    const { get } = await serve(api);
    api.listFaults.arm('empty', 1);
    api.listFaults.arm('garbage', 1);
    api.listFaults.arm('slow', 1, 300);
    api.listFaults.arm('unavailable', 1);
    const step = () => {
      api.now += 1000;
      return get('/list');
    };
    expect(await step()).toMatchObject({ status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{"list":[]}' });
    expect(await step()).toMatchObject({ status: 200, headers: { 'x-weight': '1' }, body: '{"list":["B' });
    const slow = await step();
    expect(slow).toMatchObject({ status: 200, body: '{"list":["BTC","ETH"]}' });
    expect(slow.ms).toBeGreaterThanOrEqual(290);
    expect(await step()).toMatchObject({ status: 503, headers: { 'content-type': 'text/html' }, body: '<h1>503</h1>' });
    const normal = await step();
    expect(normal).toMatchObject({ status: 200, body: '{"list":["BTC","ETH"]}' });
    expect(normal.ms).toBeLessThan(290);
    expect(api.restCounters(api.now)).toMatchObject({ listFaultsServed: 4, listFaultsPending: 0 });
  });

  it('reads a body when told to, and answers a body past the bound with its own answer', async () => {
    const api = new TestRest(createVenueCounters(), 16);
    const { post } = await serve(api);
    expect(await post('/echo', '{"type":"meta"}', 'application/json')).toMatchObject({
      status: 200,
      body: '{"method":"POST","type":"application/json","body":"{\\"type\\":\\"meta\\"}"}',
    });
    expect(await post('/echo', 'x'.repeat(17), 'text/plain')).toMatchObject({ status: 413, headers: { 'content-type': 'text/plain' }, body: 'too large' });
    expect(api.restCounters(0)).toMatchObject({ restRequests: 1, restRefused: 0 });
  });
});
