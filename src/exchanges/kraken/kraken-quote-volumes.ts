import { FieldReader, parseDecimal } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import type { QuoteVolumes } from '../rest/quote-volumes.js';
import { skipUnusable } from '../rest/skip-unusable.js';
import type { KrakenPair } from './kraken-listings.js';
import { krakenResult } from './kraken-rest-dialect.js';

/**
 * 24 h quote volume per pair from `GET /0/public/Ticker` (every pair), keyed by the answer's own keys,
 * the REST keys (`XXBTZUSD`), not the v2 symbols: `v[1] * p[1]`, the last 24 hours' base volume times
 * their volume-weighted average price (`v` and `p` are [today, last 24 hours]; "today" starts at
 * midnight UTC). An entry without them is skipped and recorded.
 */
export function readKrakenTickerVolumes(json: unknown): QuoteVolumes {
  const result = krakenResult(json);
  const { values, skipped } = skipUnusable(Object.keys(result), '$.result', (key) => {
    const restKey = String(key);
    const path = `$.result.${restKey}`;
    const r = FieldReader.of(result[restKey], path);
    return [restKey, last24h(r, path, 'v') * last24h(r, path, 'p')] as const;
  });
  return { volumes: new Map(values), skipped };
}

/** Volumes keyed by REST key, keyed by v2 symbol instead (pairs the listing does not know are left out). */
export function krakenVolumesBySymbol(volumes: QuoteVolumes, pairs: readonly KrakenPair[]): QuoteVolumes {
  const byKey = new Map<string, number>();
  for (const pair of pairs) {
    const volume = volumes.volumes.get(pair.restKey);
    if (volume !== undefined) byKey.set(pair.symbol, volume);
  }
  return { volumes: byKey, skipped: volumes.skipped };
}

function last24h(r: FieldReader, path: string, key: 'v' | 'p'): number {
  const value = parseDecimal(r.array(key)[1]);
  if (value === undefined || value < 0) throw new FrameParseError(`${path}.${key}[1]`, 'expected a non-negative decimal string');
  return value;
}
