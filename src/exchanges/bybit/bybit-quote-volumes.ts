import { FieldReader } from '../field-reader.js';
import { bybitResultList } from './bybit-result-list.js';
import type { QuoteVolumes } from '../rest/quote-volumes.js';
import { skipUnusable } from '../rest/skip-unusable.js';

/**
 * The body of Bybit `GET /v5/market/tickers?category=spot` (or `linear`, `inverse`): the 24 h figure in
 * the quote coin per `symbol`, `field`: `turnover24h` on spot and linear; `volume24h` on inverse, whose
 * volume is USD and turnover the coin (tickers.mdx, the Inverse example: `volume24h` 13713832,
 * `turnover24h` 115.6907 for `BTCUSD`). An entry without a usable figure is skipped and recorded; a
 * `retCode` other than 0 or a body of another shape throws `FrameParseError` naming the path.
 */
export function readBybitQuoteVolumes(json: unknown, field: 'turnover24h' | 'volume24h' = 'turnover24h'): QuoteVolumes {
  const { values, skipped } = skipUnusable(bybitResultList(json), '$.result.list', (entry, path) => {
    const r = FieldReader.of(entry, path);
    return [r.string('symbol'), Number(r.nonNegativeDecimal(field))] as const;
  });
  return { volumes: new Map(values), skipped };
}
