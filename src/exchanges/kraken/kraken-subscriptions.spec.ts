import { describe, expect, it } from 'vitest';
import {
  krakenGroupOf,
  krakenPing,
  krakenReqId,
  krakenRequestId,
  krakenResubscribe,
  krakenSubscribe,
  krakenTopic,
  krakenTopicParts,
  krakenUnsubscribe,
} from './kraken-subscriptions.js';

const options = { bookDepth: 25 };

describe('krakenTopic', () => {
  it('names a topic <channel>:<SYMBOL>, and its group is the channel', () => {
    expect(krakenTopic('btc/usd', 'trade')).toBe('trade:BTC/USD');
    expect(krakenTopicParts('book:DOGE/USDT')).toEqual({ channel: 'book', symbol: 'DOGE/USDT' });
    expect(['trade:BTC/USD', 'ticker:BTC/USD', 'book:BTC/USD'].map(krakenGroupOf)).toEqual(['trade', 'ticker', 'book']);
  });
});

describe('krakenSubscribe', () => {
  it('asks for trades without the snapshot of the last 50, under an integer req_id', () => {
    expect(krakenSubscribe(['trade:BTC/USD', 'trade:ETH/USD'], '7', options)).toEqual({
      id: '7',
      topics: ['trade:BTC/USD', 'trade:ETH/USD'],
      text: '{"method":"subscribe","params":{"channel":"trade","symbol":["BTC/USD","ETH/USD"],"snapshot":false},"req_id":7}',
    });
  });

  it('asks for tickers on every best bid/offer change, with the current one first', () => {
    expect(krakenSubscribe(['ticker:BTC/USD'], '1', options).text).toBe(
      '{"method":"subscribe","params":{"channel":"ticker","symbol":["BTC/USD"],"event_trigger":"bbo","snapshot":true},"req_id":1}',
    );
  });

  it('asks for books at the configured depth with their snapshot', () => {
    expect(krakenSubscribe(['book:BTC/USD'], '2', options).text).toBe(
      '{"method":"subscribe","params":{"channel":"book","symbol":["BTC/USD"],"depth":25,"snapshot":true},"req_id":2}',
    );
  });

  it('refuses topics of two channels in one request (Kraken takes one channel per request)', () => {
    expect(() => krakenSubscribe(['trade:BTC/USD', 'book:BTC/USD'], '3', options)).toThrow(/one channel/);
  });
});

describe('krakenUnsubscribe and krakenResubscribe', () => {
  it('unsubscribes with the channel, the symbols and, for books, the depth', () => {
    expect(krakenUnsubscribe(['book:BTC/USD'], '9', options)).toBe(
      '{"method":"unsubscribe","params":{"channel":"book","symbol":["BTC/USD"],"depth":25},"req_id":9}',
    );
    expect(krakenUnsubscribe(['trade:BTC/USD'], '10', options)).toBe('{"method":"unsubscribe","params":{"channel":"trade","symbol":["BTC/USD"]},"req_id":10}');
  });

  it("turns the feed's resubscription id into an int32 req_id that the ack echoes, far from the per-socket ids", () => {
    const { unsubscribe, subscribe } = krakenResubscribe('book:BTC/USD', 'kraken-1-resub-4', options);
    expect(unsubscribe).toBe('{"method":"unsubscribe","params":{"channel":"book","symbol":["BTC/USD"],"depth":25},"req_id":1000000004}');
    expect(subscribe).toEqual({
      id: '1000000004',
      topics: ['book:BTC/USD'],
      text: '{"method":"subscribe","params":{"channel":"book","symbol":["BTC/USD"],"depth":25,"snapshot":true},"req_id":1000000004}',
    });
  });
});

describe('request ids', () => {
  it('counts requests from 1 and stays within int32', () => {
    expect([krakenRequestId(1), krakenRequestId(42), krakenRequestId(2_147_483_647), krakenRequestId(2_147_483_648)]).toEqual(['1', '42', '2147483647', '1']);
  });

  it('keeps a decimal id, and makes any other an int32 above 1,000,000,000', () => {
    expect([krakenReqId('12'), krakenReqId('c-resub-12')]).toEqual([12, 1_000_000_012]);
    const other = krakenReqId('no digits');
    expect(other).toBeGreaterThanOrEqual(1_000_000_000);
    expect(other).toBeLessThanOrEqual(2_147_483_647);
  });
});

describe('krakenPing', () => {
  it('sends the documented ping with an integer req_id', () => {
    expect(krakenPing(3)).toBe('{"method":"ping","req_id":3}');
  });
});
