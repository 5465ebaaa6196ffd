import { describe, expect, it } from 'vitest';
import { deribitTestVenue, onChannel, recordedDeribit, type RpcFrame } from './__fixtures__/deribit-test-venue.js';

const answerTo = (frames: readonly RpcFrame[], id: number): RpcFrame | undefined => frames.find((f) => f.id === id);

describe('the simulated Deribit JSON-RPC socket: subscribe, auth and error answers', () => {
  it('answers public/subscribe with the channels it took, framed as the recorded acknowledgement, then sends their notifications', () => {
    const { connect, run } = deribitTestVenue(['deribit']);
    const client = connect('deribit');
    const id = client.call('public/subscribe', { channels: ['ticker.BTC-PERPETUAL.100ms', 'trades.BTC-PERPETUAL.100ms'] });
    const [ack] = client.take();
    const recorded = recordedDeribit('deribit-subscribe-ack.ndjson')[0];
    expect(Object.keys(ack ?? {})).toEqual(Object.keys(recorded ?? {}));
    expect(ack).toMatchObject({ jsonrpc: '2.0', id, result: ['ticker.BTC-PERPETUAL.100ms', 'trades.BTC-PERPETUAL.100ms'], testnet: false });
    expect(typeof (ack as { usIn: unknown }).usIn).toBe('string');
    run(1000);
    const frames = client.take();
    expect(onChannel(frames, 'ticker.BTC-PERPETUAL.100ms').length).toBeGreaterThan(5);
    expect(onChannel(frames, 'trades.BTC-PERPETUAL.100ms').length).toBeGreaterThan(5);
  });

  it('leaves out of the answer a channel of an instrument the venue does not list (the USDC-margined BTC_USDC-PERPETUAL, an option on deribit)', () => {
    const { connect, venue } = deribitTestVenue(['deribit', 'deribit_options']);
    const client = connect('deribit');
    const option = venue('deribit_options').config.market.symbols[0] ?? '';
    const id = client.call('public/subscribe', { channels: ['trades.BTC_USDC-PERPETUAL.100ms', `ticker.${option}.100ms`, 'ticker.ETH-PERPETUAL.100ms'] });
    expect(answerTo(client.take(), id)?.result).toEqual(['ticker.ETH-PERPETUAL.100ms']);
  });

  it('refuses a .raw channel before public/auth with 13778, and takes it after public/auth with client credentials', () => {
    const { connect, control } = deribitTestVenue(['deribit']);
    const client = connect('deribit');
    const refused = client.call('public/subscribe', { channels: ['trades.BTC-PERPETUAL.raw'] });
    expect(answerTo(client.take(), refused)?.error).toEqual({ code: 13778, message: 'raw_subscriptions_not_available_for_unauthorized' });
    expect(control.counters('deribit')['rawRefused']).toBe(1);
    const bad = client.call('public/auth', { grant_type: 'password', client_id: 'id', client_secret: 'secret' });
    expect(answerTo(client.take(), bad)?.error?.code).toBe(13004);
    const auth = client.call('public/auth', { grant_type: 'client_credentials', client_id: 'id', client_secret: 'secret' });
    expect(answerTo(client.take(), auth)?.result).toMatchObject({ token_type: 'bearer', access_token: expect.any(String) as unknown });
    const taken = client.call('public/subscribe', { channels: ['trades.BTC-PERPETUAL.raw'] });
    expect(answerTo(client.take(), taken)?.result).toEqual(['trades.BTC-PERPETUAL.raw']);
  });

  it("answers what is not JSON with -32700, an unknown method with -32601 and bad params with -32602 (docs.deribit.com 'Errors')", () => {
    const { connect } = deribitTestVenue(['deribit']);
    const client = connect('deribit');
    client.socket.emit('message', Buffer.from('{"jsonrpc":"2.0",'));
    expect(client.take()[0]).toMatchObject({ id: null, error: { code: -32700, message: 'Parse error' } });
    const unknown = client.call('public/get_everything');
    expect(answerTo(client.take(), unknown)?.error).toEqual({ code: -32601, message: 'Method not found' });
    const bad = client.call('public/subscribe', { channels: 'trades.BTC-PERPETUAL.100ms' });
    expect(answerTo(client.take(), bad)?.error).toMatchObject({ code: -32602, message: 'Invalid params', data: { param: 'channels' } });
    expect(client.socket.closed).toBeUndefined();
  });
});

