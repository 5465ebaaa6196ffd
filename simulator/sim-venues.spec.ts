import { describe, expect, it } from 'vitest';
import { EXCHANGE_IDS } from '../src/model/market-record.js';
import type { SimVenueDefinition } from './sim-venue-definition.js';
import { DEFAULT_SIM_VENUES, SIM_VENUE_IDS, SIM_VENUES } from './sim-venues.js';

const definitions = SIM_VENUE_IDS.map((id): [string, SimVenueDefinition] => [id, SIM_VENUES[id]]);

describe("the simulator's registry of venues", () => {
  it("holds venues of the pipeline's, served by default those of its default failover order's spot market", () => {
    expect(SIM_VENUE_IDS.every((id) => (EXCHANGE_IDS as readonly string[]).includes(id))).toBe(true);
    expect(DEFAULT_SIM_VENUES).toEqual(['bybit', 'binance']);
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
