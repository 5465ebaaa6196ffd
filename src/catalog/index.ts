/** The instrument catalog: the venues' own lists, read within their REST limits, merged and followed live. */
export { instrumentCatalog, DEFAULT_INSTRUMENT_CATALOG_CONFIG, type InstrumentCatalogConfig, type InstrumentCatalogSettings } from './instrument-catalog.js';
export type {
  CatalogChange,
  CatalogChangeKind,
  CatalogEvent,
  CatalogStatus,
  CatalogUpdate,
  InstrumentCatalog,
  VenueCatalogHealth,
  VenueListState,
} from './catalog-event.js';
export { catalogFeedStatuses, type CatalogFeedState, type CatalogFeedStatus } from './catalog-feed-statuses.js';
export {
  selectInstruments,
  DEFAULT_ALL_SELECTION,
  DEFAULT_UNIVERSE_KIND,
  UNIVERSE_KINDS,
  type AllSelection,
  type CoinsSelection,
  type SelectedInstrument,
  type UniverseKind,
  type UniverseSelection,
} from './select-instruments.js';
export { emptyInstrumentCatalog, givenListsCatalog } from './empty-instrument-catalog.js';
export { instrumentMatcher, isInstrumentPattern } from './instrument-pattern.js';
export {
  DEFAULT_OPTION_SELECTION,
  expiryFilterText,
  optionFollowed,
  parseExpiryFilter,
  selectOptions,
  type ExpiryFilter,
  type OptionSelection,
} from './select-options.js';
export { venueRestPacers } from './venue-rest-pacers.js';
export { readVenueList, type VenueListReadRequest } from './read-venue-list.js';
export { CATALOG_ENDPOINTS, type CatalogEndpoint, type VenueCatalogEndpoints } from './catalog-endpoints.js';
export { CatalogReadError, type CatalogReadFailure } from '../exchanges/rest/catalog-read-error.js';
export type { ListingsRead, SkippedEntry } from '../exchanges/rest/listings-read.js';
export type { QuoteVolumes } from '../exchanges/rest/quote-volumes.js';
