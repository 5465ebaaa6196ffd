import type { SimConnection } from '../../sim-connection.js';
import type { ProtocolContext } from '../../sim-venue-protocol.js';
import { bybitJson } from './bybit-json.js';

/** How one Bybit category answers its requests; the request protocol itself is the same on spot and linear. */
export interface BybitRequestRules {
  /** The category's public topics, the kind in group 1 and the symbol in group 2; book topics are the venue's book channels. */
  readonly topics: RegExp;
  /** `ret_msg` of an accepted subscribe: `subscribe` on spot, empty on linear (as recorded). */
  readonly subscribedMessage: string;
  /** The `req_id` of an answer to a request that sent `reqId` (`undefined` for a request that is not JSON). */
  readonly echo: (reqId: unknown) => { readonly req_id?: string };
  /** What a new subscriber of a topic that is not a book gets before the ack (a ticker's snapshot, the best bid/ask). */
  readonly firstFrames: (connection: SimConnection, kind: string, symbol: string, context: ProtocolContext) => readonly string[];
}

/**
 * Answers one client text frame of Bybit v5's public protocol: `{"op":"ping"}` with a pong,
 * `unsubscribe` at once, `subscribe` refused as a whole when one topic is (too many args, an unknown
 * topic or symbol, one already held, the connection's args over its characters) or else taken, each
 * topic's first frames sent (book snapshots may reach the client before the ack, as recorded) and
 * then acknowledged; anything else refused by op. One answer per request.
 */
export function answerBybitRequest(connection: SimConnection, text: string, context: ProtocolContext, rules: BybitRequestRules): void {
  let request: { op?: unknown; args?: unknown; req_id?: unknown };
  try {
    request = JSON.parse(text) as typeof request;
  } catch {
    connection.reply(bybitJson({ success: false, ret_msg: 'error:unmarshal request failed', conn_id: connection.id, ...rules.echo(undefined), op: '' }));
    return;
  }
  const echo = rules.echo(request.req_id);
  const answer = (success: boolean, retMsg: string, op: string): void =>
    connection.reply(bybitJson({ success, ret_msg: retMsg, conn_id: connection.id, ...echo, op }));
  if (request.op === 'ping') {
    context.recordPing();
    return answer(true, 'pong', 'ping');
  }
  if (request.op !== 'subscribe' && request.op !== 'unsubscribe') return answer(false, `error:unknown op ${String(request.op)}`, String(request.op));
  const args = Array.isArray(request.args) ? request.args.map(String) : [];
  if (request.op === 'unsubscribe') {
    for (const topic of args) connection.subscriptions.delete(topic);
    return answer(true, '', 'unsubscribe');
  }
  const refusal = subscribeRefusal(connection, args, context, rules.topics);
  context.recordSubscribe(args, refusal === undefined);
  if (refusal !== undefined) return answer(false, refusal, 'subscribe');
  for (const topic of args) connection.subscriptions.add(topic);
  for (const topic of args) {
    if (context.isBookTopic(topic)) {
      for (const f of context.bookSubscribed(topic)) connection.sendData(f);
      continue;
    }
    const [, kind = '', symbol = ''] = rules.topics.exec(topic) ?? [];
    for (const f of rules.firstFrames(connection, kind, symbol, context)) connection.sendData(f);
  }
  answer(true, rules.subscribedMessage, 'subscribe');
}

function subscribeRefusal(connection: SimConnection, args: readonly string[], context: ProtocolContext, topics: RegExp): string | undefined {
  const { maxArgsPerRequest, maxArgsCharsPerConnection } = context.limits;
  if (maxArgsPerRequest !== undefined && args.length > maxArgsPerRequest) {
    context.refused('argsPerRequest');
    return `args size >${maxArgsPerRequest}`;
  }
  for (const topic of args) {
    if (context.isBookTopic(topic)) continue;
    const match = topics.exec(topic);
    if (match === null || !context.hasSymbol(match[2] ?? '')) return `error:handler not found,topic:${topic}`;
  }
  const already = args.find((topic) => connection.subscriptions.has(topic));
  if (already !== undefined) return `error:already subscribed,topic:${already}`;
  const chars = connection.subscriptions.chars + [...new Set(args)].reduce((sum, topic) => sum + topic.length, 0);
  if (maxArgsCharsPerConnection !== undefined && chars > maxArgsCharsPerConnection) {
    context.refused('argsChars');
    return `error:args length >${maxArgsCharsPerConnection}`;
  }
  return undefined;
}
