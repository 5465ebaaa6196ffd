import { pipe, type MonoTypeOperatorFunction, type Observable, type SchedulerLike } from 'rxjs';
import type { FeedEvent, TradeEvent } from '../../model/index.js';
import { dedupeTrades, detectGaps, detectReconnectGaps, lastTradeIdsOf, restartSinceOf, type GapHandover } from '../../operators/index.js';
import type { MarketFeedSettings } from '../market-feed-settings.js';
import type { SymbolLimits } from './symbol-limits.js';

/**
 * Stage 5, the trades' integrity: repeats dropped, then holes named by id (the venues of
 * consecutive ids) and by time (the others), each seeded with the last trades published before a
 * restart (`lastTrades`) and told of cluster hand-overs (`handovers$`).
 */
export function tradeIntegrity(options: {
  readonly config: MarketFeedSettings;
  readonly lastTrades?: readonly TradeEvent[];
  readonly handovers$?: Observable<GapHandover>;
  readonly limits: SymbolLimits;
  readonly scheduler: SchedulerLike;
}): MonoTypeOperatorFunction<FeedEvent> {
  const { lastTrades, handovers$, scheduler, limits } = options;
  return pipe(
    dedupeTrades({ capacity: options.config.dedupe.capacity, scheduler }),
    detectGaps({
      scheduler,
      ...limits.of('detect_gaps'),
      ...(lastTrades === undefined ? {} : { seed: lastTradeIdsOf(lastTrades), ...restartSinceOf(lastTrades) }),
      ...(handovers$ === undefined ? {} : { handovers$ }),
    }),
    detectReconnectGaps({
      scheduler,
      maxSymbols: limits.maxSymbols,
      ...(lastTrades === undefined ? {} : { seed: lastTrades, ...restartSinceOf(lastTrades) }),
      ...(handovers$ === undefined ? {} : { handovers$ }),
    }),
  );
}
