import { catchError, map, of, retry, startWith, takeUntil, timer, type Observable } from 'rxjs';
import { isRetriable } from '../../model/feed-error.js';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { fakeSockets, type SocketScript } from '../__fixtures__/fake-sockets.js';
import type { VenueSymbol } from '../adapter-config.js';
import { venueFeed } from '../venue-feed.js';
import type { VenueFeedConfig } from '../venue-feed-config.js';
import type { VenueOutput } from '../venue-item.js';
import type { VenueDefinition } from '../venue-definition.js';
import type { StreamSpec, VenueProtocol } from '../venue-protocol.js';
import { BUILT_CLOSED_OPTION_TICKER, RECORDED_FAR_OPTION_TICKER } from './__fixtures__/deribit-closed-option-ticker.js';
import { DERIBIT_CLIENT_ID_OPTION, DERIBIT_CLIENT_SECRET_OPTION } from './deribit-options.js';
import { deribitOptionsVenue, deribitVenue } from './deribit-venue.js';

/*
 * A Deribit feed on fake sockets (marble time, 1 ms a frame). Every expected send and time is worked by
 * hand from the protocol's plan: 2 requests in any 1,100 ms on a socket (`requestsPerSecond: 2` and the
 * shared pacing window), `public/set_heartbeat` (id 1000000001) and `public/auth` (id 1000000002) first,
 * subscribe requests numbered from 1, a resync's subscribe from 1100000001 after an unsubscribe of id
 * 1000000004, every `test_request` answered with `public/test` (id 1000000003) at once.
 */

const scheduler = (): TestScheduler => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

const PERP: VenueSymbol = { symbol: 'BTC-PERPETUAL', coin: 'BTC', quote: 'USD', instrument: 'BTC-USD-INV-PERP' };
const ETH_PERP: VenueSymbol = { symbol: 'ETH-PERPETUAL', coin: 'ETH', quote: 'USD', instrument: 'ETH-USD-INV-PERP' };
/** A dated future that expired before the feed subscribed it: Deribit leaves its channel out of the answer. */
const EXPIRED: VenueSymbol = { symbol: 'BTC-27DEC24', coin: 'BTC', quote: 'USD', instrument: 'BTC-USD-INV-20241227' };
const TRADES: StreamSpec = { channel: 'trades', record: 'trade' };

const SET_HEARTBEAT = '{"jsonrpc":"2.0","id":1000000001,"method":"public/set_heartbeat","params":{"interval":10}}';
const TEST = '{"jsonrpc":"2.0","id":1000000003,"method":"public/test","params":{}}';
const subscribe = (id: number, ...channels: string[]): string => JSON.stringify({ jsonrpc: '2.0', id, method: 'public/subscribe', params: { channels } });
const ack = (id: number, ...channels: string[]): string =>
  JSON.stringify({ jsonrpc: '2.0', id, result: channels, usIn: 1786563120531596, usOut: 1786563120531808, usDiff: 212, testnet: false });
/** The documented heartbeat request (deribit-heartbeat.ndjson). */
const TEST_REQUEST = '{"jsonrpc":"2.0","method":"heartbeat","params":{"type":"test_request"}}';
/** Two trades of the recorded deribit-trades.ndjson line 2 (BTC-PERPETUAL, `.100ms`), trade_seq 271252854 and 271252855. */
const RECORDED_TRADES =
  '{"jsonrpc":"2.0","method":"subscription","params":{"channel":"trades.BTC-PERPETUAL.100ms","data":[' +
  '{"timestamp":1765531356452,"price":92294.5,"amount":10.0,"direction":"sell","index_price":92276.75,"instrument_name":"BTC-PERPETUAL","trade_seq":271252854,"mark_price":92287.11,"tick_direction":2,"trade_id":"405683430","contracts":1.0},' +
  '{"timestamp":1765531356452,"price":92288.5,"amount":750.0,"direction":"sell","index_price":92276.75,"instrument_name":"BTC-PERPETUAL","trade_seq":271252855,"mark_price":92287.11,"tick_direction":2,"trade_id":"405683431","contracts":75.0}]}}';
