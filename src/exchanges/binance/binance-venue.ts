import { throwError } from 'rxjs';
import type { RestWeightPacerConfig } from '../rest/rest-weight-pacer.js';
import type { VenueDefinition } from '../venue-definition.js';
import { BINANCE_CAPS, BINANCE_CONNECTION_LIMITS } from './binance-limits.js';
import { readBinanceExchangeInfo } from './binance-listings.js';
import { binanceProtocol } from './binance-protocol.js';
import { readBinanceQuoteVolumes } from './binance-quote-volumes.js';
import { BINANCE_REST_DIALECT } from './binance-rest-dialect.js';
import {
  BINANCE_AGG_TRADES_WEIGHT,
  BINANCE_AGG_TRADES_WINDOW_MS,
  BINANCE_HISTORY_WEIGHT,
  fetchBinanceFirstTradeId,
  fetchBinanceHistory,
  TradeHistoryError,
} from './binance-trade-history.js';

/**
 * A venue of the Binance family (Binance, Binance US, the spot testnet): one protocol, consecutive
 * trade ids per symbol, history by id (`historicalTrades`, weight 25 a page) and the first id made
 * since a moment (`aggTrades` by time, weight 4), each on the venue's pacer, where a 429 or 418 is
 * waited out and the page asked again.
 *
 * Its lists: `GET /api/v3/exchangeInfo` (all statuses, so halts are seen) and `GET /api/v3/ticker/24hr`
 * (all symbols): weights 20 and 80 on Binance and the spot testnet (binance-spot-api-docs
 * `rest-api.md`, `testnet/rest-api.md`), 10 and 40 on Binance US (binance-us-api-docs `rest-api.md`),
 * whose `REQUEST_WEIGHT` limit the same page gives as 1,200 a minute against Binance's 6,000.
 */
export function binanceFamilyVenue(venue: {
  readonly ws: VenueDefinition['ws'];
  readonly restUrl: string;
  readonly restDescription: string;
  readonly listingsWeight: number;
  readonly volumesWeight: number;
  readonly pacer: Partial<RestWeightPacerConfig>;
}): VenueDefinition {
  const { restUrl, listingsWeight, volumesWeight, pacer } = venue;
  return {
    ws: venue.ws,
    restDescription: venue.restDescription,
    protocol: binanceProtocol,
    // The Binance family's book plan goes to the venues that speak Binance's protocol, no other.
    protocolWith: ({ binanceBook }) => (binanceBook === undefined ? binanceProtocol : { ...binanceProtocol, book: binanceBook }),
    connectionLimits: BINANCE_CONNECTION_LIMITS,
    caps: BINANCE_CAPS,
    limitsOf: (settings) => ({
      ...(settings.binanceMaxStreams === undefined ? {} : { maxTopics: settings.binanceMaxStreams }),
      ...(settings.binanceAttempts === undefined ? {} : { connectionsPerWindow: settings.binanceAttempts }),
    }),
    catalog: {
      restUrl,
      dialect: BINANCE_REST_DIALECT,
      pacer,
      listings: { path: '/api/v3/exchangeInfo', weight: listingsWeight, read: readBinanceExchangeInfo },
      volumes: { path: '/api/v3/ticker/24hr', weight: volumesWeight, read: (json) => readBinanceQuoteVolumes(json) },
    },
    tradeIds: 'consecutive',
    tradeHistory: ({ restUrl: url, pacer: paced, timeoutMs, scheduler, apiKey, fetch }) => {
      const send = fetch === undefined ? {} : { fetch };
      const onUsedWeight = (used: number): void => paced.noteUsedWeight(used);
      return {
        byId: (symbol, fromId, limit) =>
          paced.request(BINANCE_HISTORY_WEIGHT, () =>
            fetchBinanceHistory({
              restUrl: url,
              symbol,
              fromId,
              limit,
              timeoutMs,
              scheduler,
              onUsedWeight,
              ...(apiKey === undefined || apiKey === '' ? {} : { apiKey }),
              ...send,
            }),
          ),
        firstIdSince: (symbol, since, until) => {
          if (until - since >= BINANCE_AGG_TRADES_WINDOW_MS) {
            return throwError(
              () =>
                new TradeHistoryError(
                  `a hole from ${new Date(since).toISOString()} to ${new Date(until).toISOString()} spans an hour or more, more than one lookup by time covers`,
                  false,
                  { url },
                ),
            );
          }
          return paced.request(BINANCE_AGG_TRADES_WEIGHT, () =>
            fetchBinanceFirstTradeId({ restUrl: url, symbol, startTime: since, endTime: until, timeoutMs, scheduler, onUsedWeight, ...send }),
          );
        },
      };
    },
  };
}
