import type { SimConnection } from '../../sim-connection.js';
import type { ProtocolContext } from '../../sim-venue-protocol.js';
import { bybitJson } from '../bybit/bybit-json.js';

/** Args one option connection may hold ("Options can input up to 2000 args for a single connection", wss-authentication.mdx). */
export const BYBIT_OPTION_MAX_ARGS = 2000;

/** How the option socket tells its topics. */
export interface OptionRequestRules {
  /** True for a topic it serves of an option (or a coin) listed now, depth books aside (the context's). */
  readonly serves: (topic: string) => boolean;
  /** What a new subscriber of a topic that is not a book gets after the answer (a ticker's snapshot). */
  readonly firstFrames: (topic: string, context: ProtocolContext) => readonly string[];
}

/** The option socket's answer to a request: `COMMAND_RESP` with the topics taken and those refused; a success when nothing was refused. */
function commandResponse(connection: SimConnection, failed: readonly string[], taken: readonly string[], retMsg?: string): string {
  return bybitJson({
    success: failed.length === 0 && retMsg === undefined,
    ...(retMsg === undefined ? {} : { ret_msg: retMsg }),
    conn_id: connection.id,
    data: { failTopics: failed, successTopics: taken },
    type: 'COMMAND_RESP',
  });
}

/**
 * Answers one client text frame of Bybit's public option socket (wss-authentication.mdx, the
 * Option/Spread tabs): `{"op":"ping"}` with `{"args":["<ms>"],"op":"pong"}`; `subscribe` and
 * `unsubscribe` with `{"success", "conn_id", "data": {"failTopics", "successTopics"}, "type":
 * "COMMAND_RESP"}`. A subscribe takes each topic served and not held, and lists the others in
 * `failTopics` (`success` false, `ret_msg` naming the first: `error:handler not found,topic:...` as
 * Bybit's other sockets word an unknown topic, `error:already subscribed,topic:...`); past the
 * connection's args (2,000) or their characters (21,000) it takes nothing (`ret_msg` saying which).
 * An unsubscribe drops the topics held and lists the others as failed. Anything else is refused in the
 * same envelope. How the option socket words a refusal is not documented: these are the simulator's.
 */
export function answerOptionRequest(connection: SimConnection, text: string, context: ProtocolContext, rules: OptionRequestRules): void {
  let request: { op?: unknown; args?: unknown };
  try {
    request = JSON.parse(text) as typeof request;
  } catch {
    return connection.reply(commandResponse(connection, [], [], 'error:unmarshal request failed'));
  }
  if (request.op === 'ping') {
    context.recordPing();
    return connection.reply(bybitJson({ args: [String(context.now)], op: 'pong' }));
  }
  const args = Array.isArray(request.args) ? request.args.map(String) : [];
  if (request.op === 'unsubscribe') {
    const dropped = args.filter((topic) => connection.subscriptions.delete(topic));
    const kept = args.filter((topic) => !dropped.includes(topic));
    return connection.reply(commandResponse(connection, kept, dropped, kept.length === 0 ? undefined : `error:not subscribed,topic:${kept[0] ?? ''}`));
  }
  if (request.op !== 'subscribe') return connection.reply(commandResponse(connection, args, [], `error:unknown op ${String(request.op)}`));
  const limit = limitRefusal(connection, args, context);
  if (limit !== undefined) {
    context.recordSubscribe(args, false);
    return connection.reply(commandResponse(connection, args, [], limit));
  }
  const failed: string[] = [];
  const reasons: string[] = [];
  const taken: string[] = [];
  for (const topic of new Set(args)) {
    if (!context.isBookTopic(topic) && !rules.serves(topic)) reasons.push(`error:handler not found,topic:${topic}`);
    else if (connection.subscriptions.has(topic)) reasons.push(`error:already subscribed,topic:${topic}`);
    else {
      taken.push(topic);
      continue;
    }
    failed.push(topic);
  }
  context.recordSubscribe(args, failed.length === 0);
  for (const topic of taken) connection.subscriptions.add(topic);
  connection.reply(commandResponse(connection, failed, taken, reasons[0]));
  for (const topic of taken) {
    const frames = context.isBookTopic(topic) ? context.bookSubscribed(topic) : rules.firstFrames(topic, context);
    for (const frame of frames) connection.sendData(frame);
  }
}

/** Why the args limits refuse the whole request, if they do: more args held than `maxTopicsPerConnection`, or their characters past `maxArgsCharsPerConnection`. */
function limitRefusal(connection: SimConnection, args: readonly string[], context: ProtocolContext): string | undefined {
  const { maxTopicsPerConnection, maxArgsCharsPerConnection, maxArgsPerRequest } = context.limits;
  const fresh = [...new Set(args)].filter((topic) => !connection.subscriptions.has(topic));
  if (maxArgsPerRequest !== undefined && args.length > maxArgsPerRequest) {
    context.refused('argsPerRequest');
    return `args size >${maxArgsPerRequest}`;
  }
  if (maxTopicsPerConnection !== undefined && connection.subscriptions.size + fresh.length > maxTopicsPerConnection) {
    context.refused('topicsPerConnection');
    return `error:args count >${maxTopicsPerConnection}`;
  }
  const chars = connection.subscriptions.chars + fresh.reduce((sum, topic) => sum + topic.length, 0);
  if (maxArgsCharsPerConnection !== undefined && chars > maxArgsCharsPerConnection) {
    context.refused('argsChars');
    return `error:args length >${maxArgsCharsPerConnection}`;
  }
  return undefined;
}