/** A perpetual's ticker with an empty book and no trade yet: a derivative ticker only (docs "ticker.{instrument_name}.{interval}"). */
const QUIET_TICKER =
  '{"jsonrpc":"2.0","method":"subscription","params":{"channel":"ticker.BTC-PERPETUAL.100ms","data":{"timestamp":1786563120494,"instrument_name":"BTC-PERPETUAL",' +
  '"mark_price":63346.33,"index_price":63329.18,"current_funding":0.0,"funding_8h":0.0,"open_interest":716004750,"best_bid_price":0,"best_bid_amount":0,"best_ask_price":0,"best_ask_amount":0}}}';
const book = (symbol: string, data: Record<string, unknown>): string =>
  JSON.stringify({
    jsonrpc: '2.0',
    method: 'subscription',
    params: { channel: `book.${symbol}.100ms`, data: { timestamp: 1786563084954, instrument_name: symbol, ...data } },
  });

const describeOutput = (e: VenueOutput): string =>
  e.type === 'trade'
    ? `trade ${e.symbol} ${e.tradeId}`
    : e.type === 'order_book'
      ? `book ${e.symbol} ${e.bids[0]?.price}`
      : e.type === 'feed_status'
        ? `${e.state}${e.symbol === undefined ? '' : ` ${e.symbol}`} ${e.reason}`
        : e.type === 'invalid_frame'
          ? `invalid ${e.error}`
          : e.type;

const URL = 'wss://deribit.test/ws/api/v2';

function feedOf(
  s: TestScheduler,
  protocol: VenueProtocol,
  scripts: readonly SocketScript[],
  instruments$: Observable<readonly VenueSymbol[]>,
  more: Partial<VenueFeedConfig> = {},
) {
  const sockets = fakeSockets(s, scripts);
  const feed$ = venueFeed(protocol, {
    exchange: 'deribit',
    url: URL,
    symbols: { coins: [], quote: 'USD' },
    instruments$,
    scheduler: s,
    frames: sockets.source,
    ...more,
  });
  return { sockets, feed$, sent: () => sockets.log.filter((line) => line.includes(' send ')) };
}

