import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { FeedEvent } from '../model/index.js';
import { status, trade } from './__fixtures__/market-events.js';
import { detectReconnectGaps } from './detect-reconnect-gaps.js';
import { gapDetailsOf } from './gap-details.js';

const bybit = (symbol: string, coin: string, id: string, ts: number) => trade({ exchange: 'bybit', symbol, coin, tradeId: id, exchangeTs: ts });

function run(events: readonly FeedEvent[]): FeedEvent[] {
  const input = new Subject<FeedEvent>();
  const out: FeedEvent[] = [];
  input.pipe(detectReconnectGaps({ scheduler: { now: () => 5 } as never })).subscribe((event) => out.push(event));
  for (const event of events) input.next(event);
  return out;
}

describe('detectReconnectGaps', () => {
  it("names a gap by time for the symbols of a lost shard only, before each one's first trade after, with the trades around it", () => {
    const lost = status('disconnected', { exchange: 'bybit', shard: 's1', instruments: ['BTC-USDT'], reason: 'socket closed' });
    const before = bybit('BTCUSDT', 'BTC', '900', 1_000);
    const after = bybit('BTCUSDT', 'BTC', '960', 7_000);
    const out = run([before, bybit('ETHUSDT', 'ETH', '5', 1_500), lost, bybit('ETHUSDT', 'ETH', '9', 6_000), after, bybit('BTCUSDT', 'BTC', '961', 7_001)]);
    const gaps = out.filter((e) => e.type === 'feed_status' && e.state === 'gap');
    expect(gaps).toEqual([expect.objectContaining({ exchange: 'bybit', symbol: 'BTCUSDT', lastEventTs: 1_000, reason: expect.stringContaining('after id 900') as string })]);
    expect(out.indexOf(gaps[0] as FeedEvent)).toBe(out.indexOf(after) - 1);
    expect(gaps[0]).not.toHaveProperty('missingFrom');
    expect(gapDetailsOf(gaps[0] as Extract<FeedEvent, { type: 'feed_status' }>)).toEqual({ before, revealer: after });
  });

  it("leaves the Binance family's venues to detectGaps, and a symbol never traded before the loss has no gap", () => {
    const lost = status('retry_scheduled', { exchange: 'binance', reason: 'socket closed' });
    expect(run([trade({ exchange: 'binance', tradeId: '1' }), lost, trade({ exchange: 'binance', tradeId: '9' })]).filter((e) => e.type === 'feed_status' && e.state === 'gap')).toEqual([]);
    expect(run([status('disconnected', { exchange: 'bybit', reason: 'x' }), bybit('BTCUSDT', 'BTC', '1', 1)]).filter((e) => e.type === 'feed_status' && e.state === 'gap')).toEqual([]);
  });
});
