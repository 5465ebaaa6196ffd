import { map, startWith } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { fakeSockets } from '../__fixtures__/fake-sockets.js';
import type { VenueSymbol } from '../adapter-config.js';
import { venueFeed } from '../venue-feed.js';
import type { VenueOutput } from '../venue-item.js';
import { okxSwapProtocol } from './okx-protocol.js';

const scheduler = (): TestScheduler => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

const BTC: VenueSymbol = { symbol: 'BTC-USDT-SWAP', coin: 'BTC', quote: 'USDT', instrument: 'BTC-USDT-PERP', contractValue: 0.01 };
const ETH: VenueSymbol = { symbol: 'ETH-USDT-SWAP', coin: 'ETH', quote: 'USDT', instrument: 'ETH-USDT-PERP', contractValue: 0.1 };

/** A SWAP `liquidation-orders` push (docs "Liquidation orders channel") of one liquidation each of BTC-USDT-SWAP and ETH-USDT-SWAP. */
const LIQUIDATIONS =
  '{"arg":{"channel":"liquidation-orders","instType":"SWAP"},"data":[' +
  '{"details":[{"bkLoss":"0","bkPx":"43000","ccy":"","posSide":"long","side":"sell","sz":"2","ts":"1700000000100"}],"instFamily":"BTC-USDT","instId":"BTC-USDT-SWAP","instType":"SWAP","uly":"BTC-USDT"},' +
  '{"details":[{"bkLoss":"0","bkPx":"2200","ccy":"","posSide":"short","side":"buy","sz":"3","ts":"1700000000200"}],"instFamily":"ETH-USDT","instId":"ETH-USDT-SWAP","instType":"SWAP","uly":"ETH-USDT"}]}';

const describeOutput = (e: VenueOutput): string =>
  e.type === 'liquidation'
    ? `liquidation ${e.symbol} ${e.quantity}`
    : e.type === 'feed_status'
      ? `${e.state} ${e.reason}`
      : e.type === 'invalid_frame'
        ? `invalid ${e.error}`
        : e.type;

describe('an OKX swap feed', () => {
  it('subscribes liquidations once per socket and publishes those of the swaps it follows now, in the base asset', () => {
    const s = scheduler();
    s.run(({ cold, expectObservable }) => {
      const sockets = fakeSockets(s, [
        {
          marble: 'o 9ms a 9ms l 49ms m',
          frames: { a: '{"event":"subscribe","arg":{"channel":"liquidation-orders","instType":"SWAP"},"connId":"a1"}', l: LIQUIDATIONS, m: LIQUIDATIONS },
        },
      ]);
      const feed$ = venueFeed(okxSwapProtocol, {
        exchange: 'okx_swap',
        url: 'wss://okx.test/ws/v5',
        symbols: { coins: [], quote: 'USDT' },
        // ETH-USDT-SWAP leaves this feed (for another shard) at 50 ms; the topic stays, for BTC-USDT-SWAP.
        instruments$: cold('50ms b', { b: [BTC] }).pipe(startWith([BTC, ETH])),
        scheduler: s,
        frames: sockets.source,
        streams: [{ channel: 'liquidation-orders', record: 'liquidation', route: 'public' }],
      });
      expectObservable(feed$.pipe(map(describeOutput)), '^ 100ms !').toBe('(ab) 6ms c 9ms (de) 46ms f', {
        a: 'connecting wss://okx.test/ws/v5/public',
        b: 'connected wss://okx.test/ws/v5/public',
        c: 'subscribed 1 topics',
        d: 'liquidation BTC-USDT-SWAP 0.02',
        e: 'liquidation ETH-USDT-SWAP 0.3',
        f: 'liquidation BTC-USDT-SWAP 0.02',
      });
      s.flush();
      expect(sockets.log.filter((line) => line.includes(' send '))).toEqual([
        '0 send c1 {"op":"subscribe","args":[{"channel":"liquidation-orders","instType":"SWAP"}]}',
      ]);
    });
  });

  it('refuses, as a counted invalid frame, a trade of a swap whose contract value the feed was not told', () => {
    const s = scheduler();
    s.run(({ cold, expectObservable }) => {
      const trade =
        '{"arg":{"channel":"trades-all","instId":"BTC-USDT-SWAP"},"data":[{"instId":"BTC-USDT-SWAP","tradeId":"7","px":"43000","sz":"2","side":"buy","ts":"1700000000000"}]}';
      const sockets = fakeSockets(s, [{ marble: 'o 9ms t', frames: { t: trade } }]);
      const withoutValue: VenueSymbol = { symbol: 'BTC-USDT-SWAP', coin: 'BTC', quote: 'USDT', instrument: 'BTC-USDT-PERP' };
      const feed$ = venueFeed(okxSwapProtocol, {
        exchange: 'okx_swap',
        url: 'wss://okx.test/ws/v5',
        symbols: { coins: [], quote: 'USDT' },
        instruments$: cold<readonly VenueSymbol[]>('-').pipe(startWith([withoutValue])),
        scheduler: s,
        frames: sockets.source,
        streams: [{ channel: 'trades-all', record: 'trade', route: 'business' }],
      });
      expectObservable(feed$.pipe(map(describeOutput)), '^ 20ms !').toBe('(ab) 6ms c', {
        a: 'connecting wss://okx.test/ws/v5/business',
        b: 'connected wss://okx.test/ws/v5/business',
        c: 'invalid BTC-USDT-SWAP: contract value (ctVal) unknown, its sizes are contracts: not published',
      });
    });
  });
});
