import { afterEach, describe, expect, it } from 'vitest';
import { FeedMetrics } from './feed-metrics.js';
import { startHealthServer, type HealthServer, type Readiness } from './health-server.js';

describe('health server', () => {
  let server: HealthServer | undefined;
  afterEach(async () => server?.close());

  it('serves metrics on loopback, /healthz always, and /readyz 503 with reasons until ready', async () => {
    const metrics = new FeedMetrics({ processMetrics: false });
    let readiness: Readiness = { ready: false, reasons: ['bybit: feed_stale for 5200 ms'] };
    server = await startHealthServer({ host: '127.0.0.1', port: 0, metrics, readiness: () => readiness });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    metrics.eventsIn.inc({ exchange: 'bybit', type: 'trade' }, 3);
    const exposition = await (await fetch(`${server.url}/metrics`)).text();
    expect(exposition).toContain('market_feed_events_in_total{exchange="bybit",type="trade"} 3');

    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const notReady = await fetch(`${server.url}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toEqual({ status: 'not_ready', reasons: ['bybit: feed_stale for 5200 ms'] });

    readiness = { ready: true, reasons: [] };
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    expect((await fetch(`${server.url}/other`)).status).toBe(404);
  });
});
