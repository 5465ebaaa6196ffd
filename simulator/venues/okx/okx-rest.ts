import { PerIpRequestLimit } from '../../per-ip-request-limit.js';
import { SimRestHandler, type SimRestAnswer, type SimRestRequest } from '../../sim-rest-handler.js';
import type { SimulatedMarket } from '../../simulated-market.js';
import type { VenueCounters } from '../../venue-counters.js';
import { okxInstrument, okxState, type OkxContract } from './okx-instruments.js';
import type { OkxRestEndpoint, OkxVenueLimits } from './okx-limits.js';
import {
  emptyParameter,
  okxEndpointOf,
  okxEnvelope,
  OKX_INST_TYPES,
  okxTradesAnswer,
  UNAVAILABLE,
  UNKNOWN_INSTRUMENT,
  wrongParameter,
} from './okx-rest-answers.js';
import { okxRestTicker, type OkxInstType } from './okx-ticker-frames.js';
import type { OkxUnits } from './okx-units.js';

export interface OkxRestConfig {
  readonly market: SimulatedMarket;
  readonly instType: OkxInstType;
  readonly units: OkxUnits;
  /** A swap's contract fields; none on spot. */
  readonly contractOf?: (symbol: string) => OkxContract;
  readonly clock: () => number;
  /** `restEndpoints` is enforced per IP; none: unlimited. */
  readonly limits: OkxVenueLimits;
  /** The venue's counters (`refusals.restRate`). */
  readonly counters: VenueCounters;
}

const PATHS: Readonly<Record<string, OkxRestEndpoint>> = {
  '/api/v5/public/instruments': 'instruments',
  '/api/v5/market/tickers': 'tickers',
  '/api/v5/market/ticker': 'ticker',
  '/api/v5/market/trades': 'trades',
  '/api/v5/market/history-trades': 'history-trades',
};

/**
 * OKX v5 public REST on the simulator's HTTP port, for one instrument type: `GET
 * /api/v5/public/instruments?instType=`, `/api/v5/market/tickers?instType=`, `/market/ticker?instId=`,
 * `/market/trades?instId=&limit=`, `/market/history-trades?instId=&type=&after=&before=&limit=`
 * (`okxHistoryPage`), answered `{"code":"0","msg":"","data":[...]}`; errors with OKX's codes and
 * statuses: 50014 (a parameter missing, 400), 51000 (a parameter wrong, 400), 51001 (no such
 * instrument, 200), 50039 (`before` by time, 200), past an endpoint's limit per IP (`restEndpoints`;
 * instruments per IP and type) HTTP 429 `{"code":"50011","msg":"Too Many Requests"}`. Another type
 * than the venue's lists nothing. Armed {@link listFaults} replace instruments answers.
 */
export class OkxRest extends SimRestHandler<PerIpRequestLimit> {
  constructor(private readonly config: OkxRestConfig) {
    super({ limit: new PerIpRequestLimit(), type: 'application/json', counters: config.counters });
  }

  protected respond({ method, target, ip }: SimRestRequest): SimRestAnswer {
    const now = this.config.clock();
    const asked = okxEndpointOf(
      target,
      ip,
      PATHS,
      (key, endpoint) => this.admitted(this.limit.admit(key, now, this.config.limits.restEndpoints?.[endpoint])),
      method,
    );
    if ('answer' in asked) return asked.answer;
    const { endpoint, query } = asked;
    if (endpoint === 'instruments' || endpoint === 'tickers') return this.list(endpoint, query, now);
    const symbol = query.get('instId');
    if (symbol === null || symbol === '') return emptyParameter('instId');
    if (this.config.market.listing(symbol) === undefined || !this.config.market.has(symbol)) return UNKNOWN_INSTRUMENT;
    if (endpoint === 'ticker') {
      const state = this.config.market.state(symbol);
      return okxEnvelope(state === undefined ? [] : [okxRestTicker(this.config.instType, state, this.config.units, now)]);
    }
    return okxTradesAnswer(endpoint, this.config.market, this.config.units, symbol, query);
  }

  /** Instruments or tickers of an instrument type (the venue's own, or none). */
  private list(endpoint: 'instruments' | 'tickers', query: URLSearchParams, now: number): SimRestAnswer {
    const instType = query.get('instType');
    if (instType === null || instType === '') return emptyParameter('instType');
    if (!OKX_INST_TYPES.includes(instType)) return wrongParameter('instType');
    const { market, units, contractOf } = this.config;
    const own = instType === this.config.instType;
    const only = query.get('instId');
    const listings = own ? market.listings().filter((l) => only === null || l.symbol === only) : [];
    if (own && only !== null && (listings[0] === undefined || okxState(listings[0]) === undefined)) return UNKNOWN_INSTRUMENT;
    const data = listings.flatMap((listing) => {
      const state = okxState(listing);
      if (state === undefined) return [];
      if (endpoint === 'instruments') return [okxInstrument(this.config.instType, listing, state, units, contractOf?.(listing.symbol))];
      const figures = market.state(listing.symbol);
      return figures === undefined ? [] : [okxRestTicker(this.config.instType, figures, units, now)];
    });
    if (endpoint === 'tickers') return okxEnvelope(data);
    // As the next armed list fault makes it: `empty` no instruments, `garbage` half the body, `slow` held back, `unavailable` 503.
    return this.listFault(okxEnvelope(data), { empty: () => okxEnvelope([]), unavailable: () => UNAVAILABLE });
  }
}
