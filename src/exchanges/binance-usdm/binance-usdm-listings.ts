import type { VenueListing } from '../../model/instrument.js';
import type { ExchangeId } from '../../model/market-record.js';
import { readBinanceListing } from '../binance/binance-listings.js';
import { FieldReader } from '../field-reader.js';
import type { ListingsRead } from '../rest/listings-read.js';
import { skipUnusable } from '../rest/skip-unusable.js';

/** The contract type of the market this venue serves: USD-M's perpetuals. */
export const BINANCE_USDM_PERPETUAL = 'PERPETUAL';

/**
 * The body of `GET /fapi/v1/exchangeInfo` (weight 1): the entries of `symbols[]` whose `contractType`
 * is `PERPETUAL`, each read as on spot (`readBinanceListing`): base and quote assets, tick size from
 * `PRICE_FILTER` `tickSize`, lot step from `LOT_SIZE` `stepSize`. Dated contracts (`CURRENT_QUARTER`,
 * `NEXT_QUARTER`) and any other type (`TRADIFI_PERPETUAL`, a type added later) are not this market and
 * are left out. `TRADING` trades; every other status is halted: `PENDING_TRADING` (listed, not open
 * yet), `SETTLING` and `CLOSE` (a delisted perpetual: the venue keeps it in the list), `PRE_SETTLE`,
 * `TRADING_HALT`, `TRADING_CANCEL_ONLY`, the delivery statuses, and any word added later, so a status
 * this client does not know never passes for trading. A perpetual without a usable tick or step is
 * skipped and recorded; a body that is not that shape throws `FrameParseError` naming the path.
 */
export function readBinanceUsdmExchangeInfo(json: unknown, exchange: ExchangeId): ListingsRead {
  const symbols = FieldReader.of(json, '$').array('symbols');
  const { values, skipped } = skipUnusable(symbols, '$.symbols', (entry, path) => (isPerpetual(entry) ? readBinanceListing(entry, path, exchange) : undefined));
  return { listings: values.filter((listing): listing is VenueListing => listing !== undefined), skipped };
}

function isPerpetual(entry: unknown): boolean {
  return typeof entry === 'object' && entry !== null && 'contractType' in entry && entry.contractType === BINANCE_USDM_PERPETUAL;
}
