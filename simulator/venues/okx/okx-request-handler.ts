import type { SimConnection } from '../../sim-connection.js';
import type { ProtocolContext } from '../../sim-venue-protocol.js';
import { okxTopic, type OkxRoute } from './okx-channels.js';
import type { OkxVenueLimits } from './okx-limits.js';
import { ackReply, errorReply, unknownArgReply } from './okx-replies.js';
import { parseOkxRequest, type OkxArg } from './okx-request.js';
import { OKX_REQUESTS_CLOSE, type OkxSessions } from './okx-sessions.js';

/** "the total length of multiple channels cannot exceed 64 KB" (`#overview-websocket-subscribe`); past it close code 1009 "Request message exceeds the maximum frame length" (`#error-code-websocket-public`). */
const MAX_REQUEST_BYTES = 64 * 1024;

/** What an OKX venue serves: the topic of each arg it takes, and what a new subscriber of a topic gets at once. */
export interface OkxTopics {
  /** The topic `arg` names on `route`; undefined: the venue does not serve it there (60018). */
  topicOf(arg: OkxArg, route: OkxRoute): string | undefined;
  /** The frames a new subscriber of `topic` gets at once (a snapshot, the current value). */
  firstFrames(topic: string, context: ProtocolContext): readonly string[];
}

/**
 * One client text frame to an OKX v5 venue, as every OKX venue takes it: over 64 KB closed with 1009,
 * the text `ping` answered `pong`, an invalid request its error (60012, 60019), past the connection's
 * `subscribeRequests` an error 60014 and a close; else each arg answered on its own, an ack (then the
 * topic's first frames) or 60018 for one the venue does not serve there.
 */
export function handleOkxMessage(connection: SimConnection, text: string, context: ProtocolContext, sessions: OkxSessions, topics: OkxTopics): void {
  sessions.heard(connection, context.now);
  if (Buffer.byteLength(text) > MAX_REQUEST_BYTES) return connection.socket.close(1009, 'Request message exceeds the maximum frame length');
  const request = parseOkxRequest(text);
  const session = sessions.of(connection);
  if (request.kind === 'ping') {
    context.recordPing();
    return connection.reply('pong');
  }
  if (request.kind === 'invalid') return connection.reply(errorReply(request.code, request.msg, session.connId, request.id));
  if (!sessions.admitRequest(connection, context.now, (context.limits as OkxVenueLimits).subscribeRequests)) {
    context.refused('messageRate');
    connection.reply(errorReply('60014', 'Requests too frequent', session.connId, request.id));
    return connection.socket.close(OKX_REQUESTS_CLOSE.code, OKX_REQUESTS_CLOSE.reason);
  }
  let refusals = 0;
  for (const arg of request.args) {
    const topic = topics.topicOf(arg, session.route);
    if (topic === undefined) {
      refusals += 1;
      connection.reply(unknownArgReply(arg, session.connId, request.id));
      continue;
    }
    if (request.kind === 'unsubscribe') connection.subscriptions.delete(topic);
    else connection.subscriptions.add(topic);
    connection.reply(ackReply(request.kind, arg, session.connId, request.id));
    if (request.kind === 'subscribe') for (const frame of topics.firstFrames(topic, context)) connection.sendData(frame);
  }
  if (request.kind === 'subscribe')
    context.recordSubscribe(
      request.args.map((arg) => okxTopic(arg.channel, arg.instId ?? arg.instFamily ?? arg.uly ?? arg.instType ?? '')),
      refusals === 0,
    );
}
