import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { ConnectionClosedError, ConnectionFailedError } from '../../src/exchanges/feed-errors.js';
import { IngestGate } from '../../src/exchanges/ingest-gate.js';
import { webSocketFrames, type SocketEvent, type SocketOpened } from '../../src/exchanges/web-socket-frames.js';
import { collectUntil } from './collect-until.js';

let server: WebSocketServer | undefined;

afterEach(async () => {
  await new Promise((resolve) => (server === undefined ? resolve(undefined) : server.close(resolve)));
  server = undefined;
});

async function serve(onConnection: (socket: WebSocket) => void): Promise<string> {
  server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  server.on('connection', onConnection);
  await new Promise((resolve) => server?.once('listening', resolve));
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

async function waitFor(done: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('webSocketFrames', () => {
  it('emits open with a connection id, then text frames with receive times from the clock', async () => {
    const url = await serve((socket) => socket.send('{"a":1}'));
    const { values } = await collectUntil(webSocketFrames({ url, connectionId: 'c-1', clock: () => 42 }), (v) => v.length === 2);
    expect(values[0]).toMatchObject({ type: 'open', connectionId: 'c-1' });
    expect(values[1]).toEqual({ type: 'frame', connectionId: 'c-1', text: '{"a":1}', receivedTs: 42 });
  });

  it("sends the plan's headers with the opening request (Gate futures: X-Gate-Size-Decimal)", async () => {
    const seen: (string | string[] | undefined)[] = [];
    server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    server.on('connection', (socket, request) => {
      seen.push(request.headers['x-gate-size-decimal']);
      socket.send('{}');
    });
    await new Promise((resolve) => server?.once('listening', resolve));
    const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    await collectUntil(webSocketFrames({ url, headers: { 'X-Gate-Size-Decimal': '1' } }), (v) => v.length === 2);
    await collectUntil(webSocketFrames({ url }), (v) => v.length === 2);
    expect(seen).toEqual(['1', undefined]);
  });

  it('errors with a retriable ConnectionClosedError carrying the server close code', async () => {
    const url = await serve((socket) => socket.close(4001, 'bye'));
    const { error } = await collectUntil(webSocketFrames({ url }), () => false);
    expect(error).toBeInstanceOf(ConnectionClosedError);
    expect((error as ConnectionClosedError).info).toMatchObject({ code: 4001, reason: 'bye' });
    expect((error as ConnectionClosedError).retriable).toBe(true);
  });

  it('closes with 1009 when a frame exceeds maxPayload', async () => {
    const url = await serve((socket) => socket.send('x'.repeat(2048)));
    const { values, error } = await collectUntil(webSocketFrames({ url, maxPayload: 1024 }), () => false);
    expect(values.filter((v: SocketEvent) => v.type === 'frame')).toEqual([]);
    expect((error as ConnectionClosedError).info.code).toBe(1009);
  });

  it('errors with a retriable ConnectionFailedError when nothing listens', async () => {
    const url = await serve(() => {});
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
    const { error } = await collectUntil(webSocketFrames({ url }), () => false);
    expect(error).toBeInstanceOf(ConnectionFailedError);
    expect((error as ConnectionFailedError).retriable).toBe(true);
  });

  it('reads nothing while its ingest gate is paused, then every frame in order once resumed', async () => {
    const gate = new IngestGate();
    let sendMore: (() => void) | undefined;
    const url = await serve((socket) => {
      for (let n = 0; n < 50; n++) socket.send(`{"n":${n}}`);
      sendMore = () => {
        for (let n = 50; n < 100; n++) socket.send(`{"n":${n}}`);
      };
    });
    const frames: number[] = [];
    const subscription = webSocketFrames({ url, gate }).subscribe((event) => {
      if (event.type === 'frame') frames.push((JSON.parse(event.text) as { n: number }).n);
    });
    await waitFor(() => frames.length === 50);
    gate.set(true);
    sendMore?.();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(frames).toHaveLength(50);
    gate.set(false);
    await waitFor(() => frames.length === 100);
    expect(frames).toEqual(Array.from({ length: 100 }, (_, n) => n));
    subscription.unsubscribe();
  });

  it('answers a ping only after every frame the server sent before the pong is passed on, however long reading was held', async () => {
    const gate = new IngestGate();
    let burst: (() => void) | undefined;
    const url = await serve((socket) => {
      burst = () => {
        for (let n = 0; n < 500; n++) socket.send(`{"n":${n}}`);
      };
    });
    const frames: number[] = [];
    let opened: SocketOpened | undefined;
    const subscription = webSocketFrames({ url, gate }).subscribe((event) => {
      if (event.type === 'open') opened = event;
      else frames.push((JSON.parse(event.text) as { n: number }).n);
    });
    await waitFor(() => opened !== undefined);
    gate.set(true);
    burst?.();
    const ping = opened?.ping;
    if (ping === undefined) throw new Error('the socket offers no ping');
    let answeredAfter: number | undefined;
    const answered = ping().then(() => (answeredAfter = frames.length));
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Held: the server answered at once, but its pong waits behind the 500 frames it sent first.
    expect(answeredAfter).toBeUndefined();
    gate.set(false);
    await answered;
    expect(answeredAfter).toBe(500);
    subscription.unsubscribe();
  });

  it('rejects a ping whose pong never comes once the socket closes', async () => {
    let close: (() => void) | undefined;
    server = new WebSocketServer({ host: '127.0.0.1', port: 0, autoPong: false });
    server.on('connection', (socket) => (close = () => socket.close(1001, 'going away')));
    await new Promise((resolve) => server?.once('listening', resolve));
    const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    let opened: SocketOpened | undefined;
    const subscription = webSocketFrames({ url }).subscribe({
      next: (event) => {
        if (event.type === 'open') opened = event;
      },
      error: () => undefined,
    });
    await waitFor(() => opened !== undefined && close !== undefined);
    const answer = opened?.ping?.();
    await new Promise((resolve) => setTimeout(resolve, 100));
    close?.();
    await expect(answer).rejects.toThrow('socket closed');
    subscription.unsubscribe();
  });

  it('closes the socket with 1000 on unsubscribe', async () => {
    const codes: number[] = [];
    const url = await serve((socket) => socket.on('close', (code) => codes.push(code)));
    await collectUntil(webSocketFrames({ url }), (v) => v.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(codes).toEqual([1000]);
  });
});
