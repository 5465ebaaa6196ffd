import { of, type Observable } from 'rxjs';
import type { RunHelpers } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import type { ExchangeId, FeedEvent, FeedStatus } from '../model/index.js';
import { createTestScheduler } from './__fixtures__/market-events.js';
import { made, status, summary, trade } from './__fixtures__/option-sweep-events.js';
import { ListingSweepCounters, type ListingSweepCount } from './listing-sweep-counters.js';
import { sweepReconnectTrades, type SweptTrades } from './sweep-reconnect-trades.js';

const listed = (symbol: string, ts: number, absentAt: number): FeedStatus => ({ ...status('listed', ts), symbol, lastEventTs: absentAt });

/**
 * `marbles` through `sweepReconnectTrades`, the venue answering every question with `answer`: the questions
 * (`exchange since..until at` the time asked), the events out, and the listings counted by how their sweep ended.
 */
const sweepRun = (
  marbles: string,
  values: Readonly<Record<string, FeedEvent>>,
  answer: (cold: RunHelpers['cold']) => Observable<SweptTrades>,
): { readonly asked: readonly string[]; readonly events: readonly FeedEvent[]; readonly counted: readonly ListingSweepCount[] } => {
  const s = createTestScheduler();
  const asked: string[] = [];
  const events: FeedEvent[] = [];
  const listingCounters = new ListingSweepCounters();
  s.run(({ cold }) => {
    const madeBetween = (exchange: ExchangeId, since: number, until: number): Observable<SweptTrades> => {
      asked.push(`${exchange} ${since}..${until} at ${s.now()}`);
      return answer(cold);
    };
    cold<FeedEvent>(marbles, values)
      .pipe(sweepReconnectTrades({ madeBetween, scheduler: s, listingCounters }))
      .subscribe((event) => events.push(event));
  });
  return { asked, events, counted: [...listingCounters.entries()] };
};

/** What the sweeps added, in order: the trades filled (`trade SYMBOL ID at RECEIVED`) and the gaps said (`STATE SYMBOL FROM..TO at TS: REASON`). */
const added = (events: readonly FeedEvent[]): readonly string[] =>
  events.flatMap((event) => {
    if (event.type === 'trade' && event.source === 'repair') return [`trade ${event.symbol} ${event.tradeId} at ${event.receivedTs}`];
    if (event.type !== 'feed_status' || !event.state.startsWith('gap')) return [];
    const ids = event.missingFrom === undefined ? '' : ` ${event.missingFrom}..${event.missingTo}`;
    return [`${event.state} ${event.symbol ?? ''}${ids} at ${event.ts}: ${event.reason}`];
  });

/** The trades the sweeps filled (`trade SYMBOL ID at RECEIVED`). */
const filled = (events: readonly FeedEvent[]): readonly string[] => added(events).filter((line) => line.startsWith('trade '));

