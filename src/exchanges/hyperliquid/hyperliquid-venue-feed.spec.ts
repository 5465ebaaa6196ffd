import { map, retry, startWith } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { fakeSockets } from '../__fixtures__/fake-sockets.js';
import type { VenueSymbol } from '../adapter-config.js';
import { venueFeed } from '../venue-feed.js';
import type { VenueOutput } from '../venue-item.js';
import { hyperliquidProtocol } from './hyperliquid-protocol.js';

const scheduler = (): TestScheduler => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

const BTC: VenueSymbol = { symbol: 'BTC', coin: 'BTC', quote: 'USDC', instrument: 'BTC-USDC-PERP' };
const ACK = '{"channel":"subscriptionResponse","data":{"method":"subscribe","subscription":{"type":"trades","coin":"BTC"}}}';
const trades = (...tids: number[]): string =>
  `{"channel":"trades","data":[${tids.map((tid) => `{"coin":"BTC","side":"B","px":"64000.0","sz":"0.1","time":${1786539552000 + tid},"hash":"0x0","tid":${tid}}`).join(',')}]}`;

const describeOutput = (e: VenueOutput): string =>
  e.type === 'trade'
    ? `trade ${e.tradeId} ${e.connectionId}`
    : e.type === 'feed_status'
      ? `${e.state} ${e.reason}`
      : e.type === 'invalid_frame'
        ? `invalid ${e.error}`
        : e.type;

describe('a Hyperliquid feed', () => {
  it('subscribes one message per topic, drops the backlog the subscription opens with, publishes what follows, and pings every 20 s', () => {
    const s = scheduler();
    s.run(({ cold, expectObservable }) => {
      const sockets = fakeSockets(s, [
        { marble: 'o 9ms a 9ms b 9ms l 14979ms p', frames: { a: ACK, b: trades(11, 12), l: trades(13), p: '{"channel":"pong"}' } },
      ]);
      const feed$ = venueFeed(hyperliquidProtocol, {
        exchange: 'hyperliquid',
        url: 'wss://hl.test/ws',
        symbols: { coins: [], quote: 'USDC' },
        instruments$: cold<readonly VenueSymbol[]>('-').pipe(startWith([BTC])),
        scheduler: s,
        frames: sockets.source,
        streams: [{ channel: 'trades', record: 'trade' }],
      });
      expectObservable(feed$.pipe(map(describeOutput)), '^ 20100ms !').toBe('(ab) 6ms c 19ms d', {
        a: 'connecting wss://hl.test/ws',
        b: 'connected wss://hl.test/ws',
        c: 'subscribed 1 topics',
        d: 'trade 13 c1',
      });
      s.flush();
      expect(sockets.log.filter((line) => line.includes(' send '))).toEqual([
        '0 send c1 {"method":"subscribe","subscription":{"type":"trades","coin":"BTC"}}',
        '20000 send c1 {"method":"ping"}',
      ]);
    });
  });

  it('drops the backlog again after a reconnect, its trades left to the repair of the hole', () => {
    const s = scheduler();
    s.run(({ cold, expectObservable }) => {
      const sockets = fakeSockets(s, [
        { marble: 'o 9ms a 9ms b 9ms l 9ms #', frames: { a: ACK, b: trades(11), l: trades(12) }, error: new Error('socket closed') },
        { marble: 'o 9ms a 9ms b 9ms l', frames: { a: ACK, b: trades(11, 12, 13), l: trades(14) } },
      ]);
      const feed$ = venueFeed(hyperliquidProtocol, {
        exchange: 'hyperliquid',
        url: 'wss://hl.test/ws',
        symbols: { coins: [], quote: 'USDC' },
        instruments$: cold<readonly VenueSymbol[]>('-').pipe(startWith([BTC])),
        scheduler: s,
        frames: sockets.source,
        streams: [{ channel: 'trades', record: 'trade' }],
      }).pipe(retry(1));
      const trades$ = feed$.pipe(map(describeOutput));
      expectObservable(trades$, '^ 80ms !').toBe('(ab) 6ms c 19ms d 9ms (efg) 5ms h 19ms i', {
        a: 'connecting wss://hl.test/ws',
        b: 'connected wss://hl.test/ws',
        c: 'subscribed 1 topics',
        d: 'trade 12 c1',
        e: 'disconnected socket closed',
        f: 'connecting wss://hl.test/ws',
        g: 'connected wss://hl.test/ws',
        h: 'subscribed 1 topics',
        i: 'trade 14 c2',
      });
    });
  });
});
