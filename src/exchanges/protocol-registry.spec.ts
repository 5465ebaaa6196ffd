import { describe, expect, it } from 'vitest';
import { EXCHANGE_IDS } from '../model/market-record.js';
import { protocolFor } from './protocol-registry.js';

describe('protocolFor', () => {
  it.each(EXCHANGE_IDS)('gives %s a protocol that names it among the venues it serves', (exchange) => {
    expect(protocolFor(exchange).exchanges).toContain(exchange);
  });

  it('serves the three Binance venues with one protocol, testnet prices tagged testnet', () => {
    expect(protocolFor('binance_us')).toBe(protocolFor('binance'));
    expect(protocolFor('binance_testnet')).toBe(protocolFor('binance'));
    expect(EXCHANGE_IDS.map((exchange) => protocolFor(exchange).env(exchange))).toEqual(['prod', 'prod', 'prod', 'testnet']);
  });
});
