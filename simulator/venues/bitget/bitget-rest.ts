import type { PerpetualMarket } from '../../perpetual/perpetual-market.js';
import { PerIpRequestLimit } from '../../per-ip-request-limit.js';
import { scaledDecimal } from '../../scaled-decimal.js';
import type { SimListing } from '../../sim-listing.js';
import { requestUrl, SimRestHandler, type SimRestAnswer, type SimRestRequest } from '../../sim-rest-handler.js';
import type { SimulatedMarket, SymbolState } from '../../simulated-market.js';
import type { VenueCounters } from '../../venue-counters.js';
import { bitgetTradeId } from './bitget-frames.js';
import type { BitgetRestEndpoint, BitgetVenueLimits } from './bitget-limits.js';
import { bitgetFigure, type BitgetUnits } from './bitget-units.js';

/** `fills-history`'s `limit` (docs "Get Market Trades": "Default: 500, maximum: 1000"). */
export const BITGET_FILLS_DEFAULT_LIMIT = 500;
export const BITGET_FILLS_MAX_LIMIT = 1000;

/** The paths of each market (docs "Get Symbol Info", "Get Contract Config", "Get Ticker Information", "Get All Tickers", "Get Market Trades"). */
const SPOT_PATHS: Readonly<Record<string, BitgetRestEndpoint>> = {
  '/api/v2/spot/public/symbols': 'symbols',
  '/api/v2/spot/market/tickers': 'tickers',
  '/api/v2/spot/market/fills-history': 'fills-history',
};
const FUTURES_PATHS: Readonly<Record<string, BitgetRestEndpoint>> = {
  '/api/v2/mix/market/contracts': 'symbols',
  '/api/v2/mix/market/tickers': 'tickers',
  '/api/v2/mix/market/fills-history': 'fills-history',
};

/** The one product type the simulated futures serve (docs "Get Contract Config": `productType` USDT-FUTURES, COIN-FUTURES, USDC-FUTURES). */
const PRODUCT_TYPE = 'USDT-FUTURES';
const PRODUCT_TYPES = ['USDT-FUTURES', 'COIN-FUTURES', 'USDC-FUTURES'];

export interface BitgetRestConfig {
  readonly market: SimulatedMarket;
  readonly units: BitgetUnits;
  /** The futures' mark, index, funding and open interest; none on spot. */
  readonly perpetual?: PerpetualMarket;
  readonly clock: () => number;
  /** `restEndpoints` is enforced per IP; none: unlimited. */
  readonly limits: BitgetVenueLimits;
  /** The venue's counters (`refusals.restRate`). */
  readonly counters: VenueCounters;
}

/** Bitget's envelope (every endpoint's "Response"): `{"code":"00000","msg":"success","requestTime":..,"data":..}`. */
function envelope(now: number, data: unknown, status = 200, code = '00000', msg = 'success'): SimRestAnswer {
  return { status, text: JSON.stringify({ code, msg, requestTime: now, data }) };
}

/**
 * Bitget v2 public REST on the simulator's HTTP port for one market: spot `GET /api/v2/spot/public/symbols`,
 * `/api/v2/spot/market/tickers[?symbol=]`, `/api/v2/spot/market/fills-history?symbol=&limit=`; USDT-M
 * `GET /api/v2/mix/market/contracts?productType=USDT-FUTURES[&symbol=]`, `/api/v2/mix/market/tickers?productType=USDT-FUTURES`,
 * `/api/v2/mix/market/fills-history?symbol=&productType=USDT-FUTURES&limit=`; entries keyed as the docs'
 * examples. Errors: an unknown path 404 `40404`; a parameter missing 400 `40019` ("Parameter {0} cannot
 * be empty"), wrong 400 `40034`/`40020`; past an endpoint's limit per IP HTTP 429 `{"code":"429","msg":"Too
 * Many Requests"}` (docs "Rate Limit"). Another product type lists nothing. Armed list faults replace
 * the symbols and contracts answers. The codes and words are v2's as clients recorded them: ccxt/ccxt
 * `ts/src/bitget.ts` (`exceptions.exact`: `{"code":"40019","msg":"Parameter QLCUSDT_SPBL cannot be
 * empty"}`, `{"code":"40020","msg":"Parameter orderId error"}`), and clients' fixtures of
 * `{"code":"40034","msg":"Parameter BTCUSDT_UMCBL does not exist"}`, `{"code":"40404","msg":"Request URL
 * NOT FOUND"}` and `{"code":"40010","msg":"Request timed out"}` (ccxt's older table gives 40010 and 40404
 * other meanings, from the v1 futures API).
 */
