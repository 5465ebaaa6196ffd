import { SimRestHandler, type SimRestAnswer, type SimRestRequest } from '../../sim-rest-handler.js';
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

const JSON_TYPE = 'application/json';
const TEXT_TYPE = 'text/plain; charset=utf-8';
const json = (body: unknown): SimRestAnswer => ({ status: 200, text: JSON.stringify(body), type: JSON_TYPE });
const text = (status: number, body: string): SimRestAnswer => ({ status, text: body, type: TEXT_TYPE });
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
export class HyperliquidInfo extends SimRestHandler<HyperliquidWeight> {
  constructor(private readonly config: HyperliquidInfoConfig) {
    super({
      limit: new HyperliquidWeight(config.limits.restWeight),
      type: JSON_TYPE,
      counters: config.counters,
      shared: config.ip,
      body: { maxBytes: MAX_BODY_BYTES, tooLarge: text(413, 'Failed to buffer the request body: length limit exceeded') },
    });
  }

  /** The answer to `POST /info` with `body` of `contentType` from `ip`, now. */
  post(contentType: string | undefined, body: string, ip = '127.0.0.1'): SimRestAnswer {
    return this.respond({ method: 'POST', target: '/info', ip, contentType, body });
  }

  protected respond({ method, contentType, body, ip }: SimRestRequest): SimRestAnswer {
    if (method !== 'POST') return text(405, '');
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
        return this.weighed(ip, INFO_BASE_WEIGHT, this.metaFault(json(hyperliquidMeta(listings))));
      case 'metaAndAssetCtxs':
        return this.weighed(ip, INFO_BASE_WEIGHT, this.metaFault(json(hyperliquidMetaAndAssetCtxs(listings, this.config.ctx))));
      case 'recentTrades': {
        const coin = fields['coin'];
        if (coin === undefined) return refused('missing field `coin`');
        if (typeof coin !== 'string') return refused('invalid type for `coin`, expected a string');
        const trades = this.config.market.listing(coin) === undefined ? [] : this.config.trades.recent(coin, this.config.recentTrades).reverse();
        const answer = { status: 200, text: `[${trades.map((t) => this.config.trades.trade(coin, t)).join(',')}]`, type: JSON_TYPE };
        return this.weighed(ip, recentTradesWeight(trades.length), answer);
      }
      default:
        return refused(`unknown variant \`${type}\``);
    }
  }

  /** `answer` when `weight` fits the IP's window (counted), else 429 (not counted). */
  private weighed(ip: string, weight: number, answer: SimRestAnswer): SimRestAnswer {
    return this.admitted(this.limit.admit(ip, this.config.clock(), weight)) ? answer : text(429, '');
  }

  /** The list answer as the next armed fault makes it: no perpetuals, half the body, held back, or 503. */
  private metaFault(normal: SimRestAnswer): SimRestAnswer {
    const none = { universe: [], marginTables: [], collateralToken: 0 };
    return this.listFault(normal, { empty: () => json(normal.text.startsWith('[') ? [none, []] : none), unavailable: () => text(503, '') });
  }
}
