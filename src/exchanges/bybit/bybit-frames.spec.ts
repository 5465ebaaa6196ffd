import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBybitFrame } from './bybit-frames.js';

function fixture(name: string): string[] {
  const url = new URL(`../../../test/fixtures/exchange-frames/${name}`, import.meta.url);
  return readFileSync(url, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

describe('parseBybitFrame', () => {
  it('recognises both pong shapes (ret_msg "pong" with op "ping", and op "pong")', () => {
    for (const line of [...fixture('bybit-pong.ndjson'), '{"args":["1672916271846"],"op":"pong"}']) {
      expect(parseBybitFrame(line)).toEqual({ ok: true, frame: { kind: 'pong' } });
    }
  });

  it('reads acks with and without req_id', () => {
    const [recorded, , documented] = fixture('bybit-subscribe-ack.ndjson');
    expect(parseBybitFrame(recorded ?? '')).toEqual({ ok: true, frame: { kind: 'ack', op: 'subscribe', success: true, retMsg: 'subscribe' } });
    expect(parseBybitFrame(documented ?? '')).toEqual({
      ok: true,
      frame: { kind: 'ack', op: 'subscribe', success: true, retMsg: 'subscribe', reqId: '10001' },
    });
  });

  it('decodes the escaped ">" of the args-size rejection', () => {
    const [argsSize] = fixture('bybit-error.ndjson');
    expect(parseBybitFrame(argsSize ?? '')).toEqual({ ok: true, frame: { kind: 'ack', op: 'subscribe', success: false, retMsg: 'args size >10' } });
  });

  const trade = (fields: string): string => `{"topic":"publicTrade.BTCUSDT","ts":1,"data":[{"i":"1","T":1,${fields},"s":"BTCUSDT"}]}`;

  it.each([
    // JSON.parse's own reason, passed through: there is no field to name yet.
    ['truncated JSON', '{"topic":', 'Unexpected end of JSON input'],
    ['a frame that is not an object', '[1]', '$: expected an object'],
    ['a negative envelope time', '{"topic":"publicTrade.BTCUSDT","ts":-5,"data":[]}', '$.ts: expected a non-negative integer'],
    ['a trade that is not an object', '{"topic":"publicTrade.BTCUSDT","ts":1,"data":["x"]}', '$.data[0]: expected an object'],
    ['a negative price', trade('"p":"-1","v":"1","S":"Buy"'), '$.data[0].p: expected a positive decimal string'],
    ['a NaN size', trade('"p":"1","v":"NaN","S":"Buy"'), '$.data[0].v: expected a positive decimal string'],
    ['an unknown side', trade('"p":"1","v":"1","S":"Up"'), '$.data[0].S: expected "Buy" or "Sell"'],
    [
      'a negative 24 h high',
      '{"topic":"tickers.BTCUSDT","ts":1,"data":{"symbol":"BTCUSDT","lastPrice":"2","highPrice24h":"-1"}}',
      '$.data.highPrice24h: expected a non-negative decimal string',
    ],
    ['a missing lastPrice', '{"topic":"tickers.BTCUSDT","ts":1,"data":{"symbol":"BTCUSDT"}}', '$.data.lastPrice: expected a positive decimal string'],
    [
      'a best level that is not a pair',
      '{"topic":"orderbook.1.BTCUSDT","ts":1,"data":{"s":"BTCUSDT","b":["2"],"a":[],"u":1}}',
      '$.data.b[0]: expected [price, size]',
    ],
    [
      'a crossed book',
      '{"topic":"orderbook.1.BTCUSDT","ts":1,"data":{"s":"BTCUSDT","b":[["2","1"]],"a":[["1","1"]],"u":1}}',
      '$.data: crossed book: bid 2 >= ask 1',
    ],
  ])('refuses %s, naming the field and what was wrong with it', (_name, line, error) => {
    expect(parseBybitFrame(line)).toEqual({ ok: false, error });
  });
});