describe('a Deribit feed', () => {
  it('answers every test_request with public/test at once, ahead of the paced requests', () => {
    const s = scheduler();
    s.run(({ expectObservable }) => {
      const { feed$, sent } = feedOf(
        s,
        deribitVenue.protocol,
        [{ marble: 'o 9ms a 9ms h 9ms h', frames: { a: ack(1, 'trades.BTC-PERPETUAL.100ms'), h: TEST_REQUEST } }],
        of([PERP]),
        {
          streams: [TRADES],
        },
      );
      expectObservable(feed$.pipe(map(describeOutput)), '^ 40ms !').toBe('(ab) 6ms c', {
        a: `connecting ${URL}`,
        b: `connected ${URL}`,
        c: 'subscribed 1 topics',
      });
      s.flush();
      expect(sent()).toEqual([
        `0 send c1 ${SET_HEARTBEAT}`,
        `0 send c1 ${subscribe(1, 'trades.BTC-PERPETUAL.100ms')}`,
        `20 send c1 ${TEST}`,
        `30 send c1 ${TEST}`,
      ]);
      // One answer per request: two requests, two public/test.
      expect(sent().filter((line) => line.endsWith(TEST))).toHaveLength(2);
    });
  });

  it('says unserved a channel the subscribe answer leaves out, keeps the others flowing and does not ask for it again on that socket', () => {
    const s = scheduler();
    s.run(({ cold, expectObservable }) => {
      const instruments$ = cold<readonly VenueSymbol[]>('30ms e', { e: [PERP, EXPIRED, ETH_PERP] }).pipe(startWith([PERP, EXPIRED]));
      const { feed$, sent } = feedOf(
        s,
        deribitVenue.protocol,
        [
          {
            marble: 'o 9ms a 9ms t 1089ms b',
            frames: { a: ack(1, 'trades.BTC-PERPETUAL.100ms'), t: RECORDED_TRADES, b: ack(2, 'trades.ETH-PERPETUAL.100ms') },
          },
        ],
        instruments$,
        { streams: [TRADES] },
      );
      expectObservable(feed$.pipe(map(describeOutput)), '^ 1200ms !').toBe('(ab) 6ms (cd) 6ms (ef) 1086ms g', {
        a: `connecting ${URL}`,
        b: `connected ${URL}`,
        c: 'unserved BTC-27DEC24 trades.BTC-27DEC24.100ms: not subscribed by deribit (deribit left out of its answer channels it does not have)',
        d: 'subscribed 1 topics',
        e: 'trade BTC-PERPETUAL 271252854',
        f: 'trade BTC-PERPETUAL 271252855',
        g: 'subscribed 2 topics',
      });
      s.flush();
      expect(sent()).toEqual([
        `0 send c1 ${SET_HEARTBEAT}`,
        `0 send c1 ${subscribe(1, 'trades.BTC-PERPETUAL.100ms', 'trades.BTC-27DEC24.100ms')}`,
        // ETH-PERPETUAL listed at 30 ms: its channel alone (the refused one is not asked again), in the next window.
        `1100 send c1 ${subscribe(2, 'trades.ETH-PERPETUAL.100ms')}`,
      ]);
    });
  });

  it('resyncs the book whose prev_change_id skips, alone, by resubscribing it; the other book keeps flowing', () => {
    const s = scheduler();
    s.run(({ expectObservable }) => {
      const frames = {
        a: ack(1, 'book.BTC-PERPETUAL.100ms', 'book.ETH-PERPETUAL.100ms'),
        s: book('BTC-PERPETUAL', { type: 'snapshot', change_id: 10, bids: [['new', 63324.5, 1000]], asks: [['new', 63325, 2000]] }),
        e: book('ETH-PERPETUAL', { type: 'snapshot', change_id: 20, bids: [['new', 2500, 100]], asks: [['new', 2500.5, 50]] }),
        g: book('ETH-PERPETUAL', { type: 'change', prev_change_id: 21, change_id: 22, bids: [['change', 2500, 300]], asks: [] }),
        c: book('BTC-PERPETUAL', {
          type: 'change',
          prev_change_id: 10,
          change_id: 11,
          bids: [
            ['delete', 63324.5, 0],
            ['new', 63324, 500],
          ],
          asks: [],
        }),
        r: ack(1100000001, 'book.ETH-PERPETUAL.100ms'),
        f: book('ETH-PERPETUAL', { type: 'snapshot', change_id: 30, bids: [['new', 2499.5, 100]], asks: [['new', 2500.5, 50]] }),
      };
      const { feed$, sent } = feedOf(s, deribitVenue.protocol, [{ marble: 'o 9ms a 9ms s 9ms e 9ms g 9ms c 1059ms r 9ms f', frames }], of([PERP, ETH_PERP]), {
        streams: [],
        books: true,
      });
      expectObservable(feed$.pipe(map(describeOutput)), '^ 1200ms !').toBe('(ab) 6ms c 9ms d 9ms e 9ms f 9ms g 1059ms h 9ms i', {
        a: `connecting ${URL}`,
        b: `connected ${URL}`,
        c: 'subscribed 2 topics',
        d: 'book BTC-PERPETUAL 63324.5',
        e: 'book ETH-PERPETUAL 2500',
        f: 'book_resync ETH-PERPETUAL gap: expected prev_change_id 20, got 21',
        g: 'book BTC-PERPETUAL 63324',
        h: 'subscribed 2 topics',
        i: 'book ETH-PERPETUAL 2499.5',
      });
      s.flush();
      expect(sent()).toEqual([
        `0 send c1 ${SET_HEARTBEAT}`,
        `0 send c1 ${subscribe(1, 'book.BTC-PERPETUAL.100ms', 'book.ETH-PERPETUAL.100ms')}`,
        `1100 send c1 {"jsonrpc":"2.0","id":1000000004,"method":"public/unsubscribe","params":{"channels":["book.ETH-PERPETUAL.100ms"]}}`,
        `1100 send c1 ${subscribe(1100000001, 'book.ETH-PERPETUAL.100ms')}`,
      ]);
    });
  });

  it('reconnects a socket whose tickers stop past the stall time, heartbeats notwithstanding', () => {
    const s = scheduler();
    s.run(({ expectObservable }) => {
      const ticker = deribitVenue.protocol.streams.filter((stream) => stream.cadenceMs !== undefined);
      const frames = { a: ack(1, 'ticker.BTC-PERPETUAL.100ms'), t: QUIET_TICKER, h: TEST_REQUEST };
      const { feed$ } = feedOf(
        s,
        deribitVenue.protocol,
        [
          { marble: 'o 9ms a 9ms t 4979ms h', frames },
          { marble: 'o 9ms a', frames },
        ],
        of([PERP]),
        {
          streams: ticker,
          // Checked every 1,000 ms; a topic heard last before the check that first saw it subscribed (1,000 ms) fails once silent over 6,000 ms.
          silentStreamMs: 8000,
        },
      );
      expectObservable(feed$.pipe(retry(1), map(describeOutput)), '^ 8100ms !').toBe('(ab) 6ms c 9ms d 7979ms (efg) 5ms h', {
        a: `connecting ${URL}`,
        b: `connected ${URL}`,
        c: 'subscribed 1 topics',
        d: 'derivative_ticker',
        e: `disconnected deribit acknowledged ticker.BTC-PERPETUAL.100ms on ${URL} and sent nothing for 7000 ms (a stream the venue does not serve on this URL)`,
        f: `connecting ${URL}`,
        g: `connected ${URL}`,
        h: 'subscribed 1 topics',
      });
      expect(ticker).toEqual([{ channel: 'ticker', record: 'derivative_ticker', cadenceMs: 1000 }]);
    });
  });
});

