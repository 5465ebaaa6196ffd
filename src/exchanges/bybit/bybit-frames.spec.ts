import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBybitFrame } from './bybit-frames.js';

function fixture(name: string): string[] {
  const url = new URL(`../../../test/fixtures/exchange-frames/${name}`, import.meta.url);
  return readFileSync(url, 'utf8').split('\n').filter((line) => line.trim() !== '');
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
    expect(parseBybitFrame(documented ?? '')).toEqual({ ok: true, frame: { kind: 'ack', op: 'subscribe', success: true, retMsg: 'subscribe', reqId: '10001' } });
  });

  it('decodes the escaped ">" of the args-size rejection', () => {
    const [argsSize] = fixture('bybit-error.ndjson');
    expect(parseBybitFrame(argsSize ?? '')).toEqual({ ok: true, frame: { kind: 'ack', op: 'subscribe', success: false, retMsg: 'args size >10' } });
  });

  it.each([
    ['bad JSON', '{"topic":', /JSON|Unexpected|Expected/],
    ['a negative price', '{"topic":"publicTrade.BTCUSDT","ts":1,"data":[{"i":"1","T":1,"p":"-1","v":"1","S":"Buy","s":"BTCUSDT"}]}', /data\[0\]\.p/],
    ['a NaN size', '{"topic":"publicTrade.BTCUSDT","ts":1,"data":[{"i":"1","T":1,"p":"1","v":"NaN","S":"Buy","s":"BTCUSDT"}]}', /data\[0\]\.v/],
    ['an unknown side', '{"topic":"publicTrade.BTCUSDT","ts":1,"data":[{"i":"1","T":1,"p":"1","v":"1","S":"Up","s":"BTCUSDT"}]}', /S/],
    ['a missing lastPrice', '{"topic":"tickers.BTCUSDT","ts":1,"data":{"symbol":"BTCUSDT"}}', /lastPrice/],
    ['a crossed book', '{"topic":"orderbook.1.BTCUSDT","ts":1,"data":{"s":"BTCUSDT","b":[["2","1"]],"a":[["1","1"]],"u":1}}', /crossed/],
  ])('refuses %s with the offending path', (_name, line, message) => {
    const result = parseBybitFrame(line);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });
});