export class BitgetRest extends SimRestHandler<PerIpRequestLimit> {
  private readonly paths: Readonly<Record<string, BitgetRestEndpoint>>;

  constructor(private readonly config: BitgetRestConfig) {
    super({ limit: new PerIpRequestLimit(), type: 'application/json', counters: config.counters });
    this.paths = config.units.instType === 'SPOT' ? SPOT_PATHS : FUTURES_PATHS;
  }

  protected respond({ method, target, ip }: SimRestRequest): SimRestAnswer {
    const now = this.config.clock();
    const url = requestUrl(target);
    const endpoint = url !== undefined && Object.hasOwn(this.paths, url.pathname) ? this.paths[url.pathname] : undefined;
    if (url === undefined || endpoint === undefined || method !== 'GET') return envelope(now, null, 404, '40404', 'Request URL NOT FOUND');
    if (!this.admitted(this.limit.admit(`${endpoint} ${ip}`, now, this.config.limits.restEndpoints?.[endpoint])))
      return envelope(now, null, 429, '429', 'Too Many Requests');
    const query = url.searchParams;
    const futures = this.config.units.instType !== 'SPOT';
    const productType = query.get('productType');
    if (futures && (productType === null || productType === '')) return envelope(now, null, 400, '40019', 'Parameter productType cannot be empty');
    if (futures && !PRODUCT_TYPES.includes(productType ?? '')) return envelope(now, null, 400, '40020', 'Parameter productType error');
    const own = !futures || productType === PRODUCT_TYPE;
    const symbol = query.get('symbol');
    if (endpoint === 'fills-history') return this.fills(own, symbol, query.get('limit'), now);
    const listings = (own ? this.config.market.listings() : []).filter((l) => symbol === null || symbol === '' || l.symbol === symbol);
    if (symbol !== null && symbol !== '' && listings.length === 0) return envelope(now, null, 400, '40034', 'Parameter symbol does not exist');
    if (endpoint === 'tickers')
      return envelope(
        now,
        listings.flatMap((l) => this.ticker(l, now)),
      );
    const data = listings.map((l) => (futures ? this.contract(l) : this.spotSymbol(l)));
    // As the next armed list fault makes it: `empty` no symbols, `garbage` half the body, `slow` held back, `unavailable` 503.
    return this.listFault(envelope(now, data), { empty: () => envelope(now, []), unavailable: () => envelope(now, null, 503, '40010', 'Request timed out') });
  }

  /** The newest `limit` trades of `symbol` (default 500, at most 1000), newest first, as the docs' example writes them. */
  private fills(own: boolean, symbol: string | null, rawLimit: string | null, now: number): SimRestAnswer {
    if (symbol === null || symbol === '') return envelope(now, null, 400, '40019', 'Parameter symbol cannot be empty');
    const listing = own ? this.config.market.listing(symbol) : undefined;
    if (listing === undefined || !this.config.market.has(symbol)) return envelope(now, null, 400, '40034', 'Parameter symbol does not exist');
    const limit = rawLimit === null || rawLimit === '' ? BITGET_FILLS_DEFAULT_LIMIT : Number(rawLimit);
    if (!Number.isInteger(limit) || limit < 1) return envelope(now, null, 400, '40020', 'Parameter limit error');
    const { units } = this.config;
    const trades = this.config.market.recentTrades(symbol, Math.min(limit, BITGET_FILLS_MAX_LIMIT)).reverse();
    // Keys as the docs' 2025 example (`symbol, tradeId, side, price, size, ts`; sides `Buy`/`Sell`, the taker's).
    const data = trades.map((t) => ({
      symbol,
      tradeId: bitgetTradeId(t.tradeId),
      side: t.isBuyerMaker ? 'Sell' : 'Buy',
      price: units.price(t.price, listing.priceDecimals),
      size: units.size(symbol, t.quantity),
      ts: String(t.ts),
    }));
    return envelope(now, data);
  }

  /** A spot pair of `symbols`, keys as the docs' example: `status` `online`, `halt` when halted, `offline` once delisted. */
  private spotSymbol(l: SimListing): Record<string, unknown> {
    return {
      symbol: l.symbol,
      baseCoin: l.base,
      quoteCoin: l.quote,
      minTradeAmount: '0',
      maxTradeAmount: '10000000000',
      takerFeeRate: '0.001',
      makerFeeRate: '0.001',
      pricePrecision: String(l.priceDecimals),
      quantityPrecision: String(l.sizeDecimals),
      quotePrecision: String(l.priceDecimals),
      minTradeUSDT: '1',
      status: l.status === 'trading' ? 'online' : l.status === 'delisted' ? 'offline' : 'halt',
      buyLimitPriceRatio: '0.05',
      sellLimitPriceRatio: '0.05',
      orderQuantity: '200',
      areaSymbol: 'no',
    };
  }