describe('a Deribit options feed whose tickers are refused', () => {
  it('keeps its socket while refused tickers keep coming (each one dead-lettered): a frame received is no silence', () => {
    const s = scheduler();
    const seen: string[] = [];
    const option: VenueSymbol = { symbol: 'ETH-23JUL21-2300-C', coin: 'ETH', quote: 'ETH', instrument: 'ETH-USD-20210723-2300-C' };
    // The recorded ticker without its greeks: no summary can be made of it, every one is refused.
    const data = (JSON.parse(RECORDED_FAR_OPTION_TICKER) as { params: { data: Record<string, unknown> } }).params.data;
    const { greeks: _greeks, ...withoutGreeks } = data;
    const refusedTicker = JSON.stringify({
      jsonrpc: '2.0',
      method: 'subscription',
      params: { channel: 'ticker.ETH-23JUL21-2300-C.100ms', data: withoutGreeks },
    });
    s.run(() => {
      const ticker = deribitOptionsVenue.protocol.streams.filter((stream) => stream.cadenceMs !== undefined);
      const frames = { a: ack(1, 'ticker.ETH-23JUL21-2300-C.100ms'), t: refusedTicker };
      // A ticker every second for 10 s, each refused; the stall time is 3 s.
      const marble = `o 9ms a 9ms ${Array.from({ length: 10 }, () => 't').join(' 999ms ')}`;
      const feed = feedOf(s, deribitOptionsVenue.protocol, [{ marble, frames }], of([option]), { streams: ticker, silentStreamMs: 3000 });
      feed.feed$.pipe(takeUntil(timer(10_500, s)), map(describeOutput)).subscribe((line) => seen.push(line));
    });
    expect(seen.filter((line) => line.startsWith('disconnected'))).toEqual([]);
    expect(seen.filter((line) => line.startsWith('invalid'))).toEqual(
      Array.from({ length: 10 }, () => 'invalid $.params.data.greeks: ETH-23JUL21-2300-C option ticker without greeks'),
    );
  });
});

