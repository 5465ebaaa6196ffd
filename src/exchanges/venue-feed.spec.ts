import { filter, map, startWith } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import type { VenueOutput } from './venue-item.js';
import { binanceProtocol } from './binance/binance-protocol.js';
import { bybitProtocol } from './bybit/bybit-protocol.js';
import { MessageLostError, SubscribeRejectedError } from './feed-errors.js';
import { fakeSockets, type SocketScript } from './__fixtures__/fake-sockets.js';
import { venueFeed } from './venue-feed.js';
import type { VenueProtocol } from './venue-protocol.js';

const HOUR = 3_600_000;
const LIFETIME = 23 * HOUR;
const FEED_URL = 'wss://venue.test/stream';
/** The combined-stream FEED_URL of BTC's default Binance streams. */
const BINANCE_BTC_URL = `${FEED_URL}?streams=btcusdt@trade/btcusdt@miniTicker/btcusdt@bookTicker/btcusdt@kline_1m`;

function scheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

/** Runs `body` in virtual time; a timer left running stops the run at 48 h instead of spinning forever. */
function run(s: TestScheduler, body: (helpers: Parameters<Parameters<TestScheduler['run']>[0]>[0]) => void): void {
  s.run((helpers) => {
    s.maxFrames = 48 * HOUR;
    body(helpers);
  });
}

const describeEvent = (e: VenueOutput): string =>
  e.type === 'feed_status'
    ? `${e.state} ${e.reason}`
    : e.type === 'trade'
      ? `trade ${e.symbol} ${e.tradeId} ${e.connectionId}`
      : e.type === 'invalid_frame'
        ? `invalid ${e.connectionId} ${e.raw}`
        : e.type;

function feed<F>(protocol: VenueProtocol<F>, s: TestScheduler, scripts: readonly SocketScript[], coins: readonly string[] = ['BTC']) {
  const sockets = fakeSockets(s, scripts);
  const exchange = protocol === bybitProtocol ? ('bybit' as const) : ('binance' as const);
  const feed$ = venueFeed(protocol, { exchange, url: FEED_URL, symbols: { coins, quote: 'USDT' }, scheduler: s, frames: sockets.source });
  return { sockets, feed$: feed$.pipe(map(describeEvent)) };
}

const bybitAck = (reqId: string, success = true): string =>
  JSON.stringify({ success, ret_msg: success ? '' : 'args size >10', conn_id: 'x', req_id: reqId, op: 'subscribe' });
const binanceTrade = (id: number): string =>
  JSON.stringify({ stream: 'btcusdt@trade', data: { e: 'trade', E: id, s: 'BTCUSDT', t: id, p: '100', q: '1', T: id, m: false } });

