import { describe, expect, it } from 'vitest';
import { RECORDED_FRAMES, frameLines } from '../__fixtures__/never-throw-properties.js';
import { okxLine, okxParsed } from './__fixtures__/okx-frames-at-hand.js';
import { parseOkxFrame } from './okx-frames.js';

const refusal = (text: string): string => {
  const parsed = parseOkxFrame(text);
  return parsed.ok ? 'read' : parsed.error;
};

describe('parseOkxFrame', () => {
  it('reads every recorded OKX frame, spot and swap', () => {
    const lines = frameLines(RECORDED_FRAMES, (file) => file.startsWith('okx-'));
    expect(lines.length).toBeGreaterThan(150);
    expect(lines.filter(({ text }) => !parseOkxFrame(text).ok)).toEqual([]);
  });

  it('reads the text `pong` as the keep-alive\u2019s answer, and acks with or without `connId`', () => {
    expect(okxParsed('pong')).toEqual({ kind: 'pong' });
    expect(okxParsed(okxLine('okx-subscribe-ack.ndjson', 1))).toEqual({ kind: 'ack', event: 'subscribe', arg: { channel: 'tickers', instId: 'BTC-USDT' } });
    expect(okxParsed(okxLine('okx-swap-subscribe-ack.ndjson', 2))).toEqual({
      kind: 'ack',
      event: 'subscribe',
      arg: { channel: 'tickers', instId: 'BTC-USDT-SWAP' },
    });
    expect(okxParsed('{"event":"subscribe","arg":{"channel":"liquidation-orders","instType":"SWAP"},"connId":"a4d3ae55"}')).toMatchObject({
      arg: { channel: 'liquidation-orders', instType: 'SWAP' },
    });
  });

  it('reads errors and notices with their code and words (docs "Subscribe" failure example; the 64008 notice)', () => {
    expect(
      okxParsed(
        '{"event":"error","code":"60012","msg":"Invalid request: {\\"op\\": \\"subscribe\\", \\"argss\\":[{ \\"channel\\" : \\"block-tickers\\", \\"instId\\" : \\"LTC-USD-200327\\"}]}","connId":"a4d3ae55"}',
      ),
    ).toEqual({
      kind: 'error',
      code: '60012',
      msg: 'Invalid request: {"op": "subscribe", "argss":[{ "channel" : "block-tickers", "instId" : "LTC-USD-200327"}]}',
    });
    expect(
      okxParsed('{"event":"notice","code":"64008","msg":"The connection will soon be closed for a service upgrade. Please reconnect.","connId":"a4d3ae55"}'),
    ).toMatchObject({ kind: 'notice', code: '64008' });
  });

  it('reads a 2022 depth push without `seqId`, and a documented one with `seqId` and `prevSeqId` -1', () => {
    const old = okxParsed(okxLine('okx-books.ndjson', 2));
    expect(old).toMatchObject({ kind: 'book', channel: 'books', instId: 'BTC-USDT', action: 'update' });
    expect(old.kind === 'book' ? Object.keys(old.books[0] ?? {}) : []).toEqual(['bids', 'asks', 'ts', 'checksum']);
    // Its checksum as recorded (line 2); each level keeps its price and size as written.
    expect(old.kind === 'book' ? [old.books[0]?.checksum, old.books[0]?.asks[0]] : []).toEqual([
      -652563973,
      { price: 30243.5, size: 1.2112, px: '30243.5', sz: '1.2112' },
    ]);
    // docs "Order book channel" push example (JKorf/OKX.Net Subscriptions/.../OrderBook.txt), two levels a side.
    const documented = okxParsed(
      '{"arg":{"channel":"books","instId":"BTC-USDT"},"action":"snapshot","data":[{"asks":[["8476.98","415","0","13"],["8477","7","0","2"]],"bids":[["8476.97","256","0","12"],["8475.55","101","0","1"]],"ts":"1597026383085","checksum":-855196043,"prevSeqId":-1,"seqId":123456}]}',
    );
    expect(documented).toEqual({
      kind: 'book',
      channel: 'books',
      instId: 'BTC-USDT',
      action: 'snapshot',
      books: [
        {
          bids: [
            { price: 8476.97, size: 256, px: '8476.97', sz: '256' },
            { price: 8475.55, size: 101, px: '8475.55', sz: '101' },
          ],
          asks: [
            { price: 8476.98, size: 415, px: '8476.98', sz: '415' },
            { price: 8477, size: 7, px: '8477', sz: '7' },
          ],
          ts: 1597026383085,
          checksum: -855196043,
          seqId: 123456,
          prevSeqId: -1,
        },
      ],
    });
  });

  it('reads a book `checksum` of 0 (OKX no longer computes it) as none sent, and refuses one that is no signed 32-bit integer', () => {
    const line = okxLine('okx-books.ndjson', 2);
    const zero = okxParsed(line.replace('"checksum":-652563973', '"checksum":0'));
    expect(zero.kind === 'book' ? Object.keys(zero.books[0] ?? {}) : []).toEqual(['bids', 'asks', 'ts']);
    expect(refusal(line.replace('"checksum":-652563973', '"checksum":"-652563973"'))).toBe('$.data[0].checksum: expected a signed 32-bit integer');
    expect(refusal(line.replace('"checksum":-652563973', '"checksum":4294967296'))).toBe('$.data[0].checksum: expected a signed 32-bit integer');
  });

  it('refuses a frame naming the field at fault', () => {
    const trade = okxLine('okx-trades.ndjson', 1);
    expect(refusal(trade.replace('"px":"30236"', '"px":"-1"'))).toBe('$.data[0].px: expected a positive decimal string');
    expect(refusal(trade.replace('"side":"buy"', '"side":"up"'))).toBe('$.data[0].side: expected "buy" or "sell"');
    expect(refusal(trade.replace('"ts":"1652459224818"', '"ts":1652459224818'))).toBe('$.data[0].ts: expected epoch milliseconds as a decimal string');
    expect(refusal(trade.replace('"tradeId":"338476307"', '"tradeId":"33847x"'))).toBe('$.data[0].tradeId: expected a trade id of decimal digits');
    expect(refusal(okxLine('okx-books.ndjson', 2).replace('"action":"update"', '"action":"partial"'))).toBe('$.action: expected "snapshot" or "update"');
    expect(refusal('{"arg":{"channel":"books","instId":"BTC-USDT"},"action":"update","data":[{"asks":[],"bids":[],"ts":"1","seqId":5}]}')).toBe(
      '$.data[0].seqId: expected seqId and prevSeqId together',
    );
    expect(refusal('{"arg":{"channel":"books","instId":"BTC-USDT"},"action":"update","data":[{"asks":[],"bids":[],"ts":"1","seqId":5,"prevSeqId":-2}]}')).toBe(
      '$.data[0].prevSeqId: expected an integer of -1 or more',
    );
    expect(refusal('{"arg":{"channel":"books","instId":"BTC-USDT"},"action":"snapshot","data":[{"asks":[["1","0","0","0"]],"bids":[],"ts":"1"}]}')).toBe(
      '$.data[0].asks[0].size: expected a positive decimal string',
    );
    expect(refusal('{"data":[]}')).toBe('$.arg: expected an object');
    expect(refusal('{"event":"subscribe","arg":{"channel":"tickers"}}')).toBe('$.arg: expected instId, instType or instFamily');
  });

  it('reads pushes of channels it does not follow, and events it does not act on, as `other`', () => {
    expect(okxParsed('{"arg":{"channel":"price-limit","instId":"BTC-USDT-SWAP"},"data":[{"buyLmt":"1"}]}')).toEqual({ kind: 'other' });
    expect(okxParsed('{"event":"channel-conn-count","channel":"orders","connCount":"2","connId":"abcd1234"}')).toEqual({ kind: 'other' });
    expect(okxParsed('{"arg":{"channel":"candle3M","instId":"BTC-USDT"},"data":[]}')).toEqual({ kind: 'other' });
  });
});
