import { describe, expect, it } from 'vitest';
import { shape } from '../../__fixtures__/json-shape.js';
import { perpetualTestVenue } from '../../perpetual/__fixtures__/perpetual-test-venue.js';
import type { SimulatorOptions } from '../../simulator-options.js';
import { recorded } from './__fixtures__/recorded-frames.js';
import type { HyperliquidInfo } from './hyperliquid-info.js';

const JSON_TYPE = 'application/json';

function info(options: Partial<SimulatorOptions> = {}) {
  const test = perpetualTestVenue('hyperliquid', options);
  const api = test.venue.config.restApi as HyperliquidInfo;
  /** POSTs `body` as JSON text, with `contentType` (`null`: no header). */
  const post = (body: unknown, contentType: string | null = JSON_TYPE) =>
    api.post(contentType ?? undefined, typeof body === 'string' ? body : JSON.stringify(body));
  const read = (body: unknown): unknown => {
    const answer = post(body);
    expect(answer.status).toBe(200);
    return JSON.parse(answer.text) as unknown;
  };
  return { ...test, api, post, read };
}

type Asset = { name: string; szDecimals: number; maxLeverage: number; marginTableId: number; isDelisted?: true };

describe('the simulated Hyperliquid POST /info', () => {
  it('{"type":"meta"}: every perpetual of the first dex with its size decimals and leverage, kPEPE, and a delisted coin marked isDelisted', () => {
    const { read } = info();
    const meta = read({ type: 'meta' }) as { universe: Asset[]; marginTables: unknown[]; collateralToken: number };
    expect(meta.universe).toEqual([
      { szDecimals: 5, name: 'BTC', maxLeverage: 40, marginTableId: 40 },
      { szDecimals: 4, name: 'ETH', maxLeverage: 25, marginTableId: 25 },
      { szDecimals: 0, name: 'kPEPE', maxLeverage: 10, marginTableId: 10 },
      { szDecimals: 0, name: 'FTM', maxLeverage: 10, marginTableId: 10, isDelisted: true },
    ]);
    expect(meta.marginTables.map((t) => (t as [number])[0])).toEqual([10, 25, 40]);
    expect(meta.collateralToken).toBe(0);
    expect((read({ type: 'meta', dex: 'xyz' }) as { universe: unknown[] }).universe).toEqual([]);
  });

  it('{"type":"metaAndAssetCtxs"}: [meta, ctxs], a context per perpetual in order, each of the recorded activeAssetCtx shape', () => {
    const { read, run } = info();
    run(2_000);
    const [meta, ctxs] = read({ type: 'metaAndAssetCtxs' }) as [{ universe: Asset[] }, Record<string, unknown>[]];
    expect(ctxs).toHaveLength(meta.universe.length);
    const recordedCtx = (recorded('hyperliquid-activeAssetCtx.ndjson')[0]?.['data'] as { ctx: unknown }).ctx;
    for (const ctx of ctxs.slice(0, 3)) expect(shape(ctx)).toEqual(shape(recordedCtx));
    expect(ctxs[3]).toMatchObject({ midPx: null, premium: null, impactPxs: null });
  });

  it('{"type":"recentTrades","coin"}: the coin\u2019s last 10 trades, newest first, named as the stream names them; none of an unlisted coin', () => {
    const { read, run, control } = info();
    run(3_000);
    const trades = read({ type: 'recentTrades', coin: 'BTC' }) as { tid: number; time: number; coin: string }[];
    const made = control.madeTrades('hyperliquid', 'BTC').slice(-10).reverse();
    expect(trades.map((t) => String(t.tid))).toEqual(made.map((t) => t.venueTradeId));
    expect(trades.map((t) => t.time)).toEqual(made.map((t) => t.ts));
    expect(read({ type: 'recentTrades', coin: 'DOGE' })).toEqual([]);
  });

  it('answers as the venue\u2019s framework does: 405 another method, 415 without a JSON content type, 400 a body not JSON, 422 what it cannot read', () => {
    const { api, post } = info();
    expect(api.answer('GET', '/info').status).toBe(405);
    expect(post({ type: 'meta' }, null)).toMatchObject({ status: 415, text: 'Expected request with `Content-Type: application/json`' });
    expect(post({ type: 'meta' }, 'application/json; charset=utf-8').status).toBe(200);
    expect(post('{"type":')).toMatchObject({ status: 400, text: expect.stringMatching(/^Failed to parse the request body as JSON: /) as unknown });
    const deserialize = /^Failed to deserialize the JSON body into the target type: /;
    for (const body of [{}, { type: 'liquidations', coin: 'BTC' }, { type: 'recentTrades' }, { type: 7 }, []])
      expect(post(body), JSON.stringify(body)).toMatchObject({ status: 422, text: expect.stringMatching(deserialize) as unknown });
  });

  it('weighs 20 a request and 21 a recentTrades of 10 trades, refusing with 429 what passes 1,200 in the window, which costs nothing', () => {
    const { post, run, control } = info();
    run(2_000);
    for (let n = 0; n < 55; n += 1) expect(post({ type: 'meta' }).status).toBe(200);
    for (let n = 0; n < 4; n += 1) expect(post({ type: 'recentTrades', coin: 'ETH' }).status).toBe(200);
    expect(control.counters('hyperliquid')).toMatchObject({ restWeightInWindow: 1184, restRequests: 59 });
    expect(post({ type: 'meta' }).status).toBe(429);
    expect(post({ type: 'recentTrades', coin: 'ETH' }).status).toBe(429);
    run(60_000, 1_000);
    expect(post({ type: 'meta' }).status).toBe(200);
    expect(control.counters('hyperliquid')).toMatchObject({ restRefused: 2, restWeightInWindowPeak: 1184 });
    expect(control.counters('hyperliquid').refusals.restRate).toBe(2);
  });

  it('answers the list with the faults armed: no perpetuals, half a body, a 503', () => {
    const { post, control } = info();
    control.listFault('hyperliquid', 'empty');
    control.listFault('hyperliquid', 'garbage');
    control.listFault('hyperliquid', 'unavailable');
    expect(JSON.parse(post({ type: 'meta' }).text)).toEqual({ universe: [], marginTables: [], collateralToken: 0 });
    expect(() => JSON.parse(post({ type: 'metaAndAssetCtxs' }).text) as unknown).toThrow();
    expect(post({ type: 'meta' }).status).toBe(503);
    expect(post({ type: 'meta' }).status).toBe(200);
  });
});