describe('a Deribit options feed at an expiry', () => {
  it("publishes a worthless option's last ticker (state closed, mark 0) as its summary, then unsubscribes it and takes its silence for no stall", () => {
    const s = scheduler();
    const seen: string[] = [];
    let sent: () => readonly string[] = () => [];
    const option: VenueSymbol = { symbol: 'ETH-23JUL21-2300-C', coin: 'ETH', quote: 'ETH', instrument: 'ETH-USD-20210723-2300-C' };
    s.run(() => {
      const ticker = deribitOptionsVenue.protocol.streams.filter((stream) => stream.cadenceMs !== undefined);
      const frames = { a: ack(1, 'ticker.ETH-23JUL21-2300-C.100ms'), c: BUILT_CLOSED_OPTION_TICKER.replace('.raw"', '.100ms"') };
      const feed = feedOf(s, deribitOptionsVenue.protocol, [{ marble: 'o 9ms a 9ms c', frames }], of([option]), { streams: ticker, silentStreamMs: 3000 });
      sent = feed.sent;
      feed.feed$.pipe(takeUntil(timer(10_000, s)), map(describeOutput)).subscribe((line) => seen.push(line));
    });
    expect(seen.filter((line) => line.startsWith('disconnected') || line.startsWith('invalid'))).toEqual([]);
    expect(seen.filter((line) => line === 'option_summary')).toHaveLength(1);
    expect(
      sent()
        .filter((line) => line.includes('public/unsubscribe'))
        .map((line) => line.slice(line.indexOf('{'))),
    ).toEqual(['{"jsonrpc":"2.0","id":1000000004,"method":"public/unsubscribe","params":{"channels":["ticker.ETH-23JUL21-2300-C.100ms"]}}']);
  });
});

describe('a Deribit feed at an expiry', () => {
  it('unsubscribes the instruments whose books Deribit closed (ticker state "closed") in one request and takes their silence for no stall, while the other flows on', () => {
    const s = scheduler();
    const seen: string[] = [];
    let sent: () => readonly string[] = () => [];
    // ETH-PERPETUAL's last ticker says its book closed (what an expired instrument's ticker says, docs "ticker": state "open" or "closed").
    const closed = JSON.stringify({
      ...(JSON.parse(QUIET_TICKER) as object),
      params: {
        channel: 'ticker.ETH-PERPETUAL.100ms',
        data: { ...(JSON.parse(QUIET_TICKER) as { params: { data: object } }).params.data, instrument_name: 'ETH-PERPETUAL', state: 'closed' },
      },
    });
    const closedFuture = closed.replaceAll('ETH-PERPETUAL', 'BTC-27DEC24');
    s.run(() => {
      const ticker = deribitVenue.protocol.streams.filter((stream) => stream.cadenceMs !== undefined);
      const frames = {
        a: ack(1, 'ticker.BTC-PERPETUAL.100ms', 'ticker.ETH-PERPETUAL.100ms', 'ticker.BTC-27DEC24.100ms'),
        t: QUIET_TICKER,
        c: closed,
        d: closedFuture,
      };
      // BTC's ticker every second for 10 s; ETH's and the future's once each, closed, 100 ms apart, and never again.
      const marble = `o 9ms a 9ms t 99ms c 99ms d 799ms ${Array.from({ length: 9 }, () => 't').join(' 999ms ')}`;
      const feed = feedOf(s, deribitVenue.protocol, [{ marble, frames }], of([PERP, ETH_PERP, EXPIRED]), { streams: ticker, silentStreamMs: 3000 });
      sent = feed.sent;
      feed.feed$.pipe(takeUntil(timer(10_500, s)), map(describeOutput)).subscribe((line) => seen.push(line));
    });
    expect(seen.filter((line) => line.startsWith('disconnected'))).toEqual([]);
    // BTC's ten, and the closed ones' last (published, then their topics end).
    expect(seen.filter((line) => line === 'derivative_ticker')).toHaveLength(12);
    const unsubscribed = sent().filter((line) => line.includes('public/unsubscribe'));
    expect(unsubscribed).toHaveLength(1);
    expect(unsubscribed[0]).toContain('"channels":["ticker.ETH-PERPETUAL.100ms","ticker.BTC-27DEC24.100ms"]');
  });
});