describe('venueFeed over the Bybit protocol', () => {
  it('sends subscribe requests of at most 10 topics on open and reports subscribed once every ack came', () => {
    const s = scheduler();
    run(s, ({ expectObservable }) => {
      const { feed$, sockets } = feed(
        bybitProtocol,
        s,
        [{ marble: 'o 99ms a 99ms b', frames: { a: bybitAck('c1-1'), b: bybitAck('c1-2') } }],
        ['BTC', 'ETH', 'SOL', 'XRP'],
      );
      expectObservable(feed$, '^ 1s !').toBe('(ab) 196ms d', {
        a: `connecting ${FEED_URL}`,
        b: `connected ${FEED_URL}`,
        d: 'subscribed 16 topics',
      });
      s.flush();
      const sent = sockets.log
        .filter((line) => line.includes(' send '))
        .map((line) => JSON.parse(line.split(' ').slice(3).join(' ')) as { req_id: string; args: string[] });
      expect(sent.map((r) => [r.req_id, r.args.length])).toEqual([
        ['c1-1', 10],
        ['c1-2', 6],
      ]);
    });
  });

  it('sends {"op":"ping"} every 20 s on the scheduler until unsubscribed', () => {
    const s = scheduler();
    run(s, ({ expectObservable }) => {
      const { feed$, sockets } = feed(bybitProtocol, s, [{ marble: 'o' }]);
      expectObservable(feed$, '^ 69999ms !').toBe('(ab)', { a: `connecting ${FEED_URL}`, b: `connected ${FEED_URL}` });
      s.flush();
      expect(sockets.log.filter((line) => line.includes('"op":"ping"'))).toEqual([
        '20000 send c1 {"req_id":"c1-ping-1","op":"ping"}',
        '40000 send c1 {"req_id":"c1-ping-2","op":"ping"}',
        '60000 send c1 {"req_id":"c1-ping-3","op":"ping"}',
      ]);
      expect(sockets.log.at(-1)).toBe('70000 close c1');
    });
  });

  it('errors with SubscribeRejectedError naming the refused topics, after a disconnected status', () => {
    const s = scheduler();
    run(s, ({ expectObservable }) => {
      const { feed$, sockets } = feed(bybitProtocol, s, [{ marble: 'o 9ms a', frames: { a: bybitAck('c1-1', false) } }]);
      const rejected = new SubscribeRejectedError({
        exchange: 'bybit',
        topics: ['publicTrade.BTCUSDT', 'tickers.BTCUSDT', 'orderbook.1.BTCUSDT', 'kline.1.BTCUSDT'],
        message: 'args size >10',
        requestId: 'c1-1',
      });
      expectObservable(feed$).toBe(
        '(ab) 6ms (c#)',
        { a: `connecting ${FEED_URL}`, b: `connected ${FEED_URL}`, c: `disconnected ${rejected.message}` },
        rejected,
      );
      s.flush();
      expect(sockets.log.at(-1)).toBe('10 close c1');
    });
  });
});

describe('venueFeed when its own handling of a frame throws', () => {
  it('fails that socket with the error (opened again or failed over by its supervisor), after a disconnected status, and closes it', () => {
    const s = scheduler();
    run(s, ({ expectObservable }) => {
      const sockets = fakeSockets(s, [{ marble: 'o 9ms a 9ms b', frames: { a: binanceTrade(1), b: binanceTrade(2) } }]);
      const broken = new Error('a hook that cannot take this frame');
      const feed$ = venueFeed(binanceProtocol, {
        exchange: 'binance',
        url: FEED_URL,
        symbols: { coins: ['BTC'], quote: 'USDT' },
        scheduler: s,
        frames: sockets.source,
        onFrame: (frame) => {
          if (frame.text.includes('"t":2')) throw broken;
        },
      });
      expectObservable(feed$.pipe(map(describeEvent))).toBe(
        '(abc) 5ms d 9ms (e#)',
        {
          a: `connecting ${BINANCE_BTC_URL}`,
          b: `connected ${BINANCE_BTC_URL}`,
          c: 'subscribed 1 symbols',
          d: 'trade BTCUSDT 1 c1',
          e: `disconnected ${broken.message}`,
        },
        broken,
      );
      s.flush();
      expect(sockets.log.at(-1)).toBe('20 close c1');
    });
  });
});

