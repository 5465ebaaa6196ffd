import type { MarketEvent } from '../../model/index.js';
import type { SymbolReducer } from '../venue-protocol.js';

/** What a coin's trades have been on this feed. */
export interface HyperliquidBacklogState {
  /** The connection whose first `trades` message of this coin was the backlog; absent before the first. */
  readonly connectionId?: string;
  /** Time of the newest trade of this coin seen on that connection (dropped as backlog or published). */
  readonly lastTime?: number;
  /** Trades dropped as backlog on this feed, all connections together. */
  readonly backlogTrades: number;
}

/**
 * The first `trades` message of a coin on each connection is a backlog, never published: "The
 * subscription ack provides a snapshot of previous data for time series data" (docs "Websocket >
 * Subscriptions"), and "Missed data during the reconnect will be present in the snapshot ack on
 * reconnect" (docs "Websocket"); tardis-node's `HyperliquidTradesMapper` skips the first message of
 * each coin alike. Those trades are old ones: after a reconnect the hole they fall in is named by time
 * and repaired from `recentTrades`, so none is published as new. Messages are told apart by the
 * connection that delivered them (the records' `connectionId`), so a reconnect, a rotation or a
 * replayed capture of several connections each drop their own backlog; the count is kept in the state.
 *
 * A coin's live trades come in time order on a connection, so a trade older than the newest one seen
 * there is a backlog's too, and dropped: that is what is left of a backlog sent again on the same
 * connection (the coin unsubscribed and subscribed again), which its position cannot tell; its trades
 * made while the coin was not followed are newer, never published before, and published.
 *
 * A backlog whose `data` is empty (a coin that never traded: the simulator sends `[]`, the docs say
 * nothing) names no coin, since the coin is in each trade: it cannot be told from nothing, and the
 * first live message after it is taken as the backlog (tardis-node does the same).
 */
export const hyperliquidBacklogReducer: SymbolReducer<HyperliquidBacklogState> = {
  initial: () => ({ backlogTrades: 0 }),
  reduce: (state, events) => {
    const first = events.find((event) => event.type === 'trade');
    if (first === undefined) return { state, events };
    const backlog = first.connectionId !== state.connectionId;
    const since = backlog ? Number.POSITIVE_INFINITY : (state.lastTime ?? Number.NEGATIVE_INFINITY);
    let lastTime = backlog ? Number.NEGATIVE_INFINITY : since;
    let dropped = 0;
    const kept: MarketEvent[] = [];
    for (const event of events) {
      if (event.type === 'trade') {
        lastTime = Math.max(lastTime, event.exchangeTs);
        if (event.exchangeTs < since) {
          dropped += 1;
          continue;
        }
      }
      kept.push(event);
    }
    return { state: { connectionId: first.connectionId, lastTime, backlogTrades: state.backlogTrades + dropped }, events: kept };
  },
};
