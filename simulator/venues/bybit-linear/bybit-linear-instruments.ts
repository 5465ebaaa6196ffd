import { scaledDecimal } from '../../scaled-decimal.js';
import type { ListingStatus, SimListing } from '../../sim-listing.js';
import { nextQuarterlyDelivery } from '../../perpetual/quarterly-delivery.js';

/** A linear contract as `instruments-info` lists it. */
export interface LinearInstrument {
  readonly symbol: string;
  readonly contractType: 'LinearPerpetual' | 'LinearFutures' | 'InversePerpetual';
  /** Bybit's statuses (enum.mdx): `Trading`, `PreLaunch`, `Delivering`, `Closed`. */
  readonly status: 'Trading' | 'PreLaunch' | 'Closed';
  readonly base: string;
  readonly quote: string;
  readonly priceDecimals: number;
  readonly sizeDecimals: number;
  readonly launchTime: number;
  /** Delivery of a dated contract, ms; 0 for a perpetual. */
  readonly deliveryTime: number;
  readonly symbolId: number;
}

/** When the simulated contracts were launched (the recorded BTCUSDT's `launchTime`, 2020-03-30). */
const LAUNCH_TIME = 1585526400000;

/** How Bybit linear names a listing's status: a halted or delisted contract is `Closed`. */
export function linearStatus(status: ListingStatus): LinearInstrument['status'] {
  return status === 'trading' ? 'Trading' : 'Closed';
}

/** The market's contracts as linear instruments: perpetuals (`InversePerpetual` ones for an inverse venue). */
export function linearPerpetuals(
  listings: readonly SimListing[],
  contractType: 'LinearPerpetual' | 'InversePerpetual' = 'LinearPerpetual',
): LinearInstrument[] {
  return listings.map((l) => ({
    symbol: l.symbol,
    contractType,
    status: linearStatus(l.status),
    base: l.base,
    quote: l.quote,
    priceDecimals: l.priceDecimals,
    sizeDecimals: l.sizeDecimals,
    launchTime: LAUNCH_TIME,
    deliveryTime: 0,
    symbolId: l.index + 1,
  }));
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/**
 * Contracts listed beside the market's perpetuals, so that a client must filter what it takes: a
 * dated `LinearFutures` contract on the first coin (`BTCUSDT-26DEC26`, named as Bybit names its USDT
 * futures, Trading) and a pre-market perpetual (`NEWUSDT`, `PreLaunch`, only listed with
 * `status=PreLaunch`, as instrument.mdx says). Neither trades here: their topics are refused.
 */
export function linearExtraInstruments(first: SimListing | undefined, now: number): LinearInstrument[] {
  if (first === undefined) return [];
  const delivery = nextQuarterlyDelivery(now);
  const date = new Date(delivery);
  const name = `${String(date.getUTCDate()).padStart(2, '0')}${MONTHS[date.getUTCMonth()] ?? ''}${String(date.getUTCFullYear() % 100).padStart(2, '0')}`;
  const common = { quote: first.quote, priceDecimals: first.priceDecimals, sizeDecimals: first.sizeDecimals, launchTime: LAUNCH_TIME } as const;
  return [
    {
      ...common,
      symbol: `${first.base}${first.quote}-${name}`,
      contractType: 'LinearFutures',
      status: 'Trading',
      base: first.base,
      deliveryTime: delivery,
      symbolId: 9001,
    },
    {
      ...common,
      symbol: `NEW${first.quote}`,
      contractType: 'LinearPerpetual',
      status: 'PreLaunch',
      base: 'NEW',
      priceDecimals: 4,
      sizeDecimals: 0,
      launchTime: now,
      deliveryTime: 0,
      symbolId: 9002,
    },
  ];
}

const step = (decimals: number): string => scaledDecimal(1, decimals);

/**
 * One `result.list[]` entry of `GET /v5/market/instruments-info?category=linear`, keys in the order of
 * the documented linear example (docs/v5/market/instrument.mdx, "official USDT Perpetual instrument
 * structure"): `priceScale` and `priceFilter.tickSize` from the tick, `lotSizeFilter.qtyStep` the lot
 * step, funding every 480 minutes; a pre-market contract with `isPreListing` and its phases. An
 * `InversePerpetual` is sized in whole USD contracts (`qtyStep` "1") and settled in its base coin.
 */
export function linearInstrumentInfo(instrument: LinearInstrument): Record<string, unknown> {
  const inverse = instrument.contractType === 'InversePerpetual';
  const d = instrument.priceDecimals;
  const s = inverse ? 0 : instrument.sizeDecimals;
  const preListing = instrument.status === 'PreLaunch';
  return {
    symbol: instrument.symbol,
    symbolId: instrument.symbolId,
    contractType: instrument.contractType,
    status: instrument.status,
    baseCoin: instrument.base,
    quoteCoin: instrument.quote,
    launchTime: String(instrument.launchTime),
    deliveryTime: String(instrument.deliveryTime),
    deliveryFeeRate: instrument.contractType === 'LinearFutures' ? '0.0005' : '',
    priceScale: String(d),
    leverageFilter: { minLeverage: '1', maxLeverage: '100.00', leverageStep: '0.01' },
    priceFilter: { minPrice: step(d), maxPrice: (1_999_999).toFixed(d), tickSize: step(d) },
    lotSizeFilter: {
      maxOrderQty: (1190).toFixed(s),
      minOrderQty: step(s),
      qtyStep: step(s),
      postOnlyMaxOrderQty: (1190).toFixed(s),
      maxMktOrderQty: (500).toFixed(s),
      minNotionalValue: '5',
    },
    unifiedMarginTrade: true,
    fundingInterval: instrument.contractType === 'LinearFutures' ? 0 : 480,
    settleCoin: inverse ? instrument.base : instrument.quote,
    copyTrading: preListing ? 'none' : 'both',
    upperFundingRate: '0.005',
    lowerFundingRate: '-0.005',
    isPreListing: preListing,
    preListingInfo: preListing
      ? {
          curAuctionPhase: 'ContinuousTrading',
          phases: [{ phase: 'ContinuousTrading', startTime: String(instrument.launchTime), endTime: '' }],
          auctionFeeInfo: { auctionFeeRate: '0', takerFeeRate: '0.001', makerFeeRate: '0.0004' },
        }
      : null,
    riskParameters: { priceLimitRatioX: '0.01', priceLimitRatioY: '0.02' },
    symbolType: '',
  };
}
