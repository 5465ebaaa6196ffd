import type { ExchangeId } from '../model/market-record.js';
import { BINANCE_REST_URL, BINANCE_TESTNET_REST_URL, BINANCE_US_REST_URL } from './binance/binance-book-plan.js';
import { BINANCE_STREAM_URL, BINANCE_TESTNET_STREAM_URL, BINANCE_US_STREAM_URL } from './binance/binance-protocol.js';
import { binanceFamilyVenue } from './binance/binance-venue.js';
import { bybitVenue } from './bybit/bybit-venue.js';
import { coinbaseVenue } from './coinbase/coinbase-venue.js';
import { krakenVenue } from './kraken/kraken-venue.js';
import { bybitLinearVenue } from './bybit/bybit-linear-venue.js';
import { bybitInverseVenue } from './bybit/bybit-inverse-venue.js';
import { bybitOptionsVenue } from './bybit/bybit-option-venue.js';
import { binanceUsdmVenue } from './binance-usdm/binance-usdm-venue.js';
import { okxSwapVenue, okxVenue } from './okx/okx-venue.js';
import { okxOptionsVenue } from './okx/okx-option-venue.js';
import { binanceOptionsVenue } from './binance-options/binance-options-venue.js';
import { hyperliquidVenue } from './hyperliquid/hyperliquid-venue.js';
import { deribitOptionsVenue, deribitVenue } from './deribit/deribit-venue.js';
import { binanceCoinmVenue } from './binance-coinm/binance-coinm-venue.js';
import { bitgetFuturesVenue, bitgetVenue } from './bitget/bitget-venue.js';
import { gateFuturesVenue, gateVenue } from './gate/gate-venue.js';
import type { Market } from '../model/instrument.js';
import type { ConfigOption } from '../settings/config-option.js';
import type { ConnectionLimits } from './connection-limits.js';
import type { RestWeightPacerConfig } from './rest/rest-weight-pacer.js';
import type { TradeIdRule, VenueDefinition } from './venue-definition.js';
import type { VenueOptionValues } from './venue-option.js';

/**
 * Every venue, the only list of them: a new `ExchangeId` does not compile until it has a definition
 * here, and shared code asks this registry instead of naming a venue.
 */
export const VENUES: Readonly<Record<ExchangeId, VenueDefinition>> = {
  bybit: bybitVenue,
  binance: binanceFamilyVenue({
    name: 'Binance',
    ws: { url: BINANCE_STREAM_URL, description: 'Binance combined-stream WebSocket' },
    restUrl: BINANCE_REST_URL,
    restDescription: 'Binance REST API (depth snapshots)',
    listingsWeight: 20,
    volumesWeight: 80,
    pacer: { weightPerMinute: 6000 },
  }),
  binance_us: binanceFamilyVenue({
    name: 'Binance US',
    ws: { url: BINANCE_US_STREAM_URL, description: 'Binance US combined-stream WebSocket' },
    restUrl: BINANCE_US_REST_URL,
    restDescription: 'Binance US REST API (depth snapshots)',
    listingsWeight: 10,
    volumesWeight: 40,
    pacer: { weightPerMinute: 1200 },
  }),
  binance_testnet: binanceFamilyVenue({
    name: 'Binance spot testnet',
    ws: { url: BINANCE_TESTNET_STREAM_URL, description: 'Binance spot testnet WebSocket (prices tagged env=testnet)' },
    restUrl: BINANCE_TESTNET_REST_URL,
    restDescription: 'Binance spot testnet REST API (depth snapshots)',
    listingsWeight: 20,
    volumesWeight: 80,
    pacer: { weightPerMinute: 6000 },
  }),
  coinbase: coinbaseVenue,
  kraken: krakenVenue,
  bybit_linear: bybitLinearVenue,
  binance_usdm: binanceUsdmVenue,
  okx: okxVenue,
  okx_swap: okxSwapVenue,
  hyperliquid: hyperliquidVenue,
  deribit: deribitVenue,
  deribit_options: deribitOptionsVenue,
  bybit_inverse: bybitInverseVenue,
  binance_coinm: binanceCoinmVenue,
  bitget: bitgetVenue,
  bitget_futures: bitgetFuturesVenue,
  gate: gateVenue,
  gate_futures: gateFuturesVenue,
  bybit_options: bybitOptionsVenue,
  okx_options: okxOptionsVenue,
  binance_options: binanceOptionsVenue,
};

