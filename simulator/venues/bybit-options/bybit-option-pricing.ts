import type { SimVenueBuild, SimVenueOptionValues } from '../../sim-venue-definition.js';
import type { VenueLimits } from '../../venue-limits.js';
import { DeribitExchange, type OptionMark, type OptionTerms } from '../deribit/deribit-exchange.js';
import { DeribitFrames } from '../deribit/deribit-frames.js';
import { DEFAULT_DERIBIT_LIMITS } from '../deribit/deribit-limits.js';
import { DEFAULT_OPTION_TRADES_PER_MINUTE } from '../deribit/deribit-option-flow.js';
import { DeribitRest } from '../deribit/deribit-rest.js';

/**
 * Where Bybit's options take their marks: the simulated Deribit's chain, one per simulator, so that an
 * option (coin, expiry, strike, type) has the same forward, smile and mark volatility on both venues at
 * the same moment. The chain's marks move at Deribit's mark step when `deribit_options` is served (its
 * socket steps them); otherwise Bybit steps them itself (`stepsMarks`).
 */
export interface BybitOptionPricing {
  readonly exchange: DeribitExchange;
  /** True when no `deribit_options` venue steps the chain's marks: Bybit's clock does. */
  readonly stepsMarks: boolean;
}

/**
 * The simulator's Deribit, as its venues share it (`shared('deribit')`): theirs when `deribit` or
 * `deribit_options` is served (both are built before `bybit_options`, with their own seed and limits),
 * else made here with Deribit's defaults, so that a simulator serving Bybit's options alone still
 * walks an index per coin and prices a chain.
 */
export function bybitOptionPricing({
  common,
  seed,
  served,
  shared,
}: Pick<SimVenueBuild<SimVenueOptionValues, VenueLimits>, 'common' | 'seed' | 'served' | 'shared'>): BybitOptionPricing {
  const parts = shared('deribit', () => {
    const exchange = new DeribitExchange({
      seed,
      clock: common.clock,
      limits: DEFAULT_DERIBIT_LIMITS,
      optionTradesPerMinute: DEFAULT_OPTION_TRADES_PER_MINUTE,
    });
    const frames = new DeribitFrames(exchange);
    return { exchange, frames, rest: new DeribitRest(exchange, frames, common.clock) };
  });
  return { exchange: parts.exchange, stepsMarks: !served.includes('deribit_options') };
}

/**
 * An option's mark now: its Deribit twin's as of the chain's last step while Deribit lists the twin
 * (the very mark `deribit_options` shows), else Black-76 at the chain's forward and smile now (an
 * expiry only Bybit lists).
 */
export function markOf(exchange: DeribitExchange, twin: OptionTerms, now: number): OptionMark {
  const stepped = exchange.options.isTrading(twin.symbol) ? exchange.mark(twin.symbol) : undefined;
  return stepped ?? exchange.price(twin, now);
}
