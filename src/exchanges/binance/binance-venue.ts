import { throwError } from 'rxjs';
import type { RestWeightPacerConfig } from '../rest/rest-weight-pacer.js';
import type { RestWeightPacer } from '../rest/rest-weight-pacer.js';
import type { BookPlan } from '../book-sync.js';
import type { VenueDefinition } from '../venue-definition.js';
import { configuredValue, optionValue, type VenueOptionValues } from '../venue-option.js';
import { binanceBookPlan } from './binance-book-plan.js';
import type { BinanceFrame } from './binance-frames.js';
import { BINANCE_CAPS, BINANCE_CONNECTION_LIMITS } from './binance-limits.js';
import { readBinanceExchangeInfo } from './binance-listings.js';
import {
  BINANCE_API_KEY_OPTION,
  BINANCE_ATTEMPTS_OPTION,
  BINANCE_DEPTH_CHANNEL_OPTION,
  BINANCE_MAX_BUFFERED_OPTION,
  BINANCE_MAX_STREAMS_OPTION,
  BINANCE_OPTIONS,
  BINANCE_REST_WEIGHT_OPTION,
  BINANCE_SNAPSHOT_LIMIT_OPTION,
} from './binance-options.js';
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
  readonly name: string;
  readonly ws: VenueDefinition['ws'];
  readonly restUrl: string;
  readonly restDescription: string;
  readonly listingsWeight: number;
  readonly volumesWeight: number;
  readonly pacer: Partial<RestWeightPacerConfig>;
}): VenueDefinition {
  const { restUrl, listingsWeight, volumesWeight, pacer } = venue;
  return {
    name: venue.name,
    market: 'spot',
    ws: venue.ws,
    restDescription: venue.restDescription,
    protocol: binanceProtocol,
    protocolWith: { of: ({ options, restPacer }) => ({ ...binanceProtocol, book: binanceBookPlanWith(options, restPacer) }) },
    ownOptions: {
      table: BINANCE_OPTIONS,
      limitsOf: (options) => {
        const maxTopics = configuredValue(options, BINANCE_MAX_STREAMS_OPTION);
        const connectionsPerWindow = configuredValue(options, BINANCE_ATTEMPTS_OPTION);
        return { ...(maxTopics === undefined ? {} : { maxTopics }), ...(connectionsPerWindow === undefined ? {} : { connectionsPerWindow }) };
      },
      pacerOf: (options) => {
        const weightPerMinute = configuredValue(options, BINANCE_REST_WEIGHT_OPTION);
        return weightPerMinute === undefined ? {} : { weightPerMinute };
      },
    },
    connectionLimits: BINANCE_CONNECTION_LIMITS,
    caps: BINANCE_CAPS,
    catalog: {
      restUrl,
      dialect: BINANCE_REST_DIALECT,
      pacer,
      listings: { path: '/api/v3/exchangeInfo', weight: listingsWeight, read: readBinanceExchangeInfo },
      volumes: { path: '/api/v3/ticker/24hr', weight: volumesWeight, read: (json) => readBinanceQuoteVolumes(json) },
    },
    tradeIds: { rule: 'consecutive', ordered: true },
    tradeHistory: ({ restUrl: url, pacer: paced, timeoutMs, scheduler, options, fetch }) => {
      const apiKey = configuredValue(options, BINANCE_API_KEY_OPTION);
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

/**
 * The family's book plan from its options: the depth channel, the snapshot depth, the pre-snapshot
 * buffer, and the venue's REST pacer (without one, the plan paces its snapshots itself at the
 * configured weight).
 */
export function binanceBookPlanWith(options: VenueOptionValues, restPacer?: RestWeightPacer): BookPlan<BinanceFrame> {
  const weightPerMinute = optionValue(options, BINANCE_REST_WEIGHT_OPTION);
  return binanceBookPlan({
    channel: optionValue(options, BINANCE_DEPTH_CHANNEL_OPTION),
    snapshotLimit: optionValue(options, BINANCE_SNAPSHOT_LIMIT_OPTION),
    book: { maxBuffered: optionValue(options, BINANCE_MAX_BUFFERED_OPTION) },
    ...(weightPerMinute === undefined ? {} : { pacer: { weightPerMinute } }),
    ...(restPacer === undefined ? {} : { restPacer }),
  });
}