/** The client id and secret of the docs' `public/auth` example. */
const CLIENT_ID = 'fo7WAPRm4P';
const SECRET = 'W0H6FJW4IRPZ1MOQ8FP6KMC5RZDUUKXS';
const CREDENTIALS = { [DERIBIT_CLIENT_ID_OPTION.key]: CLIENT_ID, [DERIBIT_CLIENT_SECRET_OPTION.key]: SECRET };
const AUTH = JSON.stringify({
  jsonrpc: '2.0',
  id: 1000000002,
  method: 'public/auth',
  params: { grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: SECRET },
});
/** The docs' answer to `public/auth` (tokens shortened). */
const AUTHORISED =
  '{"jsonrpc":"2.0","id":1000000002,"result":{"access_token":"1582628593469.1MbQ-J_4.CBP","expires_in":31536000,"refresh_token":"1582628593469.1GP4rQd0.A9W","scope":"connection mainaccount","enabled_features":[],"token_type":"bearer"}}';
/** The docs' error layout ("Errors") with the code and message of wrong client credentials (13004, `invalid_credentials`). */
const REFUSED =
  '{"jsonrpc":"2.0","id":1000000002,"error":{"code":13004,"message":"invalid_credentials"},"usIn":1786563120531596,"usOut":1786563120531808,"usDiff":212,"testnet":false}';

function protocolWith(venue: VenueDefinition, options: Readonly<Record<string, unknown>>): VenueProtocol {
  const protocol = venue.protocolWith?.of({ options });
  if (protocol === undefined) throw new Error('no protocolWith');
  return protocol;
}

describe('a Deribit feed with client credentials', () => {
  it('sends public/auth after public/set_heartbeat and holds the .raw subscribes, instruments listed meanwhile too, until its answer', () => {
    const s = scheduler();
    s.run(({ cold, expectObservable }) => {
      const instruments$ = cold<readonly VenueSymbol[]>('1000ms e', { e: [PERP, ETH_PERP] }).pipe(startWith([PERP]));
      const frames = { u: AUTHORISED, a: ack(1, 'trades.BTC-PERPETUAL.raw', 'trades.ETH-PERPETUAL.raw') };
      const { feed$, sent } = feedOf(s, protocolWith(deribitVenue, CREDENTIALS), [{ marble: 'o 1999ms u 9ms a', frames }], instruments$, { streams: [TRADES] });
      expectObservable(feed$.pipe(map(describeOutput)), '^ 2100ms !').toBe('(ab) 2006ms c', {
        a: `connecting ${URL}`,
        b: `connected ${URL}`,
        c: 'subscribed 2 topics',
      });
      s.flush();
      expect(sent()).toEqual([
        `0 send c1 ${SET_HEARTBEAT}`,
        `0 send c1 ${AUTH}`,
        `2000 send c1 ${subscribe(1, 'trades.BTC-PERPETUAL.raw', 'trades.ETH-PERPETUAL.raw')}`,
      ]);
    });
  });

  it('stops the venue when public/auth is refused (not retried), saying why in its status and error, never the secret, and subscribes nothing', () => {
    const s = scheduler();
    const told: string[] = [];
    s.run(({ expectObservable }) => {
      const { feed$, sent } = feedOf(s, protocolWith(deribitVenue, CREDENTIALS), [{ marble: 'o 9ms e', frames: { e: REFUSED } }], of([PERP]), {
        streams: [TRADES],
      });
      const said = feed$.pipe(
        map((output) => (told.push(JSON.stringify(output)), describeOutput(output))),
        catchError((error: unknown) => {
          told.push(JSON.stringify(error), String(error));
          return of(`stopped, retriable: ${isRetriable(error)}`);
        }),
      );
      expectObservable(said, '^ 100ms !').toBe('(ab) 6ms (cd|)', {
        a: `connecting ${URL}`,
        b: `connected ${URL}`,
        c: 'disconnected deribit rejected subscription to : deribit public/auth refused: deribit error 13004: invalid_credentials; check --deribit-client-id and --deribit-client-secret',
        d: 'stopped, retriable: false',
      });
      s.flush();
      expect(sent()).toEqual([`0 send c1 ${SET_HEARTBEAT}`, `0 send c1 ${AUTH}`]);
    });
    expect(told.length).toBeGreaterThan(3);
    expect(told.filter((text) => text.includes(SECRET))).toEqual([]);
  });
});

