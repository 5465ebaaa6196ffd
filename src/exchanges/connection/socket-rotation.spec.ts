import { Subject } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import type { TradeEvent } from '../../model/index.js';
import { trade } from '../../operators/__fixtures__/market-events.js';
import { DRAIN_LIMIT_MS, SocketRotation } from './socket-rotation.js';

const tradeOf = (id: number, connectionId: string): TradeEvent => trade({ exchange: 'binance', exchangeTs: id, tradeId: String(id), connectionId });

/** A socket that says when it is closed (and, when it can drain, when it is asked to). */
class Socket {
  constructor(
    readonly name: string,
    private readonly said: Subject<string>,
    private readonly drainer?: (read: () => void) => void,
  ) {}
  close(): void {
    this.said.next(`${this.name} closed`);
  }
  /** Read at once when it cannot tell, as a socket that takes no ping. */
  drain(read: () => void): void {
    if (this.drainer === undefined) read();
    else this.drainer(read);
  }
}

function scheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

/**
 * A feed of sockets named c1, c2, ... whose rotation says what happens on `said`; a new socket opens `openMs` after
 * it is asked for and carries everything `subscribeMs` later; with `drainMs`, a socket asked to drain has read
 * everything `drainMs` later (never, with Infinity).
 */
function feed(s: TestScheduler, openMs: number, subscribeMs: number, drainMs?: number) {
  const said = new Subject<string>();
  let n = 0;
  const rotation: SocketRotation<Socket> = new SocketRotation<Socket>({ lifetimeMs: 60_000, overlapMs: 5000 }, s, {
    reopen: (from, reason) => {
      said.next(`${from.name} rotating: ${reason}`);
      open(from);
    },
    release: (items) => said.next(`released ${items.map((item) => (item.type === 'trade' ? item.tradeId : item.type)).join(',')}`),
  });
  const open = (previous: Socket | undefined): Socket => {
    n += 1;
    const name = `c${n}`;
    const drain =
      drainMs === undefined
        ? undefined
        : (read: () => void): void => {
            said.next(`${name} draining`);
            if (drainMs !== Infinity) s.schedule(read, drainMs);
          };
    const socket = new Socket(name, said, drain);
    rotation.add(socket);
    s.schedule(() => {
      rotation.opened(socket, previous);
      s.schedule(() => rotation.carriesAll(socket), subscribeMs);
    }, openMs);
    return socket;
  };
  return { said, rotation, open };
}

/** What a feed publishes of each socket's trades, in the rotation's order: `publish(socket, trades)` adds their ids to `published`. */
function publisher(rotation: SocketRotation<Socket>) {
  const published: string[] = [];
  const publish = (socket: Socket | undefined, items: readonly TradeEvent[]): void => {
    if (socket !== undefined) for (const item of rotation.ordered(socket, items)) published.push(item.type === 'trade' ? item.tradeId : item.type);
  };
  return { published, publish };
}

