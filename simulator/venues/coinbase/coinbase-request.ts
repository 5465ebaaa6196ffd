import { COINBASE_CHANNELS, type CoinbaseChannel } from './coinbase-frames.js';

/** A client's subscribe or unsubscribe message, validated. */
export interface CoinbaseRequest {
  readonly type: 'subscribe' | 'unsubscribe';
  readonly channel: CoinbaseChannel;
  /** The products named, duplicates removed, in the order given (none for `heartbeats`, or to unsubscribe a whole channel). */
  readonly productIds: readonly string[];
}

export type CoinbaseRequestResult = { readonly ok: true; readonly request: CoinbaseRequest } | { readonly ok: false; readonly message: string };

/** Channels of the real venue that the simulator does not serve. */
const NOT_SIMULATED = ['candles', 'status', 'ticker_batch', 'user', 'futures_balance_summary'];

/**
 * Reads a client text message. The venue takes `{"type":"subscribe"|"unsubscribe","product_ids":[...],
 * "channel":"..."}` with ONE channel per message ("You can only subscribe to one channel per
 * subscription message", websocket-overview); `jwt` and other fields are ignored. The error wording
 * of every refusal here is the simulator's own: the venue's is not on record.
 */
export function parseCoinbaseRequest(text: string): CoinbaseRequestResult {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return refused('malformed JSON message');
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return refused('a message must be a JSON object');
  const fields = message as Record<string, unknown>;
  const type = fields['type'];
  if (type !== 'subscribe' && type !== 'unsubscribe') return refused(`unknown message type ${JSON.stringify(type ?? null)}`);
  const failure = (why: string): CoinbaseRequestResult => refused(`failure to ${type}: ${why}`);
  if ('channels' in fields) return failure('one channel per message: name it in "channel", not in a "channels" list');
  const channel = fields['channel'];
  if (typeof channel !== 'string' || channel === '') return failure('"channel" (one channel name) is required');
  if (!isChannel(channel)) return failure(NOT_SIMULATED.includes(channel) ? `channel ${channel} is not simulated` : `unknown channel ${channel}`);
  const ids = fields['product_ids'] ?? [];
  if (!Array.isArray(ids) || !ids.every((id): id is string => typeof id === 'string')) return failure('"product_ids" must be a list of product ids');
  if (channel === 'heartbeats') return { ok: true, request: { type, channel, productIds: [] } };
  if (type === 'subscribe' && ids.length === 0) return failure(`channel ${channel} needs "product_ids"`);
  return { ok: true, request: { type, channel, productIds: [...new Set(ids)] } };
}

function isChannel(name: string): name is CoinbaseChannel {
  return (COINBASE_CHANNELS as readonly string[]).includes(name);
}

function refused(message: string): CoinbaseRequestResult {
  return { ok: false, message };
}
