import { ReplaySubject } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { bitgetFuturesProtocol, bitgetProtocol } from '../bitget/bitget-protocol.js';
import { okxProtocol, okxSwapProtocol } from '../okx/okx-protocol.js';
import type { ConnectionPlan, ControlFrame } from '../venue-protocol.js';
import { SocketSubscribing, type Wanted } from './socket-subscribing.js';

/** A venue that takes 2 topics a request and 5 requests a second, answers by request id, and wants `hello` (and, with `auth`, `login`) first. */
function plan(auth: boolean): ConnectionPlan {
  return {
    url: (base) => base,
    subscribe: {
      maxTopicsPerRequest: 2,
      requestsPerSecond: 5,
      requestId: (connectionId, n) => `${connectionId}-${n}`,
      subscribeRequest: (topics, id) => ({ id, topics, text: `sub ${id} ${topics.join(',')}` }),
      unsubscribeRequest: (topics, id) => `unsub ${id} ${topics.join(',')}`,
      resubscribe: (topic, id) => ({ unsubscribe: `unsub ${id}-u ${topic}`, subscribe: { id, topics: [topic], text: `sub ${id} ${topic}` } }),
    },
    openMessages: () => ['hello'],
    ...(auth ? { authenticate: () => 'login' } : {}),
  };
}

const ack = (requestId: string, extra: Partial<Extract<ControlFrame, { kind: 'subscribe_ack' }>> = {}): ControlFrame => ({
  kind: 'subscribe_ack',
  success: true,
  message: '',
  requestId,
  ...extra,
});

function scheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

/** A socket's subscribing whose sends and events all go, in order, to `said`. */
function subscribing(s: TestScheduler, venue: ConnectionPlan, wanted: { now: Wanted }, carried: readonly string[] = []) {
  // Replayed: what the socket says at open comes before the marble's subscription at frame 0.
  const said = new ReplaySubject<string>();
  const socket = new SocketSubscribing(
    venue,
    { exchange: 'bybit', connectionId: 'c1', send: (text) => said.next(text), scheduler: s, carried, wanted: () => wanted.now },
    {
      subscribed: (reason, carried) => said.next(`subscribed ${reason}${carried ? '' : ' (dropped only)'}`),
      unserved: (topics, message) => said.next(`unserved ${topics.join(',')}: ${message}`),
      refused: (error) => said.next(`refused: ${error.message}`),
      held: (reason) => said.next(`delayed ${reason}`),
    },
  );
  return { said, socket };
}

