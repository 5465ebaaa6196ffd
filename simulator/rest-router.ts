import type { SimRestRoute } from './sim-venue-definition.js';
import type { SimRestApi } from './sim-rest-api.js';

/** A venue's REST API with the routes its definition gives it. */
export interface RoutedRestApi {
  readonly routes: readonly SimRestRoute[];
  readonly api: SimRestApi;
}

/** True when `route` takes a request for `path` with the raw `query` (no `?`). */
function fits(route: SimRestRoute, path: string, query: string): boolean {
  const under = route.path.endsWith('/') ? path.startsWith(route.path) : path === route.path || path.startsWith(`${route.path}/`);
  if (!under || route.query === undefined) return under;
  const pairs = query.split('&');
  return Object.entries(route.query).every(([key, value]) =>
    value.startsWith('*') ? pairs.some((pair) => pair.startsWith(`${key}=`) && pair.endsWith(value.slice(1))) : pairs.includes(`${key}=${value}`),
  );
}

/** How closely a route fits the requests it takes: a longer path first, then one that asks for a query. */
const closeness = (route: SimRestRoute): number => route.path.length * 64 + Object.keys(route.query ?? {}).length;

/**
 * The REST API that answers a request target on the simulator's HTTP port: of every venue served, the
 * one whose route fits the target most closely (Coinbase's `/api/v3/brokerage` before Binance's
 * `/api/`, Bybit linear's `/v5/market/` with `category=linear` before spot's), so that each venue's REST
 * is reached whatever else is served; undefined when no route takes it. Routes of the same closeness
 * go in the order given.
 */
export function restRouter(apis: readonly RoutedRestApi[]): (target: string) => SimRestApi | undefined {
  const routes = apis
    .flatMap(({ routes: own, api }) => own.map((route) => ({ route, api })))
    .map((entry, order) => ({ ...entry, order }))
    .sort((a, b) => closeness(b.route) - closeness(a.route) || a.order - b.order);
  return (target) => {
    const at = target.indexOf('?');
    const path = at === -1 ? target : target.slice(0, at);
    const query = at === -1 ? '' : target.slice(at + 1);
    return routes.find(({ route }) => fits(route, path, query))?.api;
  };
}
