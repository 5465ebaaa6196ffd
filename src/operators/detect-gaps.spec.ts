import { filter, mergeAll } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createTestScheduler, status, trade } from './__fixtures__/market-events.js';
import { detectGaps, restartSinceOf, SINCE_MARGIN_MS } from './detect-gaps.js';
import { symbolCounters } from './symbol-counters.js';
import type { GapCounters, GapHandover } from './detect-gaps.js';

const binance = (tradeId: string, symbol = 'BTCUSDT') => trade({ exchange: 'binance', tradeId, symbol, exchangeTs: 7 });

describe('detectGaps', () => {
  it('reports the missing trade id range before the trade after the gap', () => {
    const counters: GapCounters = { gaps: 0, missingTrades: 0 };
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold('a-b-c', { a: binance('100'), b: binance('101'), c: binance('105') });
      expectObservable(source.pipe(detectGaps({ counters }))).toBe('a-b-(gc)', {
        a: binance('100'),
        b: binance('101'),
        c: binance('105'),
        g: status('gap', {
          exchange: 'binance',
          symbol: 'BTCUSDT',
          reason: 'trade ids 102..104 missing',
          missingFrom: 102,
          missingTo: 104,
          lastEventTs: 7,
          ts: 4,
        }),
      });
    });
    expect(counters).toEqual({ gaps: 1, missingTrades: 3 });
  });

  it('tracks each symbol on its own and ignores repeats and reordering', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const values = { a: binance('1'), e: binance('50', 'ETHUSDT'), b: binance('2'), r: binance('1'), f: binance('51', 'ETHUSDT') };
      expectObservable(cold('aebrf', values).pipe(detectGaps())).toBe('aebrf', values);
    });
  });

  it('leaves venues without consecutive ids alone', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const values = { a: trade({ tradeId: '1' }), b: trade({ tradeId: '9' }), u: trade({ tradeId: 'abc-uuid' }) };
      expectObservable(cold('abu', values).pipe(detectGaps())).toBe('abu', values);
    });
  });

  it('does not report a gap on returning to a venue after a failover away from it', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const away = status('failover', { exchange: 'bybit', fromExchange: 'binance', toExchange: 'bybit' });
      const values = { a: binance('1'), f: away, b: binance('900') };
      expectObservable(cold('afb|', values).pipe(detectGaps())).toBe('afb|', values);
    });
  });

  it("forgets only a shard's instruments when that shard fails over away from a venue", () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const away = status('failover', { exchange: 'bybit', fromExchange: 'binance', toExchange: 'bybit', shard: 's1', instruments: ['ETH-USDT'] });
      const eth = (id: string) => trade({ exchange: 'binance', tradeId: id, symbol: 'ETHUSDT', coin: 'ETH', exchangeTs: 7 });
      const values = { a: binance('1'), e: eth('1'), f: away, b: binance('900'), x: eth('900') };
      expectObservable(cold('aefb---x', values).pipe(detectGaps())).toBe('aef(gb)x', {
        ...values,
        g: status('gap', { exchange: 'binance', symbol: 'BTCUSDT', reason: 'trade ids 2..899 missing', missingFrom: 2, missingTo: 899, lastEventTs: 7, ts: 3 }),
      });
    });
  });

  it('forgets the least recently traded symbol beyond maxSymbols (its next trade reveals no gap), counting each forgotten', () => {
    const counters = symbolCounters();
    createTestScheduler().run(({ cold, expectObservable }) => {
      const values = { a: binance('1'), e: binance('50', 'ETHUSDT'), b: binance('5') };
      expectObservable(cold('aeb#', values).pipe(detectGaps({ maxSymbols: 1, symbolCounters: counters }))).toBe('aeb#', values);
    });
    expect(counters).toEqual({ refused: 0, evicted: 2, unreported: [] });
  });

  it('tracks every symbol of the whole market (2,600) by default, so the least recent still reveals its gap', () => {
    const counters = symbolCounters();
    createTestScheduler().run(({ cold, expectObservable }) => {
      const market = Array.from({ length: 2600 }, (_, i) => binance('1', `C${i}USDT`));
      const source = cold('m 9ms x', { m: market, x: [binance('3', 'C0USDT')] }).pipe(mergeAll());
      expectObservable(
        source.pipe(
          detectGaps({ symbolCounters: counters }),
          filter((event) => event.type === 'feed_status'),
        ),
      ).toBe('10ms g', {
        g: status('gap', { exchange: 'binance', symbol: 'C0USDT', reason: 'trade ids 2..2 missing', missingFrom: 2, missingTo: 2, lastEventTs: 7, ts: 10 }),
      });
    });
    expect(counters.evicted).toBe(0);
  });

  describe('seeded with the last ids published before a restart', () => {
    const seed = [{ exchange: 'binance', symbol: 'BTCUSDT', tradeId: 1000 }] as const;

    it('reports the ids missing across the restart before the first trade that skips ahead of its seed', () => {
      const counters: GapCounters = { gaps: 0, missingTrades: 0 };
      createTestScheduler().run(({ cold, expectObservable }) => {
        const values = { a: binance('1058'), b: binance('1060') };
        expectObservable(cold('a-----b', values).pipe(detectGaps({ seed, counters }))).toBe('(ga)--(hb)', {
          ...values,
          g: status('gap', {
            exchange: 'binance',
            symbol: 'BTCUSDT',
            reason: 'trade ids 1001..1057 missing across a restart',
            missingFrom: 1001,
            missingTo: 1057,
            lastEventTs: 7,
            ts: 0,
          }),
          h: status('gap', {
            exchange: 'binance',
            symbol: 'BTCUSDT',
            reason: 'trade ids 1059..1059 missing',
            missingFrom: 1059,
            missingTo: 1059,
            lastEventTs: 7,
            ts: 6,
          }),
        });
      });
      expect(counters).toEqual({ gaps: 2, missingTrades: 58 });
    });

    it('reports nothing when the first trade is the seed plus one', () => {
      createTestScheduler().run(({ cold, expectObservable }) => {
        const values = { a: binance('1001'), b: binance('1002') };
        expectObservable(cold('ab', values).pipe(detectGaps({ seed }))).toBe('ab', values);
      });
    });

    it('takes ids at or below the seed for repeats, not gaps, and still measures from the seed', () => {
      createTestScheduler().run(({ cold, expectObservable }) => {
        const values = { a: binance('990'), b: binance('1000'), c: binance('1003') };
        expectObservable(cold('abc', values).pipe(detectGaps({ seed }))).toBe('ab(gc)', {
          ...values,
          g: status('gap', {
            exchange: 'binance',
            symbol: 'BTCUSDT',
            reason: 'trade ids 1001..1002 missing across a restart',
            missingFrom: 1001,
            missingTo: 1002,
            lastEventTs: 7,
            ts: 2,
          }),
        });
      });
    });

    it('drops the seeds of a venue other than the first trade’s, as a change of venue is not a gap', () => {
      createTestScheduler().run(({ cold, expectObservable }) => {
        const away = status('failover', { exchange: 'binance', fromExchange: 'bybit', toExchange: 'binance' });
        const values = { y: trade({ tradeId: 'x-1' }), f: away, b: binance('5000') };
        expectObservable(cold('yfb', values).pipe(detectGaps({ seed }))).toBe('yfb', values);
      });
    });

    it("keeps a symbol's seed when another symbol's first trade comes from another venue (shards start on different venues)", () => {
      createTestScheduler().run(({ cold, expectObservable }) => {
        const seeds = [{ exchange: 'binance', symbol: 'ETHUSDT', tradeId: 50 }] as const;
        const values = { y: trade({ tradeId: 'x-1' }), e: binance('53', 'ETHUSDT') };
        expectObservable(cold('ye', values).pipe(detectGaps({ seed: seeds }))).toBe('y(ge)', {
          ...values,
          g: status('gap', {
            exchange: 'binance',
            symbol: 'ETHUSDT',
            reason: 'trade ids 51..52 missing across a restart',
            missingFrom: 51,
            missingTo: 52,
            lastEventTs: 7,
            ts: 1,
          }),
        });
      });
    });

    it('names, after a restart, the hole of a symbol nothing of which the process before published, from when it last published: only its first trade, within the hour, not for a symbol it published on another venue', () => {
      createTestScheduler().run(({ cold, expectObservable }) => {
        const at = (tradeId: string, coin: string, exchangeTs: number) => trade({ exchange: 'binance', tradeId, symbol: `${coin}USDT`, coin, exchangeTs });
        const seedSince = { at: 5, symbols: ['BTCUSDT', 'XRPUSDT'] };
        // SOL: never published (its hole); XRP: published on Bybit before (a venue change, no hole); ADA: first traded an hour later.
        const values = {
          s: at('71', 'SOL', 8),
          t: at('72', 'SOL', 9),
          x: at('30', 'XRP', 9),
          a: at('9', 'ADA', 5 + 3_600_000),
          o: at('12', 'DOT', 5 + 3_600_001),
        };
        expectObservable(cold('s---t-x-a-o', values).pipe(detectGaps({ seed: [], seedSince }))).toBe('(gs)t-x-a-o', {
          ...values,
          g: status('gap', {
            exchange: 'binance',
            symbol: 'SOLUSDT',
            reason: 'trades made since 1970-01-01T00:00:00.005Z before id 71 may be missing across a restart (none of the symbol was published before)',
            missingTo: 70,
            lastEventTs: 5,
            ts: 0,
          }),
        });
      });
    });

    it('gives a restart the moment its process stopped (its last trade read back, less the margin) and the symbols it published', () => {
      const last = [trade({ exchange: 'bybit', symbol: 'XRPUSDT', exchangeTs: 4_000 }), trade({ exchange: 'binance', symbol: 'BTCUSDT', exchangeTs: 3_000 })];
      expect(restartSinceOf(last)).toEqual({ seedSince: { at: 4_000 - SINCE_MARGIN_MS, symbols: ['XRPUSDT', 'BTCUSDT'] } });
      expect(restartSinceOf([])).toEqual({});
    });

    it('counts seeds towards maxSymbols, forgetting the oldest first', () => {
      createTestScheduler().run(({ cold, expectObservable }) => {
        const seeds = [...seed, { exchange: 'binance', symbol: 'ETHUSDT', tradeId: 50 }] as const;
        const values = { e: binance('53', 'ETHUSDT'), b: binance('2000') };
        expectObservable(cold('e---b', values).pipe(detectGaps({ seed: seeds, maxSymbols: 1 }))).toBe('(ge)b', {
          ...values,
          g: status('gap', {
            exchange: 'binance',
            symbol: 'ETHUSDT',
            reason: 'trade ids 51..52 missing across a restart',
            missingFrom: 51,
            missingTo: 52,
            lastEventTs: 7,
            ts: 0,
          }),
        });
      });
    });
  });

  describe('told of cluster shard handovers', () => {
    const eth = (tradeId: string) => trade({ exchange: 'binance', tradeId, symbol: 'ETHUSDT', coin: 'ETH', exchangeTs: 9 });
    const btcMoved: GapHandover = { kind: 'moved', instruments: (instrument) => instrument === 'BTC-USDT' };
    const btcSeed = (tradeId: number): GapHandover => ({
      kind: 'seed',
      instruments: (instrument) => instrument === 'BTC-USDT',
      lastIds: [{ exchange: 'binance', symbol: 'BTCUSDT', tradeId }],
    });

    it('forgets the last ids of the instruments moved, so what another instance published meanwhile is no gap', () => {
      createTestScheduler().run(({ cold, hot, expectObservable }) => {
        const values = { a: binance('100'), e: eth('10'), b: binance('150'), f: eth('11') };
        const handovers$ = hot<GapHandover>('--m', { m: btcMoved });
        expectObservable(cold('ae--bf', values).pipe(detectGaps({ handovers$ }))).toBe('ae--bf', values);
      });
    });

    it("reports, when the previous owner's last ids come, the ids between them and the first trade since the move", () => {
      const counters: GapCounters = { gaps: 0, missingTrades: 0 };
      createTestScheduler().run(({ cold, hot, expectObservable }) => {
        const values = { a: binance('100'), b: binance('1060'), c: binance('1061'), d: binance('1063') };
        const handovers$ = hot<GapHandover>('-m---s', { m: btcMoved, s: btcSeed(1000) });
        expectObservable(cold('a--bc--d', values).pipe(detectGaps({ handovers$, counters }))).toBe('a--bcg-(hd)', {
          ...values,
          g: status('gap', {
            exchange: 'binance',
            symbol: 'BTCUSDT',
            reason: 'trade ids 1001..1059 missing across a shard handover',
            missingFrom: 1001,
            missingTo: 1059,
            lastEventTs: 7,
            ts: 5,
          }),
          h: status('gap', {
            exchange: 'binance',
            symbol: 'BTCUSDT',
            reason: 'trade ids 1062..1062 missing',
            missingFrom: 1062,
            missingTo: 1062,
            lastEventTs: 7,
            ts: 7,
          }),
        });
      });
      expect(counters).toEqual({ gaps: 2, missingTrades: 60 });
    });

    it('names, when the feed stops before an awaited seed came, the hole before each first trade since the move as gap_unrepaired (stopped); none once the seed came, the shard moved away, or for a shard not awaited', () => {
      const btcAwaiting: GapHandover = { kind: 'awaiting', instruments: (instrument) => instrument === 'BTC-USDT' };
      const unread = [
        status('gap', {
          exchange: 'binance',
          symbol: 'BTCUSDT',
          reason:
            "trades before id 1060 (1970-01-01T00:00:00.007Z) may be missing across a shard handover: the feed stopped before the previous owner's last trades were read back",
          missingTo: 1059,
          ts: 5,
        }),
        status('gap_unrepaired', {
          exchange: 'binance',
          symbol: 'BTCUSDT',
          reason: 'stopped: the feed stopped before the hole across the shard handover was looked for',
          missingTo: 1059,
          ts: 5,
        }),
      ];
      createTestScheduler().run(({ cold, hot, expectObservable }) => {
        const values = { a: binance('100'), b: binance('1060'), e: eth('12') };
        const stopped = detectGaps({ handovers$: hot<GapHandover>('-mw', { m: btcMoved, w: btcAwaiting }) });
        expectObservable(cold('a--be|', values).pipe(stopped)).toBe('a--be(gu|)', { ...values, g: unread[0], u: unread[1] });
        const seeded = detectGaps({ handovers$: hot<GapHandover>('-mw-s', { m: btcMoved, w: btcAwaiting, s: btcSeed(1059) }) });
        expectObservable(cold('a--be|', values).pipe(seeded)).toBe('a--be|', values);
        const movedAway = detectGaps({ handovers$: hot<GapHandover>('-mw-m', { m: btcMoved, w: btcAwaiting }) });
        expectObservable(cold('a--be|', values).pipe(movedAway)).toBe('a--be|', values);
      });
    });

    it('reports nothing when the previous owner published up to the first trade since the move, or past it', () => {
      createTestScheduler().run(({ cold, hot, expectObservable }) => {
        const values = { b: binance('1060'), c: binance('1061') };
        const handovers$ = hot<GapHandover>('m-s-t', { m: btcMoved, s: btcSeed(1059), t: btcSeed(1070) });
        expectObservable(cold('-b--c', values).pipe(detectGaps({ handovers$ }))).toBe('-b--c', values);
      });
    });

    it('seeds a symbol not traded since the move, its first trade checked against the seed', () => {
      createTestScheduler().run(({ cold, hot, expectObservable }) => {
        const values = { b: binance('1005') };
        const handovers$ = hot<GapHandover>('ms', { m: btcMoved, s: btcSeed(1000) });
        expectObservable(cold('---b', values).pipe(detectGaps({ handovers$ }))).toBe('---(gb)', {
          ...values,
          g: status('gap', {
            exchange: 'binance',
            symbol: 'BTCUSDT',
            reason: 'trade ids 1001..1004 missing across a shard handover',
            missingFrom: 1001,
            missingTo: 1004,
            lastEventTs: 7,
            ts: 3,
          }),
        });
      });
    });

    it('forgets, when the shard moves away, a seed of a symbol that never traded here (its instrument known from the seed): a later owner measures from its own seed', () => {
      createTestScheduler().run(({ cold, hot, expectObservable }) => {
        const values = { b: binance('1002') };
        // Seeded at 1000 (never traded here), moved away, moved back: 1001 was published by the owner between, so no gap.
        const seeded: GapHandover = {
          kind: 'seed',
          instruments: (instrument) => instrument === 'BTC-USDT',
          lastIds: [{ exchange: 'binance', symbol: 'BTCUSDT', tradeId: 1000, instrument: 'BTC-USDT' }],
        };
        const handovers$ = hot<GapHandover>('msmm(t)', { m: btcMoved, s: seeded, t: btcSeed(1001) });
        expectObservable(cold('-----b', values).pipe(detectGaps({ handovers$ }))).toBe('-----b', values);
      });
    });

    it('checks a first trade against one seed only: a later seed of the same shard finds nothing to report', () => {
      createTestScheduler().run(({ cold, hot, expectObservable }) => {
        const values = { b: binance('1060') };
        const handovers$ = hot<GapHandover>('m-s-t', { m: btcMoved, s: btcSeed(1059), t: btcSeed(900) });
        expectObservable(cold('-b', values).pipe(detectGaps({ handovers$ }))).toBe('-b', values);
      });
    });

    it('names, for a symbol nothing of which the killed previous owner published, the hole from when it last published the shard to its first trade here, come before the seed', () => {
      const counters: GapCounters = { gaps: 0, missingTrades: 0 };
      createTestScheduler().run(({ cold, hot, expectObservable }) => {
        const at = (tradeId: string, symbol: string, exchangeTs: number) => trade({ exchange: 'binance', tradeId, symbol, exchangeTs });
        const both: GapHandover = { kind: 'moved', instruments: (instrument) => instrument === 'BTC-USDT' || instrument === 'SOL-USDT' };
        // The previous owner published BTC (id 1000); SOL never: the shard was last published at 5.
        const seed: GapHandover = {
          kind: 'seed',
          instruments: both.instruments,
          lastIds: [{ exchange: 'binance', symbol: 'BTCUSDT', tradeId: 1000, instrument: 'BTC-USDT' }],
          since: () => 5,
        };
        // SOL's first trade came before the seed; BTC's follows its seed; ETH never moved.
        const values = { s: { ...at('71', 'SOLUSDT', 8), coin: 'SOL' }, b: at('1001', 'BTCUSDT', 8), e: { ...eth('12'), exchangeTs: 9 } };
        const handovers$ = hot<GapHandover>('m-s', { m: both, s: seed });
        expectObservable(cold('-s-be', values).pipe(detectGaps({ handovers$, counters }))).toBe('-sgbe', {
          ...values,
          g: status('gap', {
            exchange: 'binance',
            symbol: 'SOLUSDT',
            reason: 'trades made since 1970-01-01T00:00:00.005Z before id 71 may be missing across a shard handover (none of the symbol was published before)',
            missingTo: 70,
            lastEventTs: 5,
            ts: 2,
          }),
        });
      });
      expect(counters.gaps).toBe(1);
    });

    it('names the hole of a symbol first traded after the seed came, and none for one first traded before the hole began, or an hour after, or moved away since', () => {
      createTestScheduler().run(({ cold, hot, expectObservable }) => {
        const at = (tradeId: string, coin: string, exchangeTs: number) => trade({ exchange: 'binance', tradeId, symbol: `${coin}USDT`, coin, exchangeTs });
        const shard = (instrument: string): boolean => ['SOL-USDT', 'XRP-USDT', 'ADA-USDT', 'DOT-USDT'].includes(instrument);
        const seed: GapHandover = { kind: 'seed', instruments: shard, lastIds: [], since: () => 5 };
        const dotAway: GapHandover = { kind: 'moved', instruments: (instrument) => instrument === 'DOT-USDT' };
        const values = { s: at('71', 'SOL', 8), x: at('30', 'XRP', 4), a: at('9', 'ADA', 5 + 3_600_000), d: at('5', 'DOT', 9) };
        const handovers$ = hot<GapHandover>('(ms)------o', { m: { kind: 'moved', instruments: shard }, s: seed, o: dotAway });
        expectObservable(cold('--s---x-a----d', values).pipe(detectGaps({ handovers$ }))).toBe('--(gs)x-a----d', {
          ...values,
          g: status('gap', {
            exchange: 'binance',
            symbol: 'SOLUSDT',
            reason: 'trades made since 1970-01-01T00:00:00.005Z before id 71 may be missing across a shard handover (none of the symbol was published before)',
            missingTo: 70,
            lastEventTs: 5,
            ts: 2,
          }),
        });
      });
    });

    it('keeps the ids of instruments not moved', () => {
      createTestScheduler().run(({ cold, hot, expectObservable }) => {
        const values = { e: eth('10'), f: eth('13') };
        const handovers$ = hot<GapHandover>('-m', { m: btcMoved });
        expectObservable(cold('e--f', values).pipe(detectGaps({ handovers$ }))).toBe('e--(gf)', {
          ...values,
          g: status('gap', {
            exchange: 'binance',
            symbol: 'ETHUSDT',
            reason: 'trade ids 11..12 missing',
            missingFrom: 11,
            missingTo: 12,
            lastEventTs: 9,
            ts: 3,
          }),
        });
      });
    });
  });
});