describe('SocketRotation', () => {
  it('opens a new socket at the lifetime and closes the old one the overlap after the new one carries everything', () => {
    const s = scheduler();
    s.run(({ expectObservable }) => {
      const { said, rotation, open } = feed(s, 100, 900);
      open(undefined);
      s.schedule(() => rotation.dispose(), 127_000);
      // c1 opens at 100 ms: rotated at 60.1 s; c2 opens at 60.2 s and carries everything at 61.1 s; c1 closes at 66.1 s.
      // c2 is rotated at 120.2 s and closes at 126.2 s; c3 closes when the feed ends.
      expectObservable(said, '^ 200s !').toBe('60100ms a 5999ms b 54099ms c 5999ms d 799ms e', {
        a: 'c1 rotating: connection lifetime',
        b: 'c1 closed',
        c: 'c2 rotating: connection lifetime',
        d: 'c2 closed',
        e: 'c3 closed',
      });
    });
  });

  it('keeps a slow new socket waiting: the old one stays open until the new one carries everything', () => {
    const s = scheduler();
    s.run(({ expectObservable }) => {
      const { said, rotation, open } = feed(s, 100, 30_000);
      open(undefined);
      s.schedule(() => rotation.dispose(), 100_000);
      // c2 carries everything at 90.2 s: c1 closes at 95.2 s, not 5 s after c2 opened.
      expectObservable(said, '^ 99s !').toBe('60100ms a 35099ms b', { a: 'c1 rotating: connection lifetime', b: 'c1 closed' });
    });
  });

  it("holds the newer socket's trades while the older one is open and publishes them in the venue's order", () => {
    const s = scheduler();
    s.run(({ expectObservable }) => {
      const { said, rotation, open } = feed(s, 100, 900);
      const c1 = open(undefined);
      let c2: Socket | undefined;
      const { published, publish } = publisher(rotation);
      s.schedule(() => {
        c2 = rotation.active;
        publish(c2, [tradeOf(2, 'c2'), tradeOf(3, 'c2')]);
        publish(c1, [tradeOf(1, 'c1'), tradeOf(2, 'c1')]);
        publish(c2, [tradeOf(4, 'c2')]);
      }, 62_000);
      s.schedule(() => expect(published).toEqual(['1', '2']), 63_000);
      s.schedule(() => rotation.dispose(), 70_000);
      // When c1 closes, the trades c1 never delivered go, in c2's order.
      expectObservable(said, '^ 69s !').toBe('60100ms a 5999ms (bc)', { a: 'c1 rotating: connection lifetime', b: 'c1 closed', c: 'released 3,4' });
    });
  });

  it("closes a replaced socket only once it has drained, the newer socket's trades waiting till then and settled by what it still delivers", () => {
    const s = scheduler();
    s.run(({ expectObservable }) => {
      const { said, rotation, open } = feed(s, 100, 900, 3000);
      const c1 = open(undefined);
      const { published, publish } = publisher(rotation);
      s.schedule(() => {
        publish(rotation.active, [tradeOf(2, 'c2'), tradeOf(3, 'c2')]);
        publish(c1, [tradeOf(1, 'c1')]);
      }, 62_000);
      // Frames c1 was sent before its overlap ended, read while it drains (an instance behind its sockets).
      s.schedule(() => publish(c1, [tradeOf(2, 'c1')]), 68_000);
      s.schedule(() => expect(published).toEqual(['1', '2']), 69_000);
      s.schedule(() => rotation.dispose(), 70_000);
      // The overlap ends at 66.1 s; c1 has drained at 69.1 s, and closes then, c2's trade 3 going after it.
      expectObservable(said, '^ 69.5s !').toBe('60100ms a 5999ms b 2999ms (cd)', {
        a: 'c1 rotating: connection lifetime',
        b: 'c1 draining',
        c: 'c1 closed',
        d: 'released 3',
      });
    });
  });

  it(`closes a replaced socket that never drains (a venue that stopped answering pings) ${DRAIN_LIMIT_MS / 1000} s after its overlap`, () => {
    const s = scheduler();
    s.run(({ expectObservable }) => {
      const { said, rotation, open } = feed(s, 100, 900, Infinity);
      open(undefined);
      s.schedule(() => rotation.dispose(), 126_150);
      expectObservable(said, '^ 127s !').toBe('60100ms a 5999ms b 54099ms e 5899ms c 49ms (xy)', {
        a: 'c1 rotating: connection lifetime',
        b: 'c1 draining',
        e: 'c2 rotating: connection lifetime',
        c: 'c1 closed',
        x: 'c2 closed',
        y: 'c3 closed',
      });
    });
  });

  it('fails the feed only for the active socket, and rotates only the active one', () => {
    const s = scheduler();
    s.run(({ expectObservable }) => {
      const { said, rotation, open } = feed(s, 100, 900);
      const c1 = open(undefined);
      const outcomes: boolean[] = [];
      s.schedule(() => {
        // c2 is active from 60.1 s: c1 failing during the overlap is no failure of the feed, nor is a rotation c1's venue asks for.
        rotation.rotate(c1, 'server shutdown');
        outcomes.push(rotation.failed(c1));
        const active = rotation.active;
        if (active !== undefined) outcomes.push(rotation.failed(active));
      }, 62_000);
      s.schedule(() => rotation.dispose(), 70_000);
      // c1, failed in its overlap, is not closed again when the overlap ends.
      expectObservable(said, '^ 80s !').toBe('60100ms a 1899ms (bc)', { a: 'c1 rotating: connection lifetime', b: 'c1 closed', c: 'c2 closed' });
      s.flush();
      expect(outcomes).toEqual([false, true]);
    });
  });
});
