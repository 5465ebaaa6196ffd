import { FieldReader } from '../field-reader.js';
import { bybitResultList } from './bybit-result-list.js';
import type { QuoteVolumes } from '../rest/quote-volumes.js';
import { skipUnusable } from '../rest/skip-unusable.js';

/**
 * The body of Bybit `GET /v5/market/tickers?category=spot` (or `linear`): `turnover24h` (24 h turnover
 * in the quote coin) per `symbol`. An entry without a usable turnover is skipped and recorded; a
 * `retCode` other than 0 or a body of another shape throws `FrameParseError` naming the path.
 */
export function readBybitQuoteVolumes(json: unknown): QuoteVolumes {
  const { values, skipped } = skipUnusable(bybitResultList(json), '$.result.list', (entry, path) => {
    const r = FieldReader.of(entry, path);
    return [r.string('symbol'), Number(r.nonNegativeDecimal('turnover24h'))] as const;
  });
  return { volumes: new Map(values), skipped };
}
