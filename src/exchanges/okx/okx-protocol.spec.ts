import { describe, expect, it } from 'vitest';
import { frameDecoder } from '../frame-decoder.js';
import { selectStreams } from '../select-streams.js';
import { okxLine, okxParsed, swapPartsOf } from './__fixtures__/okx-frames-at-hand.js';
import { OKX_CAPS, OKX_CONNECTION_LIMITS, OKX_MAX_REQUEST_BYTES, OKX_REQUESTS_PER_HOUR } from './okx-limits.js';
import { okxControl, okxProtocol, okxSwapProtocol } from './okx-protocol.js';

const RECEIVED = 1_800_000_000_000;

/** The topics of one symbol on each route, as the feed subscribes them with the default selection. */
function topicsByRoute(protocol: typeof okxProtocol, symbol: string): Record<string, string[]> {
  const byRoute: Record<string, string[]> = {};
  for (const stream of selectStreams(protocol.streams)) (byRoute[stream.route ?? ''] ??= []).push(protocol.topic(symbol, stream));
  return byRoute;
}

describe('the OKX protocols', () => {
  it('put trades and candles on /business, the rest on /public, books on /public', () => {
    expect(okxProtocol.connection.routes).toEqual([
      { name: 'public', path: '/public', books: true },
      { name: 'business', path: '/business' },
    ]);
    expect(topicsByRoute(okxProtocol, 'BTC-USDT')).toEqual({
      business: ['trades-all:BTC-USDT', 'candle1m:BTC-USDT'],
      public: ['tickers:BTC-USDT', 'bbo-tbt:BTC-USDT'],
    });
    expect(topicsByRoute(okxSwapProtocol, 'BTC-USDT-SWAP')).toEqual({
      business: ['trades-all:BTC-USDT-SWAP', 'candle1m:BTC-USDT-SWAP'],
      public: [
        'tickers:BTC-USDT-SWAP',
        'bbo-tbt:BTC-USDT-SWAP',
        'funding-rate:BTC-USDT-SWAP',
        'mark-price:BTC-USDT-SWAP',
        // the index of the swap, and one liquidation topic for every swap
        'index-tickers:BTC-USDT',
        'open-interest:BTC-USDT-SWAP',
        'liquidation-orders:SWAP',
      ],
    });
    expect(okxSwapProtocol.topic('ETH-USDT-SWAP', { channel: 'liquidation-orders', record: 'liquidation' })).toBe('liquidation-orders:SWAP');
    expect(okxProtocol.book?.channel).toBe('books');
  });

  it('spells instruments as OKX does: BTC-USDT on spot, BTC-USDT-SWAP for the linear swap', () => {
    expect(okxProtocol.symbolOf?.('BTC', 'USDT')).toBe('BTC-USDT');
    expect(okxSwapProtocol.symbolOf?.('BTC', 'USDT')).toBe('BTC-USDT-SWAP');
  });

  it('subscribes by `op` requests of args, per instrument or per instrument type, and resubscribes a book by unsubscribing first', () => {
    const plan = okxProtocol.connection.subscribe;
    expect(plan?.maxTopicsPerRequest).toBe(100);
    const request = plan?.subscribeRequest(['books:BTC-USDT', 'liquidation-orders:SWAP'], 'c1-1');
    expect(request).toEqual({ id: 'c1-1', topics: ['books:BTC-USDT', 'liquidation-orders:SWAP'], text: expect.any(String) as unknown });
    expect(JSON.parse(request?.text ?? '')).toEqual({
      op: 'subscribe',
      args: [
        { channel: 'books', instId: 'BTC-USDT' },
        { channel: 'liquidation-orders', instType: 'SWAP' },
      ],
    });
    expect(JSON.parse(plan?.unsubscribeRequest(['tickers:BTC-USDT'], 'c1-2') ?? '')).toEqual({
      op: 'unsubscribe',
      args: [{ channel: 'tickers', instId: 'BTC-USDT' }],
    });
    const again = plan?.resubscribe?.('books:BTC-USDT', 'c1-resub-1');
    expect(JSON.parse(again?.unsubscribe ?? '')).toEqual({ op: 'unsubscribe', args: [{ channel: 'books', instId: 'BTC-USDT' }] });
    expect(again?.subscribe.topics).toEqual(['books:BTC-USDT']);
  });

  it('keeps a request under 64 KB and a full connection\u2019s subscribing far under 480 requests an hour', () => {
    const plan = okxSwapProtocol.connection.subscribe;
    const widest = (n: number) => Array.from({ length: n }, (_, i) => `open-interest:${String(1000 + i)}SATSX-USDT-SWAP`);
    expect(plan?.subscribeRequest(widest(OKX_CONNECTION_LIMITS.maxTopicsPerRequest), 'c1-1').text.length).toBeLessThan(OKX_MAX_REQUEST_BYTES / 8);
    expect(plan?.subscribeRequest(widest(OKX_CAPS.maxTopicsPerRequest), 'c1-1').text.length).toBeLessThan(OKX_MAX_REQUEST_BYTES);
    expect(Math.ceil(OKX_CONNECTION_LIMITS.maxTopics / OKX_CONNECTION_LIMITS.maxTopicsPerRequest)).toBeLessThanOrEqual(OKX_REQUESTS_PER_HOUR / 100);
  });

  it('keeps the socket alive with the text `ping` every 20 s, under OKX\u2019s 30 s', () => {
    expect(okxProtocol.connection.heartbeat?.intervalMs).toBe(20_000);
    expect(okxProtocol.connection.heartbeat?.message('c1', 1)).toBe('ping');
  });
});

