import { ControlRefusal } from './control-refusal.js';

/** What an expiry did: the day it ended, the instruments it took off, and the ones listed further out. */
export interface ExpiryAnswer {
  readonly expiryTs: number;
  readonly expired: readonly string[];
  readonly listed: readonly string[];
}

/** Where a heartbeat fault stands: on or off, until when (absent: until turned off), and the sockets with a heartbeat running now. */
export interface HeartbeatFaultAnswer {
  readonly on: boolean;
  readonly untilTs?: number;
  readonly heartbeatSockets: number;
}

/**
 * What only some venues do, asked by the control API by what it does and never by venue name (each
 * venue's definition gives its own in `SimVenueConfig.own`); an action a venue lacks is refused 400.
 */
export interface VenueOwnActions {
  /** Venues with dated instruments: expires the nearest expiry now and lists a new one further out (the control API's `expire`). */
  readonly expire?: (now: number) => ExpiryAnswer;
  /**
   * Venues with an application heartbeat the client must answer: from `now`, for `ms` or until
   * turned off (`on` false), the venue does not take the client's answers, so it closes each socket
   * with a heartbeat at its next request (the control API's `heartbeat-fault`).
   */
  readonly heartbeatFault?: (on: boolean, now: number, ms?: number) => HeartbeatFaultAnswer;
  /** Clears these faults (the control API's `reset`). */
  readonly clearFaults?: () => void;
}

/** The venue's own action `key`, or a 400 refusal naming the venues served that have it. */
export function ownAction<K extends keyof VenueOwnActions, N extends string>(
  venues: ReadonlyMap<N, { readonly config: { readonly own?: VenueOwnActions } }>,
  name: N,
  key: K,
): NonNullable<VenueOwnActions[K]> {
  const found = venues.get(name)?.config.own?.[key];
  if (found !== undefined) return found;
  const allowed = [...venues.entries()].filter(([, v]) => v.config.own?.[key] !== undefined).map(([n]) => n);
  throw new ControlRefusal(400, { error: `${name} has no '${key}' action`, allowed: allowed.join(', ') });
}
