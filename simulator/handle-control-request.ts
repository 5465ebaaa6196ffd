import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { CONTROL_ACTIONS, controlAction, describeControlActions, runControlAction, type ControlAnswer } from './control-actions.js';
import type { SimulatorControl } from './simulator-control.js';
import { SIM_VENUE_IDS } from './sim-venues.js';

/**
 * Serves the control API: `POST /control/<venue>/<action>?<parameters>` and
 * `GET /control/<venue>/counters|sent|subscriptions`; `GET /control` lists the actions. Parameters
 * are checked against {@link CONTROL_ACTIONS}. Answers are JSON: 200 with the result; 400 for a bad,
 * unknown or repeated parameter; 404 for an unknown path, venue or action; 405 for the wrong method
 * (with `Allow`); 500 if an action throws anyway. Errors are `{ error, parameter?, allowed? }`.
 */
export function handleControlRequest(control: SimulatorControl, request: IncomingMessage, response: ServerResponse): void {
  // A body is never used, but it is read to its end before the answer: an answer on a connection
  // the client asked to close closes it once written, and bytes of the body still arriving then
  // would meet a closed socket, which resets the connection (the client may lose the answer).
  request.resume();
  if (request.complete === false && announcesBody(request)) request.once('end', () => answerRequest(control, request, response));
  else answerRequest(control, request, response);
}

/** Whether the request's headers frame a body (Content-Length above 0, or Transfer-Encoding). */
function announcesBody(request: IncomingMessage): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function answerRequest(control: SimulatorControl, request: IncomingMessage, response: ServerResponse): void {
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
    return method === 'GET' ? { status: 200, body: { venues: control.venues, actions: describeControlActions() } } : notAllowed('GET /control', 'GET', method);
  }
  const venue = control.venues.find((v) => v === name);
  if (venue === undefined)
    return {
      status: 404,
      body: { error: `${SIM_VENUE_IDS.some((v) => v === name) ? 'venue not served' : 'unknown venue'} '${name}'`, allowed: control.venues.join(', ') },
    };
  if (action === undefined)
    return { status: 404, body: { error: `unknown path ${url.pathname}: no action`, allowed: Object.keys(CONTROL_ACTIONS).join(', ') } };
  const spec = controlAction(action);
  if (spec !== undefined && spec.method !== method) return notAllowed(action, spec.method, method);
  return runControlAction(control, venue, action, url.searchParams);
}

/** How long a connection closed after a refused request goes on discarding what the client still sends, ms. */
export const CLIENT_ERROR_LINGER_MS = 2_000;

/** Sockets closed by `answerClientError`, discarding what still arrives until the client closes too. */
const lingering = new WeakSet<Duplex>();

/**
 * Answers a request the HTTP parser refused (bad method, header or framing) with JSON too:
 * 431 for oversized headers, 408 for a request too slow to arrive, else 400. A connection that
 * already had an answer (bytes after a request with no framing, e.g. the body of a GET sent
 * without Content-Length) gets no second one. Either way the connection is closed gently: the
 * answer is followed by a FIN, and what the client still sends is read and dropped until it closes
 * its side (at most `CLIENT_ERROR_LINGER_MS`). Destroying the socket at once would close it with
 * unread bytes, or with more on the way, and the kernel would answer them with a reset, which can
 * reach the client before it has read the answer (`read ECONNRESET` instead of a 4xx).
 */
export function answerClientError(error: Error & { readonly code?: string }, socket: Duplex & { readonly bytesWritten?: number }): void {
  // The parser refuses every later chunk of a refused connection too: it is closing already.
  if (lingering.has(socket)) return;
  if (error.code === 'ECONNRESET' || socket.destroyed) {
    socket.destroy();
    return;
  }
  lingering.add(socket);
  const linger = setTimeout(() => socket.destroy(), CLIENT_ERROR_LINGER_MS);
  linger.unref();
  socket.once('close', () => clearTimeout(linger));
  if (!socket.writable) return;
  if ((socket.bytesWritten ?? 0) > 0) {
    socket.end();
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const body = JSON.stringify({ error: `malformed HTTP request (${error.code ?? error.message})` });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Bad Request'}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

const notAllowed = (what: string, allow: string, method: string): ControlAnswer => ({
  status: 405,
  body: { error: `${what} takes ${allow}, not ${method}`, allowed: allow },
  allow,
});