describe("deribitVenue.protocolWith, the pipeline's protocol whether books are followed or not", () => {
  const trades = (protocol: VenueProtocol): string => protocol.topic('BTC-PERPETUAL', TRADES);

  it('reads .100ms channels and subscribes at once without credentials (or with only one of the two), .raw after public/auth with both', () => {
    for (const options of [{}, { [DERIBIT_CLIENT_ID_OPTION.key]: CLIENT_ID }, { [DERIBIT_CLIENT_SECRET_OPTION.key]: SECRET }]) {
      const protocol = protocolWith(deribitVenue, options);
      expect([trades(protocol), protocol.connection.authenticate?.('c1'), protocol.connection.openMessages?.('c1')]).toEqual([
        'trades.BTC-PERPETUAL.100ms',
        undefined,
        [SET_HEARTBEAT],
      ]);
    }
    const raw = protocolWith(deribitVenue, CREDENTIALS);
    expect([trades(raw), raw.connection.authenticate?.('c1'), raw.connection.openMessages?.('c1')]).toEqual([
      'trades.BTC-PERPETUAL.raw',
      AUTH,
      [SET_HEARTBEAT],
    ]);
    expect(trades(deribitVenue.protocol)).toBe('trades.BTC-PERPETUAL.100ms');
    expect(protocolWith(deribitOptionsVenue, CREDENTIALS).topic('BTC-26DEC26-100000-C', { channel: 'ticker', record: 'option_summary' })).toBe(
      'ticker.BTC-26DEC26-100000-C.raw',
    );
  });

  it('keeps the book plan of deribit with and without credentials (options have none), and subscribes books only when a feed follows them', () => {
    expect([protocolWith(deribitVenue, {}).book?.channel, protocolWith(deribitVenue, CREDENTIALS).book?.channel, deribitVenue.protocol.book?.channel]).toEqual([
      'book',
      'book',
      'book',
    ]);
    expect([protocolWith(deribitOptionsVenue, CREDENTIALS).book, deribitOptionsVenue.protocol.book]).toEqual([undefined, undefined]);
    const firstSubscribe = (books: boolean): string | undefined => {
      const s = scheduler();
      let line: string | undefined;
      s.run(() => {
        const { feed$, sent } = feedOf(s, protocolWith(deribitVenue, {}), [{ marble: 'o' }], of([PERP]), { books });
        feed$.subscribe({ error: () => undefined });
        s.flush();
        line = sent()[1];
      });
      return line;
    };
    // The default streams: trades (trades and liquidations) and ticker (best bid/ask, derivative ticker, price tick), one channel each.
    expect(firstSubscribe(false)).toBe(`0 send c1 ${subscribe(1, 'trades.BTC-PERPETUAL.100ms', 'ticker.BTC-PERPETUAL.100ms')}`);
    expect(firstSubscribe(true)).toBe(`0 send c1 ${subscribe(1, 'trades.BTC-PERPETUAL.100ms', 'ticker.BTC-PERPETUAL.100ms', 'book.BTC-PERPETUAL.100ms')}`);
  });
});