describe('venueFeed over the Binance protocol', () => {
  it('opens a new socket at the 23 h lifetime and closes the old one 5 s after the new one opened', () => {
    const s = scheduler();
    run(s, ({ expectObservable }) => {
      const { feed$, sockets } = feed(binanceProtocol, s, [{ marble: 'o' }, { marble: 'o' }, { marble: 'o' }]);
      expectObservable(feed$, `^ ${LIFETIME + 10_000}ms !`).toBe(`(abc) ${LIFETIME - 5}ms (abc)`, {
        a: `connecting ${BINANCE_BTC_URL}`,
        b: `connected ${BINANCE_BTC_URL}`,
        c: 'subscribed 1 symbols',
      });
      s.flush();
      expect(sockets.log).toEqual(['0 open c1', `${LIFETIME} open c2`, `${LIFETIME + 5000} close c1`, `${LIFETIME + 10_001} close c2`]);
    });
  });

  it('emits a refused frame in the stream, between the events around it, and keeps the socket open', () => {
    const s = scheduler();
    run(s, ({ expectObservable }) => {
      const { feed$, sockets } = feed(binanceProtocol, s, [
        { marble: 'o 9ms a 9ms x 9ms b', frames: { a: binanceTrade(1), x: '{"stream":"btcusdt@trade","data":{"e":"trade"', b: binanceTrade(2) } },
      ]);
      expectObservable(feed$, '^ 100ms !').toBe('(abc) 5ms d 9ms e 9ms f', {
        a: `connecting ${BINANCE_BTC_URL}`,
        b: `connected ${BINANCE_BTC_URL}`,
        c: 'subscribed 1 symbols',
        d: 'trade BTCUSDT 1 c1',
        e: 'invalid c1 {"stream":"btcusdt@trade","data":{"e":"trade"',
        f: 'trade BTCUSDT 2 c1',
      });
      s.flush();
      expect(sockets.log).toEqual(['0 open c1', '101 close c1']);
    });
  });

  it('drops the trades both sockets deliver during the overlap', () => {
    const s = scheduler();
    run(s, ({ expectObservable }) => {
      const { feed$ } = feed(binanceProtocol, s, [
        { marble: `o ${LIFETIME - 1001}ms a 1999ms b`, frames: { a: binanceTrade(1), b: binanceTrade(2) } },
        { marble: 'o 999ms b 5999ms c', frames: { b: binanceTrade(2), c: binanceTrade(3) } },
      ]);
      const trades$ = feed$.pipe(filter((line) => line.startsWith('trade')));
      expectObservable(trades$, `^ ${LIFETIME + 10_000}ms !`).toBe(`${LIFETIME - 1000}ms a 1999ms b 5999ms c`, {
        a: 'trade BTCUSDT 1 c1',
        b: 'trade BTCUSDT 2 c1',
        c: 'trade BTCUSDT 3 c2',
      });
    });
  });

  it("keeps each symbol's trades in the venue's order while the new socket is ahead of the old one", () => {
    const s = scheduler();
    run(s, ({ expectObservable }) => {
      // The new socket delivers 3 before the old one delivers 2; 5 only on the new one, before the old closes.
      const { feed$ } = feed(binanceProtocol, s, [
        {
          marble: `o ${LIFETIME - 1001}ms a 1999ms b 999ms c 999ms d`,
          frames: { a: binanceTrade(1), b: binanceTrade(2), c: binanceTrade(3), d: binanceTrade(4) },
        },
        { marble: 'o 499ms c 999ms d 999ms e', frames: { c: binanceTrade(3), d: binanceTrade(4), e: binanceTrade(5) } },
      ]);
      const trades$ = feed$.pipe(filter((line) => line.startsWith('trade')));
      expectObservable(trades$, `^ ${LIFETIME + 10_000}ms !`).toBe(`${LIFETIME - 1000}ms a 1999ms b 999ms c 999ms d 1999ms e`, {
        a: 'trade BTCUSDT 1 c1',
        b: 'trade BTCUSDT 2 c1',
        c: 'trade BTCUSDT 3 c1',
        d: 'trade BTCUSDT 4 c1',
        e: 'trade BTCUSDT 5 c2',
      });
    });
  });

  it("lets the new socket's waiting trades go as soon as the venue closes the old one", () => {
    const s = scheduler();
    run(s, ({ expectObservable }) => {
      const shutdown = '{"stream":"!serverShutdown","data":{"e":"serverShutdown","E":1}}';
      const { feed$ } = feed(binanceProtocol, s, [
        { marble: 'o 999ms x 499ms a 499ms #', frames: { x: shutdown, a: binanceTrade(1) }, error: new Error('closed by the venue') },
        { marble: 'o 199ms b 499ms c 999ms d', frames: { b: binanceTrade(2), c: binanceTrade(3), d: binanceTrade(4) } },
      ]);
      const trades$ = feed$.pipe(filter((line) => line.startsWith('trade')));
      expectObservable(trades$, '^ 5000ms !').toBe('1500ms a 499ms (bc) 696ms d', {
        a: 'trade BTCUSDT 1 c1',
        b: 'trade BTCUSDT 2 c2',
        c: 'trade BTCUSDT 3 c2',
        d: 'trade BTCUSDT 4 c2',
      });
    });
  });

  it('rotates on serverShutdown, keeping the old socket for the overlap', () => {
    const s = scheduler();
    run(s, () => {
      const { feed$, sockets } = feed(binanceProtocol, s, [
        { marble: 'o 999ms x', frames: { x: '{"stream":"!serverShutdown","data":{"e":"serverShutdown","E":1}}' } },
      ]);
      const subscription = feed$.subscribe();
      s.schedule(() => subscription.unsubscribe(), 60_000);
      s.flush();
      expect(sockets.log).toEqual(['0 open c1', '1000 open c2', '6000 close c1', '60000 close c2']);
    });
  });
});