  /**
   * A perpetual of `contracts`, keys as the docs' example: `symbolType` `perpetual`, `symbolStatus`
   * `normal`, `maintain` when halted, `off` once delisted; tick `priceEndStep` 1 x `10^-pricePlace`,
   * lot `sizeMultiplier` `10^-volumePlace` of the base coin.
   */
  private contract(l: SimListing): Record<string, unknown> {
    const lot = scaledDecimal(1, l.sizeDecimals);
    return {
      symbol: l.symbol,
      baseCoin: l.base,
      quoteCoin: l.quote,
      buyLimitPriceRatio: '0.9',
      sellLimitPriceRatio: '0.9',
      feeRateUpRatio: '0.1',
      makerFeeRate: '0.0002',
      takerFeeRate: '0.0006',
      openCostUpRatio: '0.1',
      supportMarginCoins: [l.quote],
      minTradeNum: lot,
      priceEndStep: '1',
      volumePlace: String(l.sizeDecimals),
      pricePlace: String(l.priceDecimals),
      sizeMultiplier: lot,
      symbolType: 'perpetual',
      minTradeUSDT: '5',
      maxSymbolOrderNum: '999999',
      maxProductOrderNum: '999999',
      maxPositionNum: '150',
      symbolStatus: l.status === 'trading' ? 'normal' : l.status === 'delisted' ? 'off' : 'maintain',
      offTime: '-1',
      limitOpenTime: '-1',
      deliveryTime: '',
      deliveryStartTime: '',
      launchTime: '',
      fundInterval: '8',
      minLever: '1',
      maxLever: '125',
      posLimit: '0.05',
      maintainTime: '',
    };
  }

  /** One entry of `tickers`: the rolling day, the touch, and on futures the mark, index, funding and holding (docs "Get Ticker Information", "Get All Tickers"). */
  private ticker(l: SimListing, now: number): Record<string, string>[] {
    const state = this.config.market.state(l.symbol);
    if (state === undefined || l.status === 'delisted') return [];
    const contract = this.config.perpetual?.state(l.symbol);
    const f = this.figures(state);
    const spot = {
      symbol: l.symbol,
      high24h: f.high24h,
      open: f.open24h,
      low24h: f.low24h,
      lastPr: f.lastPr,
      quoteVolume: f.quoteVolume,
      baseVolume: f.baseVolume,
    };
    if (contract === undefined)
      return [
        {
          ...spot,
          usdtVolume: f.quoteVolume,
          ts: String(now),
          bidPr: f.bidPr,
          askPr: f.askPr,
          bidSz: f.bidSz,
          askSz: f.askSz,
          openUtc: f.open24h,
          changeUtc24h: f.change,
          change24h: f.change,
        },
      ];
    const { units } = this.config;
    return [
      {
        symbol: l.symbol,
        lastPr: f.lastPr,
        askPr: f.askPr,
        bidPr: f.bidPr,
        bidSz: f.bidSz,
        askSz: f.askSz,
        high24h: f.high24h,
        low24h: f.low24h,
        ts: String(now),
        change24h: f.change,
        baseVolume: f.baseVolume,
        quoteVolume: f.quoteVolume,
        usdtVolume: f.quoteVolume,
        openUtc: f.open24h,
        changeUtc24h: f.change,
        indexPrice: units.price(contract.indexPrice, state.priceDecimals),
        fundingRate: bitgetFigure(contract.fundingRate, 6),
        holdingAmount: units.size(l.symbol, contract.openInterest),
        open24h: f.open24h,
        markPrice: units.price(contract.markPrice, state.priceDecimals),
      },
    ];
  }

  private figures(state: SymbolState) {
    const { units } = this.config;
    const d = state.priceDecimals;
    return {
      lastPr: units.price(state.last, d),
      open24h: units.price(state.open, d),
      high24h: units.price(state.high, d),
      low24h: units.price(state.low, d),
      bidPr: units.price(state.bid, d),
      askPr: units.price(state.ask, d),
      bidSz: units.size(state.symbol, state.bidSize),
      askSz: units.size(state.symbol, state.askSize),
      baseVolume: units.size(state.symbol, state.volume),
      quoteVolume: bitgetFigure(state.turnover, 6),
      change: bitgetFigure(state.open > 0 ? (state.last - state.open) / state.open : 0, 5),
    };
  }
}
