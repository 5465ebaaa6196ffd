import type { Observable } from 'rxjs';
import { coldRead } from '../cold-read.js';
import type { SweptTrade, SweptTrades, VenueRestAccess } from '../venue-definition.js';
import { contractsToBase } from './okx-contracts.js';
import { okxOptionInstrumentsPath, readOkxOptionInstruments } from './okx-option-listings.js';
import { okxOptionOf } from './okx-option-names.js';
import { okxRestGet } from './okx-rest-dialect.js';
import { OKX_HISTORY_PAGE, okxHistoryTradesPath, OkxTradeHistoryError, readOkxHistoryTrades, type OkxHistoryTrade } from './okx-trade-history.js';

/** Pages of 100 trades one option's sweep reads at most: a new listing's first minutes rarely hold more. */
export const OKX_OPTION_SWEEP_PAGES = 5;

/** One option's trades from `since` to `until`, newest first, and from when on they are all there, when that is after `since`. */
interface OptionTrades {
  readonly trades: readonly OkxHistoryTrade[];
  readonly heldFrom?: number;
}

/**
 * OKX's option trades made from `since` to `until` (ms, inclusive) of the options listed during the run
 * (`symbols`), for their listing sweep, every request of weight 1 on the venue's pacer: each option's
 * `history-trades` by time from `until` back (`type=2`, `after=until+1`), then by id (`type=1`) while a page
 * of 100 is full and reaches no further back than `since`, 5 pages at most (what is older is out of reach,
 * `heldFrom`). Ids are consecutive per option, so the sweep tells a trade missing by its id. Sizes are given
 * in the coin with the contract values of the options' family list, read once a family a sweep, only when
 * a trade was found. Undefined without `symbols`: a reconnect's hole is found by each option's next trade.
 */
export function okxOptionTradeSweep(
  access: VenueRestAccess,
): (since: number, until: number, symbols?: ReadonlySet<string>) => Observable<SweptTrades> | undefined {
  const { exchange } = access;
  const get = okxRestGet(access);
  const page = (symbol: string, type: 1 | 2, after: number) => get(okxHistoryTradesPath(symbol, type, after, OKX_HISTORY_PAGE), readOkxHistoryTrades);
  const optionTrades = async (symbol: string, since: number, until: number): Promise<OptionTrades> => {
    const found: OkxHistoryTrade[] = [];
    let answer = await page(symbol, 2, until + 1);
    for (let pages = 1; ; pages++) {
      found.push(...answer.filter((t) => t.ts >= since && t.ts <= until));
      const oldest = answer.reduce<OkxHistoryTrade | undefined>((o, t) => (o === undefined || t.tradeId < o.tradeId ? t : o), undefined);
      if (answer.length < OKX_HISTORY_PAGE || oldest === undefined || oldest.ts < since) return { trades: found };
      if (pages === OKX_OPTION_SWEEP_PAGES) return { trades: found, heldFrom: oldest.ts + 1 };
      answer = await page(symbol, 1, oldest.tradeId);
    }
  };
  const contractValues = async (family: string): Promise<ReadonlyMap<string, number>> => {
    const { listings } = await get(okxOptionInstrumentsPath(family), (json) => readOkxOptionInstruments(json, exchange));
    return new Map(listings.flatMap((l) => (l.contractValue === undefined ? [] : [[l.symbol, l.contractValue] as const])));
  };
  return (since, until, symbols) => {
    if (symbols === undefined) return undefined;
    return coldRead(async (open) => {
      const trades: SweptTrade[] = [];
      const heldFrom = new Map<string, number>();
      const values = new Map<string, ReadonlyMap<string, number>>();
      for (const symbol of symbols) {
        const family = okxOptionOf(symbol)?.family;
        if (family === undefined || !open()) continue;
        const found = await optionTrades(symbol, since, until);
        if (found.heldFrom !== undefined) heldFrom.set(symbol, found.heldFrom);
        if (found.trades.length === 0) continue;
        const known = values.get(family) ?? (await contractValues(family));
        values.set(family, known);
        const contractValue = known.get(symbol);
        if (contractValue === undefined)
          throw new OkxTradeHistoryError(`${symbol}: not in OKX's ${family} options, its contract value unknown`, false, { symbol });
        for (const t of found.trades)
          trades.push({
            symbol,
            id: t.tradeId,
            price: t.px,
            qty: String(contractsToBase(Number(t.sz), contractValue)),
            time: t.ts,
            isBuyerMaker: t.side === 'sell',
          });
      }
      return { trades, heldFrom };
    });
  };
}
