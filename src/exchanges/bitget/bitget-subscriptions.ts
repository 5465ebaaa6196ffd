import type { SubscribeRequest } from '../venue-protocol.js';
import type { BitgetArg } from './bitget-frames.js';

/** Between a topic's channel and its instrument: `books:BTCUSDT`. */
const SEPARATOR = ':';

/** The instrument type of each Bitget venue's arguments (docs "Subscribe": `instType` SPOT, USDT-FUTURES). */
export type BitgetInstType = 'SPOT' | 'USDT-FUTURES';

/** One topic: `<channel>:<instId>` (`trade:BTCUSDT`); the instrument type is the venue's. */
export function bitgetTopic(symbol: string, channel: string): string {
  return `${channel}${SEPARATOR}${symbol}`;
}

/** The topic an acknowledged or refused argument stands for. */
export function bitgetTopicOfArg(arg: Pick<BitgetArg, 'channel' | 'instId'>): string {
  return bitgetTopic(arg.instId, arg.channel);
}

/** The argument of a topic on a venue of `instType`. */
export function bitgetArgOf(topic: string, instType: BitgetInstType): BitgetArg {
  const at = topic.indexOf(SEPARATOR);
  return { instType, channel: at < 0 ? topic : topic.slice(0, at), instId: at < 0 ? '' : topic.slice(at + 1) };
}

/**
 * `{"op":"subscribe","args":[{"instType":..,"channel":..,"instId":..},..]}` (docs "Subscribe"). Bitget
 * acknowledges each argument apart, `{"event":"subscribe","arg":{..}}`, with no id of the request: `id`
 * is the feed's own, and the acks settle it topic by topic.
 */
export function bitgetSubscribe(topics: readonly string[], id: string, instType: BitgetInstType): SubscribeRequest {
  return { id, topics, text: bitgetRequest('subscribe', topics, instType) };
}

/** `{"op":"unsubscribe","args":[..]}`: acknowledged per argument with `"event":"unsubscribe"`, not awaited. */
export function bitgetUnsubscribe(topics: readonly string[], instType: BitgetInstType): string {
  return bitgetRequest('unsubscribe', topics, instType);
}

/** The keep-alive: the text `ping`, answered with the text `pong` (docs "Connect": every 30 s). */
export const BITGET_PING = 'ping';

function bitgetRequest(op: 'subscribe' | 'unsubscribe', topics: readonly string[], instType: BitgetInstType): string {
  return JSON.stringify({ op, args: topics.map((topic) => bitgetArgOf(topic, instType)) });
}
