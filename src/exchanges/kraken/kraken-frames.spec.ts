import { describe, expect, it } from 'vitest';
import { frameLines } from './__fixtures__/recorded-frames.js';
import { parseKrakenFrame, type KrakenFrame } from './kraken-frames.js';

function parsed(line: string | undefined): KrakenFrame {
  const result = parseKrakenFrame(line ?? '');
  if (!result.ok) throw new Error(`refused: ${result.error}`);
  return result.frame;
}

const book = (type: string, level: Record<string, unknown>, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({
    channel: 'book',
    type,
    data: [{ symbol: 'BTC/USD', bids: [level], asks: [], checksum: 7, timestamp: '2026-08-12T19:28:09.140448Z', ...extra }],
  });

describe('parseKrakenFrame: connection frames', () => {
  it('reads the recorded and documented status frames, whatever their connection_id (beyond 2^53)', () => {
    expect(frameLines('kraken-status.ndjson').map(parsed)).toEqual([
      { kind: 'status', system: 'online', version: '2.0.10' },
      { kind: 'status', system: 'online', version: '2.0.10' },
      { kind: 'status', system: 'online', version: '2.0.0' },
    ]);
  });

  it('reads the heartbeat and the documented pong', () => {
    expect(parsed(frameLines('kraken-heartbeat.ndjson')[0])).toEqual({ kind: 'heartbeat' });
    expect(parsed(frameLines('kraken-pong.ndjson')[0])).toEqual({ kind: 'pong', reqId: 101 });
  });

  it('reads each recorded subscribe ack with its channel and symbol, and the refusal with its error and symbol', () => {
    expect(frameLines('kraken-subscribe-ack.ndjson').map(parsed)).toEqual([
      { kind: 'ack', method: 'subscribe', success: true, reqId: 1, channel: 'ticker', symbol: 'BTC/USD' },
      { kind: 'ack', method: 'subscribe', success: true, reqId: 1, channel: 'ohlc', symbol: 'BTC/USD' },
      { kind: 'ack', method: 'subscribe', success: true, reqId: 1, channel: 'book', symbol: 'BTC/USD' },
      { kind: 'ack', method: 'subscribe', success: true, reqId: 1, channel: 'book', symbol: 'DOGE/USDT' },
      { kind: 'ack', method: 'subscribe', success: false, error: 'Currency pair not supported XBT/EUR', symbol: 'XBT/EUR' },
    ]);
  });

  it('reads an unsubscribe reply, an error outside any reply, and leaves other channels and methods alone', () => {
    expect(parsed('{"method":"unsubscribe","req_id":4,"result":{"channel":"book","symbol":"BTC/USD"},"success":true}')).toEqual({
      kind: 'ack',
      method: 'unsubscribe',
      success: true,
      reqId: 4,
      channel: 'book',
      symbol: 'BTC/USD',
    });
    expect(parsed('{"Error":"Exceeded msg rate"}')).toEqual({ kind: 'error', message: 'Exceeded msg rate' });
    expect(parsed('{"channel":"ohlc","type":"update","data":[]}')).toEqual({ kind: 'other' });
    expect(parsed('{"channel":"instrument","type":"snapshot","data":{}}')).toEqual({ kind: 'other' });
    expect(parsed('{"method":"add_order"}')).toEqual({ kind: 'other' });
  });
});

describe('parseKrakenFrame: trades and tickers', () => {
  it("reads the documentation's trade snapshot and update, prices and quantities as sent", () => {
    const [snapshot, update] = frameLines('kraken-trade.ndjson').map(parsed);
    expect(snapshot).toEqual({
      kind: 'trade',
      type: 'snapshot',
      data: [
        { symbol: 'MATIC/USD', side: 'buy', price: '0.5147', qty: '6423.46326', ordType: 'limit', tradeId: 4665846, micros: 1695628116925533 },
        { symbol: 'MATIC/USD', side: 'buy', price: '0.5147', qty: '1136.19677815', ordType: 'limit', tradeId: 4665847, micros: 1695628176925603 },
      ],
    });
    // `"qty":40.0` keeps its written decimal.
    expect(update).toEqual({
      kind: 'trade',
      type: 'update',
      data: [{ symbol: 'MATIC/USD', side: 'sell', price: '0.5117', qty: '40.0', ordType: 'market', tradeId: 4665906, micros: 1695628177708706 }],
    });
  });

  it('reads the recorded ticker snapshot with every figure', () => {
    expect(parsed(frameLines('kraken-ticker.ndjson')[0])).toEqual({
      kind: 'ticker',
      type: 'snapshot',
      data: [
        {
          symbol: 'BTC/USD',
          bid: 63297.7,
          bidQty: 5.75119051,
          ask: 63297.8,
          askQty: 0.36977971,
          last: 63297.8,
          volume: 1020.88387727,
          vwap: 63685.7,
          low: 63250,
          high: 64409.2,
          change: 0.7,
          changePct: 0,
          micros: 1786562940921195,
        },
      ],
    });
  });

  it.each([
    [
      'a trade side in capitals',
      '{"channel":"trade","type":"update","data":[{"symbol":"X/Y","side":"Buy","price":1,"qty":1,"trade_id":1,"timestamp":"2026-01-01T00:00:00Z"}]}',
      '$.data[0].side: expected "buy" or "sell"',
    ],
    [
      'a zero trade price',
      '{"channel":"trade","type":"update","data":[{"symbol":"X/Y","side":"buy","price":0,"qty":1,"trade_id":1,"timestamp":"2026-01-01T00:00:00Z"}]}',
      '$.data[0].price: expected a positive decimal',
    ],
    [
      'a trade id that is not an integer',
      '{"channel":"trade","type":"update","data":[{"symbol":"X/Y","side":"buy","price":1,"qty":1,"trade_id":"7","timestamp":"2026-01-01T00:00:00Z"}]}',
      '$.data[0].trade_id: expected a non-negative integer',
    ],
    [
      'a trade time in seconds',
      '{"channel":"trade","type":"update","data":[{"symbol":"X/Y","side":"buy","price":1,"qty":1,"trade_id":1,"timestamp":1695628116}]}',
      '$.data[0].timestamp: expected an RFC 3339 time',
    ],
    [
      'a ticker bid as a string',
      '{"channel":"ticker","type":"update","data":[{"symbol":"X/Y","bid":"1","bid_qty":1,"ask":2,"ask_qty":1,"last":1}]}',
      '$.data[0].bid: expected a positive number',
    ],
    [
      'a crossed ticker',
      '{"channel":"ticker","type":"update","data":[{"symbol":"X/Y","bid":2,"bid_qty":1,"ask":2,"ask_qty":1,"last":1}]}',
      '$.data[0]: crossed book: bid 2 >= ask 2',
    ],
    [
      'a negative 24 h volume',
      '{"channel":"ticker","type":"update","data":[{"symbol":"X/Y","bid":1,"bid_qty":1,"ask":2,"ask_qty":1,"last":1,"volume":-1}]}',
      '$.data[0].volume: expected a non-negative number',
    ],
    ['an unknown message type', '{"channel":"trade","type":"partial","data":[]}', '$.type: expected "snapshot" or "update"'],
  ])('refuses %s, naming the field', (_name, line, error) => {
    expect(parseKrakenFrame(line)).toEqual({ ok: false, error });
  });
});

describe('parseKrakenFrame: books', () => {
  it('reads the recorded snapshot with every level and its text, exponent forms written out', () => {
    const frame = parsed(frameLines('kraken-book.ndjson')[0]);
    if (frame.kind !== 'book') throw new Error('not a book frame');
    const [data] = frame.data;
    expect(frame.type).toBe('snapshot');
    expect(data?.checksum).toBe(1490766955);
    expect(data?.micros).toBe(1786562888631028);
    expect(data?.bids).toHaveLength(10);
    expect(data?.asks).toHaveLength(10);
    expect(data?.bids.slice(0, 4)).toEqual([
      { price: 63299.4, size: 0.00209987, priceText: '63299.4', qtyText: '0.00209987' },
      { price: 63298.7, size: 0.000051, priceText: '63298.7', qtyText: '0.000051' },
      { price: 63298.1, size: 0.05742569, priceText: '63298.1', qtyText: '0.05742569' },
      { price: 63298, size: 0.01534518, priceText: '63298', qtyText: '0.01534518' },
    ]);
  });

  it('reads a recorded update with a delete and an empty side', () => {
    expect(parsed(frameLines('kraken-book.ndjson')[1])).toEqual({
      kind: 'book',
      type: 'update',
      data: [
        {
          symbol: 'BTC/USD',
          bids: [
            { price: 63296.7, size: 0, priceText: '63296.7', qtyText: '0' },
            { price: 63294.6, size: 0.31581476, priceText: '63294.6', qtyText: '0.31581476' },
          ],
          asks: [],
          checksum: 1153589921,
          micros: 1786562889140448,
        },
      ],
    });
  });

  it('keeps the padding of a documented string-decoded level', () => {
    const frame = parsed(book('snapshot', { price: 45283.5, qty: 0.1 }).replace('"qty":0.1', '"qty":0.10000000'));
    expect(frame.kind === 'book' && frame.data[0]?.bids[0]).toEqual({ price: 45283.5, size: 0.1, priceText: '45283.5', qtyText: '0.10000000' });
  });

  it.each([
    ['a zero price', book('update', { price: 0, qty: 1 }), '$.data[0].bids[0].price: expected a positive decimal'],
    ['a negative price', book('update', { price: -1, qty: 1 }), '$.data[0].bids[0].price: expected a positive decimal'],
    ['a negative quantity', book('update', { price: 1, qty: -0.5 }), '$.data[0].bids[0].qty: expected a non-negative decimal'],
    ['a snapshot level of quantity 0', book('snapshot', { price: 1, qty: 0 }), '$.data[0].bids[0].qty: expected a positive decimal'],
    ['a quantity that is no decimal', book('update', { price: 1, qty: 'abc' }), '$.data[0].bids[0].qty: expected a non-negative decimal'],
    ['a price past any range', book('update', { price: 'PRICE', qty: 1 }).replace('"PRICE"', '1e999'), '$.data[0].bids[0].price: expected a positive decimal'],
    ['a level that is not an object', book('update', { price: 1, qty: 1 }).replace('{"price":1,"qty":1}', '[1,1]'), '$.data[0].bids[0]: expected an object'],
    ['a missing checksum', book('update', { price: 1, qty: 1 }, { checksum: undefined }), '$.data[0].checksum: expected a non-negative integer'],
    ['a checksum past 32 bits', book('update', { price: 1, qty: 1 }, { checksum: 2 ** 32 }), '$.data[0].checksum: expected an unsigned 32-bit integer'],
    ['a missing side', book('update', { price: 1, qty: 1 }, { asks: undefined }), '$.data[0].asks: expected an array'],
  ])('refuses %s, naming the path', (_name, line, error) => {
    expect(parseKrakenFrame(line)).toEqual({ ok: false, error });
  });
});
