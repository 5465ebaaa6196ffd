/**
 * The local exchange simulator, `market-feed/simulator`: simulated venues on loopback for tests,
 * benchmarks, `market-feed simulate` and `make demo`. It imports nothing of the library but its
 * model (`src/model/`).
 */
export { startSimulator, type RunningSimulator, type SimulatorOptions } from './start-simulator.js';
export type { MadeTrade, SimulatorControl } from './simulator-control.js';
export { CONTROL_ACTIONS, parseControlAction, runControlAction, type ControlAnswer } from './control-actions.js';
export { GARBAGE_KINDS, type GarbageKind } from './garbage-frames.js';
export type { SentTrade } from './sim-venue.js';
export { DEFAULT_SIM_VENUES, SIM_VENUE_IDS, SIM_VENUES, type SimVenueName } from './sim-venues.js';
export type { SimVenueDefinition } from './sim-venue-definition.js';
export { isPipelineVenue, SIM_VENUES_AHEAD, type SimVenueId } from './sim-venue-id.js';
export { defaultUniverseShares, UNIVERSE_SPLIT_VENUES } from './sim-universe-of.js';
export type { VenueShares } from './sim-universe.js';
