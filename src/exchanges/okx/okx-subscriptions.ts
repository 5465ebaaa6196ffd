import type { SubscribeRequest } from '../venue-protocol.js';

/** Between a topic's channel and what it is subscribed for: `books:BTC-USDT`, `liquidation-orders:SWAP`. */
const SEPARATOR = ':';

/** The channel subscribed per instrument type, not per instrument (docs "Liquidation orders channel": `instType` SWAP or FUTURES). */
export const OKX_LIQUIDATIONS_CHANNEL = 'liquidation-orders';

/** The channel whose `instId` is the index of a swap (`BTC-USDT` for `BTC-USDT-SWAP`), not the swap. */
export const OKX_INDEX_CHANNEL = 'index-tickers';

/** The instrument type whose liquidations a swap venue subscribes. */
export const OKX_SWAP_INST_TYPE = 'SWAP';

/** The suffix of a perpetual swap's `instId`. */
export const OKX_SWAP_SUFFIX = '-SWAP';

/**
 * One subscription argument as OKX takes and echoes it: a channel with an instrument, with an instrument
 * type, or with an instrument family (options' `opt-summary`; `option-trades` with `instType` OPTION too).
 */
export type OkxArg =
  | { readonly channel: string; readonly instId: string }
  | { readonly channel: string; readonly instType: string }
  | { readonly channel: string; readonly instFamily: string; readonly instType?: string };

/** The channels of options subscribed per family (`instFamily` `BTC-USD`), not per option. */
export const OKX_FAMILY_CHANNELS: readonly string[] = ['opt-summary', 'option-trades'];

/** The instrument type `option-trades` is asked for with its family. */
const OPTION_INST_TYPE = 'OPTION';

/**
 * The index a swap is quoted against (`BTC-USDT-SWAP` -> `BTC-USDT`, OKX's `uly`/`instFamily` of a
 * linear swap, the `instId` of its `index-tickers`); a symbol that is no swap is its own index.
 */
export function okxIndexOf(symbol: string): string {
  return symbol.endsWith(OKX_SWAP_SUFFIX) ? symbol.slice(0, -OKX_SWAP_SUFFIX.length) : symbol;
}

/** The swap an index's ticker is read for (`BTC-USDT` -> `BTC-USDT-SWAP`). */
export function okxSwapOfIndex(index: string): string {
  return `${index}${OKX_SWAP_SUFFIX}`;
}

/**
 * One topic: `<channel>:<instId>` (`trades-all:BTC-USDT`); a swap's index ticker is its index's
 * (`index-tickers:BTC-USDT`), and liquidations are one topic for every swap (`liquidation-orders:SWAP`).
 */
export function okxTopic(symbol: string, channel: string): string {
  if (channel === OKX_LIQUIDATIONS_CHANNEL) return `${channel}${SEPARATOR}${OKX_SWAP_INST_TYPE}`;
  if (channel === OKX_INDEX_CHANNEL) return `${channel}${SEPARATOR}${okxIndexOf(symbol)}`;
  return `${channel}${SEPARATOR}${symbol}`;
}

/** The topic an acknowledged or refused argument stands for. */
export function okxTopicOfArg(arg: OkxArg): string {
  return `${arg.channel}${SEPARATOR}${'instFamily' in arg ? arg.instFamily : 'instId' in arg ? arg.instId : arg.instType}`;
}

/** The argument of a topic. */
export function okxArgOf(topic: string): OkxArg {
  const at = topic.indexOf(SEPARATOR);
  const channel = at < 0 ? topic : topic.slice(0, at);
  const value = at < 0 ? '' : topic.slice(at + 1);
  if (channel === OKX_LIQUIDATIONS_CHANNEL) return { channel, instType: value };
  if (!OKX_FAMILY_CHANNELS.includes(channel)) return { channel, instId: value };
  return channel === 'option-trades' ? { channel, instType: OPTION_INST_TYPE, instFamily: value } : { channel, instFamily: value };
}

/**
 * `{"op":"subscribe","args":[{"channel":..,"instId":..},..]}` (docs "Subscribe"). OKX acknowledges each
 * argument apart, `{"event":"subscribe","arg":{..},"connId":..}`, with no id of the request: `id` is
 * the feed's own, and the acks settle it topic by topic.
 */
export function okxSubscribe(topics: readonly string[], id: string): SubscribeRequest {
  return { id, topics, text: okxRequest('subscribe', topics) };
}

/** `{"op":"unsubscribe","args":[..]}`: acknowledged per argument with `"event":"unsubscribe"`, not awaited. */
export function okxUnsubscribe(topics: readonly string[]): string {
  return okxRequest('unsubscribe', topics);
}

/** Unsubscribe then subscribe one topic (a book's resync: OKX answers the subscribe with a fresh snapshot). */
export function okxResubscribe(topic: string, requestId: string): { readonly unsubscribe: string; readonly subscribe: SubscribeRequest } {
  return { unsubscribe: okxUnsubscribe([topic]), subscribe: okxSubscribe([topic], requestId) };
}

/** The keep-alive: the text `ping`, answered with the text `pong` (docs "Connect": within 30 s of silence). */
export const OKX_PING = 'ping';

function okxRequest(op: 'subscribe' | 'unsubscribe', topics: readonly string[]): string {
  return JSON.stringify({ op, args: topics.map(okxArgOf) });
}
