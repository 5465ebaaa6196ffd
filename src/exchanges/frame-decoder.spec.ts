import { describe, expect, it } from 'vitest';
import { binanceProtocol } from './binance/binance-protocol.js';
import { bybitProtocol, bybitProtocolWith } from './bybit/bybit-protocol.js';
import { frameDecoder } from './frame-decoder.js';
import { splitOkxOptionSymbol } from './okx/okx-option-names.js';
import { okxOptionProtocol } from './okx/okx-option-protocol.js';

const trade = JSON.stringify({ stream: 'wifusdt@trade', data: { e: 'trade', E: 5, s: 'WIFUSDT', t: 7, p: '2.5', q: '4', T: 5, m: true } });

describe('frameDecoder', () => {
  it('returns a refused frame as a refusal naming what was wrong', () => {
    const decode = frameDecoder(bybitProtocol, { exchange: 'bybit' });
    const decoded = decode('{"topic":"publicTrade.BTCUSDT","ts":1,"data":[{"i":"1"}]}', 42, 'c7');
    expect(decoded.kind).toBe('invalid');
    expect(decoded.kind === 'invalid' ? decoded.error : '').toContain('$.data[0].S');
  });

  it('returns acks, pongs, shutdown notices and venue errors as control frames, not events', () => {
    const bybit = frameDecoder(bybitProtocol, { exchange: 'bybit' });
    const binance = frameDecoder(binanceProtocol, { exchange: 'binance' });
    expect(bybit('{"success":false,"ret_msg":"args size >10","op":"subscribe","req_id":"c1-2"}', 1, 'c1')).toEqual({
      kind: 'control',
      control: { kind: 'subscribe_ack', success: false, message: 'args size >10', requestId: 'c1-2' },
    });
    expect(bybit('{"success":true,"ret_msg":"pong","op":"ping"}', 1, 'c1')).toEqual({ kind: 'control', control: { kind: 'pong' } });
    expect(binance('{"e":"serverShutdown","E":1}', 1, 'c1')).toEqual({ kind: 'control', control: { kind: 'rotate', reason: 'serverShutdown' } });
    expect(binance('{"error":{"code":2,"msg":"Invalid request"},"id":3}', 1, 'c1')).toEqual({
      kind: 'control',
      control: { kind: 'venue_error', message: '2: Invalid request', requestId: '3' },
    });
  });

  it('maps data frames with the configured quote first, stamping the venue, env and socket', () => {
    const decode = frameDecoder(binanceProtocol, { exchange: 'binance_testnet', symbols: { coins: ['WIF'], quote: 'USDT' } });
    const decoded = decode(trade, 99, 'c3');
    expect(decoded).toMatchObject({
      kind: 'events',
      events: [{ type: 'trade', exchange: 'binance_testnet', env: 'testnet', coin: 'WIF', quote: 'USDT', connectionId: 'c3', receivedTs: 99, side: 'SELL' }],
    });
    expect(decode(trade, 100, 'c4')).toMatchObject({ kind: 'events', events: [{ connectionId: 'c4', receivedTs: 100 }] });
  });

  it("yields a depth frame's book updates beside its (no) events, and none for other frames or another depth", () => {
    const decode = frameDecoder(bybitProtocol, { exchange: 'bybit' });
    const depth = (topic: string): string =>
      JSON.stringify({ topic, type: 'delta', ts: 10, cts: 9, data: { s: 'BTCUSDT', b: [['100', '0']], a: [['101', '2.5']], u: 43, seq: 7 } });
    expect(decode(depth('orderbook.50.BTCUSDT'), 11, 'c1')).toEqual({
      kind: 'events',
      events: [],
      books: [
        {
          type: 'book_update',
          symbol: 'BTCUSDT',
          action: 'delta',
          bids: [{ price: 100, size: 0 }],
          asks: [{ price: 101, size: 2.5 }],
          updateId: 43,
          exchangeTs: 9,
          receivedTs: 11,
        },
      ],
    });
    expect(decode(depth('orderbook.200.BTCUSDT'), 11, 'c1')).toEqual({ kind: 'events', events: [], books: [] });
    expect(frameDecoder(bybitProtocolWith({ bookDepth: 200 }), { exchange: 'bybit' })(depth('orderbook.200.BTCUSDT'), 11, 'c1')).toMatchObject({
      books: [{ updateId: 43 }],
    });
    const tradeFrame = '{"topic":"publicTrade.BTCUSDT","ts":1,"type":"snapshot","data":[{"i":"1","T":1,"p":"100","v":"1","S":"Buy","s":"BTCUSDT"}]}';
    expect(decode(tradeFrame, 1, 'c1')).toMatchObject({ kind: 'events', events: [{ type: 'trade' }], books: [] });
    expect(frameDecoder(binanceProtocol, { exchange: 'binance' })(trade, 1, 'c1')).toMatchObject({ kind: 'events', books: [] });
  });

  it("maps a many-instrument frame's readable entries and refuses its unreadable ones alone, in one line naming each", () => {
    const decode = frameDecoder(okxOptionProtocol, { exchange: 'okx_options', partsOf: splitOkxOptionSymbol });
    // okx-option-opt-summary.ndjson's two options, the first with a greek OKX would never send.
    const entry = (instId: string, deltaBS: string) => ({
      instType: 'OPTION',
      instId,
      uly: 'ETH-USD',
      markVol: '0.7794507758',
      bidVol: '',
      askVol: '0.82',
      deltaBS,
      gammaBS: '0.0013',
      vegaBS: '0.76',
      thetaBS: '-16.4',
      ts: '1640001659301',
    });
    const frame = JSON.stringify({
      arg: { channel: 'opt-summary', uly: 'ETH-USD' },
      data: [entry('ETH-USD-211222-4000-C', 'n/a'), entry('ETH-USD-211231-9600-C', '0.0037')],
    });
    const decoded = decode(frame, 5, 'c1');
    expect(decoded).toMatchObject({ kind: 'events', events: [{ type: 'option_summary', symbol: 'ETH-USD-211231-9600-C', delta: 0.0037 }] });
    expect(decoded.kind === 'events' ? decoded.refused : undefined).toBe(
      '1 entries refused: $.data[0].deltaBS: ETH-USD-211222-4000-C: expected a decimal string',
    );
    expect(decode(frame.replace('"n/a"', '"0.2"'), 5, 'c1')).not.toHaveProperty('refused');
  });
});
