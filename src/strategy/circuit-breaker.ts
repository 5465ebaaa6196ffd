import type { EpochMillis, ExchangeId, FeedStatus, MarketEnv } from '../model/index.js';

/** Why entries are held back: an open `feed_stale`, testnet prices, or a recent venue switch. */
export interface HoldReason {
  readonly code: 'feed_stale' | 'testnet' | 'failover';
  readonly detail: string;
}

/** What the breaker knows: open stale periods by `exchange/symbol` (`*` for the whole feed), and the last switch. */
export interface BreakerState {
  readonly stale: ReadonlyMap<string, { readonly exchange: ExchangeId; readonly symbol?: string; readonly since: EpochMillis }>;
  readonly lastSwitch?: { readonly ts: EpochMillis; readonly state: 'failover' | 'switch_back'; readonly from?: ExchangeId; readonly to?: ExchangeId };
}

export const INITIAL_BREAKER: BreakerState = { stale: new Map() };

const keyOf = (exchange: string, symbol: string | undefined): string => `${exchange}/${symbol ?? '*'}`;

/**
 * Folds one feed status in. `feed_stale` opens a stale period (the whole feed, or one symbol);
 * `feed_recovered` closes it; a `failover` or `switch_back` to a venue closes that venue's stale
 * periods (it is delivering again) and starts the failover hold.
 */
export function reduceBreaker(state: BreakerState, status: FeedStatus): BreakerState {
  switch (status.state) {
    case 'feed_stale': {
      const stale = new Map(state.stale);
      const key = keyOf(status.exchange, status.symbol);
      if (!stale.has(key)) stale.set(key, { exchange: status.exchange, ...(status.symbol === undefined ? {} : { symbol: status.symbol }), since: status.ts });
      return { ...state, stale };
    }
    case 'feed_recovered': {
      const stale = new Map(state.stale);
      stale.delete(keyOf(status.exchange, status.symbol));
      return { ...state, stale };
    }
    case 'failover':
    case 'switch_back': {
      const to = status.toExchange;
      const stale = new Map([...state.stale].filter(([, open]) => open.exchange !== to));
      const lastSwitch = {
        ts: status.ts, state: status.state,
        ...(status.fromExchange === undefined ? {} : { from: status.fromExchange }),
        ...(to === undefined ? {} : { to }),
      };
      return { stale, lastSwitch };
    }
    default:
      return state;
  }
}

/**
 * Why a new entry on this coin's price must not be taken now, if at all: a `feed_stale` open for
 * the coin's feed (a whole-venue stale on any of the pipeline's venues, or one for the coin's
 * symbol), a price from `env: testnet`, or less than `holdMs` since a failover or switch-back.
 */
export function holdReasons(
  state: BreakerState,
  price: { readonly symbol: string; readonly env: MarketEnv; readonly exchange: ExchangeId },
  now: EpochMillis,
  holdMs: number,
): readonly HoldReason[] {
  const reasons: HoldReason[] = [];
  for (const open of state.stale.values()) {
    if (open.symbol !== undefined && open.symbol !== price.symbol) continue;
    reasons.push({ code: 'feed_stale', detail: `feed_stale open on ${open.exchange}${open.symbol === undefined ? '' : ` ${open.symbol}`} since ${new Date(open.since).toISOString()}` });
  }
  if (price.env === 'testnet') reasons.push({ code: 'testnet', detail: `${price.exchange} prices are env=testnet, not market prices` });
  const last = state.lastSwitch;
  if (last !== undefined && now - last.ts < holdMs) {
    reasons.push({ code: 'failover', detail: `${last.state} ${last.from ?? '?'} -> ${last.to ?? '?'} ${now - last.ts} ms ago; entries held for ${holdMs} ms` });
  }
  return reasons;
}