describe('venueFeed rotating a socket that subscribes by requests', () => {
  const rotating: VenueProtocol<unknown> = {
    ...bybitProtocol,
    connection: { ...bybitProtocol.connection, rotation: { lifetimeMs: 60_000, overlapMs: 5000 } },
  };

  it('keeps the old socket until the new one carries every topic, then closes it after the overlap', () => {
    const s = scheduler();
    run(s, () => {
      // The new socket's acknowledgement comes 8 s after it opened (a slow venue, a busy machine).
      const { feed$, sockets } = feed(rotating, s, [
        { marble: 'o 9ms a', frames: { a: bybitAck('c1-1') } },
        { marble: 'o 7999ms a', frames: { a: bybitAck('c2-1') } },
      ]);
      const subscription = feed$.subscribe();
      s.schedule(() => subscription.unsubscribe(), 80_000);
      s.flush();
      expect(sockets.log.filter((line) => / (open|close) /.test(line))).toEqual(['0 open c1', '60000 open c2', '73000 close c1', '80000 close c2']);
    });
  });
});

describe('venueFeed timers', () => {
  it('unsubscribing mid-overlap closes both sockets and clears every timer', () => {
    const s = scheduler();
    const rotatingPinger: VenueProtocol<unknown> = {
      ...bybitProtocol,
      connection: { ...bybitProtocol.connection, rotation: { lifetimeMs: 60_000, overlapMs: 5000 } },
    };
    run(s, () => {
      const { feed$, sockets } = feed(rotatingPinger, s, [{ marble: 'o' }, { marble: 'o' }]);
      const subscription = feed$.subscribe();
      s.schedule(() => subscription.unsubscribe(), 62_000);
      s.flush();
      expect(sockets.log.filter((line) => !line.includes('"op":"subscribe"'))).toEqual([
        '0 open c1',
        '20000 send c1 {"req_id":"c1-ping-1","op":"ping"}',
        '40000 send c1 {"req_id":"c1-ping-2","op":"ping"}',
        '60000 open c2',
        '60000 send c1 {"req_id":"c1-ping-3","op":"ping"}',
        '62000 close c1',
        '62000 close c2',
      ]);
    });
    expect(s.actions).toEqual([]);
  });
});

