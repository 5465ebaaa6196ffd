import { scaledDecimal, trimmedDecimal } from '../../scaled-decimal.js';
import type { SimListing } from '../../sim-listing.js';
import type { OkxInstType } from './okx-ticker-frames.js';
import type { OkxUnits } from './okx-units.js';

/** When the simulated instruments were listed: the documented example's `listTime` (2020-11-27). */
const LIST_TIME = '1606468572000';

/**
 * An instrument's `state` (okx docs-v5 `#public-data-rest-api-get-instruments`): `live`, or `suspend`
 * for one halted; a delisted one "will not be available" (left out).
 */
export function okxState(listing: SimListing): 'live' | 'suspend' | undefined {
  if (listing.status === 'delisted') return undefined;
  return listing.status === 'trading' ? 'live' : 'suspend';
}

/** What a swap's entry adds: its contract value (a power of ten of base) and the leverage written. */
export interface OkxContract {
  readonly ctVal: string;
  readonly lever: string;
}

/**
 * One `GET /api/v5/public/instruments` entry, keys in the documented example's order (the page as
 * stored on 2026-07-03), every value a string but `futureSettlement` (boolean), `tradeQuoteCcyList`,
 * `upcChg` (lists) and `instIdCode` (a number). Spot: `baseCcy`/`quoteCcy`, contract fields "".
 * Swap: `ctType` `linear`, `ctVal` base per contract, `ctValCcy` the base, `settleCcy` the quote,
 * `instFamily` and `uly` `BASE-QUOTE` ("Only applicable to FUTURES/SWAP/OPTION"), the spot fields "".
 * `tickSz` one price tick; `lotSz` and `minSz` one lot, in base on spot and in contracts on swaps.
 */
export function okxInstrument(
  instType: OkxInstType,
  listing: SimListing,
  state: 'live' | 'suspend',
  units: OkxUnits,
  contract?: OkxContract,
): Record<string, unknown> {
  const spot = instType === 'SPOT';
  const family = `${listing.base}-${listing.quote}`;
  const lot = units.lots(listing.symbol, 1);
  return {
    alias: '',
    auctionEndTime: '',
    baseCcy: spot ? listing.base : '',
    category: '1',
    ctMult: spot ? '' : '1',
    ctType: spot ? '' : 'linear',
    ctVal: contract?.ctVal ?? '',
    ctValCcy: spot ? '' : listing.base,
    contTdSwTime: '',
    expTime: '',
    futureSettlement: false,
    groupId: spot ? '1' : '2',
    instFamily: spot ? '' : family,
    instId: listing.symbol,
    instType,
    lever: contract?.lever ?? '10',
    listTime: LIST_TIME,
    lotSz: lot,
    maxIcebergSz: '9999999999.0000000000000000',
    maxLmtAmt: '1000000',
    maxLmtSz: '9999999999',
    maxMktAmt: '1000000',
    maxMktSz: spot ? '' : '9999999999',
    maxStopSz: '',
    maxTriggerSz: '9999999999.0000000000000000',
    maxTwapSz: '9999999999.0000000000000000',
    minSz: lot,
    optType: '',
    openType: spot ? 'fix_price' : '',
    preMktSwTime: '',
    quoteCcy: spot ? listing.quote : '',
    tradeQuoteCcyList: spot ? [listing.quote] : [],
    settleCcy: spot ? '' : listing.quote,
    state,
    ruleType: 'normal',
    stk: '',
    tickSz: trimmedDecimal(scaledDecimal(1, listing.priceDecimals)),
    uly: spot ? '' : family,
    instIdCode: 1_000_000_000 + listing.index,
    instCategory: '1',
    upcChg: [],
  };
}
