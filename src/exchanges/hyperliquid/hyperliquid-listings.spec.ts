import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HYPERLIQUID_REST_DIALECT } from './hyperliquid-rest-dialect.js';
import { readHyperliquidMeta, readHyperliquidQuoteVolumes } from './hyperliquid-listings.js';
import { hyperliquidVenue } from './hyperliquid-venue.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')) as unknown;

describe('the Hyperliquid lists', () => {
  it('lists the documented perpetuals at USDC, lot 10^-szDecimals and tick 10^-(6 - szDecimals), leaving the delisted one out', () => {
    expect(readHyperliquidMeta(fixture('hyperliquid-meta.json'))).toEqual({
      listings: [
        { exchange: 'hyperliquid', symbol: 'BTC', base: 'BTC', quote: 'USDC', state: 'trading', venueStatus: 'listed', tickSize: 0.1, lotStep: 0.00001 },
        { exchange: 'hyperliquid', symbol: 'ETH', base: 'ETH', quote: 'USDC', state: 'trading', venueStatus: 'listed', tickSize: 0.01, lotStep: 0.0001 },
        {
          exchange: 'hyperliquid',
          symbol: 'HPOS',
          base: 'HPOS',
          quote: 'USDC',
          state: 'trading',
          venueStatus: 'listed, isolated only',
          tickSize: 0.000001,
          lotStep: 1,
        },
      ],
      skipped: [],
    });
  });

  it('reads the recorded sample, whose flags are null', () => {
    const { listings, skipped } = readHyperliquidMeta(fixture('hyperliquid-meta-recorded.json'));
    expect(listings.map((l) => [l.symbol, l.venueStatus, l.tickSize, l.lotStep])).toEqual([
      ['BTC', 'listed', 0.1, 0.00001],
      ['ETH', 'listed', 0.01, 0.0001],
      ['ATOM', 'listed', 0.0001, 0.01],
    ]);
    expect(skipped).toEqual([]);
  });

  it('keys a k coin by its thousands, and skips what is no perpetual of the list, naming it', () => {
    const meta = {
      universe: [
        { name: 'kPEPE', szDecimals: 0, maxLeverage: 10 },
        { name: 'xyz:TSLA', szDecimals: 3, maxLeverage: 10 },
        { name: 'SOL', szDecimals: -1, maxLeverage: 10 },
      ],
    };
    expect(readHyperliquidMeta(meta)).toEqual({
      listings: [
        { exchange: 'hyperliquid', symbol: 'kPEPE', base: '1000PEPE', quote: 'USDC', state: 'trading', venueStatus: 'listed', tickSize: 0.000001, lotStep: 1 },
      ],
      skipped: [
        { path: '$.universe[1].name', problem: '"xyz:TSLA" is a builder-deployed perpetual (HIP-3), not listed here' },
        { path: '$.universe[2].szDecimals', problem: 'expected an integer from 0 to 20' },
      ],
    });
  });

  it('ranks by the documented day notional volumes, paired with the universe by position', () => {
    const { volumes, skipped } = readHyperliquidQuoteVolumes(fixture('hyperliquid-meta-and-asset-ctxs.json'));
    expect([...volumes]).toEqual([
      ['BTC', 1169046.29406],
      ['ETH', 1426126.295175],
      ['HPOS', 809774.565507],
    ]);
    expect(skipped).toEqual([]);
  });

  it('refuses an answer whose contexts do not pair with its universe, rather than pair them wrongly', () => {
    const [meta, contexts] = fixture('hyperliquid-meta-and-asset-ctxs.json') as [unknown, unknown[]];
    expect(() => readHyperliquidQuoteVolumes([meta, contexts.slice(1)])).toThrow('$[1]: expected one context per perpetual of $[0].universe (3), got 2');
    expect(() => readHyperliquidQuoteVolumes({ universe: [] })).toThrow('$: expected [meta, assetCtxs]');
  });

  it('reads both lists by POST /info with a JSON body, weight 20 each, on a budget under 1,200 a minute', () => {
    const { catalog } = hyperliquidVenue;
    expect(catalog.restUrl).toBe('https://api.hyperliquid.xyz');
    expect([catalog.listings.path, catalog.listings.body, catalog.listings.weight]).toEqual(['/info', '{"type":"meta"}', 20]);
    expect([catalog.volumes.path, catalog.volumes.body, catalog.volumes.weight]).toEqual(['/info', '{"type":"metaAndAssetCtxs"}', 20]);
    expect(catalog.pacer.weightPerMinute).toBeLessThanOrEqual(1200);
  });

  it('takes an HTTP 429 as the rate limit, and nothing else', () => {
    const answer = (status: number) => ({ url: 'https://api.hyperliquid.xyz/info', status, headers: new Headers(), text: '' });
    expect(HYPERLIQUID_REST_DIALECT.refusalOf(answer(429))?.info).toMatchObject({ status: 429 });
    expect(HYPERLIQUID_REST_DIALECT.refusalOf(answer(422))).toBeUndefined();
  });
});
