import { PerIpRequestLimit } from '../../per-ip-request-limit.js';
import { requestUrl, SimRestHandler, type SimRestAnswer, type SimRestRequest } from '../../sim-rest-handler.js';
import type { SimulatedMarket } from '../../simulated-market.js';
import type { VenueCounters } from '../../venue-counters.js';
import type { VenueLimits } from '../../venue-limits.js';
import { coinbaseProduct, productAliases } from './coinbase-products.js';
import { coinbaseRestError, publicTradesAnswer, type JsonAnswer } from './coinbase-public-trades.js';

export interface CoinbaseRestConfig {
  readonly market: SimulatedMarket;
  readonly clock: () => number;
  /** `restRequests` is enforced (10 per second per IP by default; its `banMs` is not: Coinbase bans no one); none: unlimited. */
  readonly limits: VenueLimits;
  /** The venue's counters (`refusals.restRate`). */
  readonly counters: VenueCounters;
}

const BASE = '/api/v3/brokerage';
const PRODUCTS = `${BASE}/market/products`;

/** The gateway's page for a refused request: HTML, not JSON (coinbase-samples/advanced-trade-sdk-go#18 on a 429). */
export function gatewayPage(status: number, title: string): string {
  return `<html>\n  <head>\n    <title>Coinbase</title>\n    <meta name="robots" content="noindex">\n  </head>\n  <body>\n    <h1>${status} ${title}</h1>\n  </body>\n</html>\n`;
}

/**
 * Coinbase Advanced Trade public REST on the simulator's HTTP port, under `/api/v3/brokerage`:
 * `GET /market/products` (every product the venue ever listed, in one page: `{products,
 * num_products, pagination}`; `product_ids` filters, `product_type=FUTURE` lists none),
 * `GET /market/products/{id}` and `GET /market/products/{id}/ticker` (see `publicTradesAnswer`).
 * The authenticated twins (`/products/...`) answer 401. Errors are `{error, error_details,
 * message}`. Past `restRequests` per window per IP (every request counted, refused ones too),
 * 429 with the gateway's HTML page. Armed {@link listFaults} replace product list answers.
 */
export class CoinbaseRest extends SimRestHandler<PerIpRequestLimit> {
  constructor(private readonly config: CoinbaseRestConfig) {
    super({ limit: new PerIpRequestLimit(), type: 'application/json', counters: config.counters });
  }

  protected respond({ method, target, ip }: SimRestRequest): SimRestAnswer {
    if (!this.admitted(this.limit.admit(ip, this.config.clock(), this.config.limits.restRequests)))
      return { status: 429, type: 'text/html', text: gatewayPage(429, 'Too Many Requests') };
    const url = requestUrl(target);
    if (url === undefined) return json(coinbaseRestError(400, 'INVALID_ARGUMENT', 'malformed request target'));
    const path = url.pathname;
    if (path === `${BASE}/products` || path.startsWith(`${BASE}/products/`)) return { status: 401, type: 'text/plain', text: 'Unauthorized\n' };
    const route = path === PRODUCTS ? { kind: 'list' as const } : productRoute(path);
    if (route === undefined) return { status: 404, type: 'text/plain', text: '404 page not found\n' };
    if (method !== 'GET') return json(coinbaseRestError(405, 'METHOD_NOT_ALLOWED', `${method} not allowed`));
    if (route.kind === 'list') return this.products(url.searchParams);
    if (route.kind === 'ticker') return json(publicTradesAnswer(this.config.market, route.productId, url.searchParams));
    const listing = this.config.market.listing(route.productId);
    if (listing === undefined) return json(coinbaseRestError(404, 'NOT_FOUND', 'valid product_id is required'));
    return json({ status: 200, body: coinbaseProduct(listing, this.config.market.state(listing.symbol), productAliases(listing.symbol, this.listed())) });
  }

  /** The product list as the next armed list fault makes it (`empty`, `garbage`, `slow`, `unavailable` 503 from the gateway). */
  private products(query: URLSearchParams): SimRestAnswer {
    const { market } = this.config;
    const wanted = query.getAll('product_ids');
    const type = query.get('product_type');
    const listed = this.listed();
    const products = market
      .listings()
      .filter((l) => (wanted.length === 0 || wanted.includes(l.symbol)) && (type === null || type === 'SPOT'))
      .map((l) => coinbaseProduct(l, market.state(l.symbol), productAliases(l.symbol, listed)));
    const page = (list: readonly unknown[]): SimRestAnswer =>
      json({
        status: 200,
        body: { products: list, num_products: list.length, pagination: { prev_cursor: '', next_cursor: '', has_next: false, has_prev: false } },
      });
    return this.listFault(page(products), {
      empty: () => page([]),
      unavailable: () => ({ status: 503, type: 'text/html', text: gatewayPage(503, 'Service Unavailable') }),
    });
  }

  private listed(): ReadonlySet<string> {
    return new Set(this.config.market.listings().map((l) => l.symbol));
  }
}

/** `/market/products/{id}` or `/market/products/{id}/ticker`. */
function productRoute(path: string): { readonly kind: 'product' | 'ticker'; readonly productId: string } | undefined {
  if (!path.startsWith(`${PRODUCTS}/`)) return undefined;
  const parts = path.slice(PRODUCTS.length + 1).split('/');
  let productId: string;
  try {
    productId = decodeURIComponent(parts[0] ?? '');
  } catch {
    return undefined;
  }
  if (productId === '') return undefined;
  if (parts.length === 1) return { kind: 'product', productId };
  return parts.length === 2 && parts[1] === 'ticker' ? { kind: 'ticker', productId } : undefined;
}

function json(answer: JsonAnswer): SimRestAnswer {
  return { status: answer.status, type: 'application/json', text: JSON.stringify(answer.body) };
}