describe('sweepReconnectTrades on a listing', () => {
  it("names and fills what an instrument listed during the run traded before its first record here, from the venue's previous list on: its first trade too", () => {
    // The list read at 60 000 ms holds BTC-N, the one at 0 did not; its first record here at 62 000 ms, its first live trade id 4 at 62 500.
    const { asked, events } = sweepRun(
      'l 1999ms n 499ms t 3000ms |',
      { l: listed('BTC-N', 60_000, 0), n: summary('BTC-N', 62_000), t: trade('BTC-N', 4, 62_500) },
      // Another option's trades come in the same answer: only BTC-N's are the listing's.
      () => of({ trades: [made('BTC-N', 1, 30_000), made('BTC-N', 2, 45_000), made('BTC-N', 3, 61_000), made('BTC-N', 4, 62_500), made('BTC-A', 9, 50_000)] }),
    );
    expect(asked).toEqual(['deribit_options -1000..63000 at 3000']);
    expect(added(events)).toEqual([
      "gap BTC-N 1..3 at 3000: trade ids 1..3 made between its listing and its first record here (between 1969-12-31T23:59:59.000Z and 1970-01-01T00:01:02.000Z), found in deribit_options's trades made then",
      'trade BTC-N 1 at 3000',
      'trade BTC-N 2 at 3000',
      'trade BTC-N 3 at 3000',
      "gap_repaired BTC-N 1..3 at 3000: 3 trades repaired from deribit_options's trades made between its listing and its first record here",
    ]);
  });

  it('sweeps a listing once, never one heard before its listed status, and forgets one delisted before it was heard', () => {
    const { asked } = sweepRun(
      'a l m d 96ms x y z 3000ms |',
      {
        a: summary('BTC-A', 0),
        // BTC-A was heard already (a list read late); BTC-D is delisted before it is ever heard.
        l: listed('BTC-A', 1, 0),
        m: listed('BTC-D', 2, 0),
        d: { ...status('delisted', 3), symbol: 'BTC-D' },
        x: summary('BTC-A', 100),
        y: summary('BTC-D', 101),
        z: summary('BTC-A', 102),
      },
      () => of({ trades: [] }),
    );
    expect(asked).toEqual([]);
  });

  /** BTC-N's and BTC-M's summaries first (their underlying's marks); BTC-N's first live trade is id 5; BTC-M's id 2 comes live at `m2`, if given. */
  const afterFirstRecord = (m2?: string): { readonly asked: readonly string[]; readonly repaired: readonly string[] } => {
    const { asked, events } = sweepRun(
      `(lm) 1999ms n 99ms o 499ms t ${m2 ?? ''} 3000ms |`,
      {
        l: listed('BTC-N', 60_000, 0),
        m: listed('BTC-M', 60_000, 0),
        n: summary('BTC-N', 62_000),
        o: summary('BTC-M', 62_100),
        t: trade('BTC-N', 5, 62_600),
        u: trade('BTC-M', 2, 62_700),
      },
      () => of({ trades: [made('BTC-N', 4, 62_300), made('BTC-N', 5, 62_600), made('BTC-M', 1, 62_400), made('BTC-M', 2, 62_700)] }),
    );
    return { asked, repaired: filled(events) };
  };

  it('fills what a listing traded after its first record here when a later trade of it came live, or half a settle time before the sweep (its trades\u2019 stream was not live yet); one made later that comes live within a settle time is not filled', () => {
    // BTC-M's id 2, made 400 ms before the sweep's end with nothing of it published since, may still be on its way: it comes live at 3,503.
    const { asked, repaired } = afterFirstRecord('899ms u');
    expect(asked).toEqual(['deribit_options -1000..63100 at 3003']);
    expect(repaired).toEqual(['trade BTC-N 4 at 3003', 'trade BTC-M 1 at 3003']);
  });

  it('fills, a settle time after the sweep, a listing trade that might still have come live and did not (its trades\u2019 stream subscribed after its first record)', () => {
    const { asked, repaired } = afterFirstRecord();
    expect(asked).toEqual(['deribit_options -1000..63100 at 3003']);
    expect(repaired).toEqual(['trade BTC-N 4 at 3003', 'trade BTC-M 1 at 3003', 'trade BTC-M 2 at 4003']);
  });

  it('sweeps a listing batch a settle time after a connection said it subscribed one of its instruments, when that came after its first record: asked up to then', () => {
    // BTC-N's mark at 2,000; its shard's trades socket acknowledged at 2,799 (a `subscribed` naming it), another shard's at 2,899: not BTC-N's.
    const { asked } = sweepRun(
      'l 1999ms n 798ms a 99ms b 3000ms |',
      {
        l: listed('BTC-N', 60_000, 0),
        n: summary('BTC-N', 62_000),
        a: { ...status('subscribed', 62_800), shard: 's1', instruments: ['BTC-N-key'] },
        b: { ...status('subscribed', 62_900), shard: 's2', instruments: ['BTC-X-key'] },
      },
      () => of({ trades: [] }),
    );
    expect(asked).toEqual(['deribit_options -1000..63800 at 3799']);
  });

  it('says, when the events end before a listing is swept, that its trades before its first record may be missing; a second look waiting is taken at once', () => {
    // BTC-M's first record at 4 (made at 1) and its sweep at 1,004, which leaves its id 2 (made at 700) for a second look due at 2,004;
    // BTC-N's first record at 1,504; the end at 1,704, before BTC-N's sweep and BTC-M's second look, taken then.
    const { events, counted } = sweepRun(
      '(lm) o 1499ms n 199ms |',
      { l: listed('BTC-N', 0, 0), m: listed('BTC-M', 0, 0), o: summary('BTC-M', 1), n: summary('BTC-N', 1_504) },
      () => of({ trades: [made('BTC-M', 1, 0), made('BTC-M', 2, 700)] }),
    );
    expect(added(events)).toEqual([
      "gap BTC-M 1..1 at 1004: trade ids 1..1 made between its listing and its first record here (between 1969-12-31T23:59:59.000Z and 1970-01-01T00:00:00.001Z), found in deribit_options's trades made then",
      'trade BTC-M 1 at 1004',
      "gap_repaired BTC-M 1..1 at 1004: 1 trades repaired from deribit_options's trades made between its listing and its first record here",
      "gap BTC-M 2..2 at 1704: trade ids 2..2 made between its listing and its first record here (between 1969-12-31T23:59:59.000Z and 1970-01-01T00:00:00.700Z), found in deribit_options's trades made then",
      'trade BTC-M 2 at 1704',
      "gap_repaired BTC-M 2..2 at 1704: 1 trades repaired from deribit_options's trades made between its listing and its first record here",
      'gap BTC-N at 1704: trades made between its listing and its first record here (between 1969-12-31T23:59:59.000Z and 1970-01-01T00:00:01.704Z) may be missing',
      "gap_unrepaired BTC-N at 1704: venue_error: deribit_options's trades made then could not be read: the pipeline stopped before they were swept",
    ]);
    // BTC-M read (its second look taken at the end), BTC-N not asked before it.
    expect(counted).toEqual([
      { exchange: 'deribit_options', outcome: 'read', listings: 1 },
      { exchange: 'deribit_options', outcome: 'stopped', listings: 1 },
    ]);
  });

  it('sweeps the listings first heard within one settle time with one question, from the earliest list time to the latest first record', () => {
    // An expiry lists three options at once; their first records come within 600 ms, the third's after the sweep.
    const { asked, events, counted } = sweepRun(
      '(lmn) 99ms a 499ms b 1999ms c 3000ms |',
      {
        l: listed('BTC-A', 5_000, 0),
        m: listed('BTC-B', 5_000, 0),
        n: listed('BTC-C', 5_000, 0),
        a: summary('BTC-A', 5_100),
        b: summary('BTC-B', 5_600),
        c: summary('BTC-C', 7_600),
      },
      () => of({ trades: [made('BTC-A', 1, 4_000), made('BTC-B', 1, 4_500), made('BTC-C', 1, 4_800), made('BTC-X', 3, 4_900)] }),
    );
    expect(asked).toEqual(['deribit_options -1000..6600 at 1104', 'deribit_options -1000..8600 at 3604']);
    expect(filled(events)).toEqual(['trade BTC-A 1 at 1104', 'trade BTC-B 1 at 1104', 'trade BTC-C 1 at 3604']);
    expect(counted).toEqual([{ exchange: 'deribit_options', outcome: 'read', listings: 3 }]);
  });

  it('says each listing of a sweep that cannot be read unrepaired, naming the time it may have traded in', () => {
    const { events, counted } = sweepRun('l 9ms a 3000ms |', { l: listed('BTC-N', 60_000, 0), a: summary('BTC-N', 62_000) }, (cold) =>
      cold<SweptTrades>('5ms #', undefined, new Error('deribit REST: timed out after 10000 ms')),
    );
    expect(added(events)).toEqual([
      'gap BTC-N at 1015: trades made between its listing and its first record here (between 1969-12-31T23:59:59.000Z and 1970-01-01T00:01:02.000Z) may be missing',
      "gap_unrepaired BTC-N at 1015: venue_error: deribit_options's trades made then could not be read: deribit REST: timed out after 10000 ms",
    ]);
    expect(counted).toEqual([{ exchange: 'deribit_options', outcome: 'unread', listings: 1 }]);
  });

  it("lets go, an hour after its listing, of one never heard here (another instance's shard)", () => {
    const hour = 3_600_000;
    const { asked } = sweepRun('l 9ms m 9ms n 3000ms |', { l: listed('BTC-N', 0, 0), m: listed('BTC-M', hour + 1, hour), n: summary('BTC-N', hour + 2) }, () =>
      of({ trades: [] }),
    );
    expect(asked).toEqual([]);
  });
});
