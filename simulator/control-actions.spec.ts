import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ControlRefusal } from './control-refusal.js';
import { answerControlRequest, handleControlRequest } from './handle-control-request.js';
import type { SimulatorControl } from './simulator-control.js';

/** A control that records what it was asked to do (validation is under test, not the venues). */
function recordingControl(overrides: Partial<SimulatorControl> = {}): { readonly control: SimulatorControl; readonly calls: unknown[][] } {
  const calls: unknown[][] = [];
  const record =
    (name: string, result: unknown = undefined) =>
    (...args: unknown[]) => {
      calls.push([name, ...args]);
      return result;
    };
  const control = {
    venues: ['bybit', 'binance'],
    drop: record('drop', 0),
    close: record('close', 0),
    stall: record('stall', 2),
    refuseUpgrade: record('refuseUpgrade'),
    listFault: record('listFault', { pending: 1 }),
    sendMalformed: record('sendMalformed'),
    setMalformedRate: record('setMalformedRate'),
    setTradeRate: record('setTradeRate'),
    sendGarbage: record('sendGarbage'),
    slowDown: record('slowDown'),
    slowRequests: record('slowRequests'),
    movePrice: record('movePrice', []),
    skewCandle: record('skewCandle', ['BTCUSDT']),
    announceShutdown: record('announceShutdown'),
    reset: record('reset'),
    counters: record('counters', { tradesSent: 0 }),
    sentTrades: record('sentTrades', []),
    madeTrades: record('madeTrades', []),
    subscribeLog: record('subscribeLog', []),
    bookFault: record('bookFault'),
    book: record('book', { updateId: 7 }),
    lateSnapshot: record('lateSnapshot'),
    throttleRest: record('throttleRest'),
    banRest: record('banRest'),
    ...overrides,
  } as SimulatorControl;
  return { control, calls };
}

const post = (target: string, control = recordingControl()) => ({ ...answerControlRequest(control.control, 'POST', target), calls: control.calls });