/**
 * The failover chains unless configured (`--venues`), each market's venues in order: spot Bybit, then
 * the Binance family; perpetuals Bybit linear, then Binance USD-M (read only when `--markets` names
 * `linear`). Coinbase and Kraken (USD quotes; reachable from the US, the UK and the EU) are chosen by name.
 */
export const DEFAULT_VENUES: readonly ExchangeId[] = ['bybit', 'binance', 'binance_us', 'binance_testnet', 'bybit_linear', 'binance_usdm'];

/** The market a venue trades. */
export function marketOf(venue: ExchangeId): Market {
  return VENUES[venue].market;
}

/** The names of the venues that trade `market`, in the registry's order, as a sentence lists them: `Bybit linear, Binance USD-M and OKX swaps`. */
export function venueNamesOf(market: Market): string {
  const names = VENUE_IDS.filter((id) => marketOf(id) === market).map((id) => VENUES[id].name);
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`;
}

/** The venues of `venues` that trade one of `markets`, in their order. */
export function venuesOfMarkets(venues: readonly ExchangeId[], markets: readonly Market[]): readonly ExchangeId[] {
  return venues.filter((venue) => markets.includes(marketOf(venue)));
}

/** The venue whose per-IP limits `venue` spends when `followed` are: its `sharesLimitsOf` when that one is followed too, else itself. */
export function limitsOwnerOf(venue: ExchangeId, followed: readonly ExchangeId[]): ExchangeId {
  const owner = VENUES[venue].sharesLimitsOf;
  return owner !== undefined && followed.includes(owner) ? owner : venue;
}

/** One `make(owner)` per owner of limits among `venues` (`limitsOwnerOf`), each venue given its owner's. */
export function perLimitsOwner<T>(venues: readonly ExchangeId[], make: (owner: ExchangeId) => T): ReadonlyMap<ExchangeId, T> {
  const made = new Map<ExchangeId, T>();
  const ownerOf = (venue: ExchangeId): T => {
    const owner = limitsOwnerOf(venue, venues);
    const found = made.get(owner) ?? make(owner);
    made.set(owner, found);
    return found;
  };
  return new Map(venues.map((venue) => [venue, ownerOf(venue)]));
}

/** The venues, in the registry's order. */
export const VENUE_IDS = Object.keys(VENUES) as readonly ExchangeId[];

/** The venues whose trade ids follow `rule`. */
export function venuesWithTradeIds(rule: TradeIdRule): readonly ExchangeId[] {
  return VENUE_IDS.filter((id) => VENUES[id].tradeIds.rule === rule);
}

/** The venues' own options, each once (a family's venues share theirs), in the registry's order. */
export const VENUE_OPTIONS: readonly ConfigOption[] = [...new Set(VENUE_IDS.flatMap((id) => VENUES[id].ownOptions?.table ?? []))];

/** Each venue's connection limits with its configured options that change them (streams, topic characters, connection attempts). */
export function connectionLimitsOf(options: VenueOptionValues = {}): Readonly<Record<ExchangeId, ConnectionLimits>> {
  return Object.fromEntries(VENUE_IDS.map((id) => [id, { ...VENUES[id].connectionLimits, ...VENUES[id].ownOptions?.limitsOf?.(options) }])) as Record<
    ExchangeId,
    ConnectionLimits
  >;
}

/** Each venue's REST budget as its configured options change it (absent: its own). */
export function restPacerOverrides(
  venues: readonly ExchangeId[],
  options: VenueOptionValues = {},
): Readonly<Partial<Record<ExchangeId, Partial<RestWeightPacerConfig>>>> {
  return Object.fromEntries(venues.map((id) => [id, VENUES[id].ownOptions?.pacerOf?.(options) ?? {}]));
}

/** Each venue's default connection limits. */
export const DEFAULT_CONNECTION_LIMITS: Readonly<Record<ExchangeId, ConnectionLimits>> = connectionLimitsOf();