describe('SocketSubscribing', () => {
  it('sends the open messages, then the wanted topics the URL did not carry, paced, and says subscribed once every ack came', () => {
    const s = scheduler();
    s.run(({ expectObservable }) => {
      const wanted = { now: { topics: ['a', 'b', 'c', 'd', 'e'], symbols: 5 } };
      const { said, socket } = subscribing(s, plan(false), wanted, ['a']);
      s.schedule(() => socket.start(), 0);
      s.schedule(() => socket.control(ack('c1-1')), 10);
      s.schedule(() => socket.control(ack('c1-2')), 20);
      expectObservable(said, '^ 1s !').toBe('(hij) 15ms k', { h: 'hello', i: 'sub c1-1 b,c', j: 'sub c1-2 d,e', k: 'subscribed 5 topics' });
    });
  });

  it('holds its subscribes until the venue accepts the open messages (authentication)', () => {
    const s = scheduler();
    s.run(({ expectObservable }) => {
      const wanted = { now: { topics: ['a'], symbols: 1 } };
      const { said, socket } = subscribing(s, plan(true), wanted);
      s.schedule(() => socket.start(), 0);
      // The instruments change before the venue answers: nothing is asked for yet.
      s.schedule(() => socket.follow(), 5);
      s.schedule(() => socket.control({ kind: 'opened' }), 30);
      s.schedule(() => socket.control(ack('c1-1')), 40);
      expectObservable(said, '^ 1s !').toBe('(hl) 26ms s 9ms k', { h: 'hello', l: 'login', s: 'sub c1-1 a', k: 'subscribed 1 topics' });
    });
  });

  it('says unserved the topics an answer naming everything subscribed leaves out, and carries on; a refusal fails', () => {
    const s = scheduler();
    s.run(({ expectObservable }) => {
      const wanted = { now: { topics: ['a', 'b', 'c'], symbols: 3 } };
      const { said, socket } = subscribing(s, plan(false), wanted);
      s.schedule(() => socket.start(), 0);
      s.schedule(() => socket.control(ack('c1-1', { topics: ['a'], complete: true, message: 'no such channel' })), 10);
      s.schedule(() => socket.control(ack('c1-2', { success: false, message: 'too many' })), 20);
      expectObservable(said, '^ 1s !').toBe('(hij) 5ms u 9ms r', {
        h: 'hello',
        i: 'sub c1-1 a,b',
        j: 'sub c1-2 c',
        u: 'unserved b: no such channel',
        r: 'refused: bybit rejected subscription to c: too many',
      });
    });
  });

  it('says unserved the topics an answer names as not subscribed, without a request id, settles the others, carries on, and asks for none of them again', () => {
    const s = scheduler();
    s.run(({ expectObservable }) => {
      const wanted = { now: { topics: ['a', 'b', 'c'], symbols: 3 } };
      const { said, socket } = subscribing(s, plan(false), wanted);
      s.schedule(() => socket.start(), 0);
      // One answer by topics (Bybit's option socket): a and c taken, b not.
      s.schedule(() => socket.control({ kind: 'subscribe_ack', success: true, message: 'failTopics', topics: ['a', 'c'], unserved: ['b'] }), 10);
      // The instruments are read again, the same: b is not asked for again.
      s.schedule(() => socket.follow(), 20);
      expectObservable(said, '^ 1s !').toBe('(hij) 5ms (uk)', {
        h: 'hello',
        i: 'sub c1-1 a,b',
        j: 'sub c1-2 c',
        u: 'unserved b: failTopics',
        k: 'subscribed 2 topics',
      });
    });
  });

  it('settles a request all of whose topics were not subscribed: the socket carries what it was answered for', () => {
    const s = scheduler();
    s.run(({ expectObservable }) => {
      const wanted = { now: { topics: ['a', 'b', 'c'], symbols: 3 } };
      const { said, socket } = subscribing(s, plan(false), wanted);
      s.schedule(() => socket.start(), 0);
      s.schedule(() => socket.control({ kind: 'subscribe_ack', success: true, message: '', topics: ['a', 'b'] }), 10);
      s.schedule(() => socket.control({ kind: 'subscribe_ack', success: true, message: 'failTopics', topics: [], unserved: ['c'] }), 20);
      expectObservable(said, '^ 1s !').toBe('(hij) 15ms (uk)', {
        h: 'hello',
        i: 'sub c1-1 a,b',
        j: 'sub c1-2 c',
        u: 'unserved c: failTopics',
        k: 'subscribed 2 topics',
      });
    });
  });

  it('follows the instruments: the new topics asked for, the gone dropped (said at once when nothing is added)', () => {
    const s = scheduler();
    s.run(({ expectObservable }) => {
      const wanted = { now: { topics: ['a', 'b'], symbols: 2 } };
      const { said, socket } = subscribing(s, plan(false), wanted);
      s.schedule(() => socket.start(), 0);
      s.schedule(() => socket.control(ack('c1-1')), 10);
      s.schedule(() => {
        wanted.now = { topics: ['a'], symbols: 1 };
        socket.follow();
      }, 20);
      s.schedule(() => {
        wanted.now = { topics: ['a', 'c'], symbols: 2 };
        socket.follow();
      }, 30);
      expectObservable(said, '^ 1s !').toBe('(hi) 6ms k 9ms (ud) 6ms s', {
        h: 'hello',
        i: 'sub c1-1 a,b',
        k: 'subscribed 2 topics',
        u: 'unsub c1-2 b',
        d: 'subscribed 1 topics (dropped only)',
        s: 'sub c1-3 c',
      });
    });
  });

  it("holds requests past the venue's hourly cap until the oldest leaves the hour, says so once, and drops none", () => {
    const s = scheduler();
    s.run(({ expectObservable }) => {
      const base = plan(false);
      const capped: ConnectionPlan = { ...base, ...(base.subscribe === undefined ? {} : { subscribe: { ...base.subscribe, requestsPerHour: 4 } }) };
      const wanted = { now: { topics: ['a', 'b'], symbols: 2 } };
      const { said, socket } = subscribing(s, capped, wanted);
      s.schedule(() => socket.start(), 0);
      s.schedule(() => socket.control(ack('c1-1')), 10);
      // Two resyncs: the first uses the hour's last two requests, the second waits for the hour (and its margin) to pass.
      s.schedule(() => socket.resubscribe('a'), 20);
      s.schedule(() => socket.resubscribe('b'), 30);
      expectObservable(said, '^ 120m !').toBe('(hi) 6ms k 9ms (uv) 6ms d 3659969ms (wx)', {
        h: 'hello',
        i: 'sub c1-1 a,b',
        k: 'subscribed 2 topics',
        u: 'unsub c1-resub-1-u a',
        v: 'sub c1-resub-1 a',
        d: 'delayed 4 subscribe and unsubscribe requests an hour on this connection used: the next in 3660 s',
        w: 'unsub c1-resub-2-u b',
        x: 'sub c1-resub-2 b',
      });
    });
  });

  it('keeps the hourly caps Bitget (240) and OKX (480) document per connection', () => {
    const perHour = [bitgetProtocol, bitgetFuturesProtocol, okxProtocol, okxSwapProtocol].map((p) => p.connection.subscribe?.requestsPerHour);
    expect(perHour).toEqual([240, 240, 480, 480]);
  });

  it('resubscribes one topic with its own request id, where the venue has the request', () => {
    const s = scheduler();
    s.run(({ expectObservable }) => {
      const wanted = { now: { topics: ['a'], symbols: 1 } };
      const { said, socket } = subscribing(s, plan(false), wanted, ['a']);
      const ids: (string | undefined)[] = [];
      s.schedule(() => socket.start(), 0);
      s.schedule(() => ids.push(socket.resubscribe('a')), 10);
      expectObservable(said, '^ 1s !').toBe('(hk) 6ms (us)', { h: 'hello', k: 'subscribed 1 symbols', u: 'unsub c1-resub-1-u a', s: 'sub c1-resub-1 a' });
      s.flush();
      expect(ids).toEqual(['c1-resub-1']);
    });
  });

  it('sends the open messages at once and carries everything at open where only the URL subscribes', () => {
    const s = scheduler();
    s.run(({ expectObservable }) => {
      const { subscribe: _unused, ...urlOnly } = plan(false);
      const { said, socket } = subscribing(s, urlOnly, { now: { topics: ['a', 'b'], symbols: 2 } }, ['a', 'b']);
      s.schedule(() => socket.start(), 0);
      expectObservable(said, '^ 1s !').toBe('(hk)', { h: 'hello', k: 'subscribed 2 symbols' });
      s.flush();
      expect([socket.subscribed, socket.resubscribe('a')]).toEqual([undefined, undefined]);
    });
  });
});
