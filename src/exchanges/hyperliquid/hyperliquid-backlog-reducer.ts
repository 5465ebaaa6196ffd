import type { MarketEvent } from '../../model/index.js';
import type { SymbolReducer } from '../venue-protocol.js';

/** What a coin's trades have been on this feed: the socket whose backlog was dropped last, and how many backlog trades were dropped. */
export interface HyperliquidBacklogState {
  /** The connection whose first `trades` message of this coin was the backlog; absent before the first. */
  readonly connectionId?: string;
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
 * A backlog message whose `data` is empty names no coin (the coin is in each trade), so it cannot be
 * told from nothing: for a coin with no trade yet, the first live message after subscribing is taken as
 * the backlog (the docs do not say whether the venue then sends `[]`; tardis-node does the same).
 */
export const hyperliquidBacklogReducer: SymbolReducer<HyperliquidBacklogState> = {
  initial: () => ({ backlogTrades: 0 }),
  reduce: (state, events) => {
    const first = events.find((event) => event.type === 'trade');
    if (first === undefined || first.connectionId === state.connectionId) return { state, events };
    const kept: MarketEvent[] = events.filter((event) => event.type !== 'trade');
    return { state: { connectionId: first.connectionId, backlogTrades: state.backlogTrades + events.length - kept.length }, events: kept };
  },
};
