import { firstValueFrom } from 'rxjs';
import type { RecentTrade } from '../../model/history-trade.js';
import { coldRead, type AskOnce } from '../cold-read.js';
import { FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import { contractsToBase } from '../okx/okx-contracts.js';
import { fetchVenueList } from '../rest/fetch-venue-list.js';
import { pacedVenueRead } from '../rest/paced-venue-read.js';
import type { VenueRestAccess, VenueTradeHistory } from '../venue-definition.js';
import { gateId, gateMillis, gatePositive, gateSide, gateSignedSize } from './gate-fields.js';
import type { GateMarket } from './gate-frames.js';
import { GATE_FUTURES_CONTRACTS_PATH } from './gate-listings.js';
import { GATE_REST_DIALECT, gateList } from './gate-rest.js';

/** Trades one answer holds at most (docs "Retrieve market trades": `limit` at most 1000). */
export const GATE_HISTORY_PAGE = 1000;

/**
 * `GET /api/v4/spot/trades?currency_pair=X&limit=1000` and `GET /api/v4/futures/usdt/trades?contract=X&limit=1000`
 * (docs "Retrieve market trades", "Futures trading history"; 200 requests in 10 s per IP): the latest
 * 1,000 trades of an instrument, newest first.
 */
export function gateTradesPath(market: GateMarket, symbol: string): string {
  const encoded = encodeURIComponent(symbol);
  return market === 'spot'
    ? `/api/v4/spot/trades?currency_pair=${encoded}&limit=${GATE_HISTORY_PAGE}`
    : `/api/v4/futures/usdt/trades?contract=${encoded}&limit=${GATE_HISTORY_PAGE}`;
}

/**
 * The trades of a trades answer (a list, newest first), each field checked: spot `{id, create_time_ms,
 * side, amount, price}` (amount in the coin, side the taker's); futures `{id, create_time, size, price}`
 * (`create_time` seconds with a fraction, `size` contracts signed by the taker's side), sizes times
 * `contractValue`.
 */
export function readGateTrades(json: unknown, market: GateMarket, contractValue = 1): readonly RecentTrade[] {
  return gateList(json).map((entry, n) => {
    const path = `$[${n}]`;
    const r = FieldReader.of(entry, path);
    const id = gateId(r, 'id', path);
    const price = gatePositive(r, 'price', path);
    if (market === 'spot') {
      const side = gateSide(r, 'side', path);
      return { id, price, qty: gatePositive(r, 'amount', path), time: gateMillis(r, 'create_time_ms', path), isBuyerMaker: side === 'sell' };
    }
    const { size, side } = gateSignedSize(r, 'size', path);
    const seconds = r.raw('create_time');
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) throw new FrameParseError(`${path}.create_time`, 'expected epoch seconds');
    return { id, price, qty: String(contractsToBase(Number(size), contractValue)), time: Math.round(seconds * 1000), isBuyerMaker: side === 'sell' };
  });
}

/** A contract's `quanto_multiplier` (`GET /api/v4/futures/usdt/contracts/{contract}`): the coin one contract is. */
function readQuanto(json: unknown): number {
  return Number(FieldReader.of(json, '$').positiveDecimal('quanto_multiplier'));
}

/**
 * Gate's trade history for repair: spot ids run over every pair and futures ids are not documented as
 * consecutive, so holes are named by time across an interruption and filled from the instrument's latest
 * 1,000 trades (`recent`) as far back as they reach; futures sizes in the coin, times the contract's value
 * read once (`/futures/usdt/contracts/{contract}`). Each request weighs 1 on the venue's pacer.
 */
export function gateTradeHistory(access: VenueRestAccess, market: GateMarket): VenueTradeHistory {
  const { exchange, restUrl, pacer, timeoutMs, scheduler } = access;
  const base = restUrl.replace(/\/+$/, '');
  const send = access.fetch === undefined ? {} : { fetch: access.fetch };
  /** One paced request; `ask` lets go of it when the read is (the quantos, shared by reads, are asked to the end). */
  const get = <T>(path: string, read: (json: unknown) => T, ask: AskOnce = firstValueFrom): Promise<T> => {
    const url = `${base}${path}`;
    const task = () => fetchVenueList({ exchange, url, dialect: GATE_REST_DIALECT, read, ...send });
    return ask(pacedVenueRead({ exchange, url, pacer, weight: 1, timeoutMs, scheduler, task }));
  };
  const quantos = new Map<string, Promise<number>>();
  const quantoOf = (symbol: string): Promise<number> => {
    let known = quantos.get(symbol);
    if (known === undefined) {
      known = get(`${GATE_FUTURES_CONTRACTS_PATH}/${encodeURIComponent(symbol)}`, readQuanto);
      known.catch(() => quantos.delete(symbol));
      quantos.set(symbol, known);
    }
    return known;
  };
  return {
    recent: (symbol) =>
      coldRead(async (_open, ask) => {
        const contractValue = market === 'spot' ? 1 : await quantoOf(symbol);
        return get(gateTradesPath(market, symbol), (json) => readGateTrades(json, market, contractValue), ask);
      }),
  };
}
