import { PerIpRequestLimit } from '../../per-ip-request-limit.js';
import { SimRestHandler, type SimRestAnswer, type SimRestRequest } from '../../sim-rest-handler.js';
import type { VenueCounters } from '../../venue-counters.js';
import {
  emptyParameter,
  OKX_INST_TYPES,
  okxEndpointOf,
  okxEnvelope,
  okxTradesAnswer,
  UNAVAILABLE,
  UNKNOWN_INSTRUMENT,
  wrongParameter,
} from '../okx/okx-rest-answers.js';
import type { OkxUnits } from '../okx/okx-units.js';
import type { OkxOptionChain, OkxOptionTerms } from './okx-option-chain.js';
import { OKX_OPTION_TICK } from './okx-option-contracts.js';
import { optionTicker } from './okx-option-frames.js';
import type { OkxOptionsRestEndpoint, OkxOptionsVenueLimits } from './okx-options-limits.js';
import type { OkxOptSummaries } from './okx-opt-summary.js';

export interface OkxOptionsRestConfig {
  readonly chain: OkxOptionChain;
  readonly units: OkxUnits;
  /** The same entries as the `opt-summary` channel's. */
  readonly summaries: OkxOptSummaries;
  readonly clock: () => number;
  /** `restEndpoints` is enforced per IP; none: unlimited. */
  readonly limits: OkxOptionsVenueLimits;
  /** The venue's counters (`refusals.restRate`). */
  readonly counters: VenueCounters;
}

const PATHS: Readonly<Record<string, OkxOptionsRestEndpoint>> = {
  '/api/v5/public/instruments': 'instruments',
  '/api/v5/public/underlying': 'underlying',
  '/api/v5/public/opt-summary': 'opt-summary',
  '/api/v5/market/tickers': 'tickers',
  '/api/v5/market/ticker': 'ticker',
  '/api/v5/market/trades': 'trades',
  '/api/v5/market/history-trades': 'history-trades',
};

/** `instFamily`, or the older `uly`: a family's options are asked by either. */
const familyOf = (query: URLSearchParams): string | undefined => query.get('instFamily') || query.get('uly') || undefined;

/**
 * An `instruments` entry, keys in the brief's order, every value a string: coin-settled (`settleCcy`
 * and `ctValCcy` the coin), `ctVal` "1" and `ctMult` the coin's contract, `optType` `C` or `P`, `stk`
 * the strike, `listTime` and `expTime` in ms, `tickSz` "0.0005", `lotSz` and `minSz` one contract,
 * `state` `live` (`suspend` while halted).
 */
function instrument(terms: OkxOptionTerms, state: 'live' | 'suspend'): Record<string, string> {
  const { option, family, contract } = terms;
  const coin = option.chain.coin;
  return {
    instType: 'OPTION',
    instId: terms.instId,
    uly: family,
    instFamily: family,
    settleCcy: coin,
    ctVal: '1',
    ctMult: contract.ctMult,
    ctValCcy: coin,
    optType: option.type === 'call' ? 'C' : 'P',
    stk: String(option.strike),
    listTime: String(option.createdTs),
    expTime: String(option.expiryTs),
    tickSz: OKX_OPTION_TICK,
    lotSz: '1',
    minSz: '1',
    state,
    baseCcy: '',
    quoteCcy: '',
  };
}

/**
 * OKX v5 public REST of options on the simulator's HTTP port (the requests with `instType=OPTION`, an
 * `instId` of an option, or `/public/opt-summary`): `GET /api/v5/public/instruments?instType=OPTION&instFamily=`
 * (or `uly`; neither: 51000 "Parameter instFamily error"), `/public/underlying?instType=OPTION`
 * (`[["BTC-USD","ETH-USD"]]`), `/public/opt-summary?instFamily=` (or `uly`; `expTime` `YYMMDD` narrows
 * it), `/market/tickers?instType=OPTION[&instFamily=]`, `/market/ticker?instId=`, and the trade pages
 * as OKX spot serves them (`okxTradesAnswer`), in OKX's envelope and errors; past an endpoint's limit
 * per IP HTTP 429 `{"code":"50011"}`. Expired options are not listed. Armed list faults replace
 * `instruments` answers.
 */
export class OkxOptionsRest extends SimRestHandler<PerIpRequestLimit> {
  constructor(private readonly config: OkxOptionsRestConfig) {
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
    switch (endpoint) {
      case 'instruments':
      case 'tickers':
      case 'underlying':
        return this.list(endpoint, query, now);
      case 'opt-summary': {
        const family = familyOf(query);
        if (family === undefined) return wrongParameter('instFamily');
        const expiry = query.get('expTime');
        const data = this.config.summaries.data(family, now);
        return okxEnvelope(expiry === null || expiry === '' ? data : data.filter((entry) => entry['instId']?.split('-')[2] === expiry));
      }
      default:
        return this.instrument(endpoint, query, now);
    }
  }

  /** `instruments`, `tickers` and `underlying` of an instrument type: the options', or none of another. */
  private list(endpoint: 'instruments' | 'tickers' | 'underlying', query: URLSearchParams, now: number): SimRestAnswer {
    const instType = query.get('instType');
    if (instType === null || instType === '') return emptyParameter('instType');
    if (!OKX_INST_TYPES.includes(instType)) return wrongParameter('instType');
    const own = instType === 'OPTION';
    const { chain } = this.config;
    if (endpoint === 'underlying') return okxEnvelope([own ? chain.families() : []]);
    const family = familyOf(query);
    if (endpoint === 'instruments' && family === undefined) return wrongParameter('instFamily');
    const listed = own ? chain.listed(family) : [];
    if (endpoint === 'tickers') return okxEnvelope(listed.flatMap((terms) => this.ticker(terms.instId, now)));
    const data = listed.map((terms) => instrument(terms, chain.market.isTrading(terms.instId) ? 'live' : 'suspend'));
    // As the next armed list fault makes it: `empty` no instruments, `garbage` half the body, `slow` held back, `unavailable` 503.
    return this.listFault(okxEnvelope(data), { empty: () => okxEnvelope([]), unavailable: () => UNAVAILABLE });
  }

  /** `ticker`, `trades` and `history-trades` of one listed option. */
  private instrument(endpoint: 'ticker' | 'trades' | 'history-trades', query: URLSearchParams, now: number): SimRestAnswer {
    const { chain, units } = this.config;
    const instId = query.get('instId');
    if (instId === null || instId === '') return emptyParameter('instId');
    if (chain.termsOf(instId) === undefined || !chain.market.has(instId)) return UNKNOWN_INSTRUMENT;
    if (endpoint === 'ticker') return okxEnvelope(this.ticker(instId, now));
    return okxTradesAnswer(endpoint, chain.market, units, instId, query);
  }

  private ticker(instId: string, now: number): Record<string, string>[] {
    const state = this.config.chain.market.state(instId);
    const quote = this.config.chain.quote(instId);
    return state === undefined || quote === undefined ? [] : [{ ...optionTicker(state, quote, this.config.units, now) }];
  }
}
