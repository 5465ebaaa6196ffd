import type { IncomingMessage, ServerResponse } from 'node:http';
import { ListFaults, truncatedBody } from '../../list-faults.js';
import { answerLater, requestIp, type SimRestApi } from '../../sim-rest-api.js';
import type { SimulatedMarket } from '../../simulated-market.js';
import type { VenueCounters } from '../../venue-counters.js';
import type { HyperliquidAssetCtx } from './hyperliquid-asset-ctx.js';
import type { HyperliquidIp } from './hyperliquid-ip.js';
import { INFO_BASE_WEIGHT, recentTradesWeight, type HyperliquidVenueLimits } from './hyperliquid-limits.js';
import { hyperliquidMeta, hyperliquidMetaAndAssetCtxs } from './hyperliquid-meta.js';
import type { HyperliquidTrades } from './hyperliquid-trades.js';
import { HyperliquidWeight } from './hyperliquid-weight.js';

export interface HyperliquidInfoConfig {
  readonly market: SimulatedMarket;
  readonly trades: HyperliquidTrades;
  readonly ctx: HyperliquidAssetCtx;
  /** Trades a `recentTrades` answer holds (the venue option `recentTrades`). */
  readonly recentTrades: number;
  /** `restWeight` is enforced per IP; none: unlimited. */
  readonly limits: HyperliquidVenueLimits;
  readonly counters: VenueCounters;
  /** The venue's socket accounting, whose counters and window this API reports and resets with its own. */
  readonly ip: HyperliquidIp;
  readonly clock: () => number;
}

/** An HTTP answer: status, body and its type, and how long it is held back (a `slow` list fault). */
export interface HyperliquidInfoAnswer {
  readonly status: number;
  readonly text: string;
  readonly contentType: string;
  readonly delayMs?: number;
}

const JSON_TYPE = 'application/json';
const TEXT_TYPE = 'text/plain; charset=utf-8';
const json = (body: unknown): HyperliquidInfoAnswer => ({ status: 200, text: JSON.stringify(body), contentType: JSON_TYPE });
const text = (status: number, body: string): HyperliquidInfoAnswer => ({ status, text: body, contentType: TEXT_TYPE });
/** A body past this is not read (the simulator's bound). */
const MAX_BODY_BYTES = 64 * 1024;

/**
 * Hyperliquid's info endpoint on the simulator's HTTP port: `POST /info` with a JSON body
 * (hyperliquid.gitbook.io `api/info-endpoint`), serving `{"type":"meta"}` and
 * `{"type":"metaAndAssetCtxs"}` (the first perp dex; another `dex` lists nothing here), and
 * `{"type":"recentTrades","coin"}`: the coin's last `recentTrades` trades, newest first (nautilus_trader
 * `HyperliquidRecentTrade`: "a recent snapshot of public trades (newest first)"), with no paging;
 * an unlisted coin has none (`[]`, the simulator's choice). Refusals as the venue's framework words
 * them: 405 for another method, 415 without `Content-Type: application/json`, 400 "Failed to parse the
 * request body as JSON" for a body that is not JSON, 422 "Failed to deserialize the JSON body into
 * the target type" for a type it does not serve or a missing field (measured on Hyperliquid by a
 * public client, and every `liquidation*` type answered 422; the text after the colon is the
 * simulator's). Every request weighs 20, `recentTrades` one more per 20 trades begun; past
 * `restWeight` in the window, HTTP 429 with no body (not documented) and no weight spent. Armed
 * list faults replace the `meta` and `metaAndAssetCtxs` answers.
 */
export class HyperliquidInfo implements SimRestApi {
  readonly listFaults = new ListFaults();
  private readonly weight = new HyperliquidWeight();
  private readonly tally = { restRequests: 0, restRefused: 0 };

  constructor(private readonly config: HyperliquidInfoConfig) {}