describe("the simulated Deribit's per-IP limits, counted with their peaks", () => {
  it('refuses a subscribe of 251 channels with -32600 "request entity too large" and takes one of 250', () => {
    const { connect, control } = deribitTestVenue(['deribit']);
    const client = connect('deribit');
    const channels = (n: number) => Array.from({ length: n }, (_, i) => `trades.BTC-PERPETUAL.${i % 2 === 0 ? '100ms' : 'raw'}x${i}`);
    const over = client.call('public/subscribe', { channels: channels(251) });
    expect(answerTo(client.take(), over)?.error).toEqual({ code: -32600, message: 'request entity too large' });
    const at = client.call('public/subscribe', { channels: channels(250) });
    expect(answerTo(client.take(), at)?.result).toEqual([]);
    expect(control.counters('deribit')).toMatchObject({ oversizedRefused: 1, channelsPerSubscribePeak: 250 });
  });

  it('takes 10 subscribe calls at once (30,000 credits at 3,000 each), answers the 11th 10028 too_many_requests and closes the socket', () => {
    const { connect, control, run } = deribitTestVenue(['deribit']);
    const client = connect('deribit');
    const ids = Array.from({ length: 11 }, () => client.call('public/subscribe', { channels: ['ticker.BTC-PERPETUAL.100ms'] }));
    const frames = client.take();
    for (const id of ids.slice(0, 10)) expect(answerTo(frames, id)?.result).toEqual(['ticker.BTC-PERPETUAL.100ms']);
    expect(answerTo(frames, ids[10] ?? 0)?.error).toEqual({ code: 10028, message: 'too_many_requests' });
    expect(client.socket.closed?.code).toBe(1008);
    expect(control.counters('deribit')).toMatchObject({ subscribesRefused: 1, subscribesPerSecondPeak: 11 });
    // 10,000 credits a second: 300 ms later one more call is paid for.
    run(300);
    const again = connect('deribit');
    const id = again.call('public/subscribe', { channels: ['ticker.BTC-PERPETUAL.100ms'] });
    expect(answerTo(again.take(), id)?.result).toEqual(['ticker.BTC-PERPETUAL.100ms']);
  });

  it('holds 32 connections of the IP over both venues and closes the 33rd at once (1008)', () => {
    const { connect, control } = deribitTestVenue();
    const clients = Array.from({ length: 32 }, (_, i) => connect(i % 2 === 0 ? 'deribit' : 'deribit_options'));
    expect(clients.every((c) => c.socket.closed === undefined)).toBe(true);
    const extra = connect('deribit_options');
    expect(extra.socket.closed).toEqual({ code: 1008, reason: 'Too many connections' });
    expect(control.counters('deribit')).toMatchObject({ openConnectionsPeak: 32, connectionsRefused: 1, openConnectionsNow: 32 });
    clients[0]?.socket.close();
    expect(connect('deribit').socket.closed).toBeUndefined();
  });
});

describe('the simulated Deribit heartbeat (docs.deribit.com public/set_heartbeat)', () => {
  const TEST_REQUEST = recordedDeribit('deribit-heartbeat.ndjson')[0];

  it('refuses an interval under 10 s, then sends the recorded test_request every interval and keeps the socket open while public/test answers', () => {
    const { connect, run, control } = deribitTestVenue(['deribit']);
    const client = connect('deribit');
    const short = client.call('public/set_heartbeat', { interval: 5 });
    expect(answerTo(client.take(), short)?.error?.code).toBe(-32602);
    const ok = client.call('public/set_heartbeat', { interval: 10 });
    expect(answerTo(client.take(), ok)?.result).toBe('ok');
    for (let n = 0; n < 3; n += 1) {
      run(9_900);
      expect(client.take()).toEqual([]);
      run(100);
      expect(client.take()).toEqual([TEST_REQUEST]);
      const test = client.call('public/test');
      expect(answerTo(client.take(), test)?.result).toEqual({ version: expect.any(String) as unknown });
    }
    expect(client.socket.closed).toBeUndefined();
    expect(control.counters('deribit')).toMatchObject({ testRequestsSent: 3, testRequestsUnanswered: 0 });
  });

  it('closes the socket at the next interval when a test_request was not answered', () => {
    const { connect, run, control } = deribitTestVenue(['deribit']);
    const client = connect('deribit');
    client.call('public/set_heartbeat', { interval: 10 });
    run(10_000);
    expect(client.take()).toContainEqual(TEST_REQUEST);
    run(9_900);
    expect(client.socket.closed).toBeUndefined();
    run(100);
    expect(client.socket.closed).toEqual({ code: 1000, reason: 'test_request not answered' });
    expect(control.counters('deribit')).toMatchObject({ testRequestsSent: 1, testRequestsUnanswered: 1 });
  });
});
