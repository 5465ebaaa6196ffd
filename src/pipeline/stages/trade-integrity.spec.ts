import { Subject, VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { FeedEvent, FeedStatus } from '../../model/index.js';
import { trade } from '../../operators/__fixtures__/market-events.js';
import { SINCE_MARGIN_MS } from '../../operators/index.js';
import { symbolLimits } from './symbol-limits.js';
import { tradeIntegrity } from './trade-integrity.js';

/** The gaps named when, after a restart seeded with `lastTrades`, the venue's trades arrive. */
function gapsAfterRestart(readInFull: boolean | undefined): FeedStatus[] {
  const scheduler = new VirtualTimeScheduler();
  const source = new Subject<FeedEvent>();
  const statuses: FeedStatus[] = [];
  const stoppedAt = 1_000_000;
  // Read back: ETH's last trade published before the restart; SOL's partition (maybe) not read.
  const lastTrades = [trade({ exchange: 'binance', symbol: 'ETHUSDT', coin: 'ETH', tradeId: '41', exchangeTs: stoppedAt })];
  source
    .pipe(
      tradeIntegrity({
        config: { dedupe: { capacity: 1_000 } },
        limits: symbolLimits({}, undefined),
        scheduler,
        lastTrades,
        ...(readInFull === undefined ? {} : { readInFull }),
      }),
    )
    .subscribe((event) => {
      if (event.type === 'feed_status') statuses.push(event);
    });
  source.next(trade({ exchange: 'binance', symbol: 'ETHUSDT', coin: 'ETH', tradeId: '45', exchangeTs: stoppedAt + 5_000 }));
  source.next(trade({ exchange: 'binance', symbol: 'SOLUSDT', coin: 'SOL', tradeId: '900', exchangeTs: stoppedAt + 5_000 }));
  return statuses;
}

describe('tradeIntegrity', () => {
  it("names a restart's holes: by id from a symbol's last trade read back, and since the restart's last sign of life for a symbol with none", () => {
    const gaps = gapsAfterRestart(undefined);
    expect(gaps.map((gap) => [gap.symbol, gap.missingFrom, gap.missingTo, gap.lastEventTs])).toEqual([
      ['ETHUSDT', 42, 44, 1_005_000],
      ['SOLUSDT', undefined, 899, 1_000_000 - SINCE_MARGIN_MS],
    ]);
  });

  it('names no hole by time for a symbol with no last trade when the read lacked a partition: a busy symbol of it would be named a hole over what the topic holds', () => {
    const gaps = gapsAfterRestart(false);
    expect(gaps.map((gap) => [gap.symbol, gap.missingFrom, gap.missingTo])).toEqual([['ETHUSDT', 42, 44]]);
  });
});
