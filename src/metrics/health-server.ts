import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { Readiness } from './readiness-gauge.js';

export type { Readiness } from './readiness-gauge.js';

export interface HealthServerOptions {
  /** Default 127.0.0.1: metrics stay on loopback unless configured otherwise. */
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** The feed's metrics (`FeedMetrics`), or any other registry's, such as the archive's. */
  readonly metrics: { readonly registry: Pick<Registry, 'contentType'>; exposition(): Promise<string> };
  /** Called on each /readyz: the active venue is fresh and Kafka is reachable. */
  readonly readiness: () => Readiness;
}

export interface HealthServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Serves `/metrics` (Prometheus), `/healthz` (process alive) and `/readyz` (503 with reasons when not ready). */
export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path === '/metrics') {
      options.metrics.exposition().then(
        (body) => {
          response.writeHead(200, { 'content-type': options.metrics.registry.contentType });
          response.end(body);
        },
        (error: unknown) => {
          response.writeHead(500, { 'content-type': 'text/plain' });
          response.end(String(error));
        },
      );
      return;
    }
    if (path === '/healthz') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"status":"ok"}\n');
      return;
    }
    if (path === '/readyz') {
      const readiness = options.readiness();
      response.writeHead(readiness.ready ? 200 : 503, { 'content-type': 'application/json' });
      response.end(`${JSON.stringify({ status: readiness.ready ? 'ready' : 'not_ready', reasons: readiness.reasons })}\n`);
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end('not found: /metrics, /healthz, /readyz\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
