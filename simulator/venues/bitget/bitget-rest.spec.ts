import { describe, expect, it } from 'vitest';
import { readBitgetFuturesContracts, readBitgetQuoteVolumes, readBitgetSpotSymbols } from '../../../src/exchanges/bitget/bitget-listings.js';
import { bitgetFillsPath, readBitgetFills } from '../../../src/exchanges/bitget/bitget-recent-trades.js';
import { shape } from '../../__fixtures__/json-shape.js';
import { bitgetTestVenue, documented, type BitgetVenueName } from './__fixtures__/bitget-test-venue.js';
import type { BitgetRest } from './bitget-rest.js';

interface Body {
  readonly code: string;
  readonly msg: string;
  readonly requestTime: number;
  readonly data: Record<string, unknown>[] | null;
}

/** Both venues after `ms` of BTC and ETH trading at 20 a second, and a reader of each one's REST answers. */
function traded(ms = 60_000) {
  const venue = bitgetTestVenue(['bitget', 'bitget_futures']);
  venue.run(ms);
  const raw = (name: BitgetVenueName, target: string, ip?: string) => (venue.venueOf(name).config.restApi as BitgetRest).answer('GET', target, ip);
  const get = (name: BitgetVenueName, target: string, ip?: string) => {
    const answer = raw(name, target, ip);
    return { status: answer.status, body: JSON.parse(answer.text) as Body };
  };
  return { ...venue, raw, get };
}

/** Keys of each entry of a body's `data`, in order. */
const entryKeys = (body: unknown): string[] => Object.keys(((body as Body).data ?? [])[0] ?? {});

