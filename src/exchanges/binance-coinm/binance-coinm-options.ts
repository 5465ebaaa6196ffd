import { usdmOptions, type UsdmOptions } from '../binance-usdm/binance-usdm-options.js';
import { BINANCE_COINM_CAPS, BINANCE_COINM_CONNECTION_LIMITS, BINANCE_COINM_WEIGHT_PER_MINUTE } from './binance-coinm-limits.js';
import { DEFAULT_BINANCE_COINM_OPEN_INTEREST_MS } from './binance-coinm-open-interest.js';

/** Binance COIN-M's own options (`usdmOptions`: streams per connection, the REST weight budget, the open-interest interval), USD-M's under its names and figures. */
export const BINANCE_COINM_OPTIONS: UsdmOptions = usdmOptions({
  name: 'Binance COIN-M',
  key: 'binanceCoinm',
  env: 'MARKET_FEED_BINANCE_COINM',
  flag: 'binance-coinm',
  caps: BINANCE_COINM_CAPS,
  connectionLimits: BINANCE_COINM_CONNECTION_LIMITS,
  weightPerMinute: BINANCE_COINM_WEIGHT_PER_MINUTE,
  openInterestMs: DEFAULT_BINANCE_COINM_OPEN_INTEREST_MS,
  openInterestPath: '/dapi/v1/openInterest',
});
