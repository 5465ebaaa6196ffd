import { firstValueFrom } from 'rxjs';
import type { HistoryTrade } from '../../model/history-trade.js';
import type { ExchangeId } from '../../model/market-record.js';
import { binanceRestGet } from '../binance/binance-rest-get.js';
import { binanceHistoryFailure, TradeHistoryError } from '../binance/binance-trade-history.js';
import { coldRead } from '../cold-read.js';
import { FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import { parseJson, parseWith, type ParseResult } from '../parse-result.js';
import type { SweptTrade, SweptTrades, VenueRestAccess, VenueTradeHistory } from '../venue-definition.js';
import { BINANCE_OPTION_WEIGHTS } from './binance-option-limits.js';
import { BINANCE_OPTION_EXCHANGE_INFO_PATH, readBinanceOptionExchangeInfo } from './binance-option-listings.js';
import { inCoins, perCoin } from './binance-option-units.js';

/** Trades one `trades` or `historicalTrades` answer holds at most (options "Recent Trades List", "Old Trades Lookup": limit at most 500). */
export const BINANCE_OPTION_TRADES_PAGE = 500;

/** Pages of `historicalTrades` read back from the latest trades when looking for the first trade since a moment: 5,000 trades of the option. */
const FIRST_ID_PAGES = 10;
/** The listings' trades read at once by a sweep. */
const LISTING_READERS = 4;

/** An option's latest trades: `<restUrl>/eapi/v1/trades?symbol=<SYMBOL>&limit=<n>`. */
export function binanceOptionTradesUrl(restUrl: string, symbol: string, limit: number): string {
  return `${restUrl.replace(/\/+$/, '')}/eapi/v1/trades?symbol=${encodeURIComponent(symbol.toUpperCase())}&limit=${limit}`;
}

/** An option's trades from `fromId` on (inclusive): `<restUrl>/eapi/v1/historicalTrades?symbol=<SYMBOL>&fromId=<id>&limit=<n>`. */
export function binanceOptionHistoryUrl(restUrl: string, symbol: string, fromId: number, limit: number): string {
  return `${restUrl.replace(/\/+$/, '')}/eapi/v1/historicalTrades?symbol=${encodeURIComponent(symbol.toUpperCase())}&fromId=${fromId}&limit=${limit}`;
}

/**
 * An answer of `trades` or `historicalTrades`, `[{id, price, qty, side, time, ...}]`, as the option's
 * trades told per coin with its `unit` (as the stream's, `binance-option-units.ts`), oldest first: `id` the
 * option's trade id (a number or a decimal string; the stream's `t`), `side` 1 where a buyer took and -1
 * where a seller did (so -1 is a buyer maker), `qty` of either sign read as its size.
 */
export function parseBinanceOptionTrades(text: string, unit: number): ParseResult<readonly HistoryTrade[]> {
  const json = parseJson(text);
  if (!json.ok) return json;
  return parseWith(() => {
    if (!Array.isArray(json.frame)) throw new FrameParseError('$', 'expected an array of trades');
    const trades = json.frame.map((item: unknown, n): HistoryTrade => {
      const path = `$[${n}]`;
      const r = FieldReader.of(item, path);
      const id = r.raw('id');
      const tradeId = typeof id === 'string' && /^\d{1,15}$/.test(id) ? Number(id) : typeof id === 'number' ? r.integer('id') : Number.NaN;
      if (!Number.isSafeInteger(tradeId)) throw new FrameParseError(`${path}.id`, 'expected a trade id');
      const side = r.raw('side');
      if (side !== 1 && side !== -1 && side !== '1' && side !== '-1') throw new FrameParseError(`${path}.side`, 'expected 1 or -1');
      const qty = Math.abs(Number(r.optionalDecimal('qty') ?? Number.NaN));
      if (!(qty > 0)) throw new FrameParseError(`${path}.qty`, 'expected a decimal string other than 0');
      return {
        id: tradeId,
        price: String(perCoin(Number(r.positiveDecimal('price')), unit)),
        qty: String(inCoins(qty, unit)),
        time: r.integer('time'),
        isBuyerMaker: side === -1 || side === '-1',
      };
    });
    return trades.sort((a, b) => a.id - b.id);
  });
}

/** `exchangeInfo` as each option's unit. */
function parseUnits(text: string, exchange: ExchangeId): ParseResult<ReadonlyMap<string, number>> {
  const json = parseJson(text);
  if (!json.ok) return json;
  return parseWith(() => new Map(readBinanceOptionExchangeInfo(json.frame, exchange).listings.map((l) => [l.symbol, l.contractValue ?? 1] as const)));
}

/**
 * Binance options' history for repair, on the venue's pacer: by id from `historicalTrades` (weight 20,
 * 500 a page, read in pages to the length asked), and the first trade since a moment from the latest
 * 500 (`trades`, weight 5) and as many as 10 pages back before them: a hole older than those 5,500
 * trades of the option is named, not looked up. Prices and sizes are told per coin with each option's
 * unit, read once from `exchangeInfo` (weight 1; again after a failure, or for an option listed since).
 * The options listed during the run are swept for their trades before they were followed (`madeBetween`
 * with their symbols; none without): each one's latest 500 (`trades`, weight 5, four options at once), what a
 * full page does not reach back to out of reach. A 429 or 418 is waited out by the pacer.
 */
export function binanceOptionTradeHistory(access: VenueRestAccess): VenueTradeHistory {
  const { restUrl, pacer, timeoutMs, scheduler, fetch } = access;
  const transport = { timeoutMs, scheduler, onUsedWeight: (used: number) => pacer.noteUsedWeight(used), ...(fetch === undefined ? {} : { fetch }) };
  let units: Promise<ReadonlyMap<string, number>> | undefined;
  const unitOf = async (symbol: string, again = true): Promise<number> => {
    if (units === undefined) {
      const url = `${restUrl.replace(/\/+$/, '')}${BINANCE_OPTION_EXCHANGE_INFO_PATH}`;
      const read = firstValueFrom(
        pacer.request(BINANCE_OPTION_WEIGHTS.exchangeInfo, () =>
          binanceRestGet(transport, { url, parse: (text) => parseUnits(text, access.exchange), failure: binanceHistoryFailure(url) }),
        ),
      );
      read.catch(() => (units = undefined));
      units = read;
    }
    const unit = (await units).get(symbol.toUpperCase());
    // An option listed since the list was read: read once more.
    if (unit === undefined && again) {
      units = undefined;
      return unitOf(symbol, false);
    }
    if (unit === undefined) throw new TradeHistoryError(`${symbol}: not in Binance's option list, its unit unknown`, false, { url: restUrl });
    return unit;
  };
  const get = (url: string, weight: number, unit: number): Promise<readonly HistoryTrade[]> =>
    firstValueFrom(
      pacer.request(weight, () =>
        binanceRestGet(transport, { url, parse: (text) => parseBinanceOptionTrades(text, unit), failure: binanceHistoryFailure(url) }),
      ),
    );
  const fromId = async (symbol: string, from: number, limit: number, open: () => boolean): Promise<readonly HistoryTrade[]> => {
    const unit = await unitOf(symbol);
    const out: HistoryTrade[] = [];
    while (open() && out.length < limit) {
      const size = Math.min(BINANCE_OPTION_TRADES_PAGE, limit - out.length);
      const page = await get(binanceOptionHistoryUrl(restUrl, symbol, from + out.length, size), BINANCE_OPTION_WEIGHTS.historicalTrades, unit);
      out.push(...page);
      if (page.length < size) break;
    }
    return out;
  };
  /** The latest 500 trades of each option, those from `since` to `until`; where a full page begins after `since`, what is older is out of reach. */
  const listedTrades = async (since: number, until: number, symbols: ReadonlySet<string>, open: () => boolean): Promise<SweptTrades> => {
    const trades: SweptTrade[] = [];
    const heldFrom = new Map<string, number>();
    const waiting = [...symbols];
    // A few questions at once (an expiry lists dozens of options), each on the pacer's weight.
    const reader = async (): Promise<void> => {
      for (let symbol = waiting.shift(); symbol !== undefined && open(); symbol = waiting.shift()) {
        const unit = await unitOf(symbol);
        const page = await get(binanceOptionTradesUrl(restUrl, symbol, BINANCE_OPTION_TRADES_PAGE), BINANCE_OPTION_WEIGHTS.trades, unit);
        const oldest = page[0];
        if (page.length >= BINANCE_OPTION_TRADES_PAGE && oldest !== undefined && oldest.time > since && oldest.id > 1) heldFrom.set(symbol, oldest.time + 1);
        for (const t of page) if (t.time >= since && t.time <= until) trades.push({ ...t, symbol });
      }
    };
    await Promise.all(Array.from({ length: Math.min(LISTING_READERS, waiting.length) }, reader));
    return { trades, heldFrom };
  };
  return {
    madeBetween: (since, until, symbols) => (symbols === undefined ? undefined : coldRead((open) => listedTrades(since, until, symbols, open))),
    byId: (symbol, from, limit) => coldRead((open) => fromId(symbol, from, limit, open)),
    firstIdSince: (symbol, since, until) =>
      coldRead(async (open) => {
        const unit = await unitOf(symbol);
        let page = await get(binanceOptionTradesUrl(restUrl, symbol, BINANCE_OPTION_TRADES_PAGE), BINANCE_OPTION_WEIGHTS.trades, unit);
        let found: number | undefined;
        for (let pages = 0; open(); pages++) {
          const inWindow = page.filter((t) => t.time >= since && t.time <= until);
          found = inWindow[0]?.id ?? found;
          const oldest = page[0];
          // The answer reaches back before `since` (or to the option's first trade): the first since it is known.
          if (oldest === undefined || oldest.time < since || oldest.id <= 1) return found;
          if (pages === FIRST_ID_PAGES)
            throw new TradeHistoryError(
              `${symbol}: trades since ${new Date(since).toISOString()} reach further back than ${BINANCE_OPTION_TRADES_PAGE * (FIRST_ID_PAGES + 1)} trades`,
              false,
              { url: restUrl },
            );
          const back = Math.max(1, oldest.id - BINANCE_OPTION_TRADES_PAGE);
          page = await get(binanceOptionHistoryUrl(restUrl, symbol, back, oldest.id - back), BINANCE_OPTION_WEIGHTS.historicalTrades, unit);
        }
        return found;
      }),
  };
}
