import { describe, expect, it } from 'vitest';
import { gateLine, gateParsed } from './__fixtures__/gate-frames-at-hand.js';
import { gateControl, gateFuturesProtocol, gateProtocol } from './gate-protocol.js';
import { gateBookSymbolsOf } from './gate-book-plan.js';
import { gateGroupOf, gatePing, gateSubscribe, gateTopic, gateUnsubscribe } from './gate-subscriptions.js';

const NOW = 1_786_540_617_598;

describe("Gate's protocol", () => {
  it('subscribes one channel a request, its instruments in the payload, numbered, with the time in seconds (docs "Request")', () => {
    const topics = [gateTopic('BTC_USDT', 'trades'), gateTopic('ETH_USDT', 'trades')];
    expect(JSON.parse(gateSubscribe('spot', topics, '7', NOW).text)).toEqual({
      time: 1786540617,
      id: 7,
      channel: 'spot.trades',
      event: 'subscribe',
      payload: ['BTC_USDT', 'ETH_USDT'],
    });
    expect(JSON.parse(gateUnsubscribe('futures', [gateTopic('BTC_USDT', 'tickers')], '8', NOW))).toEqual({
      time: 1786540617,
      id: 8,
      channel: 'futures.tickers',
      event: 'unsubscribe',
      payload: ['BTC_USDT'],
    });
  });

  it('asks a book of one instrument a request: spot at 100 ms, futures at 100 ms and 100 levels (as deep as its REST snapshot)', () => {
    const spot = gateTopic('BTC_USDT', 'order_book_update');
    expect(JSON.parse(gateSubscribe('spot', [spot], '1', NOW).text)).toMatchObject({ channel: 'spot.order_book_update', payload: ['BTC_USDT', '100ms'] });
    expect(JSON.parse(gateSubscribe('futures', [spot], '1', NOW).text)).toMatchObject({
      channel: 'futures.order_book_update',
      payload: ['BTC_USDT', '100ms', '100'],
    });
    expect(gateGroupOf(spot)).not.toBe(gateGroupOf(gateTopic('ETH_USDT', 'order_book_update')));
    expect(gateGroupOf(gateTopic('BTC_USDT', 'trades'))).toBe(gateGroupOf(gateTopic('ETH_USDT', 'trades')));
    expect(gateProtocol.connection.subscribe?.groupOf).toBe(gateGroupOf);
  });

  it('opens the futures socket asking for sizes as decimals (X-Gate-Size-Decimal: 1), the spot socket with no header', () => {
    expect(gateFuturesProtocol.connection.headers).toEqual({ 'X-Gate-Size-Decimal': '1' });
    expect(gateProtocol.connection.headers).toBeUndefined();
  });

  it('pings with its market\u2019s channel every 10 s, answered by a pong', () => {
    expect(JSON.parse(gatePing('futures', NOW))).toEqual({ time: 1786540617, channel: 'futures.ping' });
    expect(gateFuturesProtocol.connection.heartbeat?.intervalMs).toBe(10_000);
    expect(gateControl(gateParsed('{"time":1,"time_ms":1000,"channel":"spot.pong","event":"","error":null,"result":null}'))).toEqual({ kind: 'pong' });
  });

  it('settles a subscribe by the id Gate echoes; without one, by the instruments it echoes; refuses a request by its error', () => {
    expect(gateControl(gateParsed(gateLine('gate-futures-subscribe-ack.ndjson', 8)))).toEqual({
      kind: 'subscribe_ack',
      success: true,
      message: '',
      requestId: '1',
    });
    expect(gateControl(gateParsed(gateLine('gate-subscribe-ack.ndjson', 8)))).toEqual({
      kind: 'subscribe_ack',
      success: true,
      message: '',
      topics: ['obu:ob.MAF_USDT.400'],
    });
    const refused =
      '{"time":1,"id":3,"channel":"spot.trades","event":"subscribe","error":{"code":2,"message":"unknown currency pair GIBBERISH_USD"},"result":null}';
    expect(gateControl(gateParsed(refused))).toEqual({
      kind: 'subscribe_ack',
      success: false,
      message: 'gate error 2: unknown currency pair GIBBERISH_USD',
      requestId: '3',
    });
    const other = '{"time":1,"channel":"spot.trades","event":"update","error":{"code":3,"message":"server error"},"result":null}';
    expect(gateControl(gateParsed(other))).toEqual({ kind: 'venue_error', message: 'gate error 3: server error' });
  });

  it('reads only its own market\u2019s channels, and names the instrument of a refused depth push', () => {
    expect(gateFuturesProtocol.parse(gateLine('gate-trades.ndjson', 1))).toEqual({
      ok: false,
      error: expect.stringContaining('expected a futures.* channel') as unknown,
    });
    expect(gateProtocol.parse(gateLine('gate-trades.ndjson', 1)).ok).toBe(true);
    expect(gateBookSymbolsOf('{"channel":"spot.order_book_update","result":{"s":"BTC_USDT","U":"x"')).toEqual(['BTC_USDT']);
    expect(gateBookSymbolsOf('{"channel":"spot.trades","result":{"s":"BTC_USDT"}}')).toEqual([]);
  });
});
