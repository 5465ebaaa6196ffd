import { describe, expect, it } from 'vitest';
import type { FeedStatus, TradeEvent } from '../model/index.js';
import { encodeDeadLetter, invalidFrameDeadLetter, producedDeadLetter } from './dead-letters.js';

const trade: TradeEvent = {
  type: 'trade',
  exchange: 'bybit',
  symbol: 'BTCUSDT',
  coin: 'BTC',
  quote: 'USDT',
  exchangeTs: 1,
  receivedTs: 2,
  isFallback: false,
  env: 'prod',
  connectionId: 'bybit-1',
  tradeId: '7',
  price: 100,
  quantity: 1,
  side: 'BUY',
  isBuyerMaker: false,
};

describe('dead letters', () => {
  it('keeps an invalid frame as received, with its connection, receive time and error', () => {
    const frame = { type: 'invalid_frame', exchange: 'binance', connectionId: 'binance-3', raw: '{"e":"trade"', error: 'not JSON', receivedTs: 5 } as const;
    expect(invalidFrameDeadLetter(frame, 9)).toEqual({
      type: 'dead_letter',
      stage: 'invalid_frame',
      exchange: 'binance',
      connectionId: 'binance-3',
      raw: '{"e":"trade"',
      error: 'not JSON',
      receivedTs: 5,
      deadLetteredTs: 9,
    });
  });

  it('writes an unencodable record as JSON with its type, venue, connection, receive time and meant-for topic', () => {
    const letter = encodeDeadLetter(trade, new Error('price: not a double'), 'market.trades.v1', 9);
    expect(letter).toEqual({
      type: 'dead_letter',
      stage: 'encode',
      error: 'price: not a double',
      raw: JSON.stringify(trade),
      exchange: 'bybit',
      recordType: 'trade',
      connectionId: 'bybit-1',
      receivedTs: 2,
      sourceTopic: 'market.trades.v1',
      deadLetteredTs: 9,
    });
  });

  it('leaves out the connection, receive time and topic a record does not have, and writes a thrown non-Error as text', () => {
    const status: FeedStatus = { type: 'feed_status', exchange: 'bybit', state: 'gap', reason: '', ts: 3 };
    const letter = encodeDeadLetter(status, 'bad state', undefined, 9);
    expect(letter).toEqual({
      type: 'dead_letter',
      stage: 'encode',
      error: 'bad state',
      raw: JSON.stringify(status),
      exchange: 'bybit',
      recordType: 'feed_status',
      deadLetteredTs: 9,
    });
  });

  it('keeps a message Kafka refused as its key and base64 value, with the topic it was sent to', () => {
    const message = { topic: 'market.trades.v1', key: 'BTC-USDT', value: Buffer.from([0xc3, 0x01, 0xff]) };
    const letter = producedDeadLetter(message, new Error('MESSAGE_TOO_LARGE'), 9);
    expect(letter).toEqual({
      type: 'dead_letter',
      stage: 'produce',
      error: 'MESSAGE_TOO_LARGE',
      raw: '{"key":"BTC-USDT","valueBase64":"wwH/"}',
      sourceTopic: 'market.trades.v1',
      deadLetteredTs: 9,
    });
  });
});
