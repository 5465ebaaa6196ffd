import type { ExchangeId } from '../model/market-record.js';
import type { InstrumentCatalog } from './catalog-event.js';

/** A catalog of no list, for following configured coins without reading the venues' lists: every venue counts as having listed nothing yet. */
export function emptyInstrumentCatalog(venues: readonly ExchangeId[]): InstrumentCatalog {
  return { venues, instruments: new Map(), health: {} };
}