  handle(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    let bytes = 0;
    request.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => {
      const answer =
        bytes > MAX_BODY_BYTES
          ? text(413, 'Failed to buffer the request body: length limit exceeded')
          : this.answer(request.method ?? 'GET', request.headers['content-type'], Buffer.concat(chunks).toString('utf8'), requestIp(request));
      answerLater(response, answer.delayMs ?? 0, () => {
        if (!response.destroyed) response.writeHead(answer.status, { 'content-type': answer.contentType }).end(answer.text);
      });
    });
  }

  restCounters(now: number): Readonly<Record<string, number>> {
    const windowMs = this.config.limits.restWeight?.windowMs ?? 60_000;
    return {
      ...this.tally,
      restWeightInWindow: this.weight.inWindow(now, windowMs),
      restWeightInWindowPeak: this.weight.mostInWindow,
      ...this.listFaults.counters(),
      ...this.config.ip.counters(now),
    };
  }

  clearFaults(): void {
    this.weight.clear();
    this.listFaults.clear();
    this.config.ip.clear();
  }

  /** The answer to a request of `method` with `contentType` and `body` from `ip`, now. */
  answer(method: string, contentType: string | undefined, body: string, ip = '127.0.0.1'): HyperliquidInfoAnswer {
    if (method !== 'POST') return { status: 405, text: '', contentType: TEXT_TYPE };
    if (contentType === undefined || !/^application\/(?:[\w.+-]+\+)?json\b/i.test(contentType))
      return this.weighed(ip, INFO_BASE_WEIGHT, text(415, 'Expected request with `Content-Type: application/json`'));
    let request: unknown;
    try {
      request = JSON.parse(body);
    } catch (error) {
      return this.weighed(ip, INFO_BASE_WEIGHT, text(400, `Failed to parse the request body as JSON: ${(error as Error).message}`));
    }
    const refused = (reason: string) => this.weighed(ip, INFO_BASE_WEIGHT, text(422, `Failed to deserialize the JSON body into the target type: ${reason}`));
    if (typeof request !== 'object' || request === null || Array.isArray(request)) return refused('expected an object');
    const fields = request as Readonly<Record<string, unknown>>;
    const type = fields['type'];
    if (type === undefined) return refused('missing field `type`');
    if (typeof type !== 'string') return refused('invalid type for `type`, expected a string');
    const dex = fields['dex'];
    const listings = dex === undefined || dex === '' ? this.config.market.listings() : [];
    switch (type) {
      case 'meta':
        return this.weighed(ip, INFO_BASE_WEIGHT, this.listFault(json(hyperliquidMeta(listings))));
      case 'metaAndAssetCtxs':
        return this.weighed(ip, INFO_BASE_WEIGHT, this.listFault(json(hyperliquidMetaAndAssetCtxs(listings, this.config.ctx))));
      case 'recentTrades': {
        const coin = fields['coin'];
        if (coin === undefined) return refused('missing field `coin`');
        if (typeof coin !== 'string') return refused('invalid type for `coin`, expected a string');
        const trades = this.config.market.listing(coin) === undefined ? [] : this.config.trades.recent(coin, this.config.recentTrades).reverse();
        const answer = { status: 200, text: `[${trades.map((t) => this.config.trades.trade(coin, t)).join(',')}]`, contentType: JSON_TYPE };
        return this.weighed(ip, recentTradesWeight(trades.length), answer);
      }
      default:
        return refused(`unknown variant \`${type}\``);
    }
  }

  /** `answer` when `weight` fits the IP's window (counted), else 429 (not counted). */
  private weighed(ip: string, weight: number, answer: HyperliquidInfoAnswer): HyperliquidInfoAnswer {
    if (!this.weight.admit(ip, this.config.clock(), weight, this.config.limits.restWeight)) {
      this.tally.restRefused += 1;
      this.config.counters.refusals.restRate += 1;
      return { status: 429, text: '', contentType: TEXT_TYPE };
    }
    this.tally.restRequests += 1;
    return answer;
  }

  /** The list answer as the next armed fault makes it: no perpetuals, half the body, held back, or 503. */
  private listFault(normal: HyperliquidInfoAnswer): HyperliquidInfoAnswer {
    const fault = this.listFaults.take();
    switch (fault?.kind) {
      case undefined:
        return normal;
      case 'empty':
        return normal.text.startsWith('[')
          ? json([{ universe: [], marginTables: [], collateralToken: 0 }, []])
          : json({ universe: [], marginTables: [], collateralToken: 0 });
      case 'garbage':
        return { ...normal, text: truncatedBody(normal.text) };
      case 'slow':
        return { ...normal, delayMs: fault.delayMs };
      case 'unavailable':
        return text(503, '');
    }
  }
}
