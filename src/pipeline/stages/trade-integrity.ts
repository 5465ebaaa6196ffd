import { pipe, type MonoTypeOperatorFunction, type Observable, type SchedulerLike } from 'rxjs';
import type { FeedEvent, TradeEvent } from '../../model/index.js';
import { dedupeTrades, detectGaps, detectReconnectGaps, lastTradeIdsOf, restartSinceOf, type GapHandover } from '../../operators/index.js';
import type { MarketFeedSettings } from '../market-feed-settings.js';
import type { SymbolLimits } from './symbol-limits.js';

/**
 * Stage 5, the trades' integrity: repeats dropped, then holes named by id (the venues of
 * consecutive ids) and by time (the others), each seeded with the last trades published before a
 * restart (`lastTrades`) and told of cluster hand-overs (`handovers$`). A symbol with no last trade
 * has its hole named from the restart's last sign of life only when the read was whole (`readInFull`).
 */
export function tradeIntegrity(options: {
  readonly config: Pick<MarketFeedSettings, 'dedupe'>;
  readonly lastTrades?: readonly TradeEvent[];
  /** Whether every partition of the trades topic was read back for `lastTrades`. Default true. */
  readonly readInFull?: boolean;
  readonly handovers$?: Observable<GapHandover>;
  readonly limits: SymbolLimits;
  readonly scheduler: SchedulerLike;
}): MonoTypeOperatorFunction<FeedEvent> {
  const { lastTrades, handovers$, scheduler, limits } = options;
  // A partition not read would make its busy symbols look never published: no hole named by time for them.
  const since = lastTrades === undefined || options.readInFull === false ? {} : restartSinceOf(lastTrades);
  return pipe(
    dedupeTrades({ capacity: options.config.dedupe.capacity, scheduler }),
    detectGaps({
      scheduler,
      ...limits.of('detect_gaps'),
      ...(lastTrades === undefined ? {} : { seed: lastTradeIdsOf(lastTrades), ...since }),
      ...(handovers$ === undefined ? {} : { handovers$ }),
    }),
    detectReconnectGaps({
      scheduler,
      maxSymbols: limits.maxSymbols,
      ...(lastTrades === undefined ? {} : { seed: lastTrades, ...since }),
      ...(handovers$ === undefined ? {} : { handovers$ }),
    }),
  );
}
