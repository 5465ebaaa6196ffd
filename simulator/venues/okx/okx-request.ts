/**
 * One channel argument of a request as the client wrote it (`{"channel":"books","instId":"BTC-USDT"}`,
 * `{"channel":"opt-summary","instFamily":"BTC-USD"}`; `uly` the older name of `instFamily`).
 */
export interface OkxArg {
  readonly channel: string;
  readonly instId?: string;
  readonly instType?: string;
  readonly instFamily?: string;
  readonly uly?: string;
}

/**
 * What a client text frame asks: the text `ping`; a `subscribe` or `unsubscribe` with its `id` (echoed
 * in the answers) and args; or an invalid request with OKX's error code and message.
 */
export type OkxRequest =
  | { readonly kind: 'ping' }
  | { readonly kind: 'subscribe' | 'unsubscribe'; readonly id: string | undefined; readonly args: readonly OkxArg[] }
  | { readonly kind: 'invalid'; readonly id: string | undefined; readonly code: string; readonly msg: string };

type Fields = Readonly<Record<string, unknown>>;
const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
const optionalText = (value: unknown): value is string | undefined => value === undefined || typeof value === 'string';

/** The keys of an arg besides its channel, each a text when given. */
const ARG_KEYS = ['instId', 'instType', 'instFamily', 'uly'] as const;

/** A request `id`: "A combination of case-sensitive alphanumerics, all numbers, or all letters of up to 32 characters" (okx docs-v5 `#overview-websocket-subscribe`). */
const ID = /^[A-Za-z0-9]{1,32}$/;

/**
 * Reads a client frame as OKX v5 takes it (`#overview-websocket-subscribe`, `#overview-websocket-unsubscribe`):
 * `{"id"?, "op": "subscribe"|"unsubscribe", "args": [{"channel", "instId"|"instType"|"instFamily"|"uly"}]}`, or the text
 * `ping`. Anything else is `60012 Invalid request: <the text>`, as the documented failure example
 * answers a misspelled `args`; an unknown `op` is `60019 Invalid op: {op}` (`#error-code-websocket-public`).
 */
export function parseOkxRequest(text: string): OkxRequest {
  if (text === 'ping') return { kind: 'ping' };
  const invalid = (id: string | undefined): OkxRequest => ({ kind: 'invalid', id, code: '60012', msg: `Invalid request: ${text}` });
  let request: unknown;
  try {
    request = JSON.parse(text);
  } catch {
    return invalid(undefined);
  }
  if (!isObject(request)) return invalid(undefined);
  const rawId = request['id'];
  const id = typeof rawId === 'string' && ID.test(rawId) ? rawId : undefined;
  if (rawId !== undefined && id === undefined) return invalid(undefined);
  const op = request['op'];
  if (typeof op !== 'string') return invalid(id);
  if (op !== 'subscribe' && op !== 'unsubscribe') return { kind: 'invalid', id, code: '60019', msg: `Invalid op: ${op}` };
  const args = request['args'];
  if (!Array.isArray(args) || args.length === 0) return invalid(id);
  const read: OkxArg[] = [];
  for (const arg of args) {
    const channel: unknown = isObject(arg) ? arg['channel'] : undefined;
    if (!isObject(arg) || typeof channel !== 'string') return invalid(id);
    const fields: { -readonly [K in keyof OkxArg]: OkxArg[K] } = { channel };
    for (const key of ARG_KEYS) {
      const value = arg[key];
      if (!optionalText(value)) return invalid(id);
      if (value !== undefined) fields[key] = value;
    }
    read.push(fields);
  }
  return { kind: op, id, args: read };
}
