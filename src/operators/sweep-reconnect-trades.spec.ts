import { of } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import type { FeedEvent, FeedStatus, OptionSummary, TradeEvent } from '../model/index.js';
import { sweepReconnectTrades, type SweptTrade, type SweptTrades } from './sweep-reconnect-trades.js';

const scheduler = (): TestScheduler => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

const base = { exchange: 'deribit_options', coin: 'BTC', quote: 'BTC', isFallback: false, env: 'prod', connectionId: 'c1' } as const;
const trade = (symbol: string, id: number, at: number): TradeEvent => ({
  type: 'trade',
  ...base,
  symbol,
  instrument: `${symbol}-key`,
  exchangeTs: at,
  receivedTs: at,
  tradeId: String(id),
  price: 0.01,
  quantity: 1,
  side: 'BUY',
  isBuyerMaker: false,
});
/** An option's summary: all the sweep needs of a followed symbol is a record of it. */
const summary = (symbol: string, at: number): OptionSummary => ({
  type: 'option_summary',
  ...base,
  symbol,
  instrument: `${symbol}-key`,
  exchangeTs: at,
  receivedTs: at,
  optionType: 'call',
  strike: 100000,
  expiryTs: 0,
  markPrice: 0.01,
  markIv: 50,
  delta: 0.1,
  gamma: 0,
  vega: 0,
  theta: 0,
  rho: 0,
  underlyingPrice: 90000,
  underlyingIndex: 'BTC-26DEC26',
});
const status = (state: FeedStatus['state'], ts: number): FeedStatus => ({ type: 'feed_status', exchange: 'deribit_options', state, reason: state, ts });
const made = (symbol: string, id: number, time: number): SweptTrade => ({ symbol, id, price: '0.02', qty: '0.5', time, isBuyerMaker: true });

/** A swept trade as published: the symbol's record's names, the venue's figures, read at the sweep. */
const repaired = (symbol: string, id: number, time: number, at: number): TradeEvent => ({
  type: 'trade',
  ...base,
  symbol,
  instrument: `${symbol}-key`,
  connectionId: 'rest-history',
  exchangeTs: time,
  receivedTs: at,
  tradeId: String(id),
  price: 0.02,
  quantity: 0.5,
  side: 'SELL',
  isBuyerMaker: true,
  source: 'repair',
});

