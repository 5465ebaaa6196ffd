import { describe, expect, it } from 'vitest';
import { buildSimVenues } from '../../build-sim-venues.js';
import { answerControlRequest } from '../../handle-control-request.js';
import { createSimulatorControl } from '../../simulator-control.js';
import { deribitTestVenue, onChannel, START_TS } from './__fixtures__/deribit-test-venue.js';

type Instrument = { instrument_name: string; expiration_timestamp: number; kind: string };

function instruments(answer: { body: string }): Instrument[] {
  return (JSON.parse(answer.body) as { result: Instrument[] }).result;
}

describe('the control API expires the nearest expiry of the simulated Deribit and lists a new one further out', () => {
  it('over HTTP: get_instruments drops the expired options at once and lists the new expiry; the tape keeps every trade made', () => {
    const { control, rest, run } = deribitTestVenue();
    run(2_000);
    const before = instruments(rest().answer('/api/v2/public/get_instruments?currency=any&kind=option'));
    const nearest = Math.min(...before.map((i) => i.expiration_timestamp));
    const furthest = Math.max(...before.map((i) => i.expiration_timestamp));
    const madeBefore = { deribit: control.madeTrades('deribit'), deribit_options: control.madeTrades('deribit_options') };
    const answer = answerControlRequest(control, 'POST', '/control/deribit_options/expire');
    expect(answer.status).toBe(200);
    const body = answer.body as { expiryTs: number; expired: string[]; listed: string[] };
    expect(body.expiryTs).toBe(nearest);
    expect(body.expired.sort()).toEqual(
      before
        .filter((i) => i.expiration_timestamp === nearest)
        .map((i) => i.instrument_name)
        .sort(),
    );
    const after = instruments(rest().answer('/api/v2/public/get_instruments?currency=any&kind=option'));
    expect(after.some((i) => i.expiration_timestamp === nearest)).toBe(false);
    const fresh = after.filter((i) => i.expiration_timestamp > furthest);
    expect(fresh.map((i) => i.instrument_name).sort()).toEqual([...body.listed].sort());
    // BTC and ETH (18 strikes, call and put) and SOL_USDC (6 strikes) all listed the nearest expiry.
    expect(fresh.length).toBe(36 + 36 + 12);
    // A new weekly: the Friday after the furthest expiry, 08:00 UTC.
    expect(new Date(fresh[0]?.expiration_timestamp ?? 0).getUTCDay()).toBe(5);
    expect(new Date(fresh[0]?.expiration_timestamp ?? 0).getUTCHours()).toBe(8);
    expect(control.madeTrades('deribit').slice(0, madeBefore.deribit.length)).toEqual(madeBefore.deribit);
    expect(control.madeTrades('deribit_options').slice(0, madeBefore.deribit_options.length)).toEqual(madeBefore.deribit_options);
  });

  it("in-process: an expired option's ticker channel gets one last ticker with state closed, then falls silent", () => {
    const { control, connect, venue, run } = deribitTestVenue(['deribit_options']);
    const option = venue('deribit_options').config.market.symbols[0] ?? '';
    const client = connect('deribit_options');
    client.call('public/subscribe', { channels: [`ticker.${option}.100ms`] });
    run(1_500);
    client.take();
    const event = control.expire('deribit_options');
    expect(event.expired).toContain(option);
    run(3_000);
    const tickers = onChannel(client.take(), `ticker.${option}.100ms`);
    expect(tickers.map((t) => (t.params?.data as { state: string }).state)).toEqual(['closed']);
  });

  it('expires a dated future with its options when its day comes, and lists the new future too', () => {
    const { control, rest } = deribitTestVenue();
    const futures = instruments(rest().answer('/api/v2/public/get_instruments?currency=BTC&kind=future'));
    const dated = futures.filter((f) => f.expiration_timestamp < 32_503_708_800_000);
    const first = Math.min(...dated.map((f) => f.expiration_timestamp));
    let expired: readonly string[] = [];
    for (let n = 0; n < 20 && !expired.some((s) => s.startsWith('BTC-') && s.split('-').length === 2); n += 1) expired = control.expire('deribit').expired;
    const name = dated.find((f) => f.expiration_timestamp === first)?.instrument_name ?? '';
    expect(expired).toContain(name);
    const now = instruments(rest().answer('/api/v2/public/get_instruments?currency=BTC&kind=future')).map((f) => f.instrument_name);
    expect(now).not.toContain(name);
    expect(now).toContain('BTC-PERPETUAL');
    expect(now.length).toBe(futures.length);
  });

  it('refuses expire and heartbeat-fault on a venue without expiries or heartbeats (400, naming none served)', () => {
    const { venues } = buildSimVenues({ venues: ['bybit'], seed: 7 }, () => START_TS);
    const control = createSimulatorControl(venues);
    expect(answerControlRequest(control, 'POST', '/control/bybit/expire')).toMatchObject({ status: 400, body: { error: "bybit has no 'expire' action" } });
    expect(answerControlRequest(control, 'POST', '/control/bybit/heartbeat-fault')).toMatchObject({ status: 400 });
  });
});

