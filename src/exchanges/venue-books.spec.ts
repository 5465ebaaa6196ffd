import { map } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import type { VenueOutput } from './venue-item.js';
import { bybitProtocol, bybitProtocolWith } from './bybit/bybit-protocol.js';
import { fakeSockets, type SocketScript } from './__fixtures__/fake-sockets.js';
import { venueFeed } from './venue-feed.js';
import type { StreamSpec, VenueProtocol } from './venue-protocol.js';

function scheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

const describeEvent = (e: VenueOutput): string => {
  if (e.type === 'invalid_frame') return `invalid ${e.error}`;
  if (e.type === 'feed_status') return `${e.state}${e.symbol === undefined ? '' : ` ${e.symbol}`} ${e.reason}`;
  if (e.type === 'order_book')
    return `book ${e.symbol} u${e.updateId} ${e.bids.map((l) => `${l.price}x${l.size}`).join(',')} / ${e.asks.map((l) => `${l.price}x${l.size}`).join(',')} ${e.connectionId}`;
  return `${e.type} ${e.symbol}`;
};

type Level = readonly [string, string];
const depth = (type: 'snapshot' | 'delta', u: number, b: readonly Level[], a: readonly Level[], topic = 'orderbook.50.BTCUSDT'): string =>
  JSON.stringify({ topic, type, ts: 1_700_000_000_000 + u, cts: 1_700_000_000_000 + u, data: { s: 'BTCUSDT', b, a, u, seq: u * 10 } });
const ack = (reqId: string, op = 'subscribe'): string => JSON.stringify({ success: true, ret_msg: '', conn_id: 'x', req_id: reqId, op });

function feed(protocol: VenueProtocol, s: TestScheduler, scripts: readonly SocketScript[], streams: readonly StreamSpec[] = []) {
  const sockets = fakeSockets(s, scripts);
  const feed$ = venueFeed(protocol, {
    exchange: 'bybit',
    url: 'wss://venue.test/spot',
    symbols: { coins: ['BTC'], quote: 'USDT' },
    scheduler: s,
    frames: sockets.source,
    books: true,
    streams,
  });
  const sent = (): string[] => sockets.log.filter((line) => line.includes(' send '));
  return { feed$: feed$.pipe(map(describeEvent)), sent, sockets };
}