describe('sweepReconnectTrades', () => {
  it("names and fills, a second after the venue's subscribed, the trades its instruments made while the connection was lost: a first trade too, none published before, none of an unfollowed symbol", () => {
    const s = scheduler();
    const asked: string[] = [];
    s.run(({ cold, expectObservable }) => {
      const a = summary('BTC-A', 0);
      const b = summary('BTC-B', 0);
      // A traded id 5 at 10 ms; B never traded. Lost at 100 ms, back at 3000 ms; the sweep's answer takes 5 ms.
      const source = cold<FeedEvent>('a 9ms b 9ms t 79ms d 2899ms u 5000ms |', {
        a,
        b,
        t: trade('BTC-A', 5, 20),
        d: status('disconnected', 100),
        u: status('subscribed', 3000),
      });
      const sweep = (exchange: string, since: number, until: number) => {
        asked.push(`${exchange} ${since}..${until} at ${s.now()}`);
        return cold('5ms (x|)', {
          x: { trades: [made('BTC-A', 5, 20), made('BTC-A', 6, 500), made('BTC-A', 7, 900), made('BTC-B', 1, 700), made('BTC-C', 1, 800)] },
        });
      };
      const gap = (symbol: string, from: number, to: number, state: 'gap' | 'gap_repaired', reason: string): FeedStatus => ({
        type: 'feed_status',
        exchange: 'deribit_options',
        symbol,
        state,
        reason,
        missingFrom: from,
        missingTo: to,
        lastEventTs: -980,
        ts: 4005,
      });
      const between = 'between 1969-12-31T23:59:59.020Z and 1970-01-01T00:00:03.000Z';
      expectObservable(source.pipe(sweepReconnectTrades({ madeBetween: sweep, scheduler: s }))).toBe(
        'a 9ms b 9ms t 79ms d 2899ms u 1004ms (ABCDEFG) 3987ms |',
        {
          a,
          b,
          t: trade('BTC-A', 5, 20),
          d: status('disconnected', 100),
          u: status('subscribed', 3000),
          A: gap('BTC-A', 6, 7, 'gap', `trade ids 6..7 made across a reconnect (${between}), found in deribit_options's trades made then`),
          B: repaired('BTC-A', 6, 500, 4005),
          C: repaired('BTC-A', 7, 900, 4005),
          D: gap('BTC-A', 6, 7, 'gap_repaired', "2 trades repaired from deribit_options's trades made across a reconnect"),
          E: gap('BTC-B', 1, 1, 'gap', `trade ids 1..1 made across a reconnect (${between}), found in deribit_options's trades made then`),
          F: repaired('BTC-B', 1, 700, 4005),
          G: gap('BTC-B', 1, 1, 'gap_repaired', "1 trades repaired from deribit_options's trades made across a reconnect"),
        },
      );
    });
    // From the last record heard before the loss (20 ms) less a second, to the subscribed; asked a second after it.
    expect(asked).toEqual(['deribit_options -980..3000 at 4000']);
  });

  it('leaves to detectGaps a symbol with trades published before the loss and since, and names only the ids below the first published since of a symbol first traded in the hole', () => {
    const s = scheduler();
    s.run(({ cold, expectObservable }) => {
      const a = summary('BTC-A', 0);
      const b = summary('BTC-B', 0);
      // Since the loss, A's id 8 (5 before it) and B's id 3 came live before the sweep.
      const source = cold<FeedEvent>('a b t d 996ms u x y 3000ms |', {
        a,
        b,
        t: trade('BTC-A', 5, 2),
        d: status('retry_scheduled', 3),
        u: status('subscribed', 1000),
        x: trade('BTC-A', 8, 1001),
        y: trade('BTC-B', 3, 1002),
      });
      const sweep = () => of({ trades: [made('BTC-A', 6, 500), made('BTC-A', 7, 600), made('BTC-B', 1, 700), made('BTC-B', 2, 800), made('BTC-B', 3, 1002)] });
      const events: FeedEvent[] = [];
      source.pipe(sweepReconnectTrades({ madeBetween: sweep, scheduler: s })).subscribe((event) => events.push(event));
      expectObservable(of(null)).toBe('(n|)', { n: null });
      s.flush();
      const added = events.flatMap((event) =>
        event.type === 'trade' && event.source === 'repair'
          ? [`trade ${event.symbol} ${event.tradeId}`]
          : event.type === 'feed_status' && event.symbol !== undefined
            ? [`${event.state} ${event.symbol} ${event.missingFrom}..${event.missingTo}`]
            : [],
      );
      expect(added).toEqual(['gap BTC-B 1..2', 'trade BTC-B 1', 'trade BTC-B 2', 'gap_repaired BTC-B 1..2']);
    });
  });

  it('sweeps nothing for a venue that cannot say, and nothing without a loss', () => {
    const s = scheduler();
    s.run(({ cold, expectObservable }) => {
      const source = cold<FeedEvent>('u 999ms d 999ms u 2000ms |', { u: status('subscribed', 0), d: status('disconnected', 1000) });
      let asked = 0;
      const sweep = () => {
        asked += 1;
        return undefined;
      };
      expectObservable(source.pipe(sweepReconnectTrades({ madeBetween: sweep, scheduler: s }))).toBe('u 999ms d 999ms u 2000ms |', {
        u: status('subscribed', 0),
        d: status('disconnected', 1000),
      });
      s.flush();
      expect(asked).toBe(1);
    });
  });

  it('sweeps each shard from its own loss to its own subscribed: a shard back later is swept up to then', () => {
    const s = scheduler();
    const asked: string[] = [];
    s.run(({ cold }) => {
      const inShard = (state: FeedStatus['state'], ts: number, shard: string): FeedStatus => ({ ...status(state, ts), shard });
      const source = cold<FeedEvent>('a 99ms d e 898ms u 999ms v 3000ms |', {
        a: summary('BTC-A', 0),
        d: inShard('disconnected', 100, 's1'),
        e: inShard('disconnected', 101, 's2'),
        u: inShard('subscribed', 1000, 's1'),
        v: inShard('subscribed', 2000, 's2'),
      });
      const sweep = (exchange: string, since: number, until: number) => {
        asked.push(`${since}..${until} at ${s.now()}`);
        return of({ trades: [] });
      };
      source.pipe(sweepReconnectTrades({ madeBetween: sweep, scheduler: s })).subscribe();
    });
    expect(asked).toEqual(['-1000..1000 at 2000', '-1000..2000 at 3000']);
  });

  it('forgets a delisted symbol: a trade of it swept later is not published', () => {
    const s = scheduler();
    const events: FeedEvent[] = [];
    s.run(({ cold }) => {
      const delisted: FeedStatus = { ...status('delisted', 1), symbol: 'BTC-A' };
      const source = cold<FeedEvent>('a l d 997ms u 2000ms |', {
        a: summary('BTC-A', 0),
        l: delisted,
        d: status('disconnected', 2),
        u: status('subscribed', 1000),
      });
      source.pipe(sweepReconnectTrades({ madeBetween: () => of({ trades: [made('BTC-A', 1, 500)] }), scheduler: s })).subscribe((event) => events.push(event));
    });
    expect(events.map((event) => event.type)).toEqual(['option_summary', 'feed_status', 'feed_status', 'feed_status']);
  });

  it('passes the records of a venue it cannot sweep untouched, and never asks for its trades', () => {
    const s = scheduler();
    const asked: string[] = [];
    s.run(({ cold, expectObservable }) => {
      const a = summary('BTC-A', 0);
      const source = cold<FeedEvent>('a 9ms t 9ms d 9ms u 2000ms |', {
        a,
        t: trade('BTC-A', 5, 10),
        d: status('disconnected', 20),
        u: status('subscribed', 30),
      });
      const sweep = (exchange: string) => {
        asked.push(exchange);
        return of({ trades: [made('BTC-A', 6, 25)] });
      };
      expectObservable(source.pipe(sweepReconnectTrades({ madeBetween: sweep, sweeps: () => false, scheduler: s }))).toBe('a 9ms t 9ms d 9ms u 2000ms |', {
        a,
        t: trade('BTC-A', 5, 10),
        d: status('disconnected', 20),
        u: status('subscribed', 30),
      });
    });
    expect(asked).toEqual([]);
  });
});

