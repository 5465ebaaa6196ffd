import { describe, expect, it } from 'vitest';
import { restExample } from './__fixtures__/recorded-frames.js';
import { readKrakenPairs } from './kraken-listings.js';
import { krakenVolumesBySymbol, readKrakenTickerVolumes } from './kraken-quote-volumes.js';

const docTicker = () => restExample('kraken-ticker.json') as { error: unknown[]; result: Record<string, Record<string, unknown>> };

describe('readKrakenTickerVolumes', () => {
  it("gives the documented XXBTZUSD the last 24 hours' volume times their VWAP, keyed by REST key", () => {
    const read = readKrakenTickerVolumes(docTicker());
    // 4009.69918350 * 3535.79747 = 14177484.2285 (v[1] and p[1] of the example)
    expect([...read.volumes.keys()]).toEqual(['XXBTZUSD']);
    expect(read.volumes.get('XXBTZUSD')).toBeCloseTo(14177484.2285, 3);
    expect(read.skipped).toEqual([]);
  });

  it('skips and records an entry without usable 24 h figures', () => {
    const answer = docTicker();
    const btc = answer.result['XXBTZUSD'] ?? {};
    const read = readKrakenTickerVolumes({ error: [], result: { NOV: { ...btc, v: ['1'] }, NEG: { ...btc, p: ['1', '-2'] }, XXBTZUSD: btc } });
    expect([...read.volumes.keys()]).toEqual(['XXBTZUSD']);
    expect(read.skipped).toEqual([
      { path: '$.result.NOV.v[1]', problem: 'expected a non-negative decimal string' },
      { path: '$.result.NEG.p[1]', problem: 'expected a non-negative decimal string' },
    ]);
  });

  it('can be keyed by v2 symbol once the pairs are known', () => {
    const pairs = readKrakenPairs(restExample('kraken-asset-pairs.json')).pairs;
    const bySymbol = krakenVolumesBySymbol(readKrakenTickerVolumes(docTicker()), pairs);
    expect([...bySymbol.volumes.keys()]).toEqual(['BTC/USD']);
  });
});