describe('venueFeed with Bybit order books', () => {
  it('on a gap emits book_resync, resubscribes the depth topic at once, drops deltas until the fresh snapshot, then publishes views again', () => {
    const s = scheduler();
    s.run(({ expectObservable, flush }) => {
      const { feed$, sent } = feed(bybitProtocol, s, [
        {
          marble: 'o 9ms a 9ms s 9ms d 9ms g 9ms x 9ms r 9ms S 9ms D',
          frames: {
            a: ack('c1-1'),
            s: depth(
              'snapshot',
              100,
              [
                ['99', '1'],
                ['98', '2'],
              ],
              [
                ['101', '1'],
                ['102', '3'],
              ],
            ),
            d: depth(
              'delta',
              101,
              [
                ['99', '0'],
                ['100', '5'],
              ],
              [],
            ),
            g: depth('delta', 103, [['100', '4']], []),
            x: depth('delta', 104, [['100', '3']], []),
            r: ack('c1-resub-1'),
            S: depth('snapshot', 500, [['97', '1']], [['103', '2']]),
            D: depth(
              'delta',
              501,
              [],
              [
                ['103', '0'],
                ['104', '1'],
              ],
            ),
          },
        },
      ]);
      expectObservable(feed$, '^ 1s !').toBe('(ab) 6ms c 9ms d 9ms e 9ms f 19ms g 9ms h 9ms i', {
        a: 'connecting wss://venue.test/spot',
        b: 'connected wss://venue.test/spot',
        c: 'subscribed 1 topics',
        d: 'book BTCUSDT u100 99x1,98x2 / 101x1,102x3 c1',
        e: 'book BTCUSDT u101 100x5,98x2 / 101x1,102x3 c1',
        f: 'book_resync BTCUSDT gap: expected u 102, got 103',
        g: 'subscribed 1 topics',
        h: 'book BTCUSDT u500 97x1 / 103x2 c1',
        i: 'book BTCUSDT u501 97x1 / 104x1 c1',
      });
      flush();
      expect(sent()).toEqual([
        '0 send c1 {"req_id":"c1-1","op":"subscribe","args":["orderbook.50.BTCUSDT"]}',
        '40 send c1 {"req_id":"c1-resub-1-unsub","op":"unsubscribe","args":["orderbook.50.BTCUSDT"]}',
        '40 send c1 {"req_id":"c1-resub-1","op":"subscribe","args":["orderbook.50.BTCUSDT"]}',
      ]);
    });
  });

  it('on a refused depth frame says the book is down (book_resync, refused) with the refusal and resubscribes the topic at once, then publishes the fresh snapshot', () => {
    const s = scheduler();
    s.run(({ expectObservable, flush }) => {
      const { feed$, sent } = feed(bybitProtocol, s, [
        {
          marble: 'o 9ms a 9ms s 9ms x 9ms d 9ms r 9ms S',
          frames: {
            a: ack('c1-1'),
            s: depth('snapshot', 100, [['99', '1']], [['101', '1']]),
            // Delta 101 with a price the decoder refuses: lost, though its topic is still read.
            x: depth('delta', 101, [['-99', '2']], []),
            d: depth('delta', 102, [['98', '1']], []),
            r: ack('c1-resub-1'),
            S: depth('snapshot', 102, [['99', '2']], [['101', '1']]),
          },
        },
      ]);
      expectObservable(feed$, '^ 1s !').toBe('(ab) 6ms c 9ms d 9ms (ef) 16ms g 9ms h', {
        a: 'connecting wss://venue.test/spot',
        b: 'connected wss://venue.test/spot',
        c: 'subscribed 1 topics',
        d: 'book BTCUSDT u100 99x1 / 101x1 c1',
        e: 'invalid $.data.b[0].price: expected a positive decimal string',
        f: 'book_resync BTCUSDT refused: $.data.b[0].price: expected a positive decimal string',
        g: 'subscribed 1 topics',
        h: 'book BTCUSDT u102 99x2 / 101x1 c1',
      });
      flush();
      expect(sent()).toEqual([
        '0 send c1 {"req_id":"c1-1","op":"subscribe","args":["orderbook.50.BTCUSDT"]}',
        '30 send c1 {"req_id":"c1-resub-1-unsub","op":"unsubscribe","args":["orderbook.50.BTCUSDT"]}',
        '30 send c1 {"req_id":"c1-resub-1","op":"subscribe","args":["orderbook.50.BTCUSDT"]}',
      ]);
    });
  });

  it('treats a delta that crosses the book as a resync: book_resync (crossed), the book never published crossed, the topic resubscribed', () => {
    const s = scheduler();
    s.run(({ expectObservable, flush }) => {
      const { feed$, sent } = feed(bybitProtocol, s, [
        {
          marble: 'o 9ms s 9ms c',
          frames: {
            s: depth('snapshot', 7, [['99', '1']], [['101', '1']]),
            c: depth('delta', 8, [['101.5', '1']], []),
          },
        },
      ]);
      expectObservable(feed$, '^ 1s !').toBe('(ab) 6ms c 9ms d', {
        a: 'connecting wss://venue.test/spot',
        b: 'connected wss://venue.test/spot',
        c: 'book BTCUSDT u7 99x1 / 101x1 c1',
        d: 'book_resync BTCUSDT crossed: best bid 101.5 >= best ask 101',
      });
      flush();
      expect(sent().slice(1)).toEqual([
        '20 send c1 {"req_id":"c1-resub-1-unsub","op":"unsubscribe","args":["orderbook.50.BTCUSDT"]}',
        '20 send c1 {"req_id":"c1-resub-1","op":"subscribe","args":["orderbook.50.BTCUSDT"]}',
      ]);
    });
  });

  it('subscribes orderbook.{depth} beside orderbook.1, whose frames stay best bid/ask records and never reach the depth book', () => {
    const s = scheduler();
    s.run(({ expectObservable, flush }) => {
      const level1 = JSON.stringify({
        topic: 'orderbook.1.BTCUSDT',
        type: 'snapshot',
        ts: 5,
        data: { s: 'BTCUSDT', b: [['99', '1']], a: [['101', '2']], u: 9 },
      });
      const { feed$, sent } = feed(
        bybitProtocolWith({ bookDepth: 200 }),
        s,
        [{ marble: 'o 9ms t 9ms s', frames: { t: level1, s: depth('snapshot', 3, [['99', '1']], [['101', '2']], 'orderbook.200.BTCUSDT') } }],
        bybitProtocol.streams,
      );
      expectObservable(feed$, '^ 1s !').toBe('(ab) 6ms c 9ms d', {
        a: 'connecting wss://venue.test/spot',
        b: 'connected wss://venue.test/spot',
        c: 'book_ticker BTCUSDT',
        d: 'book BTCUSDT u3 99x1 / 101x2 c1',
      });
      flush();
      const args = (JSON.parse(sent()[0]?.split(' ').slice(3).join(' ') ?? '{}') as { args: string[] }).args;
      expect(args).toEqual(['publicTrade.BTCUSDT', 'tickers.BTCUSDT', 'orderbook.1.BTCUSDT', 'kline.1.BTCUSDT', 'orderbook.200.BTCUSDT']);
    });
  });

  it('at depth 1 subscribes orderbook.1 once and reads each frame both as best bid/ask and as a one-level book snapshot', () => {
    const s = scheduler();
    s.run(({ expectObservable, flush }) => {
      const level1 = (u: number, bid: string): string =>
        JSON.stringify({ topic: 'orderbook.1.BTCUSDT', type: 'snapshot', ts: 5, data: { s: 'BTCUSDT', b: [[bid, '1']], a: [['101', '2']], u } });
      const { feed$, sent } = feed(
        bybitProtocolWith({ bookDepth: 1 }),
        s,
        [{ marble: 'o 9ms t 9ms u', frames: { t: level1(9, '99'), u: level1(20, '100') } }],
        bybitProtocol.streams,
      );
      expectObservable(feed$, '^ 1s !').toBe('(ab) 6ms (cd) 6ms (ef)', {
        a: 'connecting wss://venue.test/spot',
        b: 'connected wss://venue.test/spot',
        c: 'book_ticker BTCUSDT',
        d: 'book BTCUSDT u9 99x1 / 101x2 c1',
        e: 'book_ticker BTCUSDT',
        f: 'book BTCUSDT u20 100x1 / 101x2 c1',
      });
      flush();
      const args = (JSON.parse(sent()[0]?.split(' ').slice(3).join(' ') ?? '{}') as { args: string[] }).args;
      expect(args).toEqual(['publicTrade.BTCUSDT', 'tickers.BTCUSDT', 'orderbook.1.BTCUSDT', 'kline.1.BTCUSDT']);
    });
  });

  it("starts every new socket from empty books: a delta after a reconnect is never applied to the old socket's book, and says the book is down until that socket's snapshot", () => {
    const s = scheduler();
    s.run(({ expectObservable }) => {
      const { feed$ } = feed(bybitProtocol, s, [
        { marble: 'o 9ms s 9ms d', frames: { s: depth('snapshot', 1, [['99', '1']], [['101', '1']]), d: depth('delta', 2, [['99', '2']], []) } },
      ]);
      const sockets = fakeSockets(s, [{ marble: 'o 9ms d', frames: { d: depth('delta', 3, [['99', '3']], []) } }]);
      const second$ = venueFeed(bybitProtocol, {
        exchange: 'bybit',
        url: 'wss://venue.test/spot',
        symbols: { coins: ['BTC'], quote: 'USDT' },
        scheduler: s,
        frames: sockets.source,
        books: true,
        streams: [],
      }).pipe(map(describeEvent));
      expectObservable(feed$, '^ 1s !').toBe('(ab) 6ms c 9ms d', {
        a: 'connecting wss://venue.test/spot',
        b: 'connected wss://venue.test/spot',
        c: 'book BTCUSDT u1 99x1 / 101x1 c1',
        d: 'book BTCUSDT u2 99x2 / 101x1 c1',
      });
      expectObservable(second$, '^ 1s !').toBe('(ab) 6ms c', {
        a: 'connecting wss://venue.test/spot',
        b: 'connected wss://venue.test/spot',
        c: 'book_resync BTCUSDT no_snapshot: no snapshot received before update 3',
      });
    });
  });
});
