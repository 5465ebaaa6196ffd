import { of } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { FeedEvent, FeedStatus, TradeEvent } from '../model/index.js';
import { createTestScheduler as scheduler } from './__fixtures__/market-events.js';
import { base, made, status, summary, trade } from './__fixtures__/option-sweep-events.js';
import { sweepReconnectTrades, type SweptTrades } from './sweep-reconnect-trades.js';

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
});
