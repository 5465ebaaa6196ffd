import type { IncomingMessage, ServerResponse } from 'node:http';
import { ListFaults, truncatedBody } from '../../list-faults.js';
import { answerLater, requestIp, type SimRestApi } from '../../sim-rest-api.js';
import type { SimulatedMarket } from '../../simulated-market.js';
import type { VenueCounters } from '../../venue-counters.js';
import { TokenBucket, type KrakenVenueLimits } from './kraken-limits.js';
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

/** An HTTP answer. */
export interface KrakenRestAnswer {
  readonly status: number;
  readonly text: string;
  /** How long the answer is held back, ms (a `slow` list fault). */
  readonly delayMs?: number;
}

const PATHS = ['/0/public/AssetPairs', '/0/public/Ticker', '/0/public/Trades'];

/** Kraken's envelope: `{"error": [...], "result": {...}}`, HTTP 200 even for errors (errors guide). */
const envelope = (result: unknown, errors: readonly string[] = []): KrakenRestAnswer => ({ status: 200, text: JSON.stringify({ error: errors, result }) });
const failure = (error: string): KrakenRestAnswer => envelope({}, [error]);
const UNKNOWN_PAIR = 'EQuery:Unknown asset pair';
/** The simulator's wording for a bad `count`, `since` or a missing `pair` (Kraken's `EGeneral:Invalid arguments` family). */
const INVALID_ARGUMENTS = 'EGeneral:Invalid arguments';

/**
 * Kraken's public REST on the simulator's HTTP port: `GET` (or `POST`) `/0/public/AssetPairs`,
 * `/0/public/Ticker` and `/0/public/Trades`, answers in Kraken's `{error, result}` envelope, errors
 * HTTP 200 (`EQuery:Unknown asset pair`). `pair` takes the key or altname (`XBTUSD`), a comma list
 * for AssetPairs and Ticker; AssetPairs also the v2 name (`BTC/USD`). Past `restPublicRate` (per IP;
 * Trades per IP and pair, as Kraken counts them) HTTP 200 `{"error":["EGeneral:Too many requests"]}`,
 * each refused call lengthening the wait. Armed {@link listFaults} replace AssetPairs answers.
 */
export class KrakenRest implements SimRestApi {
  readonly listFaults = new ListFaults();
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly pairs: KrakenPairIndex;
  private readonly tally = { restRequests: 0, restRefused: 0 };

  constructor(private readonly config: KrakenRestConfig) {
    this.pairs = new KrakenPairIndex(config.market);
  }

  handle(request: IncomingMessage, response: ServerResponse): void {
    request.resume();
    const answer = this.answer(request.method ?? 'GET', request.url ?? '/', requestIp(request));
    answerLater(response, answer.delayMs ?? 0, () => {
      if (!response.destroyed) response.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8' }).end(answer.text);
    });
  }

  restCounters(): Readonly<Record<string, number>> {
    return { ...this.tally, ...this.listFaults.counters() };
  }

  clearFaults(): void {
    this.buckets.clear();
    this.listFaults.clear();
  }

  /** The answer to `method target` from `ip` now. */
  answer(method: string, target: string, ip = '127.0.0.1'): KrakenRestAnswer {
    const now = this.config.clock();
    let url: URL;
    try {
      url = new URL(target, 'http://127.0.0.1');
    } catch {
      return failure(INVALID_ARGUMENTS);
    }
    const path = url.pathname;
    // The simulator's answer to a path Kraken does not serve here.
    if (!PATHS.includes(path) || (method !== 'GET' && method !== 'POST')) return { status: 404, text: JSON.stringify({ error: ['EGeneral:Unknown method'] }) };
    const pair = url.searchParams.get('pair');
    if (!this.admit(path === '/0/public/Trades' ? `${ip} ${pair ?? ''}` : ip, now)) {
      this.tally.restRefused += 1;
      this.config.counters.refusals.restRate += 1;
      return { status: 200, text: JSON.stringify({ error: ['EGeneral:Too many requests'] }) };
    }
    this.tally.restRequests += 1;
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
    return isList ? this.listFault(envelope(result)) : envelope(result);
  }

  /** Takes a call from `key`'s bucket; true when the limit lets it through (or there is none). */
  private admit(key: string, now: number): boolean {
    const limit = this.config.limits.restPublicRate;
    if (limit === undefined) return true;
    let bucket = this.buckets.get(key);
    if (bucket === undefined) this.buckets.set(key, (bucket = new TokenBucket(limit, now)));
    return bucket.take(now, true);
  }

  /**
   * The AssetPairs answer as the next armed list fault makes it: `empty` no pairs, `garbage` half the
   * body, `slow` held back, `unavailable` HTTP 503 `EService:Unavailable` (ccxt maps it to ExchangeNotAvailable).
   */
  private listFault(normal: KrakenRestAnswer): KrakenRestAnswer {
    const fault = this.listFaults.take();
    switch (fault?.kind) {
      case undefined:
        return normal;
      case 'empty':
        return envelope({});
      case 'garbage':
        return { ...normal, text: truncatedBody(normal.text) };
      case 'slow':
        return { ...normal, delayMs: fault.delayMs };
      case 'unavailable':
        return { status: 503, text: JSON.stringify({ error: ['EService:Unavailable'] }) };
    }
  }
}
