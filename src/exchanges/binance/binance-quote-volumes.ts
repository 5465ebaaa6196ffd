import { FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import type { QuoteVolumes } from '../rest/quote-volumes.js';
import { skipUnusable } from '../rest/skip-unusable.js';

/**
 * The body of Binance `GET /api/v3/ticker/24hr` without a symbol (an array, weight 80; Binance US
 * 40): `quoteVolume` per `symbol`. An entry without a usable volume is skipped and recorded; a
 * body that is not an array throws `FrameParseError` at `$`.
 */
export function readBinanceQuoteVolumes(json: unknown): QuoteVolumes {
  if (!Array.isArray(json)) throw new FrameParseError('$', 'expected an array of tickers');
  const { values, skipped } = skipUnusable(json as readonly unknown[], '$', (entry, path) => {
    const r = FieldReader.of(entry, path);
    return [r.string('symbol'), Number(r.nonNegativeDecimal('quoteVolume'))] as const;
  });
  return { volumes: new Map(values), skipped };
}