describe('control API validation', () => {
  it('refuses the reserved close code 1006 with a 400 naming code and the sendable ranges, and closes nothing', () => {
    const answer = post('/control/bybit/close?code=1006');
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ parameter: 'code', allowed: expect.stringContaining('1000-1003, 1007-1014 or 3000-4999') as unknown });
    expect((answer.body as { error: string }).error).toContain('"1006"');
    expect(answer.calls).toEqual([]);
  });

  it.each([999, 1004, 1005, 1006, 1015, 1016, 2999, 5000])('refuses close code %i', (code) => {
    expect(post(`/control/binance/close?code=${code}`).status).toBe(400);
  });

  it.each([1000, 1003, 1007, 1011, 1014, 3000, 4999])('closes with the sendable code %i', (code) => {
    const answer = post(`/control/binance/close?code=${code}&reason=bye`);
    expect(answer.status).toBe(200);
    expect(answer.calls).toEqual([['close', 'binance', code, 'bye']]);
  });

  it('closes with 1000 and an empty reason when neither is given', () => {
    expect(post('/control/bybit/close').calls).toEqual([['close', 'bybit', 1000, '']]);
  });

  it('refuses a close reason longer than 123 bytes of UTF-8, counting bytes not characters', () => {
    expect(post(`/control/bybit/close?reason=${encodeURIComponent('é'.repeat(61))}`).status).toBe(200);
    const answer = post(`/control/bybit/close?reason=${encodeURIComponent('é'.repeat(62))}`);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ parameter: 'reason', allowed: expect.stringContaining('123 bytes') as unknown });
  });

  it.each(['NaN', '', ' 5', '1.5', '0x10', '1e3', 'Infinity', '-1', '0', '1001', 'ten', '99999999999999999999'])(
    'refuses malformed?count=%j as not a whole number from 1 to 1000',
    (raw) => {
      const answer = post(`/control/bybit/malformed?count=${encodeURIComponent(raw)}`);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ parameter: 'count', allowed: 'a whole number from 1 to 1000 (default 1)' });
      expect(answer.calls).toEqual([]);
    },
  );

  it('takes a per-symbol trade rate from 0 to 1,000,000 for trade-rate, and requires it', () => {
    expect(post('/control/binance/trade-rate?per-symbol=2500').calls).toEqual([['setTradeRate', 'binance', 2500]]);
    expect(post('/control/bybit/trade-rate?per-symbol=0').calls).toEqual([['setTradeRate', 'bybit', 0]]);
    expect(post('/control/bybit/trade-rate?per-symbol=-1').status).toBe(400);
    expect(post('/control/bybit/trade-rate?per-symbol=2000000').status).toBe(400);
    const missing = post('/control/bybit/trade-rate');
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ parameter: 'per-symbol', error: expect.stringContaining('required') as unknown });
  });

  it('takes a rate from 0 to 1 for malformed-rate, and requires it', () => {
    expect(post('/control/bybit/malformed-rate?rate=0.25').calls).toEqual([['setMalformedRate', 'bybit', 0.25]]);
    expect(post('/control/bybit/malformed-rate?rate=.5').calls).toEqual([['setMalformedRate', 'bybit', 0.5]]);
    expect(post('/control/bybit/malformed-rate?rate=2e-1').calls).toEqual([['setMalformedRate', 'bybit', 0.2]]);
    expect(post('/control/bybit/malformed-rate?rate=1.5').status).toBe(400);
    expect(post('/control/bybit/malformed-rate?rate=NaN').status).toBe(400);
    const missing = post('/control/bybit/malformed-rate');
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ parameter: 'rate', error: expect.stringContaining('required') as unknown });
  });

  it('reads stall?on as true or false only, true when absent', () => {
    expect(post('/control/bybit/stall').calls).toEqual([['stall', 'bybit', true, undefined]]);
    expect(post('/control/bybit/stall?on=false').calls).toEqual([['stall', 'bybit', false, undefined]]);
    expect(post('/control/bybit/stall?on=maybe').body).toMatchObject({ parameter: 'on', allowed: 'true or false (default true)' });
  });

  it('stalls or resumes the sockets of one symbol with stall?symbol=, answering how many sockets it stalled or resumed', () => {
    expect(post('/control/binance/stall?symbol=BTCUSDT')).toMatchObject({ status: 200, body: { stalled: 2 }, calls: [['stall', 'binance', true, 'BTCUSDT']] });
    expect(post('/control/binance/stall?symbol=BTCUSDT&on=false')).toMatchObject({
      status: 200,
      body: { resumed: 2 },
      calls: [['stall', 'binance', false, 'BTCUSDT']],
    });
    expect(post('/control/bybit/stall')).toMatchObject({ body: { stalled: 2 } });
    // Coinbase and Kraken write base and quote apart.
    expect(post(`/control/kraken/stall?symbol=${encodeURIComponent('BTC/USD')}`, recordingControl({ venues: ['kraken'] }))).toMatchObject({
      status: 200,
      calls: [['stall', 'kraken', true, 'BTC/USD']],
    });
    // Gate writes them around an underscore.
    expect(post('/control/kraken/stall?symbol=BTC_USDT', recordingControl({ venues: ['kraken'] }))).toMatchObject({
      status: 200,
      calls: [['stall', 'kraken', true, 'BTC_USDT']],
    });
    // OKX swaps add -SWAP after them.
    expect(post('/control/kraken/stall?symbol=BTC-USDT-SWAP', recordingControl({ venues: ['kraken'] }))).toMatchObject({
      status: 200,
      calls: [['stall', 'kraken', true, 'BTC-USDT-SWAP']],
    });
    // Hyperliquid names a coin counted in thousands with a k before it.
    expect(post('/control/kraken/stall?symbol=kPEPE', recordingControl({ venues: ['kraken'] }))).toMatchObject({
      status: 200,
      calls: [['stall', 'kraken', true, 'kPEPE']],
    });
    for (const bad of ['btcusdt', '', 'BTC__USDT', 'BTC_USDT_X', 'BTC-USD-T', 'BTC-SWAP-USDT', '-USD', 'B', 'X'.repeat(41), 'kk', 'PEPEk', 'xPEPE']) {
      const answer = post(`/control/bybit/stall?symbol=${encodeURIComponent(bad)}`);
      expect(answer).toMatchObject({
        status: 400,
        body: { parameter: 'symbol', allowed: expect.stringContaining('upper-case letters and digits') as unknown },
      });
      expect(answer.calls).toEqual([]);
    }
  });

  it("drops every socket without a symbol and only the symbol's sockets with drop?symbol=", () => {
    expect(post('/control/bybit/drop').calls).toEqual([['drop', 'bybit', undefined]]);
    expect(post('/control/bybit/drop?symbol=ETHUSDT')).toMatchObject({ status: 200, body: { dropped: 0 }, calls: [['drop', 'bybit', 'ETHUSDT']] });
    expect(post('/control/bybit/drop?symbol=eth')).toMatchObject({ status: 400, body: { parameter: 'symbol' }, calls: [] });
  });

  it('answers 400 naming symbol when stall or drop names a symbol the venue never listed', () => {
    const refuse = () => {
      throw new ControlRefusal(400, { error: "bybit has no symbol 'NOPEUSDT'", parameter: 'symbol' });
    };
    const control = recordingControl({ stall: refuse, drop: refuse });
    expect(post('/control/bybit/stall?symbol=NOPEUSDT', control)).toMatchObject({ status: 400, body: { parameter: 'symbol' } });
    expect(post('/control/bybit/drop?symbol=NOPEUSDT', control)).toMatchObject({ status: 400, body: { parameter: 'symbol' } });
  });

  it('takes slow-requests with a required ms of 0-120000, naming ms otherwise', () => {
    expect(post('/control/bybit/slow-requests?ms=12000').calls).toEqual([['slowRequests', 'bybit', 12_000]]);
    for (const query of ['', '?ms=-1', '?ms=120001', '?ms=1e3'])
      expect(post(`/control/bybit/slow-requests${query}`).body, query).toMatchObject({ parameter: 'ms' });
  });

  it('arms list-fault with a required kind, count 1-10000 (default 1), and ms 0-600000 (default 30 s) for kind=slow only', () => {
    expect(post('/control/binance/list-fault?kind=empty')).toMatchObject({
      status: 200,
      body: { pending: 1 },
      calls: [['listFault', 'binance', 'empty', 1, 30_000]],
    });
    expect(post('/control/bybit/list-fault?kind=garbage&count=3').calls).toEqual([['listFault', 'bybit', 'garbage', 3, 30_000]]);
    expect(post('/control/bybit/list-fault?kind=unavailable&count=10000').calls).toEqual([['listFault', 'bybit', 'unavailable', 10_000, 30_000]]);
    expect(post('/control/bybit/list-fault?kind=slow&ms=0').calls).toEqual([['listFault', 'bybit', 'slow', 1, 0]]);
    expect(post('/control/bybit/list-fault?kind=slow&ms=600000').calls).toEqual([['listFault', 'bybit', 'slow', 1, 600_000]]);
    expect(post('/control/bybit/list-fault').body).toMatchObject({ parameter: 'kind', allowed: 'one of empty, garbage, slow, unavailable (required)' });
    for (const [query, parameter] of [
      ['kind=html', 'kind'],
      ['kind=EMPTY', 'kind'],
      ['kind=empty&count=0', 'count'],
      ['kind=empty&count=10001', 'count'],
      ['kind=empty&count=1.5', 'count'],
      ['kind=slow&ms=-1', 'ms'],
      ['kind=slow&ms=600001', 'ms'],
      ['kind=slow&ms=1e3', 'ms'],
      ['kind=empty&ms=100', 'ms'],
      ['kind=empty&delay=5', 'delay'],
    ] as const) {
      const answer = post(`/control/bybit/list-fault?${query}`);
      expect(answer, query).toMatchObject({ status: 400, body: { parameter } });
      expect(answer.calls, query).toEqual([]);
    }
    expect(answerControlRequest(recordingControl().control, 'GET', '/control/bybit/list-fault?kind=empty')).toMatchObject({ status: 405, allow: 'POST' });
    expect(answerControlRequest(recordingControl().control, 'POST', '/control/ftx/list-fault?kind=empty')).toMatchObject({ status: 404 });
  });

  it('accepts upgrades again on refuse without a status, and refuses only 4xx/5xx statuses', () => {
    expect(post('/control/binance/refuse').calls).toEqual([['refuseUpgrade', 'binance', undefined]]);
    expect(post('/control/binance/refuse?status=451').calls).toEqual([['refuseUpgrade', 'binance', 451]]);
    expect(post('/control/binance/refuse?status=200').status).toBe(400);
  });

  it('requires a known garbage kind and bounds its count', () => {
    expect(post('/control/bybit/garbage?kind=oversized').calls).toEqual([['sendGarbage', 'bybit', 'oversized', 1]]);
    expect(post('/control/bybit/garbage').body).toMatchObject({ parameter: 'kind', allowed: expect.stringContaining('not-json') as unknown });
    expect(post('/control/bybit/garbage?kind=html').status).toBe(400);
    expect(post('/control/bybit/garbage?kind=not-json&count=101').body).toMatchObject({ parameter: 'count' });
  });

  it('scripts a move with seconds turned into ms and refuses a non-finite pct', () => {
    expect(post('/control/bybit/move?pct=3&seconds=2&buy-ratio=0.95&symbol=BTCUSDT').calls).toEqual([
      ['movePrice', 'bybit', { pct: 3, durationMs: 2000, buyRatio: 0.95 }, 'BTCUSDT'],
    ]);
    expect(post('/control/bybit/move?pct=Infinity').body).toMatchObject({ parameter: 'pct' });
  });

  it('refuses an unknown or repeated parameter, naming it and the parameters the action takes', () => {
    expect(post('/control/bybit/close?cod=4000').body).toMatchObject({ parameter: 'cod', allowed: 'code, reason' });
    expect(post('/control/bybit/drop?now=1').body).toMatchObject({ parameter: 'now', allowed: 'symbol' });
    expect(post('/control/bybit/reset?now=1').body).toMatchObject({ parameter: 'now', allowed: 'no parameters' });
    expect(post('/control/bybit/close?code=4000&code=4001')).toMatchObject({ status: 400, body: { parameter: 'code' } });
  });

  it('answers 404 for an unknown venue, action or path, and 405 with Allow for the wrong method', () => {
    const { control } = recordingControl();
    expect(answerControlRequest(control, 'POST', '/control/ftx/drop')).toMatchObject({
      status: 404,
      body: { error: "unknown venue 'ftx'", allowed: 'bybit, binance' },
    });
    expect(answerControlRequest(control, 'POST', '/control/kraken/drop')).toMatchObject({
      status: 404,
      body: { error: "venue not served 'kraken'", allowed: 'bybit, binance' },
    });
    expect(answerControlRequest(control, 'POST', '/control/bybit/explode')).toMatchObject({ status: 404, body: { error: "unknown action 'explode'" } });
    expect(answerControlRequest(control, 'GET', '/metrics')).toMatchObject({ status: 404 });
    expect(answerControlRequest(control, 'POST', '/control/bybit/constructor')).toMatchObject({ status: 404 });
    expect(answerControlRequest(control, 'PUT', '/control/binance/__proto__')).toMatchObject({ status: 404 });
    expect(answerControlRequest(control, 'POST', '/control/bybit/close?toString=1')).toMatchObject({ status: 400, body: { parameter: 'toString' } });
    expect(answerControlRequest(control, 'POST', '/control/bybit/drop/now')).toMatchObject({ status: 404 });
    expect(answerControlRequest(control, 'GET', '/control/bybit/drop')).toMatchObject({ status: 405, allow: 'POST' });
    expect(answerControlRequest(control, 'DELETE', '/control/bybit/counters')).toMatchObject({ status: 405, allow: 'GET' });
  });

  it('lists every action with its method and parameters on GET /control', () => {
    const { control } = recordingControl();
    const answer = answerControlRequest(control, 'GET', '/control');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      venues: ['bybit', 'binance'],
      actions: { close: { method: 'POST', params: { code: expect.stringContaining('3000-4999') as unknown } }, counters: { method: 'GET' } },
    });
  });

  it('answers 500 with a JSON error, instead of throwing, when an action throws anyway', () => {
    const { control } = recordingControl({
      drop: () => {
        throw new TypeError('socket exploded');
      },
    });
    const written: { status?: number; body?: string } = {};
    const request = { method: 'POST', url: '/control/bybit/drop', resume: () => request } as unknown as IncomingMessage;
    const response = {
      writeHead(status: number) {
        written.status = status;
        return response;
      },
      end(body: string) {
        written.body = body;
      },
    } as unknown as ServerResponse;
    handleControlRequest(control, request, response);
    expect(written.status).toBe(500);
    expect(JSON.parse(written.body ?? '')).toEqual({ error: 'internal error: socket exploded' });
  });

  it('arms drop-delta, cross-book and restart-book on the symbol given, and requires one', () => {
    expect(post('/control/bybit/drop-delta?symbol=BTCUSDT').calls).toEqual([['bookFault', 'bybit', 'drop', 'BTCUSDT']]);
    expect(post('/control/binance/cross-book?symbol=ETHUSDT').calls).toEqual([['bookFault', 'binance', 'cross', 'ETHUSDT']]);
    expect(post('/control/bybit/restart-book?symbol=BTCUSDT').calls).toEqual([['bookFault', 'bybit', 'restart', 'BTCUSDT']]);
    for (const action of ['drop-delta', 'cross-book', 'restart-book']) {
      const answer = post(`/control/bybit/${action}`);
      expect(answer).toMatchObject({ status: 400, body: { parameter: 'symbol', error: expect.stringContaining('required') as unknown } });
      expect(answer.calls).toEqual([]);
    }
    expect(post(`/control/bybit/drop-delta?symbol=${'X'.repeat(33)}`).body).toMatchObject({ parameter: 'symbol' });
  });

  it("answers 400 with the refusal's body when a well-formed fault does not fit the venue (unknown symbol, no such fault)", () => {
    const refuse = () => {
      throw new ControlRefusal(400, { error: "bybit has no symbol 'XYZUSDT'", parameter: 'symbol' });
    };
    expect(post('/control/bybit/drop-delta?symbol=XYZUSDT', recordingControl({ bookFault: refuse }))).toMatchObject({
      status: 400,
      body: { error: "bybit has no symbol 'XYZUSDT'", parameter: 'symbol' },
    });
  });

  it('takes late-snapshot?ms (required, 0-60000) with an optional symbol and frozen flag', () => {
    expect(post('/control/binance/late-snapshot?ms=500').calls).toEqual([['lateSnapshot', 'binance', 500, undefined, false]]);
    expect(post('/control/binance/late-snapshot?ms=0&symbol=BTCUSDT&frozen=true').calls).toEqual([['lateSnapshot', 'binance', 0, 'BTCUSDT', true]]);
    expect(post('/control/binance/late-snapshot').body).toMatchObject({ parameter: 'ms' });
    expect(post('/control/binance/late-snapshot?ms=60001').body).toMatchObject({ parameter: 'ms', allowed: 'a whole number from 0 to 60000 (required)' });
    expect(post('/control/binance/late-snapshot?ms=10&frozen=yes').body).toMatchObject({ parameter: 'frozen' });
  });

  it('bounds rest-429?count (1-10000, default 1) and rest-418?ms (1 s to 1 h, default 2 min)', () => {
    expect(post('/control/binance/rest-429').calls).toEqual([['throttleRest', 'binance', 1]]);
    expect(post('/control/binance/rest-429?count=3').calls).toEqual([['throttleRest', 'binance', 3]]);
    expect(post('/control/binance/rest-418').calls).toEqual([['banRest', 'binance', 120_000]]);
    for (const bad of ['rest-429?count=0', 'rest-429?count=10001', 'rest-429?count=1.5', 'rest-418?ms=999', 'rest-418?ms=3600001', 'rest-418?ms=abc']) {
      expect(post(`/control/binance/${bad}`).status).toBe(400);
    }
  });

  it('serves GET made for one symbol or all, and refuses a POST', () => {
    const control = recordingControl();
    expect(answerControlRequest(control.control, 'GET', '/control/bybit/made')).toMatchObject({ status: 200, body: [] });
    expect(answerControlRequest(control.control, 'GET', '/control/binance/made?symbol=ETHUSDT')).toMatchObject({ status: 200 });
    expect(control.calls).toEqual([
      ['madeTrades', 'bybit', undefined],
      ['madeTrades', 'binance', 'ETHUSDT'],
    ]);
    expect(answerControlRequest(control.control, 'POST', '/control/bybit/made')).toMatchObject({ status: 405, allow: 'GET' });
  });

  it('serves GET book with a required symbol, 1-5000 levels (default 20) and a known channel', () => {
    const get = (target: string, control = recordingControl()) => ({ ...answerControlRequest(control.control, 'GET', target), calls: control.calls });
    expect(get('/control/bybit/book?symbol=BTCUSDT')).toMatchObject({
      status: 200,
      body: { updateId: 7 },
      calls: [['book', 'bybit', 'BTCUSDT', 20, undefined]],
    });
    expect(get('/control/binance/book?symbol=BTCUSDT&levels=5000&channel=rest').calls).toEqual([['book', 'binance', 'BTCUSDT', 5000, 'rest']]);
    expect(get('/control/bybit/book').body).toMatchObject({ parameter: 'symbol' });
    expect(get('/control/bybit/book?symbol=BTCUSDT&levels=0').body).toMatchObject({ parameter: 'levels' });
    expect(get('/control/bybit/book?symbol=BTCUSDT&levels=5001').body).toMatchObject({ parameter: 'levels' });
    expect(get('/control/bybit/book?symbol=BTCUSDT&channel=orderbook.500').body).toMatchObject({
      parameter: 'channel',
      allowed: expect.stringContaining('orderbook.50, orderbook.200') as unknown,
    });
    expect(answerControlRequest(recordingControl().control, 'POST', '/control/bybit/book?symbol=BTCUSDT')).toMatchObject({ status: 405, allow: 'GET' });
  });
});

describe('skew-candle action', () => {
  it('skews the next closing candle by 2 % of price and 50 % of volume by default', () => {
    const answer = post('/control/bybit/skew-candle?symbol=BTCUSDT');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ skewed: ['BTCUSDT'] });
    expect(answer.calls).toEqual([['skewCandle', 'bybit', { pricePct: 2, volumePct: 50 }, 'BTCUSDT']]);
  });

  it.each([
    ['price-pct=abc', 'price-pct'],
    ['price-pct=-51', 'price-pct'],
    ['volume-pct=-101', 'volume-pct'],
    ['volume-pct=1e9', 'volume-pct'],
    ['pct=2', 'pct'],
  ])('answers 400 naming the parameter for %s, skewing nothing', (query, parameter) => {
    const answer = post(`/control/binance/skew-candle?${query}`);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ parameter });
    expect(answer.calls).toEqual([]);
  });
});