describe('Bitget REST', () => {
  it('lists spot pairs and USDT-M contracts as the docs\u2019 examples write them, read by the client into every instrument with its tick and lot', () => {
    const { get, control, venueOf } = traded(1_000);
    const symbols = get('bitget', '/api/v2/spot/public/symbols');
    expect(symbols.status).toBe(200);
    expect(shape({ ...symbols.body, data: symbols.body.data?.slice(0, 1) })).toEqual(shape(documented('bitget-spot-symbols.json')));
    expect(entryKeys(symbols.body)).toEqual(entryKeys(documented('bitget-spot-symbols.json')));
    const spot = readBitgetSpotSymbols(symbols.body);
    expect(spot.skipped).toEqual([]);
    expect(spot.listings.map((l) => [l.symbol, l.base, l.quote, l.state])).toEqual([
      ['BTCUSDT', 'BTC', 'USDT', 'trading'],
      ['ETHUSDT', 'ETH', 'USDT', 'trading'],
    ]);
    const listing = venueOf('bitget').config.market.listing('BTCUSDT');
    expect([spot.listings[0]?.tickSize, spot.listings[0]?.lotStep]).toEqual([Number(`1e-${listing?.priceDecimals}`), Number(`1e-${listing?.sizeDecimals}`)]);

    const contracts = get('bitget_futures', '/api/v2/mix/market/contracts?productType=USDT-FUTURES');
    expect(shape({ ...contracts.body, data: contracts.body.data?.slice(0, 1) })).toEqual(shape(documented('bitget-usdt-futures-contracts.json')));
    expect(entryKeys(contracts.body)).toEqual(entryKeys(documented('bitget-usdt-futures-contracts.json')));
    const futures = readBitgetFuturesContracts(contracts.body);
    expect(futures.listings.map((l) => [l.symbol, l.exchange, l.state, l.lotStep])).toEqual([
      ['BTCUSDT', 'bitget_futures', 'trading', 0.000001],
      ['ETHUSDT', 'bitget_futures', 'trading', 0.000001],
    ]);
    // Halted and delisted instruments as Bitget marks them.
    control.halt('bitget_futures', 'ETHUSDT');
    expect(readBitgetFuturesContracts(get('bitget_futures', '/api/v2/mix/market/contracts?productType=USDT-FUTURES').body).listings[1]?.state).toBe('halted');
    control.delist('bitget', 'ETHUSDT');
    expect(readBitgetSpotSymbols(get('bitget', '/api/v2/spot/public/symbols').body).listings.map((l) => l.symbol)).toEqual(['BTCUSDT']);
  });

  it('answers tickers whose quote volume is the day\u2019s turnover, read by the client', () => {
    const { get, venueOf } = traded();
    for (const [name, target] of [
      ['bitget', '/api/v2/spot/market/tickers'],
      ['bitget_futures', '/api/v2/mix/market/tickers?productType=USDT-FUTURES'],
    ] as const) {
      const { volumes, skipped } = readBitgetQuoteVolumes(get(name, target).body);
      expect(skipped).toEqual([]);
      const turnover = venueOf(name).config.market.state('BTCUSDT')?.turnover ?? 0;
      expect(turnover).toBeGreaterThan(0);
      expect(volumes.get('BTCUSDT')).toBeCloseTo(turnover, 4);
      expect([...volumes.keys()]).toEqual(['BTCUSDT', 'ETHUSDT']);
    }
  });

  it('answers fills-history with the latest trades newest first (at most 1,000), the docs\u2019 example keys, read back by the client equal to the tape', () => {
    const { get, control } = traded();
    for (const [name, instType] of [
      ['bitget', 'SPOT'],
      ['bitget_futures', 'USDT-FUTURES'],
    ] as const) {
      const answer = get(name, bitgetFillsPath(instType, 'BTCUSDT'));
      expect(answer.status).toBe(200);
      expect(entryKeys(answer.body)).toEqual(entryKeys(documented('bitget-spot-fills-history.json')));
      const fills = readBitgetFills(answer.body);
      const tape = control.madeTrades(name, 'BTCUSDT');
      expect(tape.length).toBeGreaterThan(1000);
      expect(fills.map((t) => [t.id, Number(t.price), Number(t.qty), t.isBuyerMaker, t.time])).toEqual(
        tape
          .slice(-1000)
          .reverse()
          .map((t) => [t.venueTradeId, t.price, t.quantity, t.isBuyerMaker, t.ts]),
      );
      expect(readBitgetFills(get(name, bitgetFillsPath(instType, 'BTCUSDT').replace('limit=1000', 'limit=5000')).body)).toHaveLength(1000);
    }
    expect(get('bitget', '/api/v2/spot/market/fills-history?symbol=BTCUSDT').body.data).toHaveLength(500);
  });

  it('refuses a missing or unknown symbol or product type with Bitget\u2019s codes, and an unknown path with 404', () => {
    const { get } = traded(1_000);
    expect([get('bitget', '/api/v2/spot/market/fills-history').status, get('bitget', '/api/v2/spot/market/fills-history').body.code]).toEqual([400, '40019']);
    expect(get('bitget', '/api/v2/spot/market/fills-history?symbol=NMRUSDT').body.code).toBe('40034');
    expect(get('bitget_futures', '/api/v2/mix/market/contracts').body).toMatchObject({ code: '40019', msg: 'Parameter productType cannot be empty' });
    expect(get('bitget_futures', '/api/v2/mix/market/contracts?productType=COIN-FUTURES').body).toMatchObject({ code: '00000', data: [] });
    expect(get('bitget', '/api/v2/spot/market/candles').status).toBe(404);
  });

  it('answers HTTP 429 past 20 list requests and 10 fills-history requests a second per IP, counted in the venue\u2019s refusals', () => {
    const { get, control, clock } = traded(1_000);
    const statuses = (target: string, count: number, ip?: string) => Array.from({ length: count }, () => get('bitget', target, ip).status);
    expect(statuses('/api/v2/spot/public/symbols', 21)).toEqual([...Array<number>(20).fill(200), 429]);
    expect(statuses('/api/v2/spot/market/fills-history?symbol=BTCUSDT&limit=1000', 11)).toEqual([...Array<number>(10).fill(200), 429]);
    expect(get('bitget', '/api/v2/spot/market/fills-history?symbol=BTCUSDT').body).toMatchObject({ code: '429', msg: 'Too Many Requests' });
    // Another IP has its own; a second later the first passes again.
    expect(statuses('/api/v2/spot/market/fills-history?symbol=BTCUSDT', 1, '10.0.0.2')).toEqual([200]);
    clock.now += 1_000;
    expect(statuses('/api/v2/spot/market/fills-history?symbol=BTCUSDT', 1)).toEqual([200]);
    expect(control.counters('bitget').refusals.restRate).toBe(3);
  });

  it('serves the armed list faults on the symbols and contracts answers', () => {
    const { get, raw, control } = traded(1_000);
    control.listFault('bitget_futures', 'empty', 1);
    control.listFault('bitget_futures', 'unavailable', 1);
    control.listFault('bitget_futures', 'garbage', 1);
    const target = '/api/v2/mix/market/contracts?productType=USDT-FUTURES';
    expect(readBitgetFuturesContracts(get('bitget_futures', target).body).listings).toEqual([]);
    expect(get('bitget_futures', target).status).toBe(503);
    expect(() => JSON.parse(raw('bitget_futures', target).text) as unknown).toThrow();
    expect(readBitgetFuturesContracts(get('bitget_futures', target).body).listings).toHaveLength(2);
  });
});
