import { filter, map } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import type { MarketEvent } from '../model/index.js';
import type { BybitFrame } from './bybit/bybit-frames.js';
import { bybitProtocol } from './bybit/bybit-protocol.js';
import { fakeSockets } from './__fixtures__/fake-sockets.js';
import { venueFeed } from './venue-feed.js';
import type { SymbolReducer, VenueProtocol } from './venue-protocol.js';

/** A trivial per-symbol reducer: passes a trade only when its price differs from the symbol's last one. */
const priceChanges: SymbolReducer<number | undefined> = {
  initial: () => undefined,
  reduce: (last, events) => {
    const out: MarketEvent[] = [];
    let price = last;
    for (const event of events) {
      if (event.type === 'trade' && event.price === price) continue;
      if (event.type === 'trade') price = event.price;
      out.push(event);
    }
    return { state: price, events: out };
  },
};

const withReducer: VenueProtocol<BybitFrame, number | undefined> = { ...bybitProtocol, reducer: priceChanges };

const trades = (...fills: readonly (readonly [string, string, string])[]): string =>
  JSON.stringify({ topic: 'publicTrade.BTCUSDT', type: 'snapshot', ts: 1, data: fills.map(([i, s, p]) => ({ i, T: 1, p, v: '1', S: 'Buy', s })) });

describe('venueFeed with a per-symbol reducer', () => {
  it("folds each frame's events into per-symbol state with scan and emits what the reducer returns", () => {
    const s = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    s.run(({ expectObservable }) => {
      const sockets = fakeSockets(s, [
        {
          marble: 'o 9ms a 9ms b 9ms c',
          frames: {
            a: trades(['1', 'BTCUSDT', '100'], ['2', 'ETHUSDT', '10']),
            b: trades(['3', 'BTCUSDT', '100'], ['4', 'ETHUSDT', '11'], ['5', 'ETHUSDT', '11']),
            c: trades(['6', 'BTCUSDT', '101']),
          },
        },
      ]);
      const feed$ = venueFeed(withReducer, {
        exchange: 'bybit',
        url: 'wss://venue.test',
        symbols: { coins: ['BTC', 'ETH'], quote: 'USDT' },
        scheduler: s,
        frames: sockets.source,
      });
      const ids$ = feed$.pipe(
        filter((event) => event.type === 'trade'),
        map((event) => `${event.symbol} ${event.tradeId}`),
      );
      expectObservable(ids$, '^ 1s !').toBe('10ms (ab) 6ms c 9ms d', { a: 'BTCUSDT 1', b: 'ETHUSDT 2', c: 'ETHUSDT 4', d: 'BTCUSDT 6' });
    });
  });

  it('starts every subscription from fresh state and passes statuses through', () => {
    const s = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    s.run(({ expectObservable }) => {
      const script = { marble: 'o 9ms a', frames: { a: trades(['1', 'BTCUSDT', '100']) } };
      const sockets = fakeSockets(s, [script, script]);
      const feed$ = venueFeed(withReducer, {
        exchange: 'bybit',
        url: 'wss://venue.test',
        symbols: { coins: ['BTC'], quote: 'USDT' },
        scheduler: s,
        frames: sockets.source,
      });
      const kinds$ = feed$.pipe(map((event) => (event.type === 'feed_status' ? event.state : event.type === 'trade' ? event.tradeId : event.type)));
      const values = { a: 'connecting', b: 'connected', t: '1' } as const;
      expectObservable(kinds$, '^ 1s !').toBe('(ab) 6ms t', values);
      expectObservable(kinds$, '^ 1s !').toBe('(ab) 6ms t', values);
    });
  });
});
