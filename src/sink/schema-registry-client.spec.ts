import { describe, expect, it } from 'vitest';
import { registryEndpoint, registryUrl } from './schema-registry-client.js';

describe('registryUrl', () => {
  it('keeps the base URL’s own path (Apicurio’s /apis/ccompat/v7, a proxy prefix)', () => {
    const endpoint = registryEndpoint('http://127.0.0.1:8080/apis/ccompat/v7');
    expect(registryUrl(endpoint, '/subjects/market.trades.v1-value/versions')).toBe('http://127.0.0.1:8080/apis/ccompat/v7/subjects/market.trades.v1-value/versions');
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
