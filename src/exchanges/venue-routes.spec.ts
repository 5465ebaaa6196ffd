import { NEVER, asyncScheduler, filter, firstValueFrom, map, take, toArray, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { binanceProtocol } from './binance/binance-protocol.js';
import { BINANCE_REST_DIALECT } from './binance/binance-rest-dialect.js';
import { fakeSockets, type SocketScript } from './__fixtures__/fake-sockets.js';
import { SilentStreamError } from './feed-errors.js';
import type { RestWeightPacer } from './rest/rest-weight-pacer.js';
import { venueFeed } from './venue-feed.js';
import type { VenueOutput } from './venue-item.js';
import type { StreamSpec, VenueProtocol } from './venue-protocol.js';
import type { BinanceFrame } from './binance/binance-frames.js';

const HOUR = 3_600_000;

/** Binance's combined streams served on two routes: books and the best bid/ask on `public`, trades on `market`. */
function routed(trade: Partial<StreamSpec> = {}): VenueProtocol<BinanceFrame> {
  return {
    ...binanceProtocol,
    streams: [
      { channel: 'trade', record: 'trade', route: 'market', ...trade },
      { channel: 'bookTicker', record: 'book_ticker', route: 'public' },
    ],
    connection: {
      ...binanceProtocol.connection,
      routes: [
        { name: 'public', path: '/public/stream', books: true },
        { name: 'market', path: '/market/stream' },
      ],
    },
  };
}

const describeEvent = (e: VenueOutput): string =>
  e.type === 'feed_status' ? `${e.state} ${e.reason}` : e.type === 'trade' ? `trade ${e.tradeId} ${e.connectionId}` : `${e.type} ${e.connectionId}`;

const trade = (id: number): string =>
  JSON.stringify({ stream: 'btcusdt@trade', data: { e: 'trade', E: id, s: 'BTCUSDT', t: id, p: '100', q: '1', T: id, m: false } });
const bookTicker = (id: number): string => JSON.stringify({ stream: 'btcusdt@bookTicker', data: { u: id, s: 'BTCUSDT', b: '99', B: '1', a: '101', A: '2' } });

function feedOf(protocol: VenueProtocol<BinanceFrame>, s: TestScheduler, scripts: readonly SocketScript[], silentStreamMs?: number) {
  const sockets = fakeSockets(s, scripts);
  const feed$ = venueFeed(protocol, {
    exchange: 'binance_usdm',
    url: 'wss://venue.test/',
    symbols: { coins: ['BTC'], quote: 'USDT' },
    scheduler: s,
    frames: sockets.source,
    ...(silentStreamMs === undefined ? {} : { silentStreamMs }),
  });
  return { sockets, feed$ };
}

describe('venueFeed on a venue that routes streams by path', () => {
  it("opens one socket per route, each at the base URL plus its path carrying only its route's streams, and merges their events", () => {
    const s = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    s.run(({ expectObservable }) => {
      const { feed$, sockets } = feedOf(routed(), s, [
        { marble: 'o 9ms a', frames: { a: bookTicker(7) } },
        { marble: 'o 19ms b', frames: { b: trade(1) } },
      ]);
      expectObservable(feed$.pipe(map(describeEvent)), '^ 1s !').toBe('(adbcef) 2ms g 9ms h', {
        a: 'connecting wss://venue.test/public/stream?streams=btcusdt@bookTicker',
        b: 'connected wss://venue.test/public/stream?streams=btcusdt@bookTicker',
        c: 'subscribed 1 symbols',
        d: 'connecting wss://venue.test/market/stream?streams=btcusdt@trade',
        e: 'connected wss://venue.test/market/stream?streams=btcusdt@trade',
        f: 'subscribed 1 symbols',
        g: 'book_ticker c1',
        h: 'trade 1 c2',
      });
      s.flush();
      expect(sockets.urls).toEqual(['wss://venue.test/public/stream?streams=btcusdt@bookTicker', 'wss://venue.test/market/stream?streams=btcusdt@trade']);
    });
  });

  it('names an acknowledged stream the venue pushes every second and never sent, within the silence allowed, and closes both routes', () => {
    const s = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    s.run(({ expectObservable }) => {
      s.maxFrames = HOUR;
      // The public route serves its stream; the market route took the subscription and stays silent.
      const { feed$, sockets } = feedOf(
        routed({ cadenceMs: 1000 }),
        s,
        [
          {
            marble: 'o 999ms a 999ms b 999ms c 999ms d 999ms e 999ms f',
            frames: { a: bookTicker(1), b: bookTicker(2), c: bookTicker(3), d: bookTicker(4), e: bookTicker(5), f: bookTicker(6) },
          },
          { marble: 'o' },
        ],
        5000,
      );
      const failed$ = feed$.pipe(map((e) => (e.type === 'feed_status' ? `${e.state}` : e.type)));
      // Checked every 625 ms, silent past 3,750 ms: named at 4,375 ms, within the 5 s allowed.
      expectObservable(failed$, '^ 10s !').toBe(
        '(adbcef) 992ms g 999ms g 999ms g 999ms g 374ms (h#)',
        { a: 'connecting', b: 'connected', c: 'subscribed', d: 'connecting', e: 'connected', f: 'subscribed', g: 'book_ticker', h: 'disconnected' },
        new SilentStreamError({
          exchange: 'binance_usdm',
          connectionId: 'c2',
          url: 'wss://venue.test/market/stream?streams=btcusdt@trade',
          topics: ['btcusdt@trade'],
          silentMs: 4375,
        }),
      );
      s.flush();
      expect(
        new SilentStreamError({
          exchange: 'binance_usdm',
          connectionId: 'c2',
          url: 'wss://venue.test/market/stream?streams=btcusdt@trade',
          topics: ['btcusdt@trade'],
          silentMs: 4375,
        }).message,
      ).toBe(
        'binance_usdm acknowledged btcusdt@trade on wss://venue.test/market/stream?streams=btcusdt@trade and sent nothing for 4375 ms (a stream the venue does not serve on this URL)',
      );
      expect(sockets.log.filter((line) => line.includes(' close '))).toEqual(['4375 close c1', '4375 close c2']);
    });
  });

  it('keeps a socket whose stream pushed on a clock keeps coming', () => {
    const s = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    s.run(({ expectObservable }) => {
      s.maxFrames = HOUR;
      // A trade a second, each its own (the overlap filter drops a repeated id).
      const letters = 'abcdefghijkl'.split('');
      const every = letters.map((letter) => `999ms ${letter}`).join(' ');
      const frames = Object.fromEntries(letters.map((letter, n) => [letter, trade(n + 1)]));
      const { feed$ } = feedOf(routed({ cadenceMs: 1000 }), s, [{ marble: 'o' }, { marble: `o ${every}`, frames }], 5000);
      expectObservable(feed$.pipe(map((e) => (e.type === 'feed_status' ? e.state : e.type))), '^ 12s !').toBe(
        `(adbcef) 992ms t ${Array.from({ length: 11 }, () => '999ms t').join(' ')}`,
        { a: 'connecting', b: 'connected', c: 'subscribed', d: 'connecting', e: 'connected', f: 'subscribed', t: 'trade' },
      );
    });
  });
});

describe('venueFeed polls', () => {
  it("reads each symbol once a round on the venue's pacer, joins the events to the sockets', and skips a failed read", async () => {
    const asked: string[] = [];
    const weights: number[] = [];
    const pacer: RestWeightPacer = {
      request: <T>(weight: number, task: () => Observable<T>) => (weights.push(weight), task()),
      noteUsedWeight: () => undefined,
      waiting: () => ({ requests: 0, weight: 0 }),
      weightPerMinute: 2400,
    };
    let reads = 0;
    const send: typeof fetch = (input) => {
      const url = input instanceof Request ? input.url : input.toString();
      asked.push(url);
      reads += 1;
      // The second read fails: the next round reads the symbol again.
      return Promise.resolve(
        reads === 2 ? new Response('busy', { status: 503 }) : new Response(JSON.stringify({ price: String(100 + reads) }), { status: 200 }),
      );
    };
    const protocol: VenueProtocol<BinanceFrame> = {
      ...binanceProtocol,
      polls: [
        {
          intervalMs: 40,
          weight: 1,
          path: (symbol) => `/price?symbol=${symbol}`,
          read: (json, symbol, receivedTs, context) => {
            const price = Number((json as { price: string }).price);
            const parts = context.partsOf(symbol);
            if (parts === undefined) return [];
            return [
              {
                type: 'price_tick',
                exchange: context.exchange,
                symbol,
                ...parts,
                price,
                exchangeTs: receivedTs,
                receivedTs,
                isFallback: false,
                env: context.env,
                connectionId: context.connectionId,
              },
            ];
          },
        },
      ],
    };
    const feed$ = venueFeed(protocol, {
      exchange: 'binance_usdm',
      url: 'wss://venue.test/stream',
      symbols: { coins: ['BTC'], quote: 'USDT' },
      scheduler: asyncScheduler,
      // The socket never opens: what arrives is the poll's.
      frames: () => NEVER,
      polls: { restUrl: 'http://rest.test/', pacer, dialect: BINANCE_REST_DIALECT, timeoutMs: 1000, fetch: send },
    });
    const ticks = await firstValueFrom(
      feed$.pipe(
        filter((e) => e.type === 'price_tick'),
        map((e) => (e.type === 'price_tick' ? `${e.symbol} ${e.coin}-${e.quote} ${e.price} ${e.connectionId}` : e.type)),
        take(2),
        toArray(),
      ),
    );
    expect(ticks).toEqual(['BTCUSDT BTC-USDT 101 binance_usdm-poll', 'BTCUSDT BTC-USDT 103 binance_usdm-poll']);
    expect(asked.slice(0, 3)).toEqual([
      'http://rest.test/price?symbol=BTCUSDT',
      'http://rest.test/price?symbol=BTCUSDT',
      'http://rest.test/price?symbol=BTCUSDT',
    ]);
    expect(weights.slice(0, 3)).toEqual([1, 1, 1]);
  });
});
