import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { FeedEvent, FeedStatus } from '../model/index.js';
import type { GapHandover } from './detect-gaps.js';
import { status, trade } from './__fixtures__/market-events.js';
import { detectReconnectGaps } from './detect-reconnect-gaps.js';
import { gapDetailsOf } from './gap-details.js';

const bybit = (symbol: string, coin: string, id: string, ts: number) => trade({ exchange: 'bybit', symbol, coin, tradeId: id, exchangeTs: ts });

function run(events: readonly FeedEvent[], config: Parameters<typeof detectReconnectGaps>[0] = {}): FeedEvent[] {
  const input = new Subject<FeedEvent>();
  const out: FeedEvent[] = [];
  input.pipe(detectReconnectGaps({ scheduler: { now: () => 5 } as never, ...config })).subscribe((event) => out.push(event));
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
    expect(gaps).toEqual([
      expect.objectContaining({ exchange: 'bybit', symbol: 'BTCUSDT', lastEventTs: 1_000, reason: expect.stringContaining('after id 900') as string }),
    ]);
    expect(out.indexOf(gaps[0] as FeedEvent)).toBe(out.indexOf(after) - 1);
    expect(gaps[0]).not.toHaveProperty('missingFrom');
    expect(gapDetailsOf(gaps[0] as Extract<FeedEvent, { type: 'feed_status' }>)).toEqual({ before, revealer: after });
  });

  it("leaves the Binance family's venues to detectGaps, and a symbol never traded before the loss has no gap", () => {
    const lost = status('retry_scheduled', { exchange: 'binance', reason: 'socket closed' });
    expect(
      run([trade({ exchange: 'binance', tradeId: '1' }), lost, trade({ exchange: 'binance', tradeId: '9' })]).filter(
        (e) => e.type === 'feed_status' && e.state === 'gap',
      ),
    ).toEqual([]);
    expect(
      run([status('disconnected', { exchange: 'bybit', reason: 'x' }), bybit('BTCUSDT', 'BTC', '1', 1)]).filter(
        (e) => e.type === 'feed_status' && e.state === 'gap',
      ),
    ).toEqual([]);
  });

  const gapsOf = (out: readonly FeedEvent[]): FeedStatus[] => out.filter((e): e is FeedStatus => e.type === 'feed_status' && e.state === 'gap');

  it('names the hole across a restart from the last trade published before it (read back) to the first after, ids of any length; none when the first is a repeat, a seed of another venue is ignored', () => {
    const published = bybit('BTCUSDT', 'BTC', '2290000000012345678', 1_000);
    const first = bybit('BTCUSDT', 'BTC', '2290000000012345699', 9_000);
    const out = run([bybit('BTCUSDT', 'BTC', '2290000000012345678', 1_000), first, bybit('BTCUSDT', 'BTC', '2290000000012345700', 9_001)], {
      seed: [published, trade({ exchange: 'binance', symbol: 'ETHUSDT', tradeId: '5' })],
    });
    const gaps = gapsOf(out);
    expect(gaps).toEqual([
      expect.objectContaining({
        symbol: 'BTCUSDT',
        lastEventTs: 1_000,
        reason: expect.stringMatching(/after id 2290000000012345678 .* before id 2290000000012345699 .* across a restart$/) as string,
      }),
    ]);
    expect(gapDetailsOf(gaps[0]!)).toEqual({ before: published, revealer: first });
    expect(out.indexOf(gaps[0]!)).toBe(out.indexOf(first) - 1);
    expect(gapsOf(run([bybit('ETHUSDT', 'ETH', '7', 1)], { seed: [trade({ exchange: 'binance', symbol: 'ETHUSDT', tradeId: '5' })] }))).toEqual([]);
  });

  it("checks a shard's first trade after a move against the previous owner's last, whichever comes first: the seed, or the trade (then the gap follows the seed)", () => {
    const handovers$ = new Subject<GapHandover>();
    const input = new Subject<FeedEvent>();
    const out: FeedEvent[] = [];
    input.pipe(detectReconnectGaps({ scheduler: { now: () => 5 } as never, handovers$ })).subscribe((event) => out.push(event));
    const btc = (instrument: string): boolean => instrument === 'BTC-USDT';
    const eth = (instrument: string): boolean => instrument === 'ETH-USDT';
    input.next(bybit('BTCUSDT', 'BTC', '100', 100));
    // BTC's shard moves here: its trades so far are forgotten; the seed comes before its first trade.
    handovers$.next({ kind: 'moved', instruments: btc });
    handovers$.next({ kind: 'seed', instruments: btc, lastIds: [], lastTrades: [bybit('BTCUSDT', 'BTC', '150', 150)] });
    input.next(bybit('BTCUSDT', 'BTC', '170', 170));
    // ETH: its first trade comes before the seed (read back later).
    input.next(bybit('ETHUSDT', 'ETH', '40', 40));
    handovers$.next({ kind: 'seed', instruments: eth, lastIds: [], lastTrades: [bybit('ETHUSDT', 'ETH', '30', 30)] });
    input.next(bybit('ETHUSDT', 'ETH', '41', 41));
    const gaps = gapsOf(out);
    expect(gaps.map((gap) => [gap.symbol, gap.lastEventTs])).toEqual([
      ['BTCUSDT', 150],
      ['ETHUSDT', 30],
    ]);
    expect(gaps.every((gap) => gap.reason.endsWith('across a shard handover'))).toBe(true);
    expect(gapDetailsOf(gaps[1]!)?.revealer.tradeId).toBe('40');
  });

  it("names the hole after what a previous owner's release said of its last trade (no trade at hand), and, for a symbol it published nothing of, from its last sign of life to the first trade here, whichever comes first", () => {
    const handovers$ = new Subject<GapHandover>();
    const input = new Subject<FeedEvent>();
    const out: FeedEvent[] = [];
    input.pipe(detectReconnectGaps({ scheduler: { now: () => 5 } as never, handovers$ })).subscribe((event) => out.push(event));
    const btcOrEth = (instrument: string): boolean => instrument === 'BTC-USDT' || instrument === 'ETH-USDT';
    const released = { exchange: 'bybit' as const, symbol: 'BTCUSDT', instrument: 'BTC-USDT', tradeId: '150', exchangeTs: 150, price: 2 };
    handovers$.next({ kind: 'moved', instruments: btcOrEth });
    // ETH's first trade comes before the seed; SOL's, of another shard, has no seed at all.
    input.next(bybit('ETHUSDT', 'ETH', '40', 4_000));
    input.next(bybit('SOLUSDT', 'SOL', '7', 4_000));
    handovers$.next({ kind: 'seed', instruments: btcOrEth, lastIds: [], lastTrades: [released], since: () => 1_000 });
    input.next(bybit('BTCUSDT', 'BTC', '151', 5_000));
    input.next(bybit('ETHUSDT', 'ETH', '41', 5_000));
    // XRP of the shard, first traded after the seed: its hole from the owner's last sign of life too.
    const xrp = bybit('XRPUSDT', 'XRP', '3', 6_000);
    input.next({ ...xrp, instrument: 'ETH-USDT' });
    const gaps = gapsOf(out);
    expect(gaps.map((gap) => [gap.symbol, gap.lastEventTs])).toEqual([
      ['ETHUSDT', 1_000],
      ['BTCUSDT', 150],
      ['XRPUSDT', 1_000],
    ]);
    expect(gaps[0]?.reason).toMatch(
      /^trades made since 1970-01-01T00:00:01.000Z and before id 40 .* may be missing across a shard handover \(none of the symbol was published before\)$/,
    );
    expect(gapDetailsOf(gaps[0]!)).toEqual({ revealer: expect.objectContaining({ tradeId: '40' }) as unknown, since: 1_000 });
    expect(gapDetailsOf(gaps[1]!)).toEqual({ revealer: expect.objectContaining({ tradeId: '151' }) as unknown, before: released });
  });

  it('names the hole across a restart of a symbol the process before published nothing of, from its last trade read back (less the margin) to the first trade here, within the hour', () => {
    const out = run([bybit('ETHUSDT', 'ETH', '9', 3_000), bybit('ETHUSDT', 'ETH', '10', 3_001), bybit('BTCUSDT', 'BTC', '5', 3_500)], {
      seed: [bybit('BTCUSDT', 'BTC', '4', 2_000)],
      seedSince: { at: 1_000, symbols: ['BTCUSDT'] },
    });
    expect(gapsOf(out).map((gap) => [gap.symbol, gap.lastEventTs, gap.reason.endsWith('across a restart (none of the symbol was published before)')])).toEqual([
      ['ETHUSDT', 1_000, true],
      ['BTCUSDT', 2_000, false],
    ]);
    expect(gapsOf(run([bybit('ETHUSDT', 'ETH', '9', 1_000 + 3_600_000)], { seedSince: { at: 1_000, symbols: [] } }))).toEqual([]);
  });
  it("names, when the feed stops before an awaited seed came, the hole before a symbol's first trade since its shard was taken as gap_unrepaired (stopped); none once the seed came", () => {
    const btc = (instrument: string): boolean => instrument === 'BTC-USDT';
    const stopBefore = (seeded: boolean): FeedEvent[] => {
      const input = new Subject<FeedEvent>();
      const handovers$ = new Subject<GapHandover>();
      const out: FeedEvent[] = [];
      input.pipe(detectReconnectGaps({ scheduler: { now: () => 5 } as never, handovers$ })).subscribe((event) => out.push(event));
      handovers$.next({ kind: 'moved', instruments: btc });
      handovers$.next({ kind: 'awaiting', instruments: btc });
      input.next(bybit('BTCUSDT', 'BTC', '2290000000012345678', 7_000));
      input.next(bybit('ETHUSDT', 'ETH', '5', 7_001));
      if (seeded) handovers$.next({ kind: 'seed', instruments: btc, lastIds: [], lastTrades: [] });
      input.complete();
      return out.filter((event) => event.type === 'feed_status');
    };
    const before = 'trades before id 2290000000012345678 (1970-01-01T00:00:07.000Z) may be missing across a shard handover';
    expect(stopBefore(false)).toEqual([
      status('gap', {
        exchange: 'bybit',
        symbol: 'BTCUSDT',
        reason: `${before}: the feed stopped before the previous owner's last trades were read back`,
        ts: 5,
      }),
      status('gap_unrepaired', {
        exchange: 'bybit',
        symbol: 'BTCUSDT',
        reason: 'stopped: the feed stopped before the hole across the shard handover was looked for',
        ts: 5,
      }),
    ]);
    expect(stopBefore(true)).toEqual([]);
  });
});
