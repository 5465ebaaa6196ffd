import type { SimVenueDefinition } from './sim-venue-definition.js';
import { SIM_VENUE_IDS, SIM_VENUES } from './sim-venues.js';

/**
 * The book fixtures in `simulator/__fixtures__/`, generated exactly as the simulator sends them (its
 * books, topics and protocol framing, on a fixed clock: `book-fixture-recorder.ts`), by file name:
 * every venue's `bookFixtures`, for the pipeline's reducer specs.
 */
export function bookFixtureFiles(): Readonly<Record<string, string>> {
  const files = SIM_VENUE_IDS.map((id): SimVenueDefinition => SIM_VENUES[id]).map((venue) => venue.bookFixtures?.() ?? {});
  return Object.assign({}, ...files) as Readonly<Record<string, string>>;
}