describe('okxControl', () => {
  it('settles a subscribe ack by its one topic (OKX echoes no request id), and reads `pong` as the keep-alive\u2019s answer', () => {
    expect(okxControl(okxParsed(okxLine('okx-subscribe-ack.ndjson', 3)))).toEqual({
      kind: 'subscribe_ack',
      success: true,
      message: '',
      topics: ['tickers:BTC-USDT'],
    });
    expect(okxControl(okxParsed('{"event":"subscribe","arg":{"channel":"liquidation-orders","instType":"SWAP"}}'))).toMatchObject({
      topics: ['liquidation-orders:SWAP'],
    });
    expect(okxControl(okxParsed('pong'))).toEqual({ kind: 'pong' });
    expect(okxControl(okxParsed('{"event":"unsubscribe","arg":{"channel":"books","instId":"BTC-USDT"}}'))).toBeUndefined();
  });

  it('refuses the topic an error names, fails the socket on any other error, and replaces it on the 64008 notice', () => {
    const named = okxParsed(
      '{"event":"error","code":"60018","msg":"Wrong URL or channel:books,instId:FOO-USDT doesn\'t exist. Please use the correct URL, channel and parameters referring to API document.","connId":"a1"}',
    );
    expect(okxControl(named)).toEqual({
      kind: 'subscribe_ack',
      success: false,
      message: expect.stringContaining('60018') as unknown,
      topics: ['books:FOO-USDT'],
    });
    expect(okxControl(okxParsed('{"event":"error","code":"60012","msg":"Invalid request"}'))).toEqual({
      kind: 'venue_error',
      message: 'okx error 60012: Invalid request',
    });
    expect(
      okxControl(okxParsed('{"event":"notice","code":"64008","msg":"The connection will soon be closed for a service upgrade. Please reconnect."}')),
    ).toMatchObject({
      kind: 'rotate',
    });
  });

  it('leaves data to the mapper', () => {
    expect(okxControl(okxParsed(okxLine('okx-trades.ndjson', 1)))).toBeUndefined();
  });
});

describe('decoding swap frames', () => {
  const decoder = (options: { readonly contractValues?: boolean; readonly follows?: (symbol: string) => boolean } = {}) =>
    frameDecoder(okxSwapProtocol, {
      exchange: 'okx_swap',
      partsOf: (symbol) => swapPartsOf(symbol, options.contractValues ?? true),
      ...(options.follows === undefined ? {} : { follows: options.follows }),
    });

  it('refuses a swap trade whose contract value is unknown, naming it, rather than publish contracts', () => {
    const decoded = decoder({ contractValues: false })(okxLine('okx-swap-trades.ndjson', 1), RECEIVED, 'c1');
    expect(decoded).toEqual({ kind: 'invalid', error: 'BTC-USDT-SWAP: contract value (ctVal) unknown, its sizes are contracts: not published', lost: [] });
  });

  it('refuses a swap depth push whose contract value is unknown, and says its book is lost', () => {
    const text =
      '{"arg":{"channel":"books","instId":"BTC-USDT-SWAP"},"action":"update","data":[{"asks":[["20386.8","7","0","2"]],"bids":[],"ts":"1656642503092"}]}';
    const decoded = decoder({ contractValues: false })(text, RECEIVED, 'c1');
    expect(decoded).toMatchObject({ kind: 'invalid', lost: [{ type: 'book_lost', symbol: 'BTC-USDT-SWAP', receivedTs: RECEIVED }] });
  });

  it('maps what needs no contract value (tickers, funding) without one', () => {
    expect(decoder({ contractValues: false })(okxLine('okx-swap-tickers.ndjson', 3), RECEIVED, 'c1')).toMatchObject({
      kind: 'events',
      events: [{ type: 'price_tick' }],
    });
  });

  it('gives the book plan the context: a swap depth push\u2019s sizes come out in the base asset (7 contracts of 0.01 BTC: 0.07)', () => {
    const text =
      '{"arg":{"channel":"books","instId":"BTC-USDT-SWAP"},"action":"snapshot","data":[{"asks":[["20386.8","7","0","2"]],"bids":[["20386.7","50","0","5"]],"ts":"1656642503092","checksum":0,"prevSeqId":-1,"seqId":10}]}';
    expect(decoder()(text, RECEIVED, 'c1')).toMatchObject({
      kind: 'events',
      events: [],
      books: [
        {
          symbol: 'BTC-USDT-SWAP',
          action: 'snapshot',
          bids: [{ price: 20386.7, size: 0.5 }],
          asks: [{ price: 20386.8, size: 0.07 }],
          updateId: 10,
          prevUpdateId: -1,
        },
      ],
    });
  });

  it('maps only the liquidations of the symbols the socket follows, and refuses none of another shard\u2019s', () => {
    const frame =
      '{"arg":{"channel":"liquidation-orders","instType":"SWAP"},"data":[{"details":[{"bkLoss":"0","bkPx":"20000","ccy":"","posSide":"long","side":"sell","sz":"2","ts":"1700000000100"}],"instFamily":"ETH-USDT","instId":"ETH-USDT-SWAP","instType":"SWAP","uly":"ETH-USDT"},' +
      '{"details":[{"bkLoss":"0","bkPx":"43000","ccy":"","posSide":"short","side":"buy","sz":"5","ts":"1700000000200"}],"instFamily":"BTC-USDT","instId":"BTC-USDT-SWAP","instType":"SWAP","uly":"BTC-USDT"}]}';
    // ETH-USDT-SWAP is another shard's: its parts are unknown here, and it is not followed.
    const decoded = decoder({ follows: (symbol) => symbol === 'BTC-USDT-SWAP' })(frame, RECEIVED, 'c1');
    expect(decoded).toMatchObject({ kind: 'events', events: [{ type: 'liquidation', symbol: 'BTC-USDT-SWAP', quantity: 0.05, positionSide: 'SHORT' }] });
  });
});
