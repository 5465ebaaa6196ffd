import { requestUrl, SimRestHandler, type SimRestAnswer, type SimRestRequest } from '../../sim-rest-handler.js';
import type { SimulatedMarket } from '../../simulated-market.js';
import type { VenueCounters } from '../../venue-counters.js';
import { KrakenRestBuckets, type KrakenVenueLimits } from './kraken-limits.js';
import { KrakenPairIndex, krakenPairNames } from './kraken-pair-names.js';
import { krakenAssetPair, krakenRestTicker } from './kraken-rest-lists.js';
import { krakenRestTrades } from './kraken-rest-trades.js';

export interface KrakenRestConfig {
  readonly market: SimulatedMarket;
  readonly clock: () => number;
  /** `restPublicRate` is enforced (15 at once, 1 a second, per IP; Trades per IP and pair by default); none: unlimited. */
  readonly limits: KrakenVenueLimits;
  /** The venue's counters (`refusals.restRate`). */
  readonly counters: VenueCounters;
}

const PATHS = ['/0/public/AssetPairs', '/0/public/Ticker', '/0/public/Trades'];

/** Kraken's envelope: `{"error": [...], "result": {...}}`, HTTP 200 even for errors (errors guide). */
const envelope = (result: unknown, errors: readonly string[] = []): SimRestAnswer => ({ status: 200, text: JSON.stringify({ error: errors, result }) });
const failure = (error: string): SimRestAnswer => envelope({}, [error]);
const UNKNOWN_PAIR = 'EQuery:Unknown asset pair';
/** The simulator's wording for a bad `count`, `since` or a missing `pair` (Kraken's `EGeneral:Invalid arguments` family). */
const INVALID_ARGUMENTS = 'EGeneral:Invalid arguments';
/** An armed `unavailable` list fault: HTTP 503 `EService:Unavailable` (ccxt maps it to ExchangeNotAvailable). */
const UNAVAILABLE: SimRestAnswer = { status: 503, text: JSON.stringify({ error: ['EService:Unavailable'] }) };

/**
 * Kraken's public REST on the simulator's HTTP port: `GET` (or `POST`) `/0/public/AssetPairs`,
 * `/0/public/Ticker` and `/0/public/Trades`, answers in Kraken's `{error, result}` envelope, errors
 * HTTP 200 (`EQuery:Unknown asset pair`). `pair` takes the key or altname (`XBTUSD`), a comma list
 * for AssetPairs and Ticker; AssetPairs also the v2 name (`BTC/USD`). Past `restPublicRate` (per IP;
 * Trades per IP and pair, as Kraken counts them) HTTP 200 `{"error":["EGeneral:Too many requests"]}`,
 * each refused call lengthening the wait. Armed {@link listFaults} replace AssetPairs answers.
 */
export class KrakenRest extends SimRestHandler<KrakenRestBuckets> {
  private readonly pairs: KrakenPairIndex;

  constructor(private readonly config: KrakenRestConfig) {
    super({ limit: new KrakenRestBuckets(), type: 'application/json; charset=utf-8', counters: config.counters });
    this.pairs = new KrakenPairIndex(config.market);
  }

  protected respond({ method, target, ip }: SimRestRequest): SimRestAnswer {
    const now = this.config.clock();
    const url = requestUrl(target);
    if (url === undefined) return failure(INVALID_ARGUMENTS);
    const path = url.pathname;
    // The simulator's answer to a path Kraken does not serve here.
    if (!PATHS.includes(path) || (method !== 'GET' && method !== 'POST')) return { status: 404, text: JSON.stringify({ error: ['EGeneral:Unknown method'] }) };
    const pair = url.searchParams.get('pair');
    const key = path === '/0/public/Trades' ? `${ip} ${pair ?? ''}` : ip;
    if (!this.admitted(this.limit.admit(key, now, this.config.limits.restPublicRate)))
      return { status: 200, text: JSON.stringify({ error: ['EGeneral:Too many requests'] }) };
    const { market } = this.config;
    if (path === '/0/public/Trades') {
      if (pair === null) return failure(INVALID_ARGUMENTS);
      const listing = this.pairs.find(pair);
      if (listing === undefined) return failure(UNKNOWN_PAIR);
      const result = krakenRestTrades(market, listing, url.searchParams, now);
      return result === undefined ? failure(INVALID_ARGUMENTS) : envelope(result);
    }
    const isList = path === '/0/public/AssetPairs';
    const names = pair === null ? undefined : pair.split(',');
    const listings = names === undefined ? this.pairs.listed() : names.map((name) => this.pairs.find(name, isList));
    if (listings.some((l) => l === undefined)) return failure(UNKNOWN_PAIR);
    const result: Record<string, unknown> = {};
    for (const listing of listings) {
      const state = listing === undefined ? undefined : market.state(listing.symbol);
      if (listing === undefined || state === undefined) continue;
      result[krakenPairNames(listing).key] = isList ? krakenAssetPair(listing, state.last) : krakenRestTicker(listing, state);
    }
    if (!isList) return envelope(result);
    // As the next armed list fault makes it: `empty` no pairs, `garbage` half the body, `slow` held back, `unavailable` 503.
    return this.listFault(envelope(result), { empty: () => envelope({}), unavailable: () => UNAVAILABLE });
  }
}