describe('venueFeed following instruments that change while it runs', () => {
  it('subscribes a listing on the open Binance socket with one SUBSCRIBE, unsubscribes a delisting, never reconnecting, and maps the new symbol', () => {
    const s = scheduler();
    run(s, ({ cold, expectObservable }) => {
      const sol = JSON.stringify({ stream: 'solusdc@trade', data: { e: 'trade', E: 30, s: 'SOLUSDC', t: 5, p: '150', q: '1', T: 30, m: false } });
      const sockets = fakeSockets(s, [{ marble: 'o 29ms a 29ms b', frames: { a: '{"result":null,"id":1}', b: sol } }]);
      const btc = { symbol: 'BTCUSDT', coin: 'BTC', quote: 'USDT' };
      const solUsdc = { symbol: 'SOLUSDC', coin: 'SOL', quote: 'USDC' };
      const instruments$ = cold('10ms b 69ms c', { b: [btc, solUsdc], c: [solUsdc] }).pipe(startWith([btc]));
      const feed$ = venueFeed(binanceProtocol, {
        exchange: 'binance',
        url: FEED_URL,
        symbols: { coins: [], quote: 'USDT' },
        instruments$,
        scheduler: s,
        frames: sockets.source,
        streams: [{ channel: 'trade', record: 'trade' }],
      });
      expectObservable(feed$.pipe(map((e) => (e.type === 'trade' ? `trade ${e.coin}-${e.quote}` : describeEvent(e)))), '^ 200ms !').toBe(
        '(abc) 25ms d 29ms e 19ms f',
        {
          a: 'connecting wss://venue.test/stream?streams=btcusdt@trade',
          b: 'connected wss://venue.test/stream?streams=btcusdt@trade',
          c: 'subscribed 1 symbols',
          d: 'subscribed 2 topics',
          e: 'trade SOL-USDC',
          // The delisting: no acknowledgement follows an UNSUBSCRIBE, so the feed says what the socket carries now.
          f: 'subscribed 1 topics',
        },
      );
      s.flush();
      expect(sockets.log).toEqual([
        '0 open c1',
        '10 send c1 {"method":"SUBSCRIBE","params":["solusdc@trade"],"id":1}',
        '80 send c1 {"method":"UNSUBSCRIBE","params":["btcusdt@trade"],"id":2}',
        '201 close c1',
      ]);
    });
  });

  it("opens each socket only when the venue's open pacer gives it a turn", () => {
    const s = scheduler();
    run(s, ({ cold, expectObservable }) => {
      const sockets = fakeSockets(s, [{ marble: 'o' }]);
      const feed$ = venueFeed(binanceProtocol, {
        exchange: 'binance',
        url: FEED_URL,
        symbols: { coins: ['BTC'], quote: 'USDT' },
        scheduler: s,
        frames: sockets.source,
        streams: [{ channel: 'trade', record: 'trade' }],
        openPacer: { turn: () => cold('50ms (x|)', { x: undefined }) },
      });
      expectObservable(feed$.pipe(map(describeEvent)), '^ 100ms !').toBe('50ms (abc)', {
        a: 'connecting wss://venue.test/stream?streams=btcusdt@trade',
        b: 'connected wss://venue.test/stream?streams=btcusdt@trade',
        c: 'subscribed 1 symbols',
      });
      s.flush();
      expect(sockets.log[0]).toBe('50 open c1');
    });
  });
});

/**
 * A venue that numbers every message of a socket and takes one channel per request (as Coinbase does):
 * frames are `{"n":<number>,"ack":[topics]}` or `{"n":<number>,"trade":<id>}`.
 */
interface NumberedFrame {
  readonly n: number;
  readonly ack?: readonly string[];
  readonly trade?: number;
}

const numberedProtocol: VenueProtocol<NumberedFrame> = {
  id: 'numbered',
  exchanges: ['bybit'],
  env: () => 'prod',
  streams: [
    { channel: 'trades', record: 'trade' },
    { channel: 'ticker', record: 'price_tick' },
  ],
  topic: (symbol, stream) => `${stream.channel}:${symbol}`,
  symbolOf: (coin, quote) => `${coin}-${quote}`,
  sequence: (frame) => frame.n,
  connection: {
    url: (base) => base,
    openMessages: () => ['keepalive'],
    maxPayloadBytes: 64 * 1024 * 1024,
    subscribe: {
      maxTopicsPerRequest: 10,
      requestsPerSecond: 10,
      groupOf: (topic) => topic.split(':')[0] ?? '',
      requestId: (_, n) => String(n),
      subscribeRequest: (topics, id) => ({ id, topics, text: `subscribe ${topics.join(',')}` }),
      unsubscribeRequest: (topics) => `unsubscribe ${topics.join(',')}`,
    },
  },
  parse: (text) => ({ ok: true, frame: JSON.parse(text) as NumberedFrame }),
  control: (frame) => (frame.ack === undefined ? undefined : { kind: 'subscribe_ack', success: true, message: '', topics: frame.ack }),
  map: (frame, receivedTs, context) =>
    frame.trade === undefined
      ? []
      : [
          {
            type: 'trade',
            exchange: context.exchange,
            symbol: 'BTC-USD',
            coin: 'BTC',
            quote: 'USD',
            exchangeTs: receivedTs,
            receivedTs,
            isFallback: false,
            env: 'prod',
            connectionId: context.connectionId,
            tradeId: String(frame.trade),
            price: 100,
            quantity: 1,
            side: 'BUY',
            isBuyerMaker: false,
          },
        ],
};

