import { describe, expect, it } from 'vitest';
import { EXCHANGE_IDS } from '../src/model/market-record.js';
import type { SimVenueDefinition } from './sim-venue-definition.js';
import { SIM_VENUES_AHEAD } from './sim-venue-id.js';
import { DEFAULT_SIM_VENUES, SIM_VENUE_IDS, SIM_VENUES } from './sim-venues.js';

const definitions = SIM_VENUE_IDS.map((id): [string, SimVenueDefinition] => [id, SIM_VENUES[id]]);

describe("the simulator's registry of venues", () => {
  it("holds venues of the pipeline's, served by default those of its default failover order's spot market", () => {
    const pipeline: readonly string[] = EXCHANGE_IDS;
    const ahead: readonly string[] = SIM_VENUES_AHEAD;
    expect(SIM_VENUE_IDS.filter((id) => !pipeline.includes(id))).toEqual(ahead);
    expect(DEFAULT_SIM_VENUES).toEqual(['bybit', 'binance']);
  });

  it('serves ahead of the pipeline only venues it does not read yet: an id the pipeline takes leaves SIM_VENUES_AHEAD', () => {
    expect(SIM_VENUES_AHEAD.filter((id) => (EXCHANGE_IDS as readonly string[]).includes(id))).toEqual([]);
  });

  it('gives each venue a path, a seed and REST routes of its own', () => {
    const distinct = (values: readonly unknown[]) => new Set(values.map((v) => JSON.stringify(v))).size === values.length;
    expect(distinct(definitions.map(([, venue]) => venue.path))).toBe(true);
    expect(distinct(definitions.map(([, venue]) => venue.seedOffset))).toBe(true);
    expect(distinct(definitions.flatMap(([, venue]) => venue.restRoutes))).toBe(true);
  });

  it("names in each venue's flags one of its own options", () => {
    for (const [id, venue] of definitions)
      for (const flag of venue.flags ?? []) expect(Object.keys(venue.options), `${id} --${flag.name}`).toContain(flag.option);
  });
});
