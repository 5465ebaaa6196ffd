import type { EpochMillis, ExchangeId, FeedStatus, MarketEnv } from '../model/index.js';
import { statusAffects } from '../operators/status-scope.js';

/** Why entries are held back: an open `feed_stale`, testnet prices, or a recent venue switch. */
export interface HoldReason {
  readonly code: 'feed_stale' | 'testnet' | 'failover';
  readonly detail: string;
}

/** A venue switch: when, which way, and the status (whose scope says which instruments it moved). */
export interface BreakerSwitch {
  readonly ts: EpochMillis;
  readonly state: 'failover' | 'switch_back';
  readonly from?: ExchangeId;
  readonly to?: ExchangeId;
  readonly status: FeedStatus;
}

/**
 * What the breaker knows: open stale periods by `exchange/scope` (a symbol, a shard, or `*` for the
 * whole feed) with the status that opened them, and the last switch of each scope.
 */
export interface BreakerState {
  readonly stale: ReadonlyMap<string, { readonly exchange: ExchangeId; readonly since: EpochMillis; readonly status: FeedStatus }>;
  readonly switches: ReadonlyMap<string, BreakerSwitch>;
}

export const INITIAL_BREAKER: BreakerState = { stale: new Map(), switches: new Map() };

const scopeKey = (status: FeedStatus): string => status.symbol ?? (status.shard === undefined ? '*' : `shard ${status.shard}`);
const keyOf = (status: FeedStatus): string => `${status.exchange}/${scopeKey(status)}`;

/**
 * Folds one feed status in. `feed_stale` opens a stale period (the whole feed, a shard's instruments,
 * or one symbol); `feed_recovered` closes it; a `failover` or `switch_back` to a venue closes that
 * venue's stale periods in its scope (it is delivering again) and starts the failover hold of its scope.
 */
export function reduceBreaker(state: BreakerState, status: FeedStatus): BreakerState {
  switch (status.state) {
    case 'feed_stale': {
      const stale = new Map(state.stale);
      const key = keyOf(status);
      if (!stale.has(key)) stale.set(key, { exchange: status.exchange, since: status.ts, status });
      return { ...state, stale };
    }
    case 'feed_recovered': {
      const stale = new Map(state.stale);
      stale.delete(keyOf(status));
      return { ...state, stale };
    }
    case 'failover':
    case 'switch_back': {
      const to = status.toExchange;
      const stale = new Map([...state.stale].filter(([, open]) => open.exchange !== to || scopeKey(open.status) !== scopeKey(status)));
      const switches = new Map(state.switches);
      switches.set(scopeKey(status), {
        ts: status.ts,
        state: status.state,
        status,
        ...(status.fromExchange === undefined ? {} : { from: status.fromExchange }),
        ...(to === undefined ? {} : { to }),
      });
      return { stale, switches };
    }
    default:
      return state;
  }
}

/**
 * Why a new entry on this coin's price must not be taken now, if at all: a `feed_stale` open for
 * the coin's feed (a whole-venue stale on any of the pipeline's venues, one of a shard serving the
 * coin, or one for the coin's symbol), a price from `env: testnet`, or less than `holdMs` since a
 * failover or switch-back that moved the coin.
 */
export function holdReasons(
  state: BreakerState,
  price: { readonly symbol: string; readonly coin: string; readonly quote: string; readonly env: MarketEnv; readonly exchange: ExchangeId },
  now: EpochMillis,
  holdMs: number,
): readonly HoldReason[] {
  const reasons: HoldReason[] = [];
  for (const open of state.stale.values()) {
    if (!statusAffects(open.status, price)) continue;
    const scope = scopeKey(open.status);
    reasons.push({
      code: 'feed_stale',
      detail: `feed_stale open on ${open.exchange}${scope === '*' ? '' : ` ${scope}`} since ${new Date(open.since).toISOString()}`,
    });
  }
  if (price.env === 'testnet') reasons.push({ code: 'testnet', detail: `${price.exchange} prices are env=testnet, not market prices` });
  for (const last of state.switches.values()) {
    if (now - last.ts >= holdMs || !statusAffects(last.status, price)) continue;
    reasons.push({ code: 'failover', detail: `${last.state} ${last.from ?? '?'} -> ${last.to ?? '?'} ${now - last.ts} ms ago; entries held for ${holdMs} ms` });
  }
  return reasons;
}