describe('sweepReconnectTrades on a listing', () => {
  const listed = (symbol: string, ts: number, absentAt: number): FeedStatus => ({ ...status('listed', ts), symbol, lastEventTs: absentAt });

  it("names and fills what an instrument listed during the run traded before its first record here, from the venue's previous list on: its first trade too", () => {
    const s = scheduler();
    const asked: string[] = [];
    const events: FeedEvent[] = [];
    s.run(({ cold }) => {
      // The list read at 60 000 ms holds BTC-N, the one at 0 did not; its first record here at 62 000 ms, its first live trade id 4 at 62 500.
      const source = cold<FeedEvent>('l 1999ms n 499ms t 3000ms |', {
        l: listed('BTC-N', 60_000, 0),
        n: summary('BTC-N', 62_000),
        t: trade('BTC-N', 4, 62_500),
      });
      const sweep = (exchange: string, since: number, until: number) => {
        asked.push(`${exchange} ${since}..${until} at ${s.now()}`);
        // Another option's trades come in the same answer: only BTC-N's are the listing's.
        return of({
          trades: [made('BTC-N', 1, 30_000), made('BTC-N', 2, 45_000), made('BTC-N', 3, 61_000), made('BTC-N', 4, 62_500), made('BTC-A', 9, 50_000)],
        });
      };
      source.pipe(sweepReconnectTrades({ madeBetween: sweep, scheduler: s })).subscribe((event) => events.push(event));
    });
    expect(asked).toEqual(['deribit_options -1000..63000 at 3000']);
    const added = events.flatMap((event) =>
      event.type === 'trade' && event.source === 'repair'
        ? [`trade ${event.symbol} ${event.tradeId}`]
        : event.type === 'feed_status' && event.missingFrom !== undefined
          ? [`${event.state} ${event.symbol} ${event.missingFrom}..${event.missingTo}: ${event.reason}`]
          : [],
    );
    expect(added).toEqual([
      "gap BTC-N 1..3: trade ids 1..3 made between its listing and its first record here (between 1969-12-31T23:59:59.000Z and 1970-01-01T00:01:02.000Z), found in deribit_options's trades made then",
      'trade BTC-N 1',
      'trade BTC-N 2',
      'trade BTC-N 3',
      "gap_repaired BTC-N 1..3: 3 trades repaired from deribit_options's trades made between its listing and its first record here",
    ]);
  });

  it('sweeps a listing once, never one heard before its listed status, and forgets one delisted before it was heard', () => {
    const s = scheduler();
    const asked: string[] = [];
    s.run(({ cold }) => {
      const source = cold<FeedEvent>('a l m d 96ms x y z 3000ms |', {
        a: summary('BTC-A', 0),
        // BTC-A was heard already (a list read late); BTC-D is delisted before it is ever heard.
        l: listed('BTC-A', 1, 0),
        m: listed('BTC-D', 2, 0),
        d: { ...status('delisted', 3), symbol: 'BTC-D' },
        x: summary('BTC-A', 100),
        y: summary('BTC-D', 101),
        z: summary('BTC-A', 102),
      });
      const sweep = (exchange: string, since: number, until: number) => {
        asked.push(`${since}..${until}`);
        return of({ trades: [] });
      };
      source.pipe(sweepReconnectTrades({ madeBetween: sweep, scheduler: s })).subscribe();
    });
    expect(asked).toEqual([]);
  });

  /** BTC-N's and BTC-M's summaries first (their underlying's marks); BTC-N's first live trade is id 5; BTC-M's id 2 comes live at `m2`, if given. */
  const afterFirstRecord = (m2?: string): { readonly asked: readonly string[]; readonly repaired: readonly string[] } => {
    const s = scheduler();
    const asked: string[] = [];
    const events: FeedEvent[] = [];
    s.run(({ cold }) => {
      const source = cold<FeedEvent>(`(lm) 1999ms n 99ms o 499ms t ${m2 ?? ''} 3000ms |`, {
        l: listed('BTC-N', 60_000, 0),
        m: listed('BTC-M', 60_000, 0),
        n: summary('BTC-N', 62_000),
        o: summary('BTC-M', 62_100),
        t: trade('BTC-N', 5, 62_600),
        u: trade('BTC-M', 2, 62_700),
      });
      const sweep = (exchange: string, since: number, until: number) => {
        asked.push(`${since}..${until} at ${s.now()}`);
        return of({ trades: [made('BTC-N', 4, 62_300), made('BTC-N', 5, 62_600), made('BTC-M', 1, 62_400), made('BTC-M', 2, 62_700)] });
      };
      source.pipe(sweepReconnectTrades({ madeBetween: sweep, scheduler: s })).subscribe((event) => events.push(event));
    });
    return {
      asked,
      repaired: events.flatMap((event) =>
        event.type === 'trade' && event.source === 'repair' ? [`${event.symbol} ${event.tradeId} at ${event.receivedTs}`] : [],
      ),
    };
  };

  it('fills what a listing traded after its first record here when a later trade of it came live, or half a settle time before the sweep (its trades\u2019 stream was not live yet); one made later that comes live within a settle time is not filled', () => {
    // BTC-M's id 2, made 400 ms before the sweep's end with nothing of it published since, may still be on its way: it comes live at 3,501.
    const { asked, repaired } = afterFirstRecord('899ms u');
    expect(asked).toEqual(['-1000..63100 at 3003']);
    expect(repaired).toEqual(['BTC-N 4 at 3003', 'BTC-M 1 at 3003']);
  });

  it('fills, a settle time after the sweep, a listing trade that might still have come live and did not (its trades\u2019 stream subscribed after its first record)', () => {
    const { asked, repaired } = afterFirstRecord();
    expect(asked).toEqual(['-1000..63100 at 3003']);
    expect(repaired).toEqual(['BTC-N 4 at 3003', 'BTC-M 1 at 3003', 'BTC-M 2 at 4003']);
  });

  it('sweeps a listing batch a settle time after a connection said it subscribed one of its instruments, when that came after its first record: asked up to then', () => {
    const s = scheduler();
    const asked: string[] = [];
    s.run(({ cold }) => {
      // BTC-N's mark at 2,000; its shard's trades socket acknowledged at 2,799 (a `subscribed` naming it), another shard's at 2,899: not BTC-N's.
      const source = cold<FeedEvent>('l 1999ms n 798ms a 99ms b 3000ms |', {
        l: listed('BTC-N', 60_000, 0),
        n: summary('BTC-N', 62_000),
        a: { ...status('subscribed', 62_800), shard: 's1', instruments: ['BTC-N-key'] },
        b: { ...status('subscribed', 62_900), shard: 's2', instruments: ['BTC-X-key'] },
      });
      const sweep = (exchange: string, since: number, until: number) => {
        asked.push(`${since}..${until} at ${s.now()}`);
        return of({ trades: [] });
      };
      source.pipe(sweepReconnectTrades({ madeBetween: sweep, scheduler: s })).subscribe();
    });
    expect(asked).toEqual(['-1000..63800 at 3799']);
  });

  it('says, when the events end before a listing is swept, that its trades before its first record may be missing; a second look waiting is taken at once', () => {
    const s = scheduler();
    const events: FeedEvent[] = [];
    s.run(({ cold }) => {
      // BTC-M's first record at 4 (made at 1) and its sweep at 1,004, which leaves its id 2 (made at 700) for a second look due at 2,004;
      // BTC-N's first record at 1,504; the end at 1,704, before BTC-N's sweep and BTC-M's second look, taken then.
      const source = cold<FeedEvent>('(lm) o 1499ms n 199ms |', {
        l: listed('BTC-N', 0, 0),
        m: listed('BTC-M', 0, 0),
        o: summary('BTC-M', 1),
        n: summary('BTC-N', 1_504),
      });
      const sweep = () => of({ trades: [made('BTC-M', 1, 0), made('BTC-M', 2, 700)] });
      source.pipe(sweepReconnectTrades({ madeBetween: sweep, scheduler: s })).subscribe((event) => events.push(event));
    });
    const said = events.flatMap((event) =>
      event.type === 'trade' && event.source === 'repair'
        ? [`trade ${event.symbol} ${event.tradeId} at ${event.receivedTs}`]
        : event.type === 'feed_status' && event.state.startsWith('gap')
          ? [`${event.state} ${event.symbol ?? ''} at ${event.ts}: ${event.reason}`]
          : [],
    );
    expect(said).toEqual([
      "gap BTC-M at 1004: trade ids 1..1 made between its listing and its first record here (between 1969-12-31T23:59:59.000Z and 1970-01-01T00:00:00.001Z), found in deribit_options's trades made then",
      'trade BTC-M 1 at 1004',
      "gap_repaired BTC-M at 1004: 1 trades repaired from deribit_options's trades made between its listing and its first record here",
      "gap BTC-M at 1704: trade ids 2..2 made between its listing and its first record here (between 1969-12-31T23:59:59.000Z and 1970-01-01T00:00:00.700Z), found in deribit_options's trades made then",
      'trade BTC-M 2 at 1704',
      "gap_repaired BTC-M at 1704: 1 trades repaired from deribit_options's trades made between its listing and its first record here",
      'gap BTC-N at 1704: trades made between its listing and its first record here (between 1969-12-31T23:59:59.000Z and 1970-01-01T00:00:01.704Z) may be missing',
      "gap_unrepaired BTC-N at 1704: venue_error: deribit_options's trades made then could not be read: the pipeline stopped before they were swept",
    ]);
  });

  it('sweeps the listings first heard within one settle time with one question, from the earliest list time to the latest first record', () => {
    const s = scheduler();
    const asked: string[] = [];
    const events: FeedEvent[] = [];
    s.run(({ cold }) => {
      // An expiry lists three options at once; their first records come within 600 ms, the third's after the sweep.
      const source = cold<FeedEvent>('(lmn) 99ms a 499ms b 1999ms c 3000ms |', {
        l: listed('BTC-A', 5_000, 0),
        m: listed('BTC-B', 5_000, 0),
        n: listed('BTC-C', 5_000, 0),
        a: summary('BTC-A', 5_100),
        b: summary('BTC-B', 5_600),
        c: summary('BTC-C', 7_600),
      });
      const sweep = (exchange: string, since: number, until: number) => {
        asked.push(`${since}..${until} at ${s.now()}`);
        return of({ trades: [made('BTC-A', 1, 4_000), made('BTC-B', 1, 4_500), made('BTC-C', 1, 4_800), made('BTC-X', 3, 4_900)] });
      };
      source.pipe(sweepReconnectTrades({ madeBetween: sweep, scheduler: s })).subscribe((event) => events.push(event));
    });
    expect(asked).toEqual(['-1000..6600 at 1104', '-1000..8600 at 3604']);
    const repaired = events.flatMap((event) => (event.type === 'trade' && event.source === 'repair' ? [`${event.symbol} ${event.tradeId}`] : []));
    expect(repaired).toEqual(['BTC-A 1', 'BTC-B 1', 'BTC-C 1']);
  });

  it('says each listing of a sweep that cannot be read unrepaired, naming the time it may have traded in', () => {
    const s = scheduler();
    const events: FeedEvent[] = [];
    s.run(({ cold }) => {
      const source = cold<FeedEvent>('l 9ms a 3000ms |', { l: listed('BTC-N', 60_000, 0), a: summary('BTC-N', 62_000) });
      const sweep = () => cold<SweptTrades>('5ms #', undefined, new Error('deribit REST: timed out after 10000 ms'));
      source.pipe(sweepReconnectTrades({ madeBetween: sweep, scheduler: s })).subscribe((event) => events.push(event));
    });
    expect(
      events.flatMap((event) =>
        event.type === 'feed_status' && event.symbol === 'BTC-N' && event.state !== 'listed' ? [`${event.state}: ${event.reason}`] : [],
      ),
    ).toEqual([
      'gap: trades made between its listing and its first record here (between 1969-12-31T23:59:59.000Z and 1970-01-01T00:01:02.000Z) may be missing',
      "gap_unrepaired: venue_error: deribit_options's trades made then could not be read: deribit REST: timed out after 10000 ms",
    ]);
  });

  it("says a reconnect's sweep that cannot be read unrepaired once, for the shard that lost its connection, naming the time its trades may be missing from", () => {
    const s = scheduler();
    const events: FeedEvent[] = [];
    s.run(({ cold }) => {
      const lost = { ...status('disconnected', 3_000), shard: 'deribit_options-2' };
      const back = { ...status('subscribed', 8_000), shard: 'deribit_options-2' };
      const source = cold<FeedEvent>('a 1999ms b 999ms d 4999ms u 3000ms |', { a: summary('BTC-A', 0), b: trade('BTC-B', 7, 2_000), d: lost, u: back });
      const sweep = () => cold<SweptTrades>('5ms #', undefined, new Error('deribit REST: timed out after 10000 ms'));
      source.pipe(sweepReconnectTrades({ madeBetween: sweep, scheduler: s })).subscribe((event) => events.push(event));
    });
    const said = events.flatMap((event) => (event.type === 'feed_status' && event.state.startsWith('gap') ? [event] : []));
    expect(said.map(({ state, symbol, shard, reason, lastEventTs }) => ({ state, symbol, shard, reason, lastEventTs }))).toEqual([
      {
        state: 'gap',
        symbol: undefined,
        shard: 'deribit_options-2',
        reason: 'trades made across a reconnect (between 1970-01-01T00:00:01.000Z and 1970-01-01T00:00:08.000Z) may be missing',
        lastEventTs: 1_000,
      },
      {
        state: 'gap_unrepaired',
        symbol: undefined,
        shard: 'deribit_options-2',
        reason:
          "venue_error: deribit_options's trades made then could not be read: deribit REST: timed out after 10000 ms; each instrument's next trade names its own hole",
        lastEventTs: 1_000,
      },
    ]);
  });

  it("lets go, an hour after its listing, of one never heard here (another instance's shard)", () => {
    const s = scheduler();
    const asked: string[] = [];
    s.run(({ cold }) => {
      const hour = 3_600_000;
      const source = cold<FeedEvent>('l 9ms m 9ms n 3000ms |', {
        l: listed('BTC-N', 0, 0),
        m: listed('BTC-M', hour + 1, hour),
        n: summary('BTC-N', hour + 2),
      });
      const sweep = (exchange: string, since: number, until: number) => {
        asked.push(`${since}..${until}`);
        return of({ trades: [] });
      };
      source.pipe(sweepReconnectTrades({ madeBetween: sweep, scheduler: s })).subscribe();
    });
    expect(asked).toEqual([]);
  });
});
