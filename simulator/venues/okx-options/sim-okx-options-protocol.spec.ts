import { describe, expect, it } from 'vitest';
import { limitsOf } from '../../build-sim-venues.js';
import { answerControlRequest } from '../../handle-control-request.js';
import { SIM_VENUES } from '../../sim-venues.js';
import { DEFAULT_OKX_LIMITS } from '../okx/okx-limits.js';
import { dataOf, okxOptionsTestVenue } from './__fixtures__/okx-options-test-venue.js';

const argOf = (frame: Record<string, unknown>) => frame['arg'] as Record<string, string> | undefined;

describe('OKX options’ sessions, as OKX spot’s', () => {
  it('answers the text ping with pong, and closes a connection silent for 30 s with 4004', () => {
    const { connect, run } = okxOptionsTestVenue();
    const client = connect();
    client.send('ping');
    expect(client.texts()).toEqual(['pong']);
    run(29_000);
    expect(client.socket.closed).toBeUndefined();
    run(1_100);
    expect(client.socket.closed).toEqual({ code: 4004, reason: 'No data received in 30s' });
  });

  it('refuses an unknown instId or family, a family channel without it, and any channel on /business, with 60018 naming the arg', () => {
    const { connect, venue } = okxOptionsTestVenue();
    const client = connect();
    const option = venue.config.market.symbols[0] ?? '';
    client.send({
      op: 'subscribe',
      args: [
        { channel: 'tickers', instId: 'BTC-USD-000101-1000-C' },
        { channel: 'opt-summary', instFamily: 'SOL-USD' },
        { channel: 'opt-summary' },
        { channel: 'option-trades', instFamily: 'BTC-USD' },
        { channel: 'books', instId: option },
      ],
    });
    const errors = client.take();
    expect(errors.map((e) => [e['event'], e['code']])).toEqual(Array.from({ length: 5 }, () => ['error', '60018']));
    expect(errors.map((e) => Object.keys(e))).toEqual(errors.map(() => ['event', 'msg', 'code', 'connId']));
    expect(errors[1]?.['msg']).toBe(
      "Wrong URL or channel:opt-summary,instFamily:SOL-USD doesn't exist. Please use the correct URL, channel and parameters referring to API document.",
    );
    const business = connect('business');
    business.send({ op: 'subscribe', args: [{ channel: 'opt-summary', instFamily: 'BTC-USD' }] });
    expect(business.take()[0]).toMatchObject({ event: 'error', code: '60018' });
  });

  it('applies OKX’s limits: past 480 subscribe requests an hour 60014 and a close; a fourth connection within a second from one IP refused 429', () => {
    const { connect, venue, clock } = okxOptionsTestVenue(['okx_options'], { limits: { okx_options: { subscribeRequests: { max: 3, windowMs: 3_600_000 } } } });
    const client = connect();
    for (let n = 0; n < 4; n += 1) client.send({ op: 'subscribe', args: [{ channel: 'opt-summary', instFamily: 'BTC-USD' }] });
    expect(client.take().at(-1)).toMatchObject({ event: 'error', code: '60014', msg: 'Requests too frequent' });
    expect(client.socket.closed).toEqual({ code: 4002, reason: 'Invalid Request' });
    expect(limitsOf(SIM_VENUES.okx_options, undefined)).toEqual({
      ...DEFAULT_OKX_LIMITS,
      restEndpoints: { ...DEFAULT_OKX_LIMITS.restEndpoints, 'opt-summary': { max: 20, windowMs: 2_000 }, underlying: { max: 20, windowMs: 2_000 } },
    });
    const verdicts = [0, 1, 2, 3].map(() => venue.gate.admit('10.0.0.1', clock.now, 0));
    expect(verdicts.map((v) => v.ok)).toEqual([true, true, true, false]);
    expect(verdicts[3]).toMatchObject({ status: 429 });
  });
});

describe('OKX options’ trades: consecutive ids per option, every one on the tape', () => {
  it('numbers each option’s trades by one, and carries each made trade once on option-trades, with the tape’s price and size', () => {
    const { connect, control, run } = okxOptionsTestVenue();
    const client = connect();
    client.send({
      op: 'subscribe',
      args: [
        { channel: 'option-trades', instType: 'OPTION', instFamily: 'BTC-USD' },
        { channel: 'option-trades', instType: 'OPTION', instFamily: 'ETH-USD' },
      ],
    });
    for (let s = 0; s < 6; s += 1) {
      run(10_000);
      client.send('ping');
    }
    const sent = client.take().flatMap((f) => ('data' in f ? dataOf(f) : []));
    const made = control.madeTrades('okx_options');
    // About 60 a minute per chain (Poisson: 120 ± 44 at 4 standard deviations).
    expect(made.length).toBeGreaterThan(76);
    expect(made.length).toBeLessThan(164);
    expect(sent.map((t) => [t['instId'], t['tradeId'], Number(t['px'])])).toEqual(expect.arrayContaining(made.map((t) => [t.symbol, t.venueTradeId, t.price])));
    expect(sent).toHaveLength(made.length);
    for (const symbol of new Set(made.map((t) => t.symbol))) {
      const ids = made.filter((t) => t.symbol === symbol).map((t) => t.tradeId);
      expect(ids).toEqual(ids.map((_, n) => (ids[0] ?? 0) + n));
    }
    const contracts = (t: Record<string, string>) => Number(t['sz']) * (t['instId']?.startsWith('BTC-') === true ? 0.01 : 0.1);
    const tape = new Map(made.map((t) => [`${t.symbol} ${t.venueTradeId}`, t.quantity]));
    for (const t of sent) expect(contracts(t)).toBeCloseTo(tape.get(`${t['instId'] ?? ''} ${t['tradeId'] ?? ''}`) ?? NaN, 9);
    expect(control.sentTrades('okx_options')).toHaveLength(made.length);
  });
});