describe('venueFeed over a venue that numbers its messages', () => {
  const ack = (n: number, topics: readonly string[]): string => JSON.stringify({ n, ack: topics });
  const trade = (n: number, id: number): string => JSON.stringify({ n, trade: id });

  it("sends the opening messages first, one channel per request, names symbols in the venue's spelling, and settles on a cumulative ack", () => {
    const s = scheduler();
    run(s, ({ expectObservable }) => {
      const sockets = fakeSockets(s, [
        {
          marble: 'o 9ms a 9ms b',
          frames: { a: ack(0, ['trades:BTC-USD', 'trades:ETH-USD']), b: ack(1, ['trades:BTC-USD', 'trades:ETH-USD', 'ticker:BTC-USD', 'ticker:ETH-USD']) },
        },
      ]);
      const configs: number[] = [];
      const frames: typeof sockets.source = (config) => {
        configs.push(config.maxPayload ?? 0);
        return sockets.source(config);
      };
      const feed$ = venueFeed(numberedProtocol, {
        exchange: 'bybit',
        url: 'wss://venue.test',
        symbols: { coins: ['BTC', 'ETH'], quote: 'USD' },
        scheduler: s,
        frames,
      });
      expectObservable(feed$.pipe(map(describeEvent)), '^ 1s !').toBe('(ab) 16ms c', {
        a: 'connecting wss://venue.test',
        b: 'connected wss://venue.test',
        c: 'subscribed 4 topics',
      });
      s.flush();
      expect(sockets.log.filter((line) => line.includes(' send '))).toEqual([
        '0 send c1 keepalive',
        '0 send c1 subscribe trades:BTC-USD,trades:ETH-USD',
        '0 send c1 subscribe ticker:BTC-USD,ticker:ETH-USD',
      ]);
      expect(configs).toEqual([64 * 1024 * 1024]);
    });
  });

  it('gives the socket up when a number is skipped, naming the lost message, and not before', () => {
    const s = scheduler();
    run(s, ({ expectObservable }) => {
      const sockets = fakeSockets(s, [{ marble: 'o 9ms a 9ms b 9ms c 9ms d', frames: { a: ack(0, []), b: trade(1, 7), c: trade(2, 8), d: trade(4, 9) } }]);
      const feed$ = venueFeed(numberedProtocol, {
        exchange: 'bybit',
        url: 'wss://venue.test',
        symbols: { coins: ['BTC'], quote: 'USD' },
        scheduler: s,
        frames: sockets.source,
      });
      const lost = new MessageLostError({ exchange: 'bybit', connectionId: 'c1', expected: 3, received: 4 });
      expectObservable(feed$.pipe(map(describeEvent))).toBe(
        '(ab) 16ms c 9ms d 9ms (e#)',
        {
          a: 'connecting wss://venue.test',
          b: 'connected wss://venue.test',
          c: 'trade BTC-USD 7 c1',
          d: 'trade BTC-USD 8 c1',
          e: `disconnected ${lost.message}`,
        },
        lost,
      );
      s.flush();
      expect(sockets.log.at(-1)).toBe('40 close c1');
    });
  });
});
