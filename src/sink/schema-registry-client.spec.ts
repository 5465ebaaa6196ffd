import { createServer, type AddressInfo, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { SchemaRegistryClient, registryEndpoint, registryUrl } from './schema-registry-client.js';
import { SchemaRegistryError } from './schema-registry-error.js';

describe('registryUrl', () => {
  it('keeps the base URL’s own path (Apicurio’s /apis/ccompat/v7, a proxy prefix)', () => {
    const endpoint = registryEndpoint('http://127.0.0.1:8080/apis/ccompat/v7');
    expect(registryUrl(endpoint, '/subjects/market.trades.v1-value/versions')).toBe(
      'http://127.0.0.1:8080/apis/ccompat/v7/subjects/market.trades.v1-value/versions',
    );
    expect(registryUrl(endpoint, '/schemas/ids/7')).toBe('http://127.0.0.1:8080/apis/ccompat/v7/schemas/ids/7');
  });

  it('joins with exactly one slash whether or not the base ends with slashes', () => {
    for (const base of ['http://registry:8081', 'http://registry:8081/', 'http://registry:8081//']) {
      expect(registryUrl(registryEndpoint(base), '/subjects')).toBe('http://registry:8081/subjects');
    }
    expect(registryUrl(registryEndpoint('https://host/prefix/'), 'schemas/ids/1')).toBe('https://host/prefix/schemas/ids/1');
  });
});

describe('registryEndpoint', () => {
  it('moves user:password out of the URL into a Basic authorization header', () => {
    const endpoint = registryEndpoint('https://my%20key:s3cr%40t@registry.example.com/base');
    expect(endpoint.base).toBe('https://registry.example.com/base');
    expect(endpoint.authorization).toBe(`Basic ${Buffer.from('my key:s3cr@t').toString('base64')}`);
  });

  it('sends no authorization when the URL has no credentials', () => {
    expect(registryEndpoint('http://127.0.0.1:8081').authorization).toBeUndefined();
  });
});

describe('SchemaRegistryClient requests', () => {
  /** A registry that accepts connections and never answers (a hung proxy, a stopped JVM). */
  async function silentServer(): Promise<{ url: string; close(): Promise<void> }> {
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}/apis/ccompat/v7`,
      close: () =>
        new Promise<void>((resolve) => {
          for (const socket of sockets) socket.destroy();
          server.close(() => resolve());
        }),
    };
  }

  it('fails a request that gets no answer within the timeout as unreachable and retriable, naming the subject', async () => {
    const registry = await silentServer();
    try {
      const client = new SchemaRegistryClient(registry.url, { timeoutMs: 200 });
      const started = performance.now();
      const error = await client.register('market.trades.v1-value', '"string"').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(error).toBeInstanceOf(SchemaRegistryError);
      expect((error as SchemaRegistryError).retriable).toBe(true);
      expect((error as Error).message).toContain("schema registry unreachable for subject 'market.trades.v1-value'");
      expect((error as Error).message).toContain('no answer within 200 ms');
    } finally {
      await registry.close();
    }
  });
});