describe('the heartbeat fault: test_request answers not taken for a while, so the venue closes the socket and the client reconnects', () => {
  it('closes a socket whose answers were not taken at its next test_request; a socket opened after the fault keeps its heartbeat', () => {
    const { control, connect, run } = deribitTestVenue(['deribit']);
    const client = connect('deribit');
    client.call('public/set_heartbeat', { interval: 10 });
    const answer = answerControlRequest(control, 'POST', '/control/deribit/heartbeat-fault?ms=15000');
    expect(answer).toMatchObject({ status: 200, body: { on: true, untilTs: START_TS + 15_000, heartbeatSockets: 1 } });
    run(10_000);
    expect(client.take().some((f) => f.method === 'heartbeat')).toBe(true);
    client.call('public/test');
    run(10_000);
    expect(client.socket.closed).toEqual({ code: 1000, reason: 'test_request not answered' });
    expect(control.counters('deribit')['testRequestsUnanswered']).toBe(1);
    const again = connect('deribit');
    again.call('public/set_heartbeat', { interval: 10 });
    for (let n = 0; n < 3; n += 1) {
      run(10_000);
      again.call('public/test');
    }
    expect(again.socket.closed).toBeUndefined();
  });

  it('lasts until turned off without ms; on=false and reset end it', () => {
    const { control } = deribitTestVenue(['deribit']);
    expect(control.heartbeatFault('deribit')).toEqual({ on: true, heartbeatSockets: 0 });
    expect(answerControlRequest(control, 'POST', '/control/deribit/heartbeat-fault?on=false')).toMatchObject({ status: 200, body: { on: false } });
    expect(answerControlRequest(control, 'POST', '/control/deribit/heartbeat-fault?ms=0')).toMatchObject({ status: 400, body: { parameter: 'ms' } });
  });
});

describe("the control API's symbols take Deribit's instrument names", () => {
  it('stalls and drops the sockets of an option, a perpetual and a USDC-settled option by name', () => {
    const { control, connect, venue } = deribitTestVenue();
    const options = venue('deribit_options').config.market.symbols;
    const btc = options.find((s) => s.startsWith('BTC-')) ?? '';
    const sol = options.find((s) => s.startsWith('SOL_USDC-') && s.includes('d')) ?? options.find((s) => s.startsWith('SOL_USDC-')) ?? '';
    expect(btc).toMatch(/^BTC-\d{1,2}[A-Z]{3}\d{2}-\d+-[CP]$/);
    connect('deribit_options').call('public/subscribe', { channels: [`ticker.${btc}.100ms`, `ticker.${sol}.100ms`] });
    connect('deribit').call('public/subscribe', { channels: ['book.BTC-PERPETUAL.100ms'] });
    expect(answerControlRequest(control, 'POST', `/control/deribit_options/stall?symbol=${btc}`)).toMatchObject({ status: 200, body: { stalled: 1 } });
    expect(answerControlRequest(control, 'POST', `/control/deribit_options/drop?symbol=${sol}`)).toMatchObject({ status: 200, body: { dropped: 1 } });
    expect(answerControlRequest(control, 'POST', '/control/deribit/stall?symbol=BTC-PERPETUAL')).toMatchObject({ status: 200, body: { stalled: 1 } });
    // Well-formed names the venue does not list reach it (and are refused by it), as other venues' names do.
    expect(answerControlRequest(control, 'POST', '/control/deribit_options/drop?symbol=SOL_USDC-27NOV26-147d5-P').body).toMatchObject({
      error: "deribit_options has no symbol 'SOL_USDC-27NOV26-147d5-P'",
    });
    for (const bad of ['btc-27nov26-90000-c', 'BTC-27NOV26-90000-X', 'BTC-27NOV26-90000', 'BTC-27NOV2026-90000-C', 'BTC_USDT-27NOV26-1-C-D'])
      expect(answerControlRequest(control, 'POST', `/control/deribit_options/drop?symbol=${bad}`)).toMatchObject({
        status: 400,
        body: { allowed: expect.stringContaining('upper-case letters and digits') as unknown },
      });
  });
});
