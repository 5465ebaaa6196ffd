import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { CONTROL_ACTIONS, controlAction, describeControlActions, runControlAction, type ControlAnswer } from './control-actions.js';
import type { SimulatorControl } from './simulator-control.js';
import { SIM_VENUES } from './venue-protocol.js';

/**
 * Serves the control API: `POST /control/<venue>/<action>?<parameters>` and
 * `GET /control/<venue>/counters|sent|subscriptions`; `GET /control` lists the actions. Parameters
 * are checked against {@link CONTROL_ACTIONS}. Answers are JSON: 200 with the result; 400 for a bad,
 * unknown or repeated parameter; 404 for an unknown path, venue or action; 405 for the wrong method
 * (with `Allow`); 500 if an action throws anyway. Errors are `{ error, parameter?, allowed? }`.
 */
export function handleControlRequest(control: SimulatorControl, request: IncomingMessage, response: ServerResponse): void {
  request.resume();
  let answer: ControlAnswer;
  try {
    answer = answerControlRequest(control, request.method ?? 'GET', request.url ?? '/');
  } catch (error) {
    answer = { status: 500, body: { error: `internal error: ${error instanceof Error ? error.message : String(error)}` } };
  }
  const headers = { 'content-type': 'application/json', ...(answer.allow === undefined ? {} : { allow: answer.allow }) };
  response.writeHead(answer.status, headers).end(JSON.stringify(answer.body));
}

/** Resolves method and path to a control action and runs it; see {@link handleControlRequest}. */
export function answerControlRequest(control: SimulatorControl, method: string, target: string): ControlAnswer {
  let url: URL;
  try {
    url = new URL(target, 'http://127.0.0.1');
  } catch {
    return { status: 400, body: { error: 'malformed request target' } };
  }
  const [root, prefix, name, action, ...rest] = url.pathname.split('/');
  if (root !== '' || prefix !== 'control' || rest.length > 0 || action === '') {
    return { status: 404, body: { error: `unknown path ${url.pathname}`, allowed: '/control/<venue>/<action>' } };
  }
  if (name === undefined) {
    return method === 'GET' ? { status: 200, body: { venues: SIM_VENUES, actions: describeControlActions() } } : notAllowed('GET /control', 'GET', method);
  }
  const venue = SIM_VENUES.find((v) => v === name);
  if (venue === undefined) return { status: 404, body: { error: `unknown venue '${name}'`, allowed: SIM_VENUES.join(', ') } };
  if (action === undefined) return { status: 404, body: { error: `unknown path ${url.pathname}: no action`, allowed: Object.keys(CONTROL_ACTIONS).join(', ') } };
  const spec = controlAction(action);
  if (spec !== undefined && spec.method !== method) return notAllowed(action, spec.method, method);
  return runControlAction(control, venue, action, url.searchParams);
}

/**
 * Answers a request the HTTP parser refused (bad method, header or framing) with JSON too:
 * 431 for oversized headers, 408 for a request too slow to arrive, else 400. A connection that
 * already had an answer (bytes after a request with no framing) is only closed.
 */
export function answerClientError(error: Error & { readonly code?: string }, socket: Duplex & { readonly bytesWritten?: number }): void {
  if (!socket.writable || (socket.bytesWritten ?? 0) > 0 || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const body = JSON.stringify({ error: `malformed HTTP request (${error.code ?? error.message})` });
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Bad Request'}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
}

const notAllowed = (what: string, allow: string, method: string): ControlAnswer => ({
  status: 405,
  body: { error: `${what} takes ${allow}, not ${method}`, allowed: allow },
  allow,
});
