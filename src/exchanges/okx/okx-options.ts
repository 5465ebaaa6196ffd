import { oneOf, type ConfigOption } from '../../settings/config-option.js';

/** The regions OKX serves from hosts of their own. */
export const OKX_REGIONS = ['global', 'us', 'eea'] as const;
export type OkxRegion = (typeof OKX_REGIONS)[number];

/**
 * Which OKX hosts the feed reads: OKX serves US users at `wsus.okx.com` / `us.okx.com` and EEA users
 * at `wseea.okx.com` / `eea.okx.com` beside the global `ws.okx.com` / `www.okx.com` (OKX v5 API docs,
 * "Overview > Production Trading Services"; `../shared/research/venues-and-derivatives.md` §1.3).
 * Shared by spot (`okx`) and swaps (`okx_swap`).
 */
export const OKX_REGION_OPTION: ConfigOption<OkxRegion> = {
  key: 'okx.region',
  env: 'MARKET_FEED_OKX_REGION',
  flag: 'okx-region',
  default: 'global',
  parse: oneOf(OKX_REGIONS),
  description: 'the OKX hosts read: global (ws.okx.com, www.okx.com), us (wsus.okx.com, us.okx.com) or eea (wseea.okx.com, eea.okx.com)',
};

/** OKX's own options, shared by both OKX venues, in the order `--help` lists them. */
export const OKX_OPTIONS: readonly ConfigOption[] = [OKX_REGION_OPTION];

/** The WebSocket base (routes `/public` and `/business` follow it) and REST base of one region. */
export interface OkxHosts {
  readonly ws: string;
  readonly rest: string;
}

const HOSTS: Readonly<Record<OkxRegion, OkxHosts>> = {
  global: { ws: 'wss://ws.okx.com:8443/ws/v5', rest: 'https://www.okx.com' },
  us: { ws: 'wss://wsus.okx.com:8443/ws/v5', rest: 'https://us.okx.com' },
  eea: { ws: 'wss://wseea.okx.com:8443/ws/v5', rest: 'https://eea.okx.com' },
};

/** The hosts that serve `region` (pure). */
export function okxHosts(region: OkxRegion): OkxHosts {
  return HOSTS[region];
}

/** What a user refused by a host can do: said beside a `geo_blocked` status. */
export const OKX_GEO_BLOCKED_HINT = 'OKX serves US users at wsus.okx.com and EEA users at wseea.okx.com: set --okx-region us or eea (MARKET_FEED_OKX_REGION)';