describe('an OKX option expiry at 08:00 UTC', () => {
  it('takes the day’s options off the lists, opt-summary and their channels (subscriptions stay, silent), and lists a new expiry further out', () => {
    const { connect, get, run, clock } = okxOptionsTestVenue();
    const listed = () =>
      (get('/api/v5/public/instruments?instType=OPTION&instFamily=BTC-USD').body.data as Record<string, string>[]).map((i) => i['instId'] ?? '');
    const before = listed();
    const expiry = Math.min(...before.map((id) => Number(id.split('-')[2])));
    const expiring = before.filter((id) => Number(id.split('-')[2]) === expiry);
    const client = connect();
    client.send({
      op: 'subscribe',
      args: [{ channel: 'opt-summary', instFamily: 'BTC-USD' }, ...expiring.map((instId) => ({ channel: 'mark-price', instId }))],
    });
    const expiryTs = Date.UTC(2000 + Math.floor(expiry / 10_000), (Math.floor(expiry / 100) % 100) - 1, expiry % 100, 8);
    // The clock jumps to just before 08:00 UTC; the client pings so that its connection is not idle.
    clock.now = expiryTs - 2_000;
    client.send('ping');
    run(1_500);
    expect(client.take().some((f) => argOf(f)?.['channel'] === 'mark-price' && 'data' in f)).toBe(true);
    run(1_500);
    const after = listed();
    expect(after.filter((id) => expiring.includes(id))).toEqual([]);
    expect(after.length).toBe(before.length);
    const fresh = after.filter((id) => !before.includes(id));
    expect(fresh).toHaveLength(36);
    expect(Math.min(...fresh.map((id) => Number(id.split('-')[2])))).toBeGreaterThan(Math.max(...before.map((id) => Number(id.split('-')[2]))));
    run(3_000);
    const frames = client.take().filter((f) => 'data' in f);
    const summaries = frames.filter((f) => argOf(f)?.['channel'] === 'opt-summary');
    expect(summaries.length).toBeGreaterThanOrEqual(3);
    expect(dataOf(summaries.at(-1) ?? {}).map((e) => e['instId'])).toEqual(after);
    expect(frames.filter((f) => argOf(f)?.['channel'] === 'mark-price' && Number(dataOf(f)[0]?.['ts']) >= expiryTs)).toEqual([]);
    expect(client.socket.closed).toBeUndefined();
    // A subscription to an expired option is refused from then on.
    client.send({ op: 'subscribe', args: [{ channel: 'tickers', instId: expiring[0] }] });
    expect(client.take()[0]).toMatchObject({ event: 'error', code: '60018' });
  });
});

describe('the control API on okx_options', () => {
  it('stalls and drops the sockets of an option by its instId, expires the nearest expiry now, and sends its malformed frames', () => {
    const { connect, control, venue } = okxOptionsTestVenue();
    const [first = '', second = ''] = venue.config.market.symbols;
    connect().send({ op: 'subscribe', args: [{ channel: 'tickers', instId: first }] });
    connect().send({ op: 'subscribe', args: [{ channel: 'mark-price', instId: second }] });
    expect(answerControlRequest(control, 'POST', `/control/okx_options/stall?symbol=${first}`)).toMatchObject({ status: 200, body: { stalled: 1 } });
    expect(answerControlRequest(control, 'POST', `/control/okx_options/drop?symbol=${second}`)).toMatchObject({ status: 200, body: { dropped: 1 } });
    const expired = answerControlRequest(control, 'POST', '/control/okx_options/expire');
    expect(expired.status).toBe(200);
    expect((expired.body as { expired: string[] }).expired).toContain(first);
    expect(venue.config.market.isTrading(first)).toBe(false);
    const client = connect();
    expect(answerControlRequest(control, 'POST', '/control/okx_options/malformed?count=6')).toMatchObject({ status: 200 });
    expect(client.texts()).toHaveLength(6);
    expect(client.texts().filter((text) => text.includes(venue.config.market.symbols[0] ?? '?'))).toHaveLength(6);
  });
});
