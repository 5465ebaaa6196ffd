import { describe, expect, it } from 'vitest';
import { perpetualTestVenue } from '../../perpetual/__fixtures__/perpetual-test-venue.js';
import { ConnectionGate } from '../../connection-gate.js';
import { createVenueCounters } from '../../venue-counters.js';
import { DEFAULT_HYPERLIQUID_LIMITS } from './hyperliquid-limits.js';

const WS = '/hyperliquid/ws';
const sub = (type: string, coin: string) => ({ method: 'subscribe', subscription: { type, coin } });
const errors = (sent: readonly string[]) => sent.map((t) => JSON.parse(t) as { channel: string; data: unknown }).filter((f) => f.channel === 'error');

describe("the simulated Hyperliquid's limits per IP", () => {
  it('are the documented ones: 10 connections, 30 new a minute (429 past it), 1,000 subscriptions, 2,000 messages a minute, 1,200 REST weight a minute', () => {
    expect(DEFAULT_HYPERLIQUID_LIMITS).toEqual({
      connectionAttempts: { max: 30, windowMs: 60_000, refuseStatus: 429 },
      maxOpenConnections: 10,
      maxSubscriptions: 1000,
      messagesPerWindow: { max: 2000, windowMs: 60_000 },
      restWeight: { max: 1200, windowMs: 60_000 },
    });
  });

  it('refuses the 31st upgrade of a minute with 429, refused attempts counting, and takes one again a minute after the first', () => {
    const counters = createVenueCounters();
    const gate = new ConnectionGate(DEFAULT_HYPERLIQUID_LIMITS, counters);
    for (let n = 0; n < 30; n += 1) expect(gate.admit('127.0.0.1', 1_000 + n, 0)).toEqual({ ok: true });
    expect(gate.admit('127.0.0.1', 2_000, 0)).toMatchObject({ ok: false, status: 429 });
    expect(gate.admit('127.0.0.1', 61_001, 0)).toEqual({ ok: true });
    expect(counters.refusals.connectionAttempts).toBe(1);
  });

  it('keeps 10 connections open and closes an 11th at once (1008); once one closed, a new one stays', () => {
    const { connect, control } = perpetualTestVenue('hyperliquid');
    const clients = Array.from({ length: 11 }, () => connect(WS));
    expect(clients.slice(0, 10).every((c) => c.socket.closed === undefined)).toBe(true);
    expect(clients[10]?.socket.closed).toEqual({ code: 1008, reason: 'Too many connections' });
    clients[10]?.send(sub('trades', 'BTC'));
    expect(clients[10]?.socket.sent).toEqual([]);
    clients[0]?.socket.close();
    const next = connect(WS);
    next.send({ method: 'ping' });
    expect(next.socket.sent).toEqual(['{"channel":"pong"}']);
    expect(control.counters('hyperliquid')).toMatchObject({
      openConnectionsPeak: 10,
      openConnectionsNow: 10,
      connectionsRefused: 1,
      newConnectionsInWindowPeak: 12,
    });
  });

  it('refuses a subscription past the IP\u2019s limit over all its connections, with the venue\u2019s text, until one is given up', () => {
    const { connect, control } = perpetualTestVenue('hyperliquid', { limits: { hyperliquid: { maxSubscriptions: 3 } } });
    const first = connect(WS);
    const second = connect(WS);
    first.send(sub('trades', 'BTC'));
    first.send(sub('bbo', 'BTC'));
    second.send(sub('trades', 'ETH'));
    second.send(sub('bbo', 'ETH'));
    expect(errors(second.socket.sent).map((e) => e.data)).toEqual(['Cannot subscribe to more than 3 channels.']);
    first.send({ method: 'unsubscribe', subscription: { type: 'bbo', coin: 'BTC' } });
    second.send(sub('bbo', 'ETH'));
    expect(errors(second.socket.sent)).toHaveLength(1);
    expect(control.counters('hyperliquid')).toMatchObject({ subscriptionsPeak: 3, subscriptionsNow: 3, subscriptionsRefused: 1 });
    expect(control.subscribeLog('hyperliquid').map((r) => r.accepted)).toEqual([true, true, true, false, true]);
  });

  it('answers a message past the IP\u2019s window with the venue\u2019s text and does not take it; the window moves on', () => {
    const { connect, run, control } = perpetualTestVenue('hyperliquid', {
      limits: { hyperliquid: { messagesPerWindow: { max: 3, windowMs: 60_000 } } },
      venueOptions: { hyperliquid: { idleCloseMs: 0 } },
    });
    const first = connect(WS);
    const second = connect(WS);
    first.send({ method: 'ping' });
    second.send({ method: 'ping' });
    first.send({ method: 'ping' });
    second.send(sub('trades', 'BTC'));
    expect(second.socket.sent.at(-1)).toBe('{"channel":"error","data":"Cannot send more than 3 messages per minute."}');
    expect(second.socket.sent.some((t) => t.includes('subscriptionResponse'))).toBe(false);
    run(60_000, 100);
    second.send(sub('trades', 'BTC'));
    expect(second.socket.sent.some((t) => t.includes('subscriptionResponse'))).toBe(true);
    expect(control.counters('hyperliquid')).toMatchObject({ messagesInWindowPeak: 4, messagesRefused: 1 });
    expect(control.counters('hyperliquid').refusals.messageRate).toBe(1);
  });
});
