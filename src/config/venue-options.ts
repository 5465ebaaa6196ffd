import { VENUE_IDS, VENUES } from '../exchanges/venues.js';
import type { VenueOptionValues } from '../exchanges/venue-option.js';
import type { ExchangeId } from '../model/market-record.js';
import { httpUrl, option, wsUrl, type ConfigOption } from '../settings/config-option.js';

/** `binance_us` -> `binance-us` (flags) and `BINANCE_US` (environment variables). */
const dashed = (id: ExchangeId): string => id.replaceAll('_', '-');
const shouted = (id: ExchangeId): string => id.toUpperCase();

/**
 * Each venue's WebSocket and REST base URLs, named after its id (`--binance-us-url`,
 * `BINANCE_US_REST_URL`), with the defaults and descriptions of its definition.
 */
export const VENUE_URL_OPTIONS: readonly ConfigOption[] = [
  ...VENUE_IDS.map((id) =>
    option({
      key: `urls.${id}`,
      env: `${shouted(id)}_WS_URL`,
      flag: `${dashed(id)}-url`,
      default: VENUES[id].ws.url,
      parse: wsUrl,
      description: VENUES[id].ws.description,
    }),
  ),
  ...VENUE_IDS.map((id) =>
    option({
      key: `restUrls.${id}`,
      env: `${shouted(id)}_REST_URL`,
      flag: `${dashed(id)}-rest-url`,
      default: VENUES[id].catalog.restUrl,
      parse: httpUrl,
      description: VENUES[id].restDescription,
    }),
  ),
];

/**
 * The URLs each venue's own options choose (`ownOptions.urlsOf`: OKX's region picks its host), as option keys and
 * values, for the URL options `isSet` says were not given explicitly (a flag, a variable or the file wins).
 */
export function urlsChosenByVenues(venueOptions: VenueOptionValues, isSet: (key: string) => boolean): ReadonlyMap<string, string> {
  const chosen = new Map<string, string>();
  for (const id of VENUE_IDS) {
    const urls = VENUES[id].ownOptions?.urlsOf?.(venueOptions);
    if (urls?.ws !== undefined && !isSet(`urls.${id}`)) chosen.set(`urls.${id}`, urls.ws);
    if (urls?.rest !== undefined && !isSet(`restUrls.${id}`)) chosen.set(`restUrls.${id}`, urls.rest);
  }
  return chosen;
}
