import { describe, expect, it } from 'vitest';
import { startDashboardServer, viewRequestOf } from './dashboard-server.js';

const parse = (query: string): ReturnType<typeof viewRequestOf> => viewRequestOf(new URL(`http://dashboard.invalid/events${query}`));

describe('what a page asks the dashboard server for', () => {
  it('takes an instrument or a coin, a filter and a row limit', () => {
    expect(parse('')).toEqual({ request: {} });
    expect(parse('?coin=btc')).toEqual({ request: { coin: 'BTC' } });
    expect(parse('?instrument=btc-usdt-perp')).toEqual({ request: { instrument: 'BTC-USDT-PERP' } });
    expect(parse('?instrument=eth-usdc&filter=quote:USDC%20sol&limit=100')).toEqual({
      request: { instrument: 'ETH-USDC', filter: { text: 'QUOTE:USDC SOL', bases: [], quotes: ['USDC'], substrings: ['SOL'] }, limit: 100 },
    });
  });

  it('takes an option chain, its venue and its expiry day', () => {
    expect(parse('?chain=btc-usd&expiry=20261226')).toEqual({ request: { chain: 'BTC-USD', expiry: '20261226' } });
    expect(parse('?coin=ETH&chain=SOL-USDC')).toEqual({ request: { coin: 'ETH', chain: 'SOL-USDC' } });
    expect(parse('?chain=BTC-USD&venue=okx_options')).toEqual({ request: { chain: 'BTC-USD', venue: 'okx_options' } });
    for (const [query, parameter] of [
      ['?chain=BTC', 'chain'],
      ['?chain=BTC-USD-20261226', 'chain'],
      ['?chain=BTC-USD&chain=ETH-USD', 'chain'],
      ['?venue=OKX%20options', 'venue'],
      ['?venue=okx_options&venue=deribit_options', 'venue'],
      ['?expiry=2026-12-26', 'expiry'],
      ['?expiry=26DEC26', 'expiry'],
    ] as const) {
      const parsed = parse(query);
      expect('parameter' in parsed ? parsed.parameter : undefined, query).toBe(parameter);
    }
  });

  it('names the parameter of an unknown, repeated or malformed query', () => {
    const parameterOf = (query: string): string | undefined => {
      const parsed = parse(query);
      return 'parameter' in parsed ? parsed.parameter : undefined;
    };
    expect(
      [
        '?symbol=BTC',
        '?coin=',
        '?coin=BTC&coin=ETH',
        '?coin=%3C',
        '?instrument=BTC',
        '?instrument=BTC-USDT&coin=BTC',
        '?instrument=BTC-USDT-FUT',
        '?filter=%3Cscript%3E',
        `?filter=${'x'.repeat(65)}`,
        '?limit=0',
        '?limit=501',
        '?limit=1e2',
      ].map(parameterOf),
    ).toEqual(['symbol', 'coin', 'coin', 'coin', 'instrument', 'instrument', 'instrument', 'filter', 'filter', 'limit', 'limit', 'limit']);
  });
});

describe('the dashboard server when a view cannot be made', () => {
  it('ends that event stream (the page opens it again) and goes on serving', async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown): void => void uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    const server = await startDashboardServer(
      {
        version: 1,
        kafka: 'connected',
        view: () => {
          throw new Error('a record the view cannot fold');
        },
      },
      { host: '127.0.0.1', port: 0, pushIntervalMs: 20 },
    );
    try {
      const events = await fetch(`${server.url}/events`);
      expect(events.status).toBe(200);
      await expect(events.text()).rejects.toThrow();
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      expect(uncaught).toEqual([]);
    } finally {
      await server.close();
      process.off('uncaughtException', onUncaught);
    }
  });
});
